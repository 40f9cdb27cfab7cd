"""Messages to registered people, by email and SMS, each one written to the send log.

Every message carries the link to the person's registration page, where they can cancel. People who
opted out get no reminder and no survey; changes and cancellations are still sent, as they must know.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from relais.programme import sms
from relais.programme.models import MessageLog, Registration

logger = logging.getLogger(__name__)

Kind = MessageLog.Kind
OPTIONAL_KINDS = {Kind.REMINDER, Kind.SURVEY}
# SMS cost money: people with an email get SMS only for what they must not miss.
SMS_ALWAYS_KINDS = {Kind.REMINDER, Kind.CHANGED, Kind.CANCELLED_BY_ORGANISER, Kind.PROMOTED}
EMAIL_ONLY_KINDS = {Kind.EMAIL_CONFIRMATION}


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def is_mobile(phone: str) -> bool:
    return bool(phone) and (phone.startswith(("+336", "+337")) or not phone.startswith("+33"))


def when_text(registration: Registration) -> str:
    start = timezone.localtime(registration.session.start_at)
    end = timezone.localtime(registration.session.end_at)
    return _("%(day)s from %(start)s to %(end)s") % {
        "day": date_format(start, "l j F Y"),
        "start": date_format(start, "H:i"),
        "end": date_format(end, "H:i"),
    }


def message_context(registration: Registration, kind: str) -> dict:
    session = registration.session
    return {
        "kind": kind,
        "registration": registration,
        "session": session,
        "event": session.event,
        "place": session.place,
        "when": when_text(registration),
        "manage_url": absolute(registration.get_manage_url()),
        "cancel_url": absolute(registration.get_cancel_url()),
        "confirm_url": absolute(registration.get_confirm_url()),
        "survey_url": absolute(registration.get_survey_url()),
        "event_url": absolute(session.event.get_public_url()),
        "position": registration.waitlist_position(),
    }


def sms_text(kind: str, context: dict) -> str:
    event, when, place = context["event"].title, context["when"], context["place"].name
    texts = {
        Kind.CONFIRMATION: _("Registered: %(event)s, %(when)s, %(place)s."),
        Kind.PENDING_APPROVAL: _("Request received for %(event)s, %(when)s. We will tell you soon."),
        Kind.WAITLISTED: _("Full: you are on the waiting list for %(event)s, %(when)s."),
        Kind.PROMOTED: _("A seat is free: you are registered for %(event)s, %(when)s, %(place)s."),
        Kind.REJECTED: _("Sorry, your request for %(event)s, %(when)s, could not be accepted."),
        Kind.REMINDER: _("Reminder: %(event)s, %(when)s, %(place)s."),
        Kind.CHANGED: _("Change: %(event)s is now %(when)s, %(place)s."),
        Kind.CANCELLED_BY_ORGANISER: _("Cancelled: %(event)s, %(when)s. Sorry for the inconvenience."),
        Kind.CANCELLED_BY_PARTICIPANT: _("Your registration for %(event)s, %(when)s, is cancelled."),
        Kind.SURVEY: _("Thank you for coming to %(event)s. Your opinion: %(survey)s"),
    }
    text = texts[kind] % {"event": event, "when": when, "place": place, "survey": context["survey_url"]}
    # Every message carries the cancellation link (its page says when there is nothing left to cancel).
    return text + " " + _("Cancel: %(url)s") % {"url": context["cancel_url"]}


def _log(registration, kind, channel, recipient, result, provider="", detail="") -> MessageLog:
    return MessageLog.objects.create(
        registration=registration,
        kind=kind,
        channel=channel,
        recipient=recipient,
        result=result,
        provider=provider[:80],
        detail=detail[:500],
    )


def message_send(*, registration: Registration, kind: str) -> list[MessageLog]:
    """Send one kind of message to a registered person by email and/or SMS; every attempt is logged."""
    if kind in OPTIONAL_KINDS and registration.messages_opt_out:
        channel = MessageLog.Channel.EMAIL if registration.email else MessageLog.Channel.SMS
        recipient = registration.email or registration.phone
        return [_log(registration, kind, channel, recipient, MessageLog.Result.SKIPPED, detail="opted out")]
    with translation.override(settings.LANGUAGE_CODE):
        context = message_context(registration, kind)
        logs = []
        if registration.email:
            logs.append(_send_email(registration, kind, context))
        if kind not in EMAIL_ONLY_KINDS and is_mobile(registration.phone):
            if not registration.email or kind in SMS_ALWAYS_KINDS:
                logs.append(_send_sms(registration, kind, context))
    return logs


def _send_email(registration: Registration, kind: str, context: dict) -> MessageLog:
    subject = " ".join(render_to_string("emails/programme/registration_subject.txt", context).split())
    text = render_to_string("emails/programme/registration_body.txt", context)
    html = render_to_string("emails/programme/registration_body.html", context)
    message = EmailMultiAlternatives(subject, text, to=[registration.email])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception as error:  # the mail server's errors are many; each is logged, then retried
        _log(
            registration,
            kind,
            MessageLog.Channel.EMAIL,
            registration.email,
            MessageLog.Result.FAILED,
            detail=str(error),
        )
        raise
    return _log(
        registration,
        kind,
        MessageLog.Channel.EMAIL,
        registration.email,
        MessageLog.Result.SENT,
        provider="email",
    )


def _send_sms(registration: Registration, kind: str, context: dict) -> MessageLog:
    try:
        backend, reference = sms.send_sms(registration.phone, sms_text(kind, context))
    except sms.SmsError as error:
        logger.warning("SMS to registration %s failed: %s", registration.pk, error)
        return _log(
            registration,
            kind,
            MessageLog.Channel.SMS,
            registration.phone,
            MessageLog.Result.FAILED,
            detail=str(error),
        )
    return _log(
        registration,
        kind,
        MessageLog.Channel.SMS,
        registration.phone,
        MessageLog.Result.SENT,
        provider=f"{backend} {reference}".strip(),
    )
