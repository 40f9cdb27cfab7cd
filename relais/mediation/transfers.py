"""Import and export of activities and beneficiaries (CSV, XLSX, ODS), with the national tool's columns.

Imports are all-or-nothing: every row is checked first and every bad row is reported with its line
number (the header is line 1); nothing is written unless the whole file is valid. Rows already
imported (same "ID CRA" / "ID", or same content) are skipped, so importing a file twice changes nothing.
"""

import csv
import datetime
import hashlib
import io
import json
from dataclasses import dataclass, field
from functools import lru_cache

import tablib
from django.core.exceptions import ValidationError
from django.db import connections, models, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from relais.core.journal import journal_log
from relais.core.models import Place
from relais.mediation import hooks, services
from relais.mediation.models import Activity, Beneficiary, normalise
from relais.mediation.vocabularies import (
    AUTONOMY_SCORE,
    LEVEL_SCORE,
    ActivityKind,
    AgeBracket,
    Autonomy,
    Equipment,
    PlaceType,
    ReferralStructure,
    Sex,
    SocialStatus,
    Theme,
    WorkshopLevel,
    age_bracket_for,
)

FORMATS = ("csv", "xlsx", "ods")
SEPARATOR = "; "
BATCH = 2000


class Col:
    """Column headers of the activity file (the national export's names, plus what a round trip needs)."""

    ID = "ID CRA"
    DATE = "Date"
    CREATED = "Enregistré le"
    UPDATED = "Dernière modification le"
    MEDIATOR = "Médiateur"
    KIND = "Type"
    PARTICIPANTS = "Participants"
    BENEFICIARY = "Bénéficiaire"
    BENEFICIARY_ID = "ID bénéficiaire"
    PLACE_TYPE = "Canaux d'accompagnement"
    PLACE = "Nom du lieu"
    COMMUNE = "Commune"
    POSTCODE = "Code postal"
    INSEE = "Code Insee"
    DURATION = "Durée (min)"
    WORKSHOP = "Nom de l'atelier"
    EQUIPMENT = "Matériel numérique utilisé"
    THEMES = "Thématique(s) d'accompagnement"
    TAGS = "Tags"
    PROCEDURE = "Nom de la démarche administrative"
    LEVEL = "Niveau d'autonomie (ou de l'atelier)"
    REFERRED = "Bénéficiaire réorienté"
    REFERRAL = "Structure de redirection"
    B_COMMUNE = "Commune du bénéficiaire"
    B_INSEE = "Code Insee du bénéficiaire"
    SEX = "Genre"
    AGE = "Tranche d'âge"
    STATUS = "Statut du bénéficiaire"
    ALREADY = "Déjà accompagné"
    ANONYMOUS = "Participants anonymes"
    FOLLOWED = "Participants suivis"
    NOTES = "Notes supplémentaires"


ACTIVITY_HEADERS = [
    Col.ID,
    Col.DATE,
    Col.CREATED,
    Col.UPDATED,
    Col.MEDIATOR,
    Col.KIND,
    Col.PARTICIPANTS,
    Col.BENEFICIARY,
    Col.BENEFICIARY_ID,
    Col.PLACE_TYPE,
    Col.PLACE,
    Col.COMMUNE,
    Col.POSTCODE,
    Col.INSEE,
    Col.DURATION,
    Col.WORKSHOP,
    Col.EQUIPMENT,
    Col.THEMES,
    Col.TAGS,
    Col.PROCEDURE,
    Col.LEVEL,
    Col.REFERRED,
    Col.REFERRAL,
    Col.B_COMMUNE,
    Col.B_INSEE,
    Col.SEX,
    Col.AGE,
    Col.STATUS,
    Col.ALREADY,
    Col.ANONYMOUS,
    Col.FOLLOWED,
    Col.NOTES,
]
IDENTITY_COLUMNS = (Col.BENEFICIARY, Col.NOTES)
KIND_LABELS = {ActivityKind.INDIVIDUAL: "Individuel", ActivityKind.COLLECTIVE: "Collectif"}
YES, NO = "Oui", "Non"


def _labels(choices) -> dict[str, str]:
    with translation.override("fr"):
        return {code: str(label) for code, label in choices.choices}


def _lookup(choices, extra: dict | None = None) -> dict[str, str]:
    """Code from a code, a French label or an English label (case and accents ignored)."""
    table = {}
    for language in ("en", "fr"):
        with translation.override(language):
            for code, label in choices.choices:
                table[_key(str(label))] = code
    for code in choices.values:
        table[_key(code)] = code
    for label, code in (extra or {}).items():
        table[_key(label)] = code
    return table


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    return normalise(str(text)).replace("’", "'")


def _split(value) -> list[str]:
    text = _text(value)
    if not text:
        return []
    parts = text.split(";") if ";" in text else text.split("|") if "|" in text else [text]
    return [part.strip() for part in parts if part.strip()]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# ---------------------------------------------------------------------------------------------------
# Reading files


def read_table(content: bytes, filename: str) -> tablib.Dataset:
    """Load a CSV (comma or semicolon, UTF-8 with or without BOM), XLSX or ODS file."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return tablib.Dataset().load(io.BytesIO(content), format="xlsx")
    if name.endswith(".ods"):
        return tablib.Dataset().load(io.BytesIO(content), format="ods")
    text = content.decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = list(reader)
    dataset = tablib.Dataset()
    if rows:
        width = len(rows[0])
        dataset.headers = [header.strip() for header in rows[0]]
        for row in rows[1:]:
            if not any(cell.strip() for cell in row):
                continue
            dataset.append((row + [""] * width)[:width])
    return dataset


def write_table(headers: list[str], rows: list[list], fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(fmt)
    dataset = tablib.Dataset(*rows, headers=headers)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(headers)
        writer.writerows(rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    return dataset.export(fmt)


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def _date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%d/%m/%y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


# ---------------------------------------------------------------------------------------------------
# Activities: export


def activity_rows(queryset, *, with_identities: bool):
    """Rows of the activity file for `queryset`, newest first; names and notes only `with_identities`."""
    labels = {
        "place_type": _labels(PlaceType),
        "equipment": _labels(Equipment),
        "theme": _labels(Theme),
        "referral": _labels(ReferralStructure),
        "sex": _labels(Sex),
        "age": _labels(AgeBracket),
        "status": _labels(SocialStatus),
    }
    queryset = (
        queryset.select_related("place", "author", "beneficiary")
        .prefetch_related("tags", "participants")
        .order_by("-date", "-pk")
    )
    for activity in queryset.iterator(chunk_size=2000):
        individual = activity.kind == ActivityKind.INDIVIDUAL
        score = AUTONOMY_SCORE.get(activity.autonomy) if individual else LEVEL_SCORE.get(activity.level)
        beneficiary = activity.beneficiary
        yield [
            str(activity.public_id),
            activity.date.isoformat(),
            timezone.localtime(activity.created_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(activity.updated_at).strftime("%Y-%m-%d %H:%M"),
            activity.author.get_full_name() if activity.author else "",
            KIND_LABELS[activity.kind],
            activity.participant_count,
            str(beneficiary) if (beneficiary and with_identities) else "",
            _beneficiary_ref(beneficiary) if beneficiary else "",
            labels["place_type"].get(activity.place_type, activity.place_type),
            activity.place.name,
            activity.place.commune,
            activity.place.postcode,
            activity.place.insee_code,
            activity.duration,
            activity.workshop_title,
            SEPARATOR.join(labels["equipment"][code] for code in activity.equipment),
            SEPARATOR.join(labels["theme"][code] for code in activity.themes),
            SEPARATOR.join(sorted(tag.name for tag in activity.tags.all())),
            activity.procedure_name,
            f"{score}/3" if score else "",
            (YES if activity.referred else NO) if individual else "",
            labels["referral"].get(activity.referral_structure, ""),
            activity.commune_name,
            activity.commune_insee,
            labels["sex"].get(activity.sex, "") if individual else "",
            labels["age"].get(activity.age_bracket, "") if individual else "",
            labels["status"].get(activity.social_status, "") if individual else "",
            (YES if activity.already_helped else NO) if individual else "",
            json.dumps(activity.anonymous_participants, sort_keys=True)
            if activity.anonymous_participants
            else "",
            SEPARATOR.join(_beneficiary_ref(person) for person in activity.participants.all()),
            activity.notes if with_identities else "",
        ]


def _beneficiary_ref(person: Beneficiary) -> str:
    return person.import_key or str(person.public_id)


def activity_headers(*, with_identities: bool) -> list[str]:
    return [h for h in ACTIVITY_HEADERS if with_identities or h not in IDENTITY_COLUMNS]


def export_activities(queryset, fmt: str, *, with_identities: bool) -> bytes:
    headers = activity_headers(with_identities=with_identities)
    keep = [i for i, header in enumerate(ACTIVITY_HEADERS) if header in headers]
    rows = [[row[i] for i in keep] for row in activity_rows(queryset, with_identities=with_identities)]
    return write_table(headers, rows, fmt)


# ---------------------------------------------------------------------------------------------------
# Activities: import


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    skipped: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    valid: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.errors


class _ActivityParser:
    """Turns one row into the keyword arguments of `activity_create`, collecting readable errors."""

    def __init__(self, place: Place):
        self.place = place
        self.kinds = _lookup(
            ActivityKind,
            {
                "individuel": "individual",
                "collectif": "collective",
                "accompagnement individuel": "individual",
                "atelier collectif": "collective",
            },
        )
        self.place_types = _lookup(PlaceType)
        self.equipment = _lookup(Equipment)
        self.themes = _lookup(Theme)
        self.referrals = _lookup(ReferralStructure)
        self.sexes = _lookup(Sex, {"homme": "masculin", "femme": "feminin"})
        self.ages = _lookup(AgeBracket)
        self.statuses = _lookup(SocialStatus)
        self.autonomy_by_score = {score: code for code, score in AUTONOMY_SCORE.items()}
        self.level_by_score = {score: code for code, score in LEVEL_SCORE.items()}
        self.autonomy = _lookup(Autonomy)
        self.levels = _lookup(WorkshopLevel)
        self.tags = {_key(tag.name): tag for tag in services.tags_for_place(place)}
        self.people = {}
        for pk, public_id, key in Beneficiary.objects.filter(place=place).values_list(
            "pk", "public_id", "import_key"
        ):
            self.people[str(public_id)] = pk
            if key:
                self.people[key] = pk
        self.people_by_pk = {}

    def code(self, table: dict, value, column: str, errors: list) -> str:
        text = _text(value)
        if not text:
            return ""
        code = table.get(_key(text))
        if code is None:
            errors.append(_("%(column)s: unknown value “%(value)s”.") % {"column": column, "value": text})
            return ""
        return code

    def codes(self, table: dict, value, column: str, errors: list) -> list[str]:
        return [code for part in _split(value) if (code := self.code(table, part, column, errors))]

    def score(self, value, table_by_score: dict, by_label: dict, column: str, errors: list) -> str:
        text = _text(value)
        if not text:
            return ""
        if "/" in text:
            try:
                return table_by_score[int(text.split("/")[0])]
            except (ValueError, KeyError):
                pass
        return self.code(by_label, text, column, errors)

    def person(self, reference: str, column: str, errors: list):
        pk = self.people.get(reference.strip())
        if pk is None:
            errors.append(
                _("%(column)s: no file “%(value)s” in this place.") % {"column": column, "value": reference}
            )
        return pk

    def parse(self, row: dict) -> tuple[dict, list[str]]:
        errors: list[str] = []
        values: dict = {}
        kind = self.code(self.kinds, row.get(Col.KIND), Col.KIND, errors)
        if not kind and not errors:
            errors.append(_("%(column)s: missing.") % {"column": Col.KIND})
        values["kind"] = kind
        try:
            values["date"] = _date(row.get(Col.DATE))
        except ValueError:
            errors.append(
                _("%(column)s: expected a date such as 2026-03-31 or 31/03/2026.") % {"column": Col.DATE}
            )
        try:
            values["duration"] = int(float(_text(row.get(Col.DURATION)).replace(",", ".")))
        except ValueError:
            errors.append(_("%(column)s: expected a number of minutes.") % {"column": Col.DURATION})
        values["place_type"] = (
            self.code(self.place_types, row.get(Col.PLACE_TYPE), Col.PLACE_TYPE, errors)
            or PlaceType.LIEU_ACTIVITE
        )
        values["themes"] = self.codes(self.themes, row.get(Col.THEMES), Col.THEMES, errors)
        values["equipment"] = self.codes(self.equipment, row.get(Col.EQUIPMENT), Col.EQUIPMENT, errors)
        tags = []
        for name in _split(row.get(Col.TAGS)):
            tag = self.tags.get(_key(name))
            if tag is None:
                errors.append(
                    _("%(column)s: unknown tag “%(value)s” in this place.")
                    % {"column": Col.TAGS, "value": name}
                )
            else:
                tags.append(tag)
        values["tags"] = tags
        values["procedure_name"] = _text(row.get(Col.PROCEDURE))
        values["notes"] = _text(row.get(Col.NOTES))
        level_text = row.get(Col.LEVEL)
        if kind == ActivityKind.COLLECTIVE:
            values["workshop_title"] = _text(row.get(Col.WORKSHOP))
            values["level"] = self.score(level_text, self.level_by_score, self.levels, Col.LEVEL, errors)
            anonymous = _text(row.get(Col.ANONYMOUS))
            if anonymous:
                try:
                    parsed = json.loads(anonymous) if anonymous.startswith("{") else {"total": int(anonymous)}
                    values["anonymous_participants"] = services.normalise_headcounts(parsed)
                except (ValueError, ValidationError):
                    errors.append(
                        _("%(column)s: expected a number or headcounts.") % {"column": Col.ANONYMOUS}
                    )
            values["participant_ids"] = [
                pk for ref in _split(row.get(Col.FOLLOWED)) if (pk := self.person(ref, Col.FOLLOWED, errors))
            ]
        else:
            values["autonomy"] = self.score(
                level_text, self.autonomy_by_score, self.autonomy, Col.LEVEL, errors
            )
            values["referred"] = _key(_text(row.get(Col.REFERRED))) in {"oui", "yes", "true", "1"}
            values["referral_structure"] = self.code(
                self.referrals, row.get(Col.REFERRAL), Col.REFERRAL, errors
            )
            values["already_helped"] = _key(_text(row.get(Col.ALREADY))) in {"oui", "yes", "true", "1"}
            values["sex"] = self.code(self.sexes, row.get(Col.SEX), Col.SEX, errors)
            values["age_bracket"] = self.code(self.ages, row.get(Col.AGE), Col.AGE, errors)
            values["social_status"] = self.code(self.statuses, row.get(Col.STATUS), Col.STATUS, errors)
            values["commune_name"] = _text(row.get(Col.B_COMMUNE))
            values["commune_insee"] = _text(row.get(Col.B_INSEE))
            reference = _text(row.get(Col.BENEFICIARY_ID))
            values["beneficiary_id"] = (
                self.person(reference, Col.BENEFICIARY_ID, errors) if reference else None
            )
        return values, errors


def _row_key(row: dict) -> str:
    """The identity of a row for re-imports: its "ID CRA" when given, else a hash of its content."""
    identifier = _text(row.get(Col.ID))
    if identifier:
        return identifier[:64]
    content = json.dumps({key: _text(value) for key, value in sorted(row.items())}, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(content.encode()).hexdigest()[:57]


@dataclass
class _PersonRef:
    """Just what the activity rules read of a beneficiary: its id and its place."""

    pk: int
    place_id: int | None


def _validate_values(place: Place, values: dict, people_places: dict[int, int]) -> list[str]:
    beneficiary = _PersonRef(values["beneficiary_id"], place.pk) if values.get("beneficiary_id") else None
    participants = [_PersonRef(pk, people_places.get(pk)) for pk in values.get("participant_ids", [])]
    try:
        services.validate_activity(
            place=place,
            kind=values["kind"],
            date=values["date"],
            duration=values["duration"],
            themes=values["themes"],
            place_type=values["place_type"],
            beneficiary=beneficiary,
            participants=participants,
            anonymous_participants=values.get("anonymous_participants") or {},
            procedure_name=values["procedure_name"],
            equipment=values["equipment"],
            tags=values["tags"],
            autonomy=values.get("autonomy", ""),
            referral_structure=values.get("referral_structure", "") if values.get("referred") else "",
            level=values.get("level", ""),
            age_bracket=values.get("age_bracket", ""),
            sex=values.get("sex", ""),
            social_status=values.get("social_status", ""),
        )
    except ValidationError as error:
        return [
            f"{field}: {message}" for field, messages in error.message_dict.items() for message in messages
        ]
    return []


def check_activities(dataset: tablib.Dataset, place: Place) -> tuple[ImportReport, list[tuple[str, dict]]]:
    """Check every row; return the report and the (key, values) of the rows to create."""
    report = ImportReport(rows=dataset.height)
    missing = [
        header for header in (Col.DATE, Col.KIND, Col.DURATION, Col.THEMES) if header not in dataset.headers
    ]
    if missing:
        report.errors.append((1, _("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)}))
        return report, []
    parser = _ActivityParser(place)
    known_keys = set(
        Activity.objects.filter(place=place).exclude(import_key="").values_list("import_key", flat=True)
    )
    known_ids = {
        str(value) for value in Activity.objects.filter(place=place).values_list("public_id", flat=True)
    }
    people_places = dict(Beneficiary.objects.filter(place=place).values_list("pk", "place_id"))
    to_create, seen = [], set()
    headers = dataset.headers
    for line, raw in enumerate(dataset, start=2):
        row = dict(zip(headers, raw, strict=False))
        key = _row_key(row)
        if key in known_keys or key in known_ids or key in seen:
            report.skipped += 1
            continue
        seen.add(key)
        values, errors = parser.parse(row)
        if not errors:
            errors = _validate_values(place, values, people_places)
        for message in errors:
            report.errors.append((line, message))
        if not errors:
            to_create.append((key, values))
            if len(report.preview) < 20:
                report.preview.append({"line": line, **values})
    report.valid = len(to_create)
    return report, to_create


@transaction.atomic
def import_activities(
    dataset: tablib.Dataset, *, place: Place, actor, dry_run: bool = False, source_label: str = ""
) -> ImportReport:
    """Create the activities of `dataset` in `place`, all or nothing; rows already imported are skipped."""
    report, to_create = check_activities(dataset, place)
    if not report.is_valid or dry_run:
        return report
    author = actor if getattr(actor, "pk", None) else None
    fields = {
        "kind",
        "date",
        "duration",
        "place_type",
        "themes",
        "equipment",
        "procedure_name",
        "notes",
        "workshop_title",
        "level",
        "anonymous_participants",
        "autonomy",
        "referred",
        "referral_structure",
        "already_helped",
        "sex",
        "age_bracket",
        "social_status",
        "commune_name",
        "commune_insee",
        "beneficiary_id",
    }
    people = {
        person.pk: person
        for person in Beneficiary.objects.filter(place=place).only(
            "pk",
            "birth_year",
            "age_bracket",
            "sex",
            "social_status",
            "commune_name",
            "commune_insee",
            "place_id",
        )
    }
    created = 0
    for start in range(0, len(to_create), BATCH):
        batch = to_create[start : start + BATCH]
        objects = []
        for key, values in batch:
            data = {name: value for name, value in values.items() if name in fields}
            individual = data["kind"] == ActivityKind.INDIVIDUAL
            data.setdefault("anonymous_participants", {})
            if individual and data.get("beneficiary_id"):
                person = people[data["beneficiary_id"]]
                data.update(
                    sex=person.sex,
                    social_status=person.social_status,
                    commune_name=person.commune_name,
                    commune_insee=person.commune_insee,
                    age_bracket=age_bracket_for(person.birth_year, data["date"].year)
                    if person.birth_year
                    else person.age_bracket,
                )
            for name in ("sex", "age_bracket", "social_status"):
                if individual and not data.get(name):
                    data[name] = "non_communique"
            if not data.get("referred"):
                data["referral_structure"] = ""
            data["themes"] = services._ordered_themes(data["themes"])
            data["participant_count"] = (
                1
                if individual
                else len(values.get("participant_ids", [])) + data["anonymous_participants"].get("total", 0)
            )
            objects.append(
                Activity(place=place, author=author, import_key=key, source_label=source_label, **data)
            )
        _insert_rows(objects)
        tag_links, person_links = [], []
        for obj, (_unused, values) in zip(objects, batch, strict=True):
            tag_links += [Activity.tags.through(activity_id=obj.pk, tag_id=tag.pk) for tag in values["tags"]]
            person_links += [
                Activity.participants.through(activity_id=obj.pk, beneficiary_id=pk)
                for pk in values.get("participant_ids", [])
            ]
        Activity.tags.through.objects.bulk_create(tag_links, batch_size=BATCH)
        Activity.participants.through.objects.bulk_create(person_links, batch_size=BATCH)
        created += len(objects)
    _refresh_last_activity(place)
    hooks.activities_changed_in_bulk((place.pk, values["date"]) for _key, values in to_create)
    report.created = created
    journal_log(actor=actor, action="activity.import", place=place, created=created, skipped=report.skipped)
    return report


@transaction.atomic
def import_activities_file(
    dataset: tablib.Dataset, *, place: Place | None, actor, dry_run: bool = False, source_label: str = ""
) -> ImportReport:
    """Import into `place`, or, without one, into the place named in each row's "Nom du lieu" column."""
    if place is not None:
        return import_activities(
            dataset, place=place, actor=actor, dry_run=dry_run, source_label=source_label
        )
    report = ImportReport(rows=dataset.height)
    if Col.PLACE not in (dataset.headers or []):
        report.errors.append((1, _("Missing column(s): %(columns)s.") % {"columns": Col.PLACE}))
        return report
    places = {_key(place.name): place for place in Place.objects.all()}
    groups: dict[int, tuple[Place, list[int]]] = {}
    for line, raw in enumerate(dataset, start=2):
        name = _text(dict(zip(dataset.headers, raw, strict=False)).get(Col.PLACE))
        target = places.get(_key(name))
        if target is None:
            report.errors.append(
                (line, _("%(column)s: unknown place “%(value)s”.") % {"column": Col.PLACE, "value": name})
            )
            continue
        groups.setdefault(target.pk, (target, []))[1].append(line)
    for target, lines in groups.values():
        part = tablib.Dataset(headers=dataset.headers)
        for line in lines:
            part.append(dataset[line - 2])
        sub = (
            check_activities(part, target)[0]
            if report.errors
            else import_activities(
                part, place=target, actor=actor, dry_run=dry_run, source_label=source_label
            )
        )
        report.errors += [
            (lines[sub_line - 2] if sub_line >= 2 else 1, message) for sub_line, message in sub.errors
        ]
        report.created += sub.created
        report.skipped += sub.skipped
        report.valid += sub.valid
        report.preview += sub.preview[: 20 - len(report.preview)]
    report.errors.sort()
    if report.errors:
        transaction.set_rollback(True)
        report.created = 0
    return report


def _insert_rows(objects: list[Activity]) -> None:
    """Insert activities with one prepared statement run many times: for large imports this is several
    times faster than `bulk_create`, which compiles SQL for every batch of about 30 rows on SQLite.
    The primary keys are read back afterwards through the (place, import_key) unique index."""
    fields = [field for field in Activity._meta.local_concrete_fields if not field.primary_key]
    database = connections[Activity.objects.db]
    quote = database.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(Activity._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    # Text, numbers, booleans and foreign keys go to the database as they are; the other fields
    # (dates, timestamps, JSON, UUID) need the backend's conversion.
    plain = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)
    converted = [None if isinstance(field, plain) else field for field in fields]
    attnames = [field.attname for field in fields]
    rows = [
        tuple(
            getattr(obj, name)
            if field is None
            else field.get_db_prep_save(field.pre_save(obj, True), database)
            for name, field in zip(attnames, converted, strict=True)
        )
        for obj in objects
    ]
    with database.cursor() as cursor:
        cursor.executemany(sql, rows)
    keys = [obj.import_key for obj in objects]
    ids = dict(
        Activity.objects.filter(place_id=objects[0].place_id, import_key__in=keys).values_list(
            "import_key", "pk"
        )
    )
    for obj in objects:
        obj.pk = ids[obj.import_key]


def _refresh_last_activity(place: Place) -> None:
    latest = dict(
        Activity.objects.filter(place=place, beneficiary__isnull=False)
        .values("beneficiary_id")
        .annotate(last=Max("date"))
        .values_list("beneficiary_id", "last")
    )
    through = Activity.participants.through.objects.filter(activity__place=place)
    for pk, last in (
        through.values("beneficiary_id")
        .annotate(last=Max("activity__date"))
        .values_list("beneficiary_id", "last")
    ):
        latest[pk] = max(latest.get(pk, last), last)
    for person in Beneficiary.objects.filter(pk__in=latest.keys()):
        if person.last_activity_on != latest[person.pk]:
            person.last_activity_on = latest[person.pk]
            person.save(update_fields=["last_activity_on"])


# ---------------------------------------------------------------------------------------------------
# Beneficiaries


class BCol:
    ID = "ID"
    LAST = "Nom"
    FIRST = "Prénom"
    YEAR = "Année de naissance"
    COMMUNE = "Nom de la commune"
    INSEE = "Code INSEE"
    PHONE = "N° de téléphone"
    EMAIL = "E-mail"
    SEX = "Genre"
    AGE = "Tranche d'âge"
    STATUS = "Statut"
    COUNT = "Nombre d'accompagnements"
    NOTES = "Notes supplémentaires"


BENEFICIARY_HEADERS = [
    BCol.ID,
    BCol.LAST,
    BCol.FIRST,
    BCol.YEAR,
    BCol.COMMUNE,
    BCol.INSEE,
    BCol.PHONE,
    BCol.EMAIL,
    BCol.SEX,
    BCol.AGE,
    BCol.STATUS,
    BCol.COUNT,
    BCol.NOTES,
]


def export_beneficiaries(queryset, fmt: str) -> bytes:
    from django.db.models import Count

    labels = {"sex": _labels(Sex), "age": _labels(AgeBracket), "status": _labels(SocialStatus)}
    queryset = queryset.annotate(
        individual_count=Count("activities", distinct=True), workshop_count=Count("workshops", distinct=True)
    ).order_by("last_name", "first_name", "pk")
    rows = [
        [
            _beneficiary_ref(person),
            person.last_name,
            person.first_name,
            person.birth_year or "",
            person.commune_name,
            person.commune_insee,
            person.phone,
            person.email,
            labels["sex"].get(person.sex, ""),
            labels["age"].get(person.age_bracket, ""),
            labels["status"].get(person.social_status, ""),
            person.individual_count + person.workshop_count,
            person.notes,
        ]
        for person in queryset
    ]
    return write_table(BENEFICIARY_HEADERS, rows, fmt)


def check_beneficiaries(dataset: tablib.Dataset, place: Place) -> tuple[ImportReport, list[tuple[str, dict]]]:
    report = ImportReport(rows=dataset.height)
    headers = {_key(header): header for header in dataset.headers or []}
    if _key(BCol.LAST) not in headers and _key(BCol.FIRST) not in headers:
        report.errors.append(
            (1, _("Missing column(s): %(columns)s.") % {"columns": f"{BCol.LAST}, {BCol.FIRST}"})
        )
        return report, []
    sexes = _lookup(Sex, {"homme": "masculin", "femme": "feminin"})
    ages, statuses = _lookup(AgeBracket), _lookup(SocialStatus)
    known = set(
        Beneficiary.objects.filter(place=place).exclude(import_key="").values_list("import_key", flat=True)
    )
    known |= {
        str(value) for value in Beneficiary.objects.filter(place=place).values_list("public_id", flat=True)
    }
    to_create, seen = [], set()
    for line, raw in enumerate(dataset, start=2):
        row = {_key(header): value for header, value in zip(dataset.headers, raw, strict=False)}

        def get(column, row=row):
            return _text(row.get(_key(column)))

        errors: list[str] = []
        values = {
            "last_name": get(BCol.LAST),
            "first_name": get(BCol.FIRST),
            "phone": get(BCol.PHONE),
            "email": get(BCol.EMAIL),
            "commune_name": get(BCol.COMMUNE),
            "commune_insee": get(BCol.INSEE),
            "notes": get(BCol.NOTES),
        }
        year = get(BCol.YEAR)
        values["birth_year"] = None
        if year:
            try:
                values["birth_year"] = int(year)
            except ValueError:
                errors.append(_("%(column)s: expected a year such as 1968.") % {"column": BCol.YEAR})
        for column, table, name in (
            (BCol.SEX, sexes, "sex"),
            (BCol.AGE, ages, "age_bracket"),
            (BCol.STATUS, statuses, "social_status"),
        ):
            text = get(column)
            values[name] = table.get(_key(text), "") if text else ""
            if text and not values[name]:
                errors.append(_("%(column)s: unknown value “%(value)s”.") % {"column": column, "value": text})
        key = get(BCol.ID)[:64]
        if key and (key in known or key in seen):
            report.skipped += 1
            continue
        if not key:
            content = "|".join(
                str(values[name] or "")
                for name in ("last_name", "first_name", "birth_year", "phone", "email")
            )
            key = "sha256:" + hashlib.sha256(_key(content).encode()).hexdigest()[:57]
            if key in known or key in seen:
                report.skipped += 1
                continue
        if not errors:
            probe = Beneficiary(place=place)
            try:
                services._apply_beneficiary_values(probe, values)
            except ValidationError as error:
                errors += [
                    f"{field}: {message}"
                    for field, messages in error.message_dict.items()
                    for message in messages
                ]
        if not errors and not (values["first_name"] or values["last_name"]):
            errors.append(_("%(column)s: a name is needed to open a file.") % {"column": BCol.LAST})
        seen.add(key)
        report.errors += [(line, message) for message in errors]
        if not errors:
            to_create.append((key, values))
            if len(report.preview) < 20:
                report.preview.append({"line": line, **values})
    report.valid = len(to_create)
    return report, to_create


@transaction.atomic
def import_beneficiaries(
    dataset: tablib.Dataset, *, place: Place, actor, dry_run: bool = False
) -> ImportReport:
    """Open the files of `dataset` in `place`, all or nothing; files already imported are skipped."""
    report, to_create = check_beneficiaries(dataset, place)
    if not report.is_valid or dry_run:
        return report
    objects = []
    for key, values in to_create:
        person = Beneficiary(
            place=place, created_by=actor if getattr(actor, "pk", None) else None, import_key=key
        )
        services._apply_beneficiary_values(person, values)
        objects.append(person)
    Beneficiary.objects.bulk_create(objects, batch_size=BATCH)
    report.created = len(objects)
    journal_log(
        actor=actor, action="beneficiary.import", place=place, created=report.created, skipped=report.skipped
    )
    return report
