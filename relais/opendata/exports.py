"""Rows of the built-in datasets, in the shape each published format needs."""

import csv
import io
import json
from decimal import Decimal

from relais.core.models import Place
from relais.core.vocabularies import places_schema
from relais.knowledge.selectors import public_articles


def places_columns() -> list[str]:
    return [field["name"] for field in places_schema()["fields"]]


def _cell(value) -> str | float | None:
    if isinstance(value, list):
        return "|".join(str(item) for item in value)
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def place_record(place: Place) -> dict:
    """One place as a row of the national places schema (column -> value, in schema order)."""
    record = {}
    for column in places_columns():
        if column == "id":
            record[column] = place.schema_id
        else:
            record[column] = _cell(getattr(place, Place.SCHEMA_FIELDS[column]))
    return record


def places_records() -> list[dict]:
    places = Place.objects.visible().select_related("organisation").order_by("pk")
    return [place_record(place) for place in places]


def to_csv(columns: list[str], records: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: "" if value is None else value for key, value in record.items()})
    return buffer.getvalue().encode("utf-8")


def to_json(records) -> bytes:
    return json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")


def knowledge_records(site_url: str) -> list[dict]:
    return [
        {
            "id": article.slug,
            "type": article.kind,
            "titre": article.title,
            "resume": article.summary,
            "texte_markdown": article.body,
            "url": f"{site_url}{article.get_absolute_url()}",
            "fiche_pdf": f"{site_url}{article.get_absolute_url()}fiche.pdf",
            "licence": article.licence,
            "credit": article.credit_line,
            "lieu": article.place.name,
            "thematiques": article.themes,
            "competences_crcn": article.competences,
            "public": article.audience,
            "niveau": article.level,
            "version": article.version,
            "date_publication": article.published_at.isoformat() if article.published_at else None,
            "date_maj": article.updated_at.isoformat(),
        }
        for article in public_articles()
    ]
