"""Keep the mediation summaries current: a saved, deleted or re-tagged activity marks its month dirty,
and so do activities written in bulk (imports, merges), announced through the mediation hooks. A place
moving to another organisation moves its rows between the organisations' roll-ups; a place moving or
deleted (possible only once its activities are) has its pending months recomputed first, while its
rows still count in its organisation."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from relais.core.models import Place
from relais.mediation import hooks
from relais.mediation.models import Activity
from relais.stats import rollups
from relais.stats.people import lock_place
from relais.stats.summaries import bump_version, mark_dirty, month_of, refresh_dirty


def _remember_previous(sender, instance, **kwargs) -> None:
    if instance.pk:
        instance._stats_previous = (
            Activity.objects.filter(pk=instance.pk).values_list("place_id", "date").first()
        )


def _saved(sender, instance, **kwargs) -> None:
    mark_dirty(instance.place_id, instance.date)
    previous = getattr(instance, "_stats_previous", None)
    if previous and previous != (instance.place_id, instance.date):
        mark_dirty(*previous)


def _deleted(sender, instance, **kwargs) -> None:
    mark_dirty(instance.place_id, instance.date)


def _relations_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_") and isinstance(instance, Activity):
        mark_dirty(instance.place_id, instance.date)


def _changed_in_bulk(changes) -> None:
    for place_id, month in {(place_id, month_of(day)) for place_id, day in changes}:
        mark_dirty(place_id, month)


def _settle(place_id: int) -> None:
    """Recompute a place's pending months now, while its summaries still count in its organisation."""
    lock_place(place_id)  # a worker rebuilding one of its months finishes first
    refresh_dirty(place_id)


def _remember_organisation(sender, instance, **kwargs) -> None:
    if instance.pk:
        previous = Place.objects.filter(pk=instance.pk).values_list("organisation_id", flat=True).first()
        instance._stats_organisation = previous
        if previous is not None and previous != instance.organisation_id:
            _settle(instance.pk)


def _place_saved(sender, instance, created, **kwargs) -> None:
    previous = getattr(instance, "_stats_organisation", None)
    if not created and previous is not None and previous != instance.organisation_id:
        rollups.move_place(instance.pk, previous, instance.organisation_id)
        bump_version(instance.pk)
    instance._stats_organisation = instance.organisation_id


def _place_deleting(sender, instance, **kwargs) -> None:
    _settle(instance.pk)


def connect() -> None:
    hooks.register_bulk_change_listener(_changed_in_bulk)
    pre_save.connect(_remember_organisation, sender=Place, dispatch_uid="stats-place-pre")
    post_save.connect(_place_saved, sender=Place, dispatch_uid="stats-place-saved")
    pre_delete.connect(_place_deleting, sender=Place, dispatch_uid="stats-place-deleting")
    pre_save.connect(_remember_previous, sender=Activity, dispatch_uid="stats-activity-pre")
    post_save.connect(_saved, sender=Activity, dispatch_uid="stats-activity-saved")
    post_delete.connect(_deleted, sender=Activity, dispatch_uid="stats-activity-deleted")
    m2m_changed.connect(_relations_changed, sender=Activity.tags.through, dispatch_uid="stats-activity-tags")
    m2m_changed.connect(
        _relations_changed, sender=Activity.participants.through, dispatch_uid="stats-activity-people"
    )
