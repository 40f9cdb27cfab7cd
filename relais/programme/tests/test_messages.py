import json
from datetime import timedelta

import httpx
import pytest
import time_machine

from relais.programme import services, sms, tasks
from relais.programme.models import MessageLog, Registration
from relais.programme.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db
Kind = MessageLog.Kind


def _reminders(registration):
    return MessageLog.objects.filter(registration=registration, kind=Kind.REMINDER)


def test_reminder_sent_once_48_hours_before(session, mailoutbox):
    registration = RegistrationFactory(session=session, phone="+33612345678")

    with time_machine.travel(session.start_at - timedelta(hours=49)):
        tasks.send_due_reminders.call_local()
    assert _reminders(registration).count() == 0

    with time_machine.travel(session.start_at - timedelta(hours=47)):
        tasks.send_due_reminders.call_local()
        tasks.send_due_reminders.call_local()

    assert _reminders(registration).filter(channel="email").count() == 1
    assert _reminders(registration).filter(channel="sms").count() == 1
    assert registration.get_cancel_url() in mailoutbox[-1].body


def test_rescheduled_session_never_sends_stale_reminder(session, mediator):
    registration = RegistrationFactory(session=session)
    planned_for = session.start_at
    services.session_update(
        session=session,
        actor=mediator,
        start_at=session.start_at + timedelta(days=7),
        end_at=session.end_at + timedelta(days=7),
    )

    with time_machine.travel(planned_for - timedelta(hours=47)):
        tasks.send_reminder.call_local(registration.pk, planned_for.isoformat())
        tasks.send_due_reminders.call_local()

    assert _reminders(registration).count() == 0


def test_opted_out_person_gets_no_reminder(session):
    registration = RegistrationFactory(session=session, messages_opt_out=True)

    with time_machine.travel(session.start_at - timedelta(hours=24)):
        tasks.send_due_reminders.call_local()

    assert _reminders(registration).count() == 0


def test_reminder_hours_configurable_per_event(session):
    session.event.reminder_hours = 0
    session.event.save()
    registration = RegistrationFactory(session=session)

    with time_machine.travel(session.start_at - timedelta(hours=2)):
        tasks.send_due_reminders.call_local()

    assert _reminders(registration).count() == 0


def test_sms_only_person_gets_sms_with_cancel_link(session, sms_outbox):
    registration = RegistrationFactory(session=session, email="", phone="+33698765432")

    tasks.send_registration_message.call_local(registration.pk, Kind.CONFIRMATION)

    assert sms_outbox[0].to == "+33698765432"
    assert registration.get_cancel_url() in sms_outbox[0].text
    assert MessageLog.objects.get().result == MessageLog.Result.SENT


def test_http_sms_backend_posts_json_and_logs_failures(session, settings):
    settings.PROGRAMME_SMS_BACKEND = "relais.programme.sms.HttpBackend"
    settings.PROGRAMME_SMS_HTTP_URL = "https://sms.example.test/send"
    settings.PROGRAMME_SMS_HTTP_TOKEN = "secret"
    seen = []

    def handler(request):
        seen.append((request.headers["Authorization"], json.loads(request.content)))
        return httpx.Response(200 if len(seen) == 1 else 503, json={"id": "abc"})

    sms.HttpBackend.transport = httpx.MockTransport(handler)
    try:
        registration = RegistrationFactory(session=session, email="", phone="+33698765432")
        tasks.send_registration_message.call_local(registration.pk, Kind.CONFIRMATION)
        tasks.send_registration_message.call_local(registration.pk, Kind.REMINDER)
    finally:
        sms.HttpBackend.transport = None

    assert seen[0][0] == "Bearer secret"
    assert seen[0][1]["to"] == "+33698765432"
    results = list(MessageLog.objects.order_by("pk").values_list("result", "provider"))
    assert results == [("sent", "http abc"), ("failed", "")]


def test_file_sms_backend_writes_one_line(session, settings, tmp_path):
    settings.PROGRAMME_SMS_BACKEND = "relais.programme.sms.FileBackend"
    settings.PROGRAMME_SMS_FILE_PATH = str(tmp_path / "sms.log")
    registration = RegistrationFactory(session=session, email="", phone="+33698765432")

    tasks.send_registration_message.call_local(registration.pk, Kind.CONFIRMATION)

    line = json.loads((tmp_path / "sms.log").read_text().splitlines()[0])
    assert line["to"] == "+33698765432"


def test_waitlisted_email_says_position(session, mailoutbox):
    registration = RegistrationFactory(session=session, state=Registration.State.WAITLISTED)
    registration.waitlisted_at = registration.created_at
    registration.save()

    tasks.send_registration_message.call_local(registration.pk, Kind.WAITLISTED)

    assert "1" in mailoutbox[0].body
    assert registration.get_cancel_url() in mailoutbox[0].body
