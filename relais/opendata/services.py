"""Publishing datasets: built-in ones regenerated from the other apps, contributed ones after moderation.

A built-in tabular file is validated with frictionless against its Table Schema before each
publication; when validation fails the previous files stay online and the report is kept on the dataset.
"""

import hashlib
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from relais.core.journal import journal_log
from relais.core.vocabularies import PLACES_SCHEMA_PATH, places_schema
from relais.knowledge import tables
from relais.knowledge.models import Contribution
from relais.knowledge.selectors import contribution_file_bytes
from relais.knowledge.vocabularies import DATA_LICENCES
from relais.opendata import exports
from relais.opendata.builtins import BUILTINS, PLACES_SCHEMA_REFERENCE
from relais.opendata.models import Dataset, DatasetResource, Frequency


def builtin_dataset(key: str) -> Dataset:
    """The catalogue row of a built-in dataset, its metadata kept in line with `BUILTINS`."""
    builtin = BUILTINS[key]
    with translation.override(settings.LANGUAGE_CODE):
        title, description = str(builtin.title), str(builtin.description)
    metadata = {
        "title": title,
        "description": description,
        "frequency": builtin.frequency,
        "licence": builtin.licence,
        "spatial_granularity": builtin.granularity,
        "spatial_coverage": "France",
        "keywords": builtin.keywords,
    }
    dataset, created = Dataset.objects.get_or_create(
        builtin_key=key, defaults={"slug": builtin.slug, "origin": Dataset.Origin.BUILTIN, **metadata}
    )
    if not created and any(getattr(dataset, name) != value for name, value in metadata.items()):
        # The metadata of a built-in dataset is defined in code: a new release updates it.
        for name, value in metadata.items():
            setattr(dataset, name, value)
        dataset.save()
    return dataset


def store_resource(
    dataset: Dataset, *, name: str, fmt: str, media_type: str, title: str, content: bytes, **extra
):
    resource = DatasetResource.objects.filter(dataset=dataset, name=name, format=fmt).first()
    resource = resource or DatasetResource(dataset=dataset, name=name, format=fmt)
    old_file = resource.file.name if resource.pk else ""
    resource.title, resource.media_type = title, media_type
    resource.checksum = hashlib.sha256(content).hexdigest()
    resource.size = len(content)
    resource.published_at = timezone.now()
    resource.table_schema = extra.get("table_schema")
    resource.schema_reference = extra.get("schema_reference")
    resource.file.save(f"{dataset.slug}-{name}.{fmt}", ContentFile(content), save=False)
    resource.save()
    if old_file and old_file != resource.file.name:
        resource.file.storage.delete(old_file)
    return resource


def record_validation_failure(dataset: Dataset, problems: list[dict], actor) -> bool:
    dataset.last_attempt_at = timezone.now()
    dataset.last_validation_ok = False
    dataset.last_report = problems
    dataset.save(update_fields=["last_attempt_at", "last_validation_ok", "last_report", "updated_at"])
    journal_log(actor=actor, action="dataset.validation_failed", target=dataset, problems=len(problems))
    return False


def record_publication(dataset: Dataset, actor, **coverage) -> bool:
    now = timezone.now()
    dataset.last_attempt_at = dataset.published_at = now
    dataset.last_validation_ok, dataset.last_report, dataset.is_published = True, [], True
    for name, value in coverage.items():
        setattr(dataset, name, value)
    dataset.save()
    journal_log(actor=actor, action="dataset.publish", target=dataset)
    return True


def validate_csv_file(content: bytes, schema_path: Path) -> list[dict]:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "data.csv"
        path.write_bytes(content)
        return tables.validate_file(str(path), str(schema_path))


def places_problems(content: bytes) -> list[dict]:
    """What frictionless finds wrong in a places CSV against the national schema (empty: valid)."""
    return validate_csv_file(content, PLACES_SCHEMA_PATH)


@transaction.atomic
def publish_places(*, actor=None) -> bool:
    """Publish the visible places as CSV and JSON in the national schema, only if the CSV validates."""
    dataset = builtin_dataset("places")
    records = exports.places_records()
    content = exports.to_csv(exports.places_columns(), records)
    problems = places_problems(content)
    if problems:
        return record_validation_failure(dataset, problems, actor)
    schema = places_schema()
    title = _("Digital-mediation places")
    store_resource(
        dataset,
        name="lieux",
        fmt="csv",
        media_type="text/csv",
        title=f"{title} (CSV)",
        content=content,
        table_schema=schema,
        schema_reference=PLACES_SCHEMA_REFERENCE,
    )
    store_resource(
        dataset,
        name="lieux",
        fmt="json",
        media_type="application/json",
        title=f"{title} (JSON)",
        content=exports.to_json(records),
        schema_reference=PLACES_SCHEMA_REFERENCE,
    )
    return record_publication(dataset, actor)


@transaction.atomic
def publish_knowledge(*, actor=None) -> bool:
    dataset = builtin_dataset("knowledge")
    records = exports.knowledge_records(settings.SITE_URL)
    store_resource(
        dataset,
        name="articles",
        fmt="json",
        media_type="application/json",
        title=_("Articles and learning sheets"),
        content=exports.to_json(records),
    )
    dates = [record["date_publication"][:10] for record in records if record["date_publication"]]
    return record_publication(
        dataset, actor, temporal_start=min(dates) if dates else None, temporal_end=timezone.localdate()
    )


def _publishers():
    from relais.opendata import activity, programme

    return {
        "places": publish_places,
        "activity": activity.publish_activity,
        "programme": programme.publish_programme,
        "knowledge": publish_knowledge,
    }


def regenerate_builtin_datasets(*, actor=None) -> dict[str, bool]:
    """Regenerate every built-in dataset; one failing does not stop the others."""
    return {key: publisher(actor=actor) for key, publisher in _publishers().items()}


def regenerate_dataset(*, dataset: Dataset, actor=None) -> bool:
    if not dataset.builtin_key:
        raise ValidationError(_("Only built-in datasets are regenerated."))
    return _publishers()[dataset.builtin_key](actor=actor)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "jeu-de-donnees"
    slug, number = base, 2
    while Dataset.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def publish_contribution(contribution: Contribution, actor) -> str:
    """Publish a moderated dataset contribution in the catalogue, after validating it once more."""
    if contribution.licence not in DATA_LICENCES:
        raise ValidationError(
            _("A dataset must carry an open licence (Licence Ouverte, ODbL, CC BY, CC BY-SA or CC0).")
        )
    content = contribution_file_bytes(contribution)
    problems = tables.validate_table(content, contribution.table_schema or {})
    if problems:
        raise ValidationError(_("The table no longer matches its schema: it cannot be published."))
    dataset = Dataset.objects.create(
        slug=_unique_slug(contribution.title),
        title=contribution.title,
        description=contribution.body,
        licence=contribution.licence,
        frequency=Frequency.PUNCTUAL,
        origin=Dataset.Origin.CONTRIBUTED,
        contribution=contribution,
        place=contribution.place,
        publisher=contribution.credit or contribution.contact_name,
        spatial_coverage=contribution.place.commune,
        spatial_granularity="fr:commune",
    )
    store_resource(
        dataset,
        name="donnees",
        fmt="csv",
        media_type="text/csv",
        title=contribution.title,
        content=content,
        table_schema=contribution.table_schema,
    )
    record_publication(dataset, actor)
    return dataset.get_absolute_url()
