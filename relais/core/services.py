"""Writes on organisations, places and roles. Every change is journalled."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from relais.core.journal import journal_log
from relais.core.models import Organisation, Place, TaskFailure

PLACE_EDITABLE_FIELDS = frozenset(
    field
    for field in [*Place.SCHEMA_FIELDS.values(), "slug", "is_visible", "is_active"]
    if field != "data_updated_on"
)
ORGANISATION_EDITABLE_FIELDS = frozenset({"name", "slug", "pivot", "kind", "parent", "website", "email"})
# Slugs taken by the pages' own addresses (gestion/lieux/nouveau/, gestion/organisations/nouvelle/).
RESERVED_SLUGS = frozenset({"nouveau", "nouvelle"})


def unique_slug(model: type[models.Model], text: str, *, exclude_pk: int | None = None) -> str:
    """A slug made from `text` that no other row of `model` uses (suffixed -2, -3… when needed)."""
    max_length = model._meta.get_field("slug").max_length
    base = slugify(text)[: max_length - 4].strip("-") or model._meta.model_name
    taken = set(
        model.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken or slug in RESERVED_SLUGS:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _check_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(fields) - allowed)
    if unknown:
        message = _("This field does not exist or cannot be changed.")
        raise ValidationError(dict.fromkeys(unknown, message))


def _check_slug(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("This slug is reserved by Relais: choose another one.")})


def _apply(instance: models.Model, fields: dict[str, Any]) -> list[str]:
    changed = []
    for name, value in fields.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def place_create(*, actor, organisation: Organisation, **fields: Any) -> Place:
    """Create a place in `organisation`, validated against the national schema; journalled."""
    _check_fields(fields, PLACE_EDITABLE_FIELDS)
    place = Place(organisation=organisation, **fields)
    if not place.slug:
        place.slug = unique_slug(Place, place.name or "lieu")
    _check_slug(place.slug)
    place.data_updated_on = timezone.localdate()
    place.full_clean()
    place.save()
    journal_log(actor=actor, action="place.create", target=place, place=place, organisation=organisation.slug)
    return place


@transaction.atomic
def place_update(*, actor, place: Place, **fields: Any) -> Place:
    """Change a place's fields (validated); records which fields changed and bumps its update date."""
    _check_fields(fields, PLACE_EDITABLE_FIELDS)
    place = Place.objects.select_for_update().get(pk=place.pk)
    if "slug" in fields and not fields["slug"]:
        fields["slug"] = unique_slug(Place, fields.get("name") or place.name, exclude_pk=place.pk)
    changed = _apply(place, fields)
    if not changed:
        return place
    _check_slug(place.slug)
    place.data_updated_on = timezone.localdate()
    place.full_clean()
    place.save()
    journal_log(actor=actor, action="place.update", target=place, place=place, changed=sorted(changed))
    return place


@transaction.atomic
def organisation_create(*, actor, **fields: Any) -> Organisation:
    """Create an organisation (its legal identifier validated); journalled."""
    _check_fields(fields, ORGANISATION_EDITABLE_FIELDS)
    organisation = Organisation(**fields)
    if not organisation.slug:
        organisation.slug = unique_slug(Organisation, organisation.name or "organisation")
    _check_slug(organisation.slug)
    organisation.full_clean()
    organisation.save()
    journal_log(actor=actor, action="organisation.create", target=organisation)
    return organisation


@transaction.atomic
def organisation_update(*, actor, organisation: Organisation, **fields: Any) -> Organisation:
    """Change an organisation's fields (validated); records which fields changed."""
    _check_fields(fields, ORGANISATION_EDITABLE_FIELDS)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if "slug" in fields and not fields["slug"]:
        fields["slug"] = unique_slug(
            Organisation, fields.get("name") or organisation.name, exclude_pk=organisation.pk
        )
    changed = _apply(organisation, fields)
    if not changed:
        return organisation
    _check_slug(organisation.slug)
    organisation.full_clean()
    organisation.save()
    journal_log(actor=actor, action="organisation.update", target=organisation, changed=sorted(changed))
    return organisation


@transaction.atomic
def task_failure_resolve(*, failure: TaskFailure, actor) -> TaskFailure:
    """Mark a failed task as dealt with; it leaves the list of open failures."""
    failure.resolved_at = timezone.now()
    failure.save(update_fields=["resolved_at"])
    journal_log(actor=actor, action="task_failure.resolve", target=failure)
    return failure
