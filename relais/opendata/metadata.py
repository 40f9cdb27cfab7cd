"""Describing the catalogue: a Frictionless Data Package per dataset and DCAT (JSON-LD) for the whole.

DCAT properties follow DCAT-AP and the mapping data.gouv.fr applies when it harvests a catalogue:
dct:title, dct:description, dcat:keyword, dct:license, dct:temporal, dct:accrualPeriodicity,
dct:identifier, dcat:landingPage, dct:issued/dct:modified, dct:spatial, and one dcat:Distribution
per file (dcat:downloadURL, dct:format, dcat:mediaType, dcat:byteSize, spdx:checksum, dct:conformsTo).
"""

from django.conf import settings
from django.urls import reverse

from relais.knowledge.vocabularies import LICENCE_URLS, Licence
from relais.opendata.models import Dataset, DatasetResource

EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
FREQUENCIES = {
    "continuous": "CONT",
    "daily": "DAILY",
    "weekly": "WEEKLY",
    "monthly": "MONTHLY",
    "quarterly": "QUARTERLY",
    "annual": "ANNUAL",
    "irregular": "IRREG",
    "punctual": "NEVER",
    "unknown": "UNKNOWN",
}
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
FILE_TYPES = {"csv": "CSV", "json": "JSON", "ics": "ICS"}
# Identifiers data.gouv.fr gives the licences (udata).
UDATA_LICENCES = {
    Licence.ETALAB: "lov2",
    Licence.ODBL: "odc-odbl",
    Licence.CC_BY: "cc-by",
    Licence.CC_BY_SA: "cc-by-sa",
    Licence.CC0: "cc-zero",
    Licence.ALL_RIGHTS_RESERVED: "notspecified",
}


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _resource_path(resource: DatasetResource) -> str:
    return absolute(resource.get_absolute_url())


def datapackage(dataset: Dataset) -> dict:
    """The Frictionless Data Package descriptor of a dataset."""
    package = {
        "profile": "data-package",
        "name": dataset.slug,
        "title": dataset.title,
        "description": dataset.description,
        "homepage": absolute(dataset.get_absolute_url()),
        "keywords": dataset.keywords,
        "licenses": [
            {"name": dataset.licence, "title": dataset.get_licence_display(), "path": dataset.licence_url}
        ],
        "resources": [],
    }
    if dataset.published_at:
        package["created"] = dataset.published_at.isoformat()
    for resource in dataset.resources.all():
        descriptor = {
            "name": f"{resource.name}-{resource.format}",
            "title": resource.title,
            "path": _resource_path(resource),
            "format": resource.format,
            "mediatype": resource.media_type,
            "encoding": "utf-8",
            "bytes": resource.size,
            "hash": f"sha256:{resource.checksum}",
        }
        if resource.table_schema and resource.format == "csv":
            descriptor["profile"] = "tabular-data-resource"
            descriptor["schema"] = resource.table_schema
        if resource.schema_reference:
            descriptor["sources"] = [
                {"title": resource.schema_reference["name"], "path": resource.schema_reference["url"]}
            ]
        package["resources"].append(descriptor)
    return package


def _distribution(resource: DatasetResource) -> dict:
    url = _resource_path(resource)
    distribution = {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": resource.title,
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dct:format": {"@id": EU_FILE_TYPE + FILE_TYPES.get(resource.format, resource.format.upper())},
        "dcat:mediaType": resource.media_type,
        "dcat:byteSize": {"@value": str(resource.size), "@type": "xsd:decimal"},
        "dct:modified": {"@value": resource.published_at.isoformat(), "@type": "xsd:dateTime"},
        "spdx:checksum": {
            "@type": "spdx:Checksum",
            "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
            "spdx:checksumValue": resource.checksum,
        },
    }
    if resource.schema_reference:
        distribution["dct:conformsTo"] = {"@id": resource.schema_reference["url"]}
    return distribution


def dcat_dataset(dataset: Dataset) -> dict:
    landing = absolute(dataset.get_absolute_url())
    node = {
        "@id": landing,
        "@type": "dcat:Dataset",
        "dct:identifier": dataset.slug,
        "dct:title": dataset.title,
        "dct:description": dataset.description,
        "dcat:keyword": dataset.keywords,
        "dcat:landingPage": {"@id": landing},
        "dct:license": {"@id": LICENCE_URLS.get(dataset.licence) or UDATA_LICENCES[dataset.licence]},
        "dct:accrualPeriodicity": {"@id": EU_FREQUENCY + FREQUENCIES.get(dataset.frequency, "UNKNOWN")},
        "dct:issued": {"@value": dataset.created_at.isoformat(), "@type": "xsd:dateTime"},
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": dataset.publisher or "Relais"},
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/FRA"},
        "dcat:distribution": [_distribution(resource) for resource in dataset.resources.all()],
    }
    if dataset.published_at:
        node["dct:modified"] = {"@value": dataset.published_at.isoformat(), "@type": "xsd:dateTime"}
    if dataset.temporal_start or dataset.temporal_end:
        period = {"@type": "dct:PeriodOfTime"}
        if dataset.temporal_start:
            period["dcat:startDate"] = {"@value": dataset.temporal_start.isoformat(), "@type": "xsd:date"}
        if dataset.temporal_end:
            period["dcat:endDate"] = {"@value": dataset.temporal_end.isoformat(), "@type": "xsd:date"}
        node["dct:temporal"] = period
    if dataset.spatial_coverage:
        node["dct:spatial"] = {"@type": "dct:Location", "skos:prefLabel": dataset.spatial_coverage}
    return node


def dcat_catalogue(datasets) -> dict:
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "spdx": "http://spdx.org/rdf/terms#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": absolute(reverse("opendata:catalogue-jsonld")),
        "@type": "dcat:Catalog",
        "dct:title": "Relais — données ouvertes",
        "dct:description": "Catalogue des données ouvertes publiées par les lieux de médiation numérique.",
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/FRA"},
        "foaf:homepage": {"@id": absolute(reverse("opendata:catalogue"))},
        "dcat:dataset": [dcat_dataset(dataset) for dataset in datasets],
    }
