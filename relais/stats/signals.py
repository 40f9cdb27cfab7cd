"""Keep the mediation summaries current: a saved, deleted or re-tagged activity marks its month dirty,
and so do activities written in bulk (imports, merges), announced through the mediation hooks."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from relais.mediation import hooks
from relais.mediation.models import Activity
from relais.stats.summaries import mark_dirty, month_of


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


def connect() -> None:
    hooks.register_bulk_change_listener(_changed_in_bulk)
    pre_save.connect(_remember_previous, sender=Activity, dispatch_uid="stats-activity-pre")
    post_save.connect(_saved, sender=Activity, dispatch_uid="stats-activity-saved")
    post_delete.connect(_deleted, sender=Activity, dispatch_uid="stats-activity-deleted")
    m2m_changed.connect(_relations_changed, sender=Activity.tags.through, dispatch_uid="stats-activity-tags")
    m2m_changed.connect(
        _relations_changed, sender=Activity.participants.through, dispatch_uid="stats-activity-people"
    )
