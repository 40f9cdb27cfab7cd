"""Closing a session's attendance writes the collective activity in the mediation log, without retyping."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.programme.models import Registration, Session

MAX_ACTIVITY_MINUTES = 720


def activity_for_session(*, session: Session, actor):
    """Create the collective Activity of a session: followed participants linked, others counted anonymously.

    Returns the activity, or None when nobody came. Idempotent: the activity carries the session's
    identifier as its import key, so closing twice never logs the workshop twice.
    """
    from relais.mediation.models import Activity
    from relais.mediation.services import activity_create

    attended = list(
        session.registrations.filter(state=Registration.State.ATTENDED).select_related("beneficiary")
    )
    if not attended:
        return None
    import_key = f"programme-session-{session.uid}"
    existing = Activity.objects.filter(place=session.place, import_key=import_key).first()
    if existing is not None:
        return existing
    event = session.event
    themes = list(event.themes or (event.workshop.themes if event.workshop_id else []))
    if not themes:
        raise ValidationError(
            _("Give the event at least one theme before closing attendance: the activity log needs it.")
        )
    followed = [registration.beneficiary for registration in attended if registration.beneficiary_id]
    anonymous = len(attended) - len(followed)
    activity = activity_create(
        author=actor,
        place=session.place,
        kind="collective",
        date=timezone.localdate(session.start_at),
        duration=max(1, min(session.duration_minutes, MAX_ACTIVITY_MINUTES)),
        themes=themes,
        participants=followed,
        anonymous_participants={"total": anonymous} if anonymous else None,
        workshop_title=event.title,
        level=event.level or (event.workshop.level if event.workshop_id else ""),
        source_label=_("Programme: %(event)s") % {"event": event.title},
        import_key=import_key,
    )
    Session.objects.filter(pk=session.pk).update(activity=activity)
    session.activity = activity
    return activity
