"""Faults: a task run again has its effect once; with the mail server down, the message is retried,
the final failure is visible to administrators and the message is sent once the server is back."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from huey.contrib.djhuey import HUEY

from relais.core.models import TaskFailure


class DownBackend(LocmemBackend):
    """An SMTP server that refuses every connection."""

    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "Service not available")


def _run_retries() -> int:
    later = datetime.datetime.now(datetime.UTC).replace(tzinfo=None) + datetime.timedelta(days=1)
    runs = 0
    for _round in range(10):
        due = HUEY.read_schedule(later)
        if not due:
            break
        for task in due:
            HUEY.execute(task, timestamp=task.eta)
            runs += 1
    return runs


@pytest.fixture(autouse=True)
def empty_schedule():
    HUEY.flush()
    yield
    HUEY.flush()


@pytest.fixture
def registration(place):
    from relais.programme.tests.factories import EventFactory, RegistrationFactory, SessionFactory

    session = SessionFactory(event=EventFactory(place=place))
    return RegistrationFactory(session=session, email="josiane@exemple.fr")


def test_a_reminder_task_run_twice_sends_one_message(registration):
    from relais.programme.tasks import send_reminder

    start = registration.session.start_at.isoformat()
    send_reminder(registration.pk, start)
    send_reminder(registration.pk, start)  # the worker died after sending and the job ran again

    assert [message.to for message in mail.outbox] == [["josiane@exemple.fr"]]


def test_a_registration_message_with_the_mail_server_down_is_retried_then_recorded(registration, settings):
    from relais.programme.tasks import send_registration_message

    settings.EMAIL_BACKEND = "relais.core.tests.test_faults.DownBackend"
    send_registration_message(registration.pk, "confirmation")
    retries = _run_retries()

    assert retries >= 1
    failure = TaskFailure.objects.get()
    assert failure.task_name.endswith("send_registration_message")
    assert "SMTPConnectError" in failure.error
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_registration_message(registration.pk, "confirmation")  # an administrator runs it again

    assert [message.to for message in mail.outbox] == [["josiane@exemple.fr"]]


def test_a_reminder_with_the_mail_server_down_is_retried_and_sent_once_back(registration, settings):
    from relais.programme.tasks import send_reminder

    settings.EMAIL_BACKEND = "relais.core.tests.test_faults.DownBackend"
    send_reminder(registration.pk, registration.session.start_at.isoformat())
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    retries = _run_retries()

    assert retries >= 1
    assert [message.to for message in mail.outbox] == [["josiane@exemple.fr"]]
    assert not TaskFailure.objects.exists()
