"""The partner directory: saving entries with their contacts, tabular import/export, vCards."""

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import tablib
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.journal import journal_log
from relais.projects.models import Availability, Partner, PartnerContact
from relais.projects.services import skill_get_or_create

IMPORT_FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".ods": "ods"}
EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
COLUMNS = [
    "nom",
    "type",
    "presentation",
    "commune",
    "code_insee",
    "latitude",
    "longitude",
    "courriel",
    "telephone",
    "site_web",
    "competences",
    "ressources",
    "disponibilite",
    "consentement_annuaire",
    "consentement_contact",
    "referent_prenom",
    "referent_nom",
    "referent_fonction",
    "referent_courriel",
    "referent_telephone",
]
KIND_ALIASES = {
    "entreprise": Partner.Kind.COMPANY,
    "societe": Partner.Kind.COMPANY,
    "cooperative": Partner.Kind.COMPANY,
    "association": Partner.Kind.ASSOCIATION,
    "organisme public": Partner.Kind.PUBLIC_BODY,
    "collectivite": Partner.Kind.PUBLIC_BODY,
    "etablissement scolaire": Partner.Kind.SCHOOL,
    "ecole": Partner.Kind.SCHOOL,
    "universite": Partner.Kind.SCHOOL,
    "independant": Partner.Kind.FREELANCER,
    "independante": Partner.Kind.FREELANCER,
    "freelance": Partner.Kind.FREELANCER,
    "financeur": Partner.Kind.FUNDER,
    "fondation": Partner.Kind.FUNDER,
    "autre": Partner.Kind.OTHER,
}
AVAILABILITY_ALIASES = {
    "disponible": Availability.AVAILABLE,
    "limitee": Availability.LIMITED,
    "limite": Availability.LIMITED,
    "indisponible": Availability.UNAVAILABLE,
    "": Availability.AVAILABLE,
}
TRUE_WORDS = {"oui", "o", "yes", "y", "true", "vrai", "1", "x"}
FALSE_WORDS = {"non", "n", "no", "false", "faux", "0", ""}


def _plain(value) -> str:
    text = "" if value is None else str(value).strip()
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


@transaction.atomic
def partner_save(*, actor, partner: Partner, skills, contact: dict | None = None) -> Partner:
    """Create or update a directory entry, its skills and its main contact person."""
    creating = partner.pk is None
    if (partner.is_listed or partner.accepts_contact) and partner.consent_recorded_on is None:
        partner.consent_recorded_on = timezone.localdate()
    partner.full_clean(validate_constraints=False)
    partner.save()
    partner.skills.set(skills)
    if contact and (contact.get("first_name") or contact.get("last_name")):
        main = partner.contacts.filter(is_primary=True).first() or PartnerContact(
            partner=partner, is_primary=True
        )
        for name, value in contact.items():
            setattr(main, name, value)
        main.full_clean()
        main.save()
    journal_log(
        actor=actor,
        action="partner.create" if creating else "partner.update",
        target=partner,
        place=partner.place,
    )
    return partner


@transaction.atomic
def partner_delete(*, actor, partner: Partner) -> None:
    """Remove a directory entry (and its contacts)."""
    journal_log(actor=actor, action="partner.delete", target=partner, place=partner.place)
    partner.delete()


@dataclass
class ParsedRow:
    line: int
    partner: Partner
    skills: list[str]
    contact: dict
    errors: list[str] = field(default_factory=list)


def read_table(upload) -> tuple[list, list[list]]:
    """Headers and rows of an uploaded CSV (UTF-8 or Windows-1252, “;” or “,”), XLSX or ODS file."""
    extension = Path(upload.name).suffix.lower()
    file_format = IMPORT_FORMATS.get(extension)
    if file_format is None:
        raise ValidationError(_("Unsupported file type: send a CSV, XLSX or ODS file."))
    content = upload.read()
    try:
        if file_format == "csv":
            try:
                text = content.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = content.decode("cp1252")
            first_line = text.splitlines()[0] if text else ""
            delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
            # csv keeps rows of any length, so a row with a missing or extra cell is reported by line.
            rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
            return (rows[0] if rows else []), rows[1:]
        dataset = tablib.Dataset().load(content, format=file_format)
        return list(dataset.headers or []), [list(row) for row in dataset]
    except Exception as error:  # a damaged spreadsheet raises anything from zipfile to lxml
        raise ValidationError(
            _("This file could not be read as %(format)s.") % {"format": file_format.upper()}
        ) from error


def _parse_bool(value, column: str, errors: list[str]) -> bool:
    word = _plain(value)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    errors.append(
        _("column “%(column)s”: expected oui or non, got “%(value)s”") % {"column": column, "value": value}
    )
    return False


def _parse_coordinate(value, column: str, errors: list[str]) -> Decimal | None:
    text = str(value if value is not None else "").strip().replace(",", ".")
    if not text:
        return None
    try:
        return Decimal(text).quantize(Decimal("0.000001"))
    except InvalidOperation:
        errors.append(
            _("column “%(column)s”: “%(value)s” is not a number") % {"column": column, "value": value}
        )
        return None


def _parse_row(line: int, values: dict, place) -> ParsedRow:
    errors: list[str] = []
    text = {key: ("" if value is None else str(value).strip()) for key, value in values.items()}
    kind_word = _plain(text.get("type"))
    kind = KIND_ALIASES.get(kind_word) or (kind_word if kind_word in Partner.Kind.values else None)
    if kind is None:
        errors.append(_("column “type”: unknown kind “%(value)s”") % {"value": text.get("type")})
    availability_word = _plain(text.get("disponibilite"))
    availability = AVAILABILITY_ALIASES.get(availability_word) or (
        availability_word if availability_word in Availability.values else None
    )
    if availability is None:
        errors.append(_("column “disponibilite”: expected disponible, limitée or indisponible"))
    partner = Partner(
        place=place,
        name=text.get("nom", ""),
        kind=kind or Partner.Kind.OTHER,
        description=text.get("presentation", ""),
        commune=text.get("commune", ""),
        insee_code=text.get("code_insee", "").zfill(5)
        if text.get("code_insee", "").isdigit()
        else text.get("code_insee", ""),
        latitude=_parse_coordinate(values.get("latitude"), "latitude", errors),
        longitude=_parse_coordinate(values.get("longitude"), "longitude", errors),
        email=text.get("courriel", ""),
        phone=text.get("telephone", ""),
        website=text.get("site_web", ""),
        resources=text.get("ressources", ""),
        availability=availability or Availability.AVAILABLE,
        is_listed=_parse_bool(values.get("consentement_annuaire"), "consentement_annuaire", errors),
        accepts_contact=_parse_bool(values.get("consentement_contact"), "consentement_contact", errors),
    )
    if partner.is_listed or partner.accepts_contact:
        partner.consent_recorded_on = timezone.localdate()
    try:
        partner.full_clean(exclude=["place"], validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            label = partner._meta.get_field(name).verbose_name if name != "__all__" else ""
            errors.extend(f"{label} : {message}" if label else message for message in messages)
    if partner.latitude is not None and not -90 <= partner.latitude <= 90:
        errors.append(_("column “latitude”: must be between -90 and 90"))
    if partner.longitude is not None and not -180 <= partner.longitude <= 180:
        errors.append(_("column “longitude”: must be between -180 and 180"))
    contact = {
        "first_name": text.get("referent_prenom", ""),
        "last_name": text.get("referent_nom", ""),
        "job_title": text.get("referent_fonction", ""),
        "email": text.get("referent_courriel", ""),
        "phone": text.get("referent_telephone", ""),
    }
    if contact["email"]:
        try:
            validate_email(contact["email"])
        except ValidationError:
            errors.append(
                _("column “referent_courriel”: “%(value)s” is not an email address")
                % {"value": contact["email"]}
            )
    if any(contact.values()) and not (contact["first_name"] and contact["last_name"]):
        errors.append(_("a contact person needs both referent_prenom and referent_nom"))
    skills = [
        name.strip() for name in text.get("competences", "").replace("|", ";").split(";") if name.strip()
    ]
    if any(len(name) > 100 for name in skills):
        errors.append(_("column “competences”: a skill name is longer than 100 characters"))
    return ParsedRow(line=line, partner=partner, skills=skills, contact=contact, errors=errors)


def parse_partner_table(headers: list, rows: list[list], *, place) -> list[ParsedRow]:
    """Check every row; raises one ValidationError listing every bad row with its line number."""
    headers = [_plain(header).replace(" ", "_") for header in headers]
    if "nom" not in headers:
        raise ValidationError(
            _("The first line must hold the column names, including “nom”. Expected columns: %(columns)s.")
            % {"columns": ", ".join(COLUMNS)}
        )
    unknown = [header for header in headers if header and header not in COLUMNS]
    if unknown:
        raise ValidationError(
            _("Unknown column(s): %(unknown)s. Expected columns: %(columns)s.")
            % {"unknown": ", ".join(unknown), "columns": ", ".join(COLUMNS)}
        )
    parsed, problems, seen = [], [], {}
    for index, raw in enumerate(rows, start=2):  # line 1 holds the headers
        if not any(str(value or "").strip() for value in raw):
            continue
        values = dict(zip(headers, raw, strict=False))
        row = _parse_row(index, values, place)
        if len(raw) != len(headers):
            row.errors.insert(
                0,
                _("%(found)s cells instead of %(expected)s (a “;” inside a value needs quotes)")
                % {"found": len(raw), "expected": len(headers)},
            )
        key = _plain(row.partner.name)
        if key and key in seen:
            row.errors.append(_("same name as line %(line)s") % {"line": seen[key]})
        seen.setdefault(key, index)
        if row.errors:
            problems.append(
                _("Line %(line)s: %(errors)s.") % {"line": index, "errors": "; ".join(row.errors)}
            )
        parsed.append(row)
    if problems:
        raise ValidationError(problems)
    if not parsed:
        raise ValidationError(_("The file holds no partner."))
    return parsed


@transaction.atomic
def partners_import(*, actor, place, upload, dry_run: bool = False) -> dict[str, int]:
    """Import a directory file into `place`: all rows or none. Entries with the same name are updated."""
    headers, table = read_table(upload)
    rows = parse_partner_table(headers, table, place=place)
    created = updated = 0
    if dry_run:
        return {"created": 0, "updated": 0, "checked": len(rows)}
    existing = {_plain(p.name): p for p in Partner.objects.filter(place=place)}
    for row in rows:
        current = existing.get(_plain(row.partner.name))
        if current is not None:
            row.partner.pk, row.partner.created_at = current.pk, current.created_at
            if current.consent_recorded_on and (row.partner.is_listed or row.partner.accepts_contact):
                row.partner.consent_recorded_on = current.consent_recorded_on
            updated += 1
        else:
            created += 1
        row.partner.save()
        row.partner.skills.set([skill_get_or_create(name) for name in row.skills])
        if row.contact["first_name"]:
            row.partner.contacts.filter(is_primary=True).delete()
            PartnerContact.objects.create(partner=row.partner, is_primary=True, **row.contact)
    journal_log(
        actor=actor, action="partner.import", place=place, created=created, updated=updated, file=upload.name
    )
    return {"created": created, "updated": updated, "checked": len(rows)}


def _yes_no(value: bool) -> str:
    return "oui" if value else "non"


def partners_export(*, actor, partners, file_format: str) -> bytes:
    """The directory in CSV, XLSX or ODS, with the import's columns (the export is journalled)."""
    dataset = tablib.Dataset(headers=COLUMNS)
    count = 0
    for partner in partners:
        contact = partner.primary_contact
        dataset.append(
            [
                partner.name,
                partner.kind,
                partner.description,
                partner.commune,
                partner.insee_code,
                "" if partner.latitude is None else str(partner.latitude),
                "" if partner.longitude is None else str(partner.longitude),
                partner.email,
                partner.phone,
                partner.website,
                "; ".join(skill.name for skill in partner.skills.all()),
                partner.resources,
                partner.availability,
                _yes_no(partner.is_listed),
                _yes_no(partner.accepts_contact),
                contact.first_name if contact else "",
                contact.last_name if contact else "",
                contact.job_title if contact else "",
                contact.email if contact else "",
                contact.phone if contact else "",
            ]
        )
        count += 1
    journal_log(actor=actor, action="partner.export", format=file_format, count=count)
    data = dataset.export(file_format)
    return data.encode("utf-8-sig") if isinstance(data, str) else data


def _escape(value: str) -> str:
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets as RFC 6350 requires (continuation lines start with a space)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def partner_vcard(partner: Partner, *, with_contacts: bool = True) -> str:
    """A vCard 4.0 file: one card for the organisation, one per contact person."""
    skills = ",".join(_escape(skill.name) for skill in partner.skills.all())
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "KIND:org",
        f"FN:{_escape(partner.name)}",
        f"ORG:{_escape(partner.name)}",
    ]
    if with_contacts and partner.email:
        lines.append(f"EMAIL;TYPE=work:{partner.email}")
    if with_contacts and partner.phone:
        lines.append(f"TEL;TYPE=work,voice;VALUE=uri:tel:{partner.phone.replace(' ', '')}")
    if partner.website:
        lines.append(f"URL:{partner.website}")
    if partner.commune:
        lines.append(f"ADR;TYPE=work:;;;{_escape(partner.commune)};;;France")
    if partner.latitude is not None and partner.longitude is not None:
        lines.append(f"GEO:geo:{partner.latitude},{partner.longitude}")
    if skills:
        lines.append(f"CATEGORIES:{skills}")
    if partner.resources:
        lines.append(f"NOTE:{_escape(partner.resources)}")
    lines.append(f"UID:urn:relais:partner:{partner.pk}")
    lines.append("END:VCARD")
    for contact in partner.contacts.all() if with_contacts else []:
        lines += [
            "BEGIN:VCARD",
            "VERSION:4.0",
            "KIND:individual",
            f"FN:{_escape(str(contact))}",
            f"N:{_escape(contact.last_name)};{_escape(contact.first_name)};;;",
            f"ORG:{_escape(partner.name)}",
        ]
        if contact.job_title:
            lines.append(f"TITLE:{_escape(contact.job_title)}")
        if contact.email:
            lines.append(f"EMAIL;TYPE=work:{contact.email}")
        if contact.phone:
            lines.append(f"TEL;TYPE=work,voice;VALUE=uri:tel:{contact.phone.replace(' ', '')}")
        lines += [f"UID:urn:relais:partner-contact:{contact.pk}", "END:VCARD"]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


@transaction.atomic
def contact_add(*, actor, partner: Partner, **fields) -> PartnerContact:
    """Add a contact person to a partner; a new main contact replaces the previous one as main."""
    contact = PartnerContact(partner=partner, **fields)
    contact.full_clean()
    if contact.is_primary:
        partner.contacts.filter(is_primary=True).update(is_primary=False)
    contact.save()
    journal_log(actor=actor, action="partner_contact.create", target=contact, place=partner.place)
    return contact


@transaction.atomic
def contact_remove(*, actor, contact: PartnerContact) -> None:
    """Remove a contact person (their details go with them)."""
    journal_log(actor=actor, action="partner_contact.delete", target=contact, place=contact.partner.place)
    contact.delete()
