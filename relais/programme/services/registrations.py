"""Registrations: capacity enforced on the locked session row, waiting list, cancellations, reminders.

Capacity is enforced inside one transaction holding the session row: `select_for_update()` on
PostgreSQL; on SQLite every transaction is IMMEDIATE (settings), so writers are already serialised.
"""

import re
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.journal import journal_log
from relais.core.validators import validate_phone
from relais.programme.models import (
    Event,
    MessageLog,
    Registration,
    RegistrationMode,
    Session,
)
from relais.programme.services.common import queue_message

State = Registration.State
Kind = MessageLog.Kind


# Registrations ------------------------------------------------------------------------------------


def normalise_phone(value: str) -> str:
    """French numbers typed as 06 12 34 56 78 become +33612345678; others must be international."""
    compact = re.sub(r"[\s.\-()]", "", value or "")
    if re.fullmatch(r"0\d{9}", compact):
        compact = "+33" + compact[1:]
    elif compact.startswith("0033"):
        compact = "+" + compact[2:]
    return compact


def clean_contact(*, name: str, email: str, phone: str, required: bool = True) -> tuple[str, str, str]:
    """Validate and normalise a participant's contact details; one of email or phone is required
    unless the team registers the person at the desk."""
    errors = {}
    name = (name or "").strip()
    email = (email or "").strip().lower()
    phone = normalise_phone(phone)
    if not name:
        errors["name"] = _("Give a name, so that the team knows who is coming.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("This email address is not valid, e.g. prenom.nom@exemple.fr.")
    if phone:
        try:
            validate_phone(phone)
        except ValidationError:
            errors["phone"] = _("This phone number is not valid, e.g. 06 12 34 56 78 or +33612345678.")
    if required and not email and not phone:
        errors["email"] = _("Give an email address or a phone number, so that we can tell you of any change.")
    if errors:
        raise ValidationError(errors)
    return name, email, phone


def _check_open(session: Session) -> None:
    if session.is_cancelled:
        raise ValidationError(_("This session has been cancelled: registration is closed."))
    if session.has_started:
        raise ValidationError(_("This session has already started or is over: registration is closed."))
    if session.registration_mode == RegistrationMode.NONE:
        raise ValidationError(_("No registration is needed for this session: just come."))


def _find_duplicate(session: Session, email: str, phone: str, beneficiary=None) -> Registration | None:
    """The active registration of the same person (same email, phone or followed beneficiary), if any."""
    condition = Q(pk__in=[])
    if email:
        condition |= Q(email=email)
    if phone:
        condition |= Q(phone=phone)
    if beneficiary is not None:
        condition |= Q(beneficiary=beneficiary)
    return session.registrations.active().filter(condition).order_by("pk").first()


def _place_in_session(registration: Registration, session: Session, *, skip_approval: bool = False) -> None:
    """Give a seat, a waiting-list rank or a pending-approval state; the session row must be locked."""
    now = timezone.now()
    if session.registration_mode == RegistrationMode.APPROVAL and not skip_approval:
        registration.state = State.PENDING_APPROVAL
        return
    free = session.free_seats()
    if free is None or free > 0:
        registration.state = State.CONFIRMED
        registration.confirmed_at = now
    else:
        registration.state = State.WAITLISTED
        registration.waitlisted_at = now


def _message_for(state: str) -> str:
    return {
        State.CONFIRMED: Kind.CONFIRMATION,
        State.WAITLISTED: Kind.WAITLISTED,
        State.PENDING_APPROVAL: Kind.PENDING_APPROVAL,
        State.PENDING_CONFIRMATION: Kind.EMAIL_CONFIRMATION,
    }[state]


def registration_create(
    *,
    session: Session,
    name: str,
    email: str = "",
    phone: str = "",
    consent: bool,
    actor=None,
    source: str = Registration.Source.ONLINE,
    beneficiary=None,
    note: str = "",
) -> tuple[Registration, bool]:
    """Register someone; returns (registration, created). The same contact twice gives the first one back.

    Online registrations with an email wait for the email to be confirmed; desk and API registrations
    (by a member of the team) are placed at once. Never overbooks: the session row is locked.
    """
    name, email, phone = clean_contact(
        name=name, email=email, phone=phone, required=source != Registration.Source.DESK
    )
    if not consent:
        raise ValidationError(
            {"consent": _("Consent is needed to register: we only use it for this session.")}
        )
    try:
        with transaction.atomic():
            locked = Session.objects.select_for_update().get(pk=session.pk)
            _check_open(locked)
            duplicate = _find_duplicate(locked, email, phone, beneficiary)
            if duplicate is not None:
                if duplicate.state == State.PENDING_CONFIRMATION:
                    # The first email may have been lost: registering again sends the link again.
                    queue_message(duplicate, Kind.EMAIL_CONFIRMATION)
                return duplicate, False
            now = timezone.now()
            registration = Registration(
                session=locked,
                name=name,
                email=email,
                phone=phone,
                consent=True,
                consent_at=now,
                source=source,
                registered_by=actor if getattr(actor, "pk", None) else None,
                note=note,
            )
            if beneficiary is not None:
                registration.beneficiary = beneficiary
            if email and source == Registration.Source.ONLINE and actor is None:
                registration.state = State.PENDING_CONFIRMATION
            else:
                _place_in_session(registration, locked)
            registration.save()
            journal_log(
                actor=actor,
                action="registration.create",
                target=registration,
                place=locked.place,
                state=registration.state,
                source=source,
            )
            queue_message(registration, _message_for(registration.state))
            return registration, True
    except IntegrityError:
        # A concurrent request registered the same contact first: give that one back.
        duplicate = _find_duplicate(session, email, phone, beneficiary)
        if duplicate is None:
            raise
        return duplicate, False


@transaction.atomic
def registration_confirm_email(*, registration: Registration) -> Registration:
    """The person clicked the link in the email: they get a seat, a waiting-list rank or wait for approval."""
    session = Session.objects.select_for_update().get(pk=registration.session_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.state != State.PENDING_CONFIRMATION:
        return registration
    _check_open(session)
    _place_in_session(registration, session)
    registration.save()
    journal_log(actor=None, action="registration.confirm_email", target=registration, place=session.place)
    queue_message(registration, _message_for(registration.state))
    return registration


@transaction.atomic
def registration_approve(*, registration: Registration, actor) -> Registration:
    """Accept a request; capacity is checked again, so a full session puts the person on the waiting list."""
    session = Session.objects.select_for_update().get(pk=registration.session_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.state != State.PENDING_APPROVAL:
        raise ValidationError(_("Only a request waiting for approval can be approved."))
    _check_open(session)
    _place_in_session(registration, session, skip_approval=True)
    registration.save()
    journal_log(
        actor=actor,
        action="registration.approve",
        target=registration,
        place=session.place,
        state=registration.state,
    )
    queue_message(registration, _message_for(registration.state))
    return registration


@transaction.atomic
def registration_reject(*, registration: Registration, actor) -> Registration:
    """Decline a request waiting for approval, and tell the person."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.state != State.PENDING_APPROVAL:
        raise ValidationError(_("Only a request waiting for approval can be declined."))
    registration.state = State.REJECTED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["state", "cancelled_at", "updated_at"])
    journal_log(
        actor=actor, action="registration.reject", target=registration, place=registration.session.place
    )
    queue_message(registration, Kind.REJECTED)
    return registration


@transaction.atomic
def registration_cancel(
    *, registration: Registration, actor=None, by_organiser: bool = False
) -> Registration:
    """Cancel a registration (by the person, or by the team) and give the freed seat to the waiting list."""
    session = Session.objects.select_for_update().get(pk=registration.session_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.state not in (
        State.PENDING_CONFIRMATION,
        State.PENDING_APPROVAL,
        State.WAITLISTED,
        State.CONFIRMED,
    ):
        raise ValidationError(_("This registration cannot be cancelled any more."))
    if session.has_started and not by_organiser:
        raise ValidationError(_("The session has started: it is too late to cancel."))
    registration.state = State.CANCELLED_BY_ORGANISER if by_organiser else State.CANCELLED_BY_PARTICIPANT
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["state", "cancelled_at", "updated_at"])
    journal_log(
        actor=actor,
        action="registration.cancel",
        target=registration,
        place=session.place,
        by_organiser=by_organiser,
    )
    queue_message(
        registration, Kind.CANCELLED_BY_ORGANISER if by_organiser else Kind.CANCELLED_BY_PARTICIPANT
    )
    promote_waitlist(session, actor=actor)
    return registration


def promote_waitlist(session: Session, *, actor=None) -> list[Registration]:
    """First come, first served: fill free seats from the waiting list (session row locked by the caller)."""
    if session.is_cancelled or session.has_started:
        return []
    free = session.free_seats()
    if free == 0:
        return []
    waiting = session.registrations.waitlist().select_for_update()
    if free is not None:
        waiting = waiting[:free]
    promoted = []
    now = timezone.now()
    for registration in waiting:
        registration.state = State.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["state", "confirmed_at", "updated_at"])
        journal_log(actor=actor, action="registration.promote", target=registration, place=session.place)
        queue_message(registration, Kind.PROMOTED)
        promoted.append(registration)
    return promoted


@transaction.atomic
def registration_opt_out(*, registration: Registration) -> Registration:
    """The person asked for no more reminders or surveys (essential changes are still sent)."""
    registration.messages_opt_out = True
    registration.save(update_fields=["messages_opt_out", "updated_at"])
    journal_log(
        actor=None, action="registration.opt_out", target=registration, place=registration.session.place
    )
    return registration


# Reminders ----------------------------------------------------------------------------------------


def reminders_due(now: datetime | None = None) -> list[tuple[int, datetime]]:
    """(registration pk, session start) pairs whose reminder is due and not yet sent for this start."""
    now = now or timezone.now()
    longest = Event.objects.aggregate(longest=Max("reminder_hours"))["longest"] or 0
    horizon = now + timedelta(hours=longest)
    candidates = (
        Registration.objects.filter(
            state=State.CONFIRMED,
            messages_opt_out=False,
            session__status=Session.Status.SCHEDULED,
            session__start_at__gt=now,
            session__start_at__lte=horizon,
            session__event__reminder_hours__gt=0,
        )
        .exclude(reminded_for_start=F("session__start_at"))
        .select_related("session__event")
    )
    due = []
    for registration in candidates:
        session = registration.session
        if session.start_at - now <= timedelta(hours=session.event.reminder_hours):
            due.append((registration.pk, session.start_at))
    return due


@transaction.atomic
def reminder_claim(
    *, registration_pk: int, expected_start: datetime, task_id: str = ""
) -> Registration | None:
    """Take the right to send one reminder; None when it is stale (rescheduled, cancelled, already sent).

    The task that claimed it may claim it again (a retry after a mail server failure, or the same task
    queued again after its worker died): it had not finished, so the reminder may not have gone."""
    registration = (
        Registration.objects.select_for_update()
        .select_related("session__event")
        .filter(pk=registration_pk)
        .first()
    )
    if registration is None:
        return None
    session = registration.session
    if (
        registration.state != State.CONFIRMED
        or registration.messages_opt_out
        or session.is_cancelled
        or session.start_at != expected_start
        or session.has_started
        or (
            registration.reminded_for_start == session.start_at
            and not (task_id and registration.reminder_task == task_id)
        )
    ):
        return None
    registration.reminded_for_start = session.start_at
    registration.reminder_task = task_id
    registration.save(update_fields=["reminded_for_start", "reminder_task", "updated_at"])
    return registration


# Readers for other apps -----------------------------------------------------------------------------


def registrations_for_beneficiary(*, beneficiary) -> list[dict]:
    """A followed beneficiary's registrations, for the mediation timeline (newest first)."""
    registrations = (
        Registration.objects.filter(beneficiary=beneficiary)
        .select_related("session__event", "session__place")
        .order_by("-session__start_at")
    )
    return [
        {
            "date": timezone.localdate(registration.session.start_at),
            "title": registration.session.event.title,
            "place": registration.session.place.name,
            "state": registration.state,
            "state_label": registration.get_state_display(),
            "url": registration.session.get_absolute_url(),
        }
        for registration in registrations
    ]
