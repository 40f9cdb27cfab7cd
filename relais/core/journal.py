"""Writing to the journal: one helper, called by services."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from relais.core.models import Journal, Place


def journal_log(
    *, actor, action: str, target: Model | None = None, place: Place | None = None, **data
) -> Journal:
    """Append who did `action` (e.g. "place.update") to `target`, with JSON-serialisable details."""
    entry = Journal(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=(getattr(actor, "email", "") or str(actor or ""))[:254] if actor else "",
        action=action,
        place=place,
        data=data,
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        entry.target_id = str(target.pk)
        entry.target_label = str(target)[:254]
    entry.save()
    return entry
