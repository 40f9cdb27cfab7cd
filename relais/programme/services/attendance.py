"""Attendance (check-in, closing a session) and the satisfaction survey."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.journal import journal_log
from relais.programme import hooks
from relais.programme.models import (
    Registration,
    Session,
    SurveyAnswer,
)

State = Registration.State


# Attendance ---------------------------------------------------------------------------------------


@transaction.atomic
def attendance_mark(*, registration: Registration, attended: bool, actor) -> Registration:
    """Record that a person came (or did not); listeners hear of every new `attended`."""
    registration = Registration.objects.select_for_update().select_related("session").get(pk=registration.pk)
    session = registration.session
    if not session.has_started and attended is False:
        raise ValidationError(_("Someone can only be marked absent once the session has started."))
    if not session.attendance_open:
        raise ValidationError(_("Attendance can be taken from two hours before the session starts."))
    if session.is_cancelled:
        raise ValidationError(_("This session was cancelled."))
    allowed = (State.CONFIRMED, State.ATTENDED, State.NO_SHOW, State.WAITLISTED, State.PENDING_APPROVAL)
    if registration.state not in allowed:
        raise ValidationError(_("This registration was cancelled: it cannot be marked present or absent."))
    new_state = State.ATTENDED if attended else State.NO_SHOW
    if registration.state == new_state:
        return registration
    registration.state = new_state
    registration.checked_in_at = timezone.now() if attended else None
    registration.save(update_fields=["state", "checked_in_at", "updated_at"])
    journal_log(
        actor=actor,
        action="registration.attendance",
        target=registration,
        place=session.place,
        state=new_state,
    )
    if attended:
        hooks.notify_attended(registration)
    return registration


CHECK_IN_OUTCOMES = {
    "checked_in": _("Welcome! Presence recorded."),
    "already_checked_in": _("This person's presence was already recorded."),
    "cancelled": _("This registration was cancelled."),
    "wrong_session": _("This registration is for another session."),
    "not_open": _("Check-in opens two hours before the session."),
}


def attendance_check_in(*, registration: Registration, session: Session | None = None, actor) -> str:
    """Check someone in from their QR code; returns an outcome code of CHECK_IN_OUTCOMES."""
    registration.refresh_from_db()
    if session is not None and registration.session_id != session.pk:
        return "wrong_session"
    if registration.state == State.ATTENDED:
        return "already_checked_in"
    if registration.state in Registration.CLOSED_STATES or registration.state == State.PENDING_CONFIRMATION:
        return "cancelled"
    try:
        attendance_mark(registration=registration, attended=True, actor=actor)
    except ValidationError:
        return "not_open"
    return "checked_in"


@transaction.atomic
def attendance_close(*, session: Session, actor) -> Session:
    """Close attendance: unmarked confirmed people become no-shows; the collective activity is logged."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.attendance_closed_at:
        raise ValidationError(_("Attendance for this session is already closed."))
    if not session.has_started:
        raise ValidationError(_("Attendance can be closed once the session has started."))
    if session.is_cancelled:
        raise ValidationError(_("This session was cancelled."))
    session.registrations.filter(state=State.CONFIRMED).update(state=State.NO_SHOW, updated_at=timezone.now())
    session.attendance_closed_at = timezone.now()
    session.save(update_fields=["attendance_closed_at", "updated_at"])
    from relais.programme.activity import activity_for_session

    activity_for_session(session=session, actor=actor)
    journal_log(actor=actor, action="session.close_attendance", target=session, place=session.place)
    from relais.programme.tasks import send_session_surveys

    pk = session.pk
    transaction.on_commit(lambda: send_session_surveys(pk))
    return session


# Satisfaction -------------------------------------------------------------------------------------


@transaction.atomic
def survey_answer_submit(
    *,
    registration: Registration | None = None,
    session: Session | None = None,
    satisfaction: int,
    goal_reached: str,
    recommendation: int | None = None,
    comment: str = "",
) -> SurveyAnswer:
    """Record what a participant thought of a session: by their own link (one answer, replaced when
    given again) or anonymously through the QR code of the sign-in sheet."""
    if registration is not None:
        session = registration.session
        if registration.state != State.ATTENDED:
            raise ValidationError(_("Only people who attended the session can answer the survey."))
    if session is None or not session.has_started or session.is_cancelled:
        raise ValidationError(_("The survey opens once the session has started."))
    if not 0 <= satisfaction <= 10 or (recommendation is not None and not 0 <= recommendation <= 10):
        raise ValidationError(_("Marks go from 0 to 10."))
    if goal_reached not in SurveyAnswer.Goal.values:
        raise ValidationError({"goal_reached": _("Say whether you reached your goal.")})
    values = {
        "session": session,
        "satisfaction": satisfaction,
        "goal_reached": goal_reached,
        "recommendation": recommendation,
        "comment": comment.strip(),
    }
    if registration is not None:
        answer, _created = SurveyAnswer.objects.update_or_create(registration=registration, defaults=values)
    else:
        answer = SurveyAnswer.objects.create(**values)
    journal_log(actor=None, action="survey.answer", target=answer, place=session.place)
    return answer
