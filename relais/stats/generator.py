"""Synthetic load data in bulk, distributed like the demo network's, for benchmarks at national scale.

Rows are built as plain tuples and written with the fastest path of each database — COPY on
PostgreSQL, `executemany` in large transactions on SQLite — one batch at a time, so memory stays
bounded whatever the count. Activities are generated day after day, as they are recorded in real life
(identifiers grow with dates, a followed person's autonomy rises along their visits); beneficiaries
get consecutive identifiers per place, so the generator keeps only a few bytes per person. The same
seed gives the same rows. Meant for an otherwise idle database: identifiers are taken after the
highest ones in use, and the sequences are moved past them at the end.
"""

import datetime
import json
import random
from array import array
from bisect import bisect
from dataclasses import dataclass, field
from itertools import accumulate
from types import SimpleNamespace

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max

from relais.core.models import Membership, Place
from relais.mediation import demo
from relais.mediation.models import Activity, Beneficiary, Tag
from relais.mediation.vocabularies import (
    ADMINISTRATIVE_THEMES,
    AUTONOMY_SCORE,
    MEDIATION_THEMES,
    AgeBracket,
    Equipment,
    PlaceType,
    ReferralStructure,
    Sex,
    SocialStatus,
    age_bracket_for,
)

SOURCE = "load-data"
BATCH = 20_000
# Surnames beyond the demo's thirty, so that a search on a name finds a handful of files, not thousands.
SYLLABLES = ("Ber", "Cha", "Du", "Fon", "Gar", "La", "Mar", "Mo", "Ro", "Ta", "Va", "Ben", "Di", "Le")
ENDINGS = ("det", "lin", "rand", "tier", "chon", "vel", "mas", "ron", "ssi", "let", "nier", "ba")
BIRTH_YEARS = (1938, 2008)
SEXES = (Sex.FEMININ.value, Sex.MASCULIN.value)
STATUSES = tuple(SocialStatus.values)
AGE_BRACKETS = tuple(AgeBracket.values)
ANY_SEX = tuple(Sex.values)
REFERRALS = tuple(ReferralStructure.values)
AUTONOMY_BY_SCORE = {score: code.value for code, score in AUTONOMY_SCORE.items()}
PLACE_TYPES = tuple(PlaceType.values)
PLACE_TYPE_WEIGHTS = tuple(accumulate((85, 5, 8, 2)))
EQUIPMENT = tuple(
    json.dumps([code]) for code in (Equipment.ORDINATEUR, Equipment.TELEPHONE, Equipment.TABLETTE)
)
DURATIONS = (15, 30, 30, 30, 45, 60, 60, 90)
WORKSHOP_DURATIONS = (90, 120, 120)
PLAIN_THEMES = MEDIATION_THEMES[:-1]  # every theme but the administrative umbrella
ADMINISTRATIVE_CHOICES = ADMINISTRATIVE_THEMES[:7]

BENEFICIARY_COLUMNS = (
    *("id", "created_at", "updated_at", "public_id", "place_id", "created_by_id", "first_name"),
    *("last_name", "phone", "email", "birth_year", "age_bracket", "sex", "social_status"),
    *("commune_insee", "commune_name", "notes", "search_text", "import_key", "last_activity_on"),
    *("anonymised_at", "merged_into_id"),
)
ACTIVITY_COLUMNS = (
    *("id", "created_at", "updated_at", "public_id", "kind", "place_id", "author_id", "date"),
    *("duration", "place_type", "location_commune_insee", "location_commune_name", "themes"),
    *("procedure_name", "equipment", "notes", "beneficiary_id", "already_helped", "autonomy"),
    *("referred", "referral_structure", "age_bracket", "sex", "social_status", "commune_insee"),
    *("commune_name", "workshop_title", "level", "anonymous_participants", "participant_count"),
    *("source_label", "import_key"),
)


@dataclass
class Site:
    """A place as the generator draws from it: its share of the activities and its followed people."""

    pk: int
    commune: str
    insee: str
    weight: float
    administrative: bool
    authors: list[int]
    place_tags: list[int]
    network_tags: list[int]
    first_person: int = 0
    people: int = 0


@dataclass
class People:
    """What the activities copy from a followed person, a few bytes each, indexed from the first id."""

    first_id: int
    birth: array = field(default_factory=lambda: array("H"))
    sex: bytearray = field(default_factory=bytearray)
    status: bytearray = field(default_factory=bytearray)
    commune: bytearray = field(default_factory=bytearray)
    visits: bytearray = field(default_factory=bytearray)


class Writer:
    """Appends rows to a table by the fastest path of the database in use."""

    def stamp(self, moment: datetime.datetime) -> str:
        return moment.strftime("%Y-%m-%d %H:%M:%S+00")

    def write(self, table: str, columns: tuple, rows: list[tuple]) -> None:
        if not rows:
            return
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" * len(columns))
                raw = cursor.cursor  # the DB-API cursor: no Django formatting per row
                raw.executemany(
                    f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({marks})", rows
                )


def add_rows(model, key: tuple[str, ...], values: tuple[str, ...], rows: list[tuple]) -> None:
    """Add rows of `key + values` to a table of sums: a row whose key exists adds its values to it (an
    upsert on the unique key), another is created; then the touched rows that came back to zero are
    removed (found through the key's index: each key column among the values it takes in `rows`).
    Rows are sent in the order given: callers sort them, so that two writers lock rows in the same
    order."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(name) for name in (*key, *values))
    updates = ", ".join(f"{quote(name)} = {table}.{quote(name)} + EXCLUDED.{quote(name)}" for name in values)
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * (len(key) + len(values)))})"
        f" ON CONFLICT ({', '.join(quote(name) for name in key)}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])
    touched = {f"{name}__in": sorted({row[index] for row in rows}) for index, name in enumerate(key)}
    model.objects.filter(**touched, **dict.fromkeys(values, 0)).delete()


class SqliteWriter(Writer):
    def stamp(self, moment: datetime.datetime) -> str:
        return moment.strftime("%Y-%m-%d %H:%M:%S")  # how Django stores an aware datetime on SQLite


def _uuid(rng: random.Random) -> str:
    """A version-4 UUID drawn from the seeded generator, as 32 hex digits (both databases read it)."""
    value = rng.getrandbits(128) & ~(0xF000 << 64) & ~(0xC000 << 48) | (0x4000 << 64) | (0x8000 << 48)
    return f"{value:032x}"


def _sites(rng: random.Random) -> list[Site]:
    """Every place, weighted like the demo network (unknown places get a random share)."""
    authors: dict[int, list[int]] = {}
    roles = Membership.objects.filter(role__in=["mediator", "admin"], place__isnull=False).order_by("pk")
    for place_id, user_id in roles.values_list("place_id", "user_id"):
        authors.setdefault(place_id, []).append(user_id)
    sites = []
    for place in Place.objects.select_related("organisation").order_by("pk"):
        share, administrative = demo.PLACES.get(place.slug, (rng.uniform(0.05, 0.35), False))
        networks = [place.organisation_id, place.organisation.parent_id]
        sites.append(
            Site(
                pk=place.pk,
                commune=place.commune,
                insee=place.insee_code,
                weight=share,
                administrative=administrative,
                authors=authors.get(place.pk, []),
                place_tags=list(Tag.objects.filter(place=place).order_by("pk").values_list("pk", flat=True)),
                network_tags=list(
                    Tag.objects.filter(organisation__in=[pk for pk in networks if pk])
                    .order_by("pk")
                    .values_list("pk", flat=True)
                ),
            )
        )
    return sites


def add_places(count: int, rng: random.Random) -> int:
    """Add `count` places to the first network, each with one to three mediators (accounts without a
    usable password), so that a national network of thousands of places can be measured."""
    from relais.accounts.models import User

    organisation = Place.objects.order_by("pk").values_list("organisation_id", flat=True).first()
    if organisation is None:
        return 0
    start = _next_id(Place)
    places = []
    for number in range(start, start + count):
        insee, commune = rng.choice(demo.COMMUNES)
        places.append(
            Place(
                organisation_id=organisation,
                slug=f"lieu-charge-{number}",
                name=f"Lieu {number}",
                pivot=f"{number:014d}",
                address=f"{number} rue de la Charge",
                postcode="51100",
                commune=commune,
                insee_code=insee,
            )
        )
    Place.objects.bulk_create(places, batch_size=1000)
    places = list(Place.objects.filter(slug__startswith="lieu-charge-", pk__gte=start).order_by("pk"))
    users, roles = [], []
    for place in places:
        for index in range(rng.randint(1, 3)):
            user = User(email=f"mediation-{place.pk}-{index}@charge.relais.test", first_name="Médiation")
            user.set_unusable_password()
            users.append(user)
            roles.append(place)
    User.objects.bulk_create(users, batch_size=1000)
    saved = User.objects.filter(email__in=[user.email for user in users]).in_bulk(field_name="email")
    Membership.objects.bulk_create(
        [
            Membership(user=saved[user.email], place=place, role="mediator")
            for user, place in zip(users, roles, strict=True)
        ],
        batch_size=1000,
    )
    return len(places)


def _next_id(model) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def _share_out(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, the remainder to the largest fractions."""
    whole = sum(weights)
    exact = [total * weight / whole for weight in weights]
    counts = [int(value) for value in exact]
    by_fraction = sorted(range(len(weights)), key=lambda index: counts[index] - exact[index])
    for index in by_fraction[: total - sum(counts)]:
        counts[index] += 1
    return counts


def _surname(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(demo.LAST_NAMES)
    return (
        rng.choice(SYLLABLES) + rng.choice(ENDINGS) + rng.choice(("", "", "-" + rng.choice(demo.LAST_NAMES)))
    )


def _write_people(
    writer: Writer, sites: list[Site], total: int, rng: random.Random, uuids: random.Random, today
) -> People:
    people = People(first_id=_next_id(Beneficiary))
    stamp = writer.stamp(datetime.datetime.combine(today, datetime.time(9), datetime.UTC))
    next_id, rows = people.first_id, []
    for site, count in zip(sites, _share_out(total, [site.weight for site in sites]), strict=True):
        site.first_person, site.people = next_id, count
        for _index in range(count):
            first_name, sex = rng.choice(demo.FIRST_NAMES)
            commune_index = rng.randrange(len(demo.COMMUNES))
            insee, commune = demo.COMMUNES[commune_index]
            birth = rng.randint(*BIRTH_YEARS)
            status = rng.randrange(len(STATUSES))
            phone = f"+336{rng.randint(10000000, 99999999)}" if rng.random() < 0.7 else ""
            last_name = _surname(rng)
            identity = SimpleNamespace(
                first_name=first_name, last_name=last_name, email="", commune_name=commune, phone=phone
            )
            search_text = Beneficiary.build_search_text(identity)
            rows.append(
                (next_id, stamp, stamp, _uuid(uuids), site.pk, None, first_name, last_name, phone, "")
                + (birth, age_bracket_for(birth, today.year), sex, STATUSES[status], insee, commune, "")
                + (search_text, "", None, None, None)
            )
            people.birth.append(birth)
            people.sex.append(SEXES.index(sex))
            people.status.append(status)
            people.commune.append(commune_index)
            next_id += 1
            if len(rows) >= BATCH:
                _flush(writer, {Beneficiary._meta.db_table: (BENEFICIARY_COLUMNS, rows)})
                rows = []
    _flush(writer, {Beneficiary._meta.db_table: (BENEFICIARY_COLUMNS, rows)})
    people.visits = bytearray(len(people.birth))
    return people


def _flush(writer: Writer, tables: dict[str, tuple[tuple, list]]) -> None:
    with transaction.atomic():
        for table, (columns, rows) in tables.items():
            writer.write(table, columns, rows)


def _day_counts(total: int, days: int, today: datetime.date, rng: random.Random) -> list[int]:
    """Activities per day over the last `days` days: none on Sundays, fewer on Saturdays and in August."""
    weights = []
    for offset in range(days):
        day = today - datetime.timedelta(days=days - 1 - offset)
        weight = 0.0 if day.weekday() == 6 else 0.5 if day.weekday() == 5 else 1.0
        weights.append(weight * (0.6 if day.month == 8 else 1.0) * rng.uniform(0.8, 1.2))
    return _share_out(total, weights)


class ActivityMaker:
    """Builds one activity row (and its participant and tag links) the way the demo network records them."""

    def __init__(self, sites: list[Site], people: People, rng: random.Random, uuids: random.Random):
        self.sites, self.people, self.rng, self.uuids = sites, people, rng, uuids
        self.cumulative = list(accumulate(site.weight for site in sites))
        self.brackets: dict[tuple[int, int], str] = {}
        self.themes_json: dict[tuple, str] = {}

    def _json(self, codes) -> str:
        key = tuple(codes)
        if key not in self.themes_json:
            self.themes_json[key] = json.dumps(list(codes))
        return self.themes_json[key]

    def make(self, pk: int, day: datetime.date, date_text: str, stamp: str) -> tuple[tuple, list, int | None]:
        rng = self.rng
        site = self.sites[bisect(self.cumulative, rng.random() * self.cumulative[-1])]
        head = (pk, stamp, stamp, _uuid(self.uuids))
        author = rng.choice(site.authors) if site.authors else None
        place_type = PLACE_TYPES[bisect(PLACE_TYPE_WEIGHTS, rng.random() * PLACE_TYPE_WEIGHTS[-1])]
        equipment = EQUIPMENT[rng.randrange(len(EQUIPMENT))]
        where = (site.pk, author, date_text)
        if rng.random() < 0.12 and not site.administrative:
            return self._workshop(head, where, place_type, equipment, site)
        if site.administrative or rng.random() < 0.2:
            sub = rng.choice(ADMINISTRATIVE_CHOICES)
            themes, procedure = ("aide_aux_demarches_administratives", sub), demo.PROCEDURES.get(sub, "")
        else:
            themes, procedure = tuple(sorted(rng.sample(PLAIN_THEMES, rng.choice((1, 1, 2))))), ""
        duration = rng.choice(DURATIONS)
        bump = 1 if rng.random() < 0.2 else 0
        if site.people and rng.random() < 0.55:
            person = site.first_person + rng.randrange(site.people)
            demographics, visits = self._person(person, day.year)
            already_helped = False
        else:
            person, visits, already_helped = None, 0, rng.random() < 0.3
            demographics = (
                rng.choice(AGE_BRACKETS),
                rng.choice(ANY_SEX),
                SocialStatus.NON_COMMUNIQUE.value,
            )
            demographics += ("", "")
        autonomy = AUTONOMY_BY_SCORE[min(3, 1 + visits // 2 + bump)]
        referral = rng.choice(REFERRALS) if rng.random() < 0.12 else ""
        tag = None
        if site.administrative and site.place_tags and rng.random() < 0.4:
            tag = site.place_tags[0]
        elif site.network_tags and rng.random() < 0.1:
            tag = site.network_tags[0]
        row = head + (
            "individual",
            *where,
            duration,
            place_type,
            site.insee,
            site.commune,
            self._json(themes),
        )
        row += (procedure, equipment, "", person, already_helped, autonomy, bool(referral), referral)
        row += (*demographics, "", "", "{}", 1, SOURCE, "")
        return row, [], tag

    def _person(self, person: int, year: int) -> tuple[tuple, int]:
        """The person's demographics as of `year`, and how many visits they made before this one."""
        people, index = self.people, person - self.people.first_id
        birth = people.birth[index]
        bracket = self.brackets.get((birth, year))
        if bracket is None:
            bracket = self.brackets[(birth, year)] = age_bracket_for(birth, year)
        insee, commune = demo.COMMUNES[people.commune[index]]
        visits = people.visits[index]
        people.visits[index] = min(255, visits + 1)
        return (bracket, SEXES[people.sex[index]], STATUSES[people.status[index]], insee, commune), visits

    def _workshop(self, head, where, place_type, equipment, site) -> tuple[tuple, list, None]:
        rng = self.rng
        title, themes, level = rng.choice(demo.WORKSHOPS)
        size = min(site.people, rng.randint(1, 4))
        followed = rng.sample(range(site.first_person, site.first_person + site.people), size)
        anonymous = rng.randint(2, 8)
        females = rng.randint(0, anonymous)
        counts = {
            "total": anonymous,
            "already_helped": rng.randint(0, anonymous),
            "sex": {"feminin": females, "masculin": anonymous - females},
            "age_bracket": {"soixante_soixante_neuf": anonymous // 2, "soixante_dix_plus": anonymous // 4},
        }
        duration = rng.choice(WORKSHOP_DURATIONS)
        row = head + (
            "collective",
            *where,
            duration,
            place_type,
            site.insee,
            site.commune,
            self._json(themes),
        )
        row += ("", equipment, "", None, False, "", False, "", AgeBracket.NON_COMMUNIQUE.value)
        row += (Sex.NON_COMMUNIQUE.value, SocialStatus.NON_COMMUNIQUE.value, "", "", title, level.value)
        row += (json.dumps(counts), anonymous + size, SOURCE, "")
        return row, followed, None


def generate(
    *,
    activities: int,
    beneficiaries: int,
    today: datetime.date,
    seed: int = 1,
    days: int = 3 * 365,
    places: int = 0,
) -> int:
    """Create `activities` activities (about 12 % workshops) and `beneficiaries` files over the places
    (after adding `places` places to the network)."""
    rng = random.Random(seed)
    if places:
        add_places(places, rng)
    # Public ids come from their own stream, seeded with where this run starts, so that a second run
    # with the same seed repeats the data but not the unique ids.
    uuids = random.Random(f"{seed}-{_next_id(Beneficiary)}-{_next_id(Activity)}")
    writer = SqliteWriter() if connection.vendor == "sqlite" else Writer()
    sites = _sites(rng)
    people = _write_people(writer, sites, beneficiaries, rng, uuids, today)
    maker = ActivityMaker(sites, people, rng, uuids)
    tables = (Activity._meta.db_table, Activity.participants.through._meta.db_table)
    tag_table = Activity.tags.through._meta.db_table
    first_id = pk = _next_id(Activity)
    rows, links, tag_links = [], [], []
    first_day = today - datetime.timedelta(days=days - 1)
    for offset, count in enumerate(_day_counts(activities, days, today, rng)):
        day = first_day + datetime.timedelta(days=offset)
        date_text, stamp = (
            day.isoformat(),
            writer.stamp(datetime.datetime.combine(day, datetime.time(9), datetime.UTC)),
        )
        for _index in range(count):
            row, followed, tag = maker.make(pk, day, date_text, stamp)
            rows.append(row)
            links.extend((pk, person) for person in followed)
            if tag:
                tag_links.append((pk, tag))
            pk += 1
            if len(rows) >= BATCH:
                _flush_activities(writer, tables, tag_table, rows, links, tag_links)
                rows, links, tag_links = [], [], []
    _flush_activities(writer, tables, tag_table, rows, links, tag_links)
    _finish(people.first_id)
    return pk - first_id


def _flush_activities(writer, tables, tag_table, rows, links, tag_links) -> None:
    _flush(
        writer,
        {
            tables[0]: (ACTIVITY_COLUMNS, rows),
            tables[1]: (("activity_id", "beneficiary_id"), links),
            tag_table: (("activity_id", "tag_id"), tag_links),
        },
    )


def _finish(first_person: int) -> None:
    """Move the sequences past the written ids, date each new file's last visit, refresh the planner."""
    quote = connection.ops.quote_name
    people = Beneficiary._meta.db_table
    activity = Activity._meta.db_table
    links = Activity.participants.through._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Beneficiary, Activity]):
            cursor.execute(sql)
        cursor.execute(
            f"UPDATE {quote(people)} SET last_activity_on = (SELECT MAX(day) FROM ("
            f" SELECT MAX(a.date) AS day FROM {quote(activity)} a WHERE a.beneficiary_id = {quote(people)}.id"
            f" UNION ALL SELECT MAX(a.date) FROM {quote(links)} p JOIN {quote(activity)} a"
            f" ON a.id = p.activity_id WHERE p.beneficiary_id = {quote(people)}.id) latest)"
            " WHERE id >= %s",
            [first_person],
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in (people, activity, links, Activity.tags.through._meta.db_table):
                cursor.execute(f"ANALYZE {quote(table)}")
