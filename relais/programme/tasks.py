"""Background jobs of the programme: messages, reminders 48 h (by default) before, surveys after."""

from datetime import datetime

from django.utils import timezone
from huey import crontab

from relais.core.tasks import relais_periodic_task, relais_task
from relais.programme import messaging, services
from relais.programme.models import MessageLog, Registration, Session


@relais_task()
def send_registration_message(registration_pk: int, kind: str) -> None:
    registration = (
        Registration.objects.select_related("session__event", "session__place")
        .filter(pk=registration_pk)
        .first()
    )
    if registration is not None:
        messaging.message_send(registration=registration, kind=kind)


@relais_task(context=True)
def send_reminder(registration_pk: int, expected_start: str, task=None) -> None:
    """Carries the start it was planned for: after a reschedule, the stale job sends nothing. The claim
    names this task, so its own retries (and its re-run after a worker crash) still send the reminder."""
    registration = services.reminder_claim(
        registration_pk=registration_pk,
        expected_start=datetime.fromisoformat(expected_start),
        task_id=str(task.id) if task is not None else "",
    )
    if registration is not None:
        messaging.message_send(registration=registration, kind=MessageLog.Kind.REMINDER)


@relais_periodic_task(crontab(minute="*/15"))
def send_due_reminders() -> None:
    for registration_pk, start in services.reminders_due():
        send_reminder(registration_pk, start.isoformat())


@relais_task()
def send_session_surveys(session_pk: int) -> None:
    session = Session.objects.filter(pk=session_pk, survey_sent_at__isnull=True).first()
    if session is None:
        return
    Session.objects.filter(pk=session_pk).update(survey_sent_at=timezone.now())
    registrations = session.registrations.filter(
        state=Registration.State.ATTENDED, survey_answer__isnull=True
    ).select_related("session__event", "session__place")
    for registration in registrations:
        messaging.message_send(registration=registration, kind=MessageLog.Kind.SURVEY)
