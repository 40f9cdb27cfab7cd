"""Programme services: every write to workshops, events, sessions and registrations goes through here.

Capacity is enforced inside one transaction holding the session row: `select_for_update()` on
PostgreSQL; on SQLite every transaction is IMMEDIATE (settings), so writers are already serialised.
"""

import re
from datetime import datetime, timedelta

from dateutil.rrule import MONTHLY, WEEKLY, rrule, rrulestr, weekday
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.journal import journal_log
from relais.core.models import Place
from relais.core.validators import validate_phone
from relais.programme import hooks
from relais.programme.models import (
    Event,
    MessageLog,
    Registration,
    RegistrationMode,
    Series,
    Session,
    SurveyAnswer,
    Workshop,
)

State = Registration.State
Kind = MessageLog.Kind
MAX_OCCURRENCES = 60

WORKSHOP_FIELDS = (
    "title",
    "description",
    "themes",
    "level",
    "competences",
    "publics",
    "public_notes",
    "duration_minutes",
    "default_capacity",
    "accessibility_notes",
    "fees",
    "fee_conditions",
    "is_active",
)
EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "themes",
    "publics",
    "level",
    "fees",
    "fee_conditions",
    "accessibility_notes",
    "registration_mode",
    "reminder_hours",
    "is_published",
    "workshop",
)


def _send(registration: Registration, kind: str) -> None:
    """Queue a message to the person once the transaction commits."""
    from relais.programme.tasks import send_registration_message

    pk = registration.pk
    transaction.on_commit(lambda: send_registration_message(pk, kind))


def _full_clean(instance, exclude=None) -> None:
    instance.full_clean(exclude=exclude, validate_constraints=False)


# Catalogue and events ---------------------------------------------------------------------------


@transaction.atomic
def workshop_create(*, place: Place, actor, **fields) -> Workshop:
    """Add a workshop to a place's catalogue."""
    workshop = Workshop(place=place, **{key: fields[key] for key in WORKSHOP_FIELDS if key in fields})
    _full_clean(workshop)
    workshop.save()
    journal_log(actor=actor, action="workshop.create", target=workshop, place=place)
    return workshop


@transaction.atomic
def workshop_update(*, workshop: Workshop, actor, **fields) -> Workshop:
    """Change a catalogue entry; events already planned keep their own copy of the details."""
    changed = [key for key in WORKSHOP_FIELDS if key in fields and getattr(workshop, key) != fields[key]]
    for key in changed:
        setattr(workshop, key, fields[key])
    _full_clean(workshop)
    workshop.save()
    journal_log(actor=actor, action="workshop.update", target=workshop, place=workshop.place, fields=changed)
    return workshop


@transaction.atomic
def event_create(
    *, place: Place, title: str = "", actor=None, workshop: Workshop | None = None, **fields
) -> Event:
    """Create an event at `place`; details missing are taken from the workshop when one is given."""
    values = {key: fields[key] for key in EVENT_FIELDS if key in fields and key != "workshop"}
    if workshop is not None:
        if workshop.place_id != place.pk:
            raise ValidationError({"workshop": _("This workshop belongs to another place's catalogue.")})
        values.setdefault("kind", Event.Kind.WORKSHOP)
        for key in (
            "description",
            "themes",
            "publics",
            "level",
            "fees",
            "fee_conditions",
            "accessibility_notes",
        ):
            values.setdefault(key, getattr(workshop, key))
        title = title or workshop.title
    event = Event(
        place=place,
        workshop=workshop,
        title=title,
        created_by=actor if getattr(actor, "pk", None) else None,
        **values,
    )
    _full_clean(event)
    event.save()
    journal_log(actor=actor, action="event.create", target=event, place=place)
    return event


@transaction.atomic
def event_update(*, event: Event, actor, **fields) -> Event:
    """Change an event's description and settings (sessions are changed one by one)."""
    changed = [key for key in EVENT_FIELDS if key in fields and getattr(event, key) != fields[key]]
    for key in changed:
        setattr(event, key, fields[key])
    _full_clean(event)
    event.save()
    if changed:
        # Calendar clients only pick up a change when the SEQUENCE grows.
        Session.objects.filter(event=event, end_at__gt=timezone.now()).update(
            sequence=F("sequence") + 1, updated_at=timezone.now()
        )
    journal_log(actor=actor, action="event.update", target=event, place=event.place, fields=changed)
    return event


# Sessions and recurrence --------------------------------------------------------------------------


def recurrence_rule(frequency: str, start: datetime, *, until=None, count: int | None = None) -> rrule:
    """The dateutil rule for a series starting at `start` (local time)."""
    if not until and not count:
        raise ValidationError(_("Say until when the sessions repeat, or how many there are."))
    kwargs = {"dtstart": start}
    if count:
        kwargs["count"] = min(count, MAX_OCCURRENCES)
    else:
        kwargs["until"] = until
    if frequency == Series.Frequency.WEEKLY:
        return rrule(WEEKLY, **kwargs)
    if frequency == Series.Frequency.BIWEEKLY:
        return rrule(WEEKLY, interval=2, **kwargs)
    if frequency == Series.Frequency.MONTHLY:
        # "the 2nd Tuesday", or "the last Tuesday" when the first date is in the month's last week.
        nth = (start.day - 1) // 7 + 1
        if nth == 5 or (start + timedelta(days=7)).month != start.month and nth == 4:
            nth = -1
        return rrule(MONTHLY, byweekday=weekday(start.weekday())(nth), **kwargs)
    raise ValidationError(_("Unknown repeat frequency."))


def _rrule_text(rule: rrule) -> str:
    return str(rule).splitlines()[-1].removeprefix("RRULE:")


def _check_times(start_at: datetime, end_at: datetime) -> None:
    if end_at <= start_at:
        raise ValidationError({"end_at": _("The session must end after it starts.")})


@transaction.atomic
def session_create(
    *,
    event: Event,
    actor,
    start_at: datetime,
    end_at: datetime,
    place: Place | None = None,
    room: str = "",
    capacity: int | None = None,
    registration_mode: str | None = None,
    facilitators=(),
    frequency: str = "",
    until=None,
    count: int | None = None,
) -> list[Session]:
    """Plan one session, or a series of them when `frequency` is given (weekly, biweekly, monthly)."""
    _check_times(start_at, end_at)
    if start_at <= timezone.now():
        raise ValidationError({"start_at": _("A new session cannot start in the past.")})
    if capacity is None and event.workshop_id and event.workshop.default_capacity:
        capacity = event.workshop.default_capacity
    local_start = timezone.localtime(start_at).replace(tzinfo=None)
    length = end_at - start_at
    series = None
    starts = [local_start]
    if frequency:
        if until and hasattr(until, "hour") is False:
            until = datetime.combine(until, datetime.max.time().replace(microsecond=0))
        rule = recurrence_rule(frequency, local_start, until=until, count=count)
        starts = list(rule)[:MAX_OCCURRENCES]
        if len(starts) < 2:
            raise ValidationError(_("This repeat rule gives a single date: plan a single session instead."))
        series = Series.objects.create(event=event, frequency=frequency, rrule=_rrule_text(rule))
    sessions = []
    for naive in starts:
        start = timezone.make_aware(naive)
        session = Session(
            event=event,
            series=series,
            place=place or event.place,
            room=room,
            start_at=start,
            end_at=start + length,
            capacity=capacity,
            registration_mode=registration_mode or event.registration_mode,
        )
        _full_clean(session, exclude=["facilitators"])
        session.save()
        session.facilitators.set(facilitators)
        sessions.append(session)
    journal_log(
        actor=actor,
        action="session.create",
        target=event,
        place=event.place,
        sessions=[s.pk for s in sessions],
    )
    return sessions


def series_occurrences(series: Series) -> list[datetime]:
    """The dates the series' rule gives (for display); sessions themselves may have been moved since."""
    first = series.sessions.order_by("start_at").first()
    if first is None:
        return []
    return list(rrulestr(series.rrule, dtstart=timezone.localtime(first.start_at).replace(tzinfo=None)))


SESSION_FIELDS = ("place", "room", "capacity", "registration_mode")


@transaction.atomic
def session_update(
    *,
    session: Session,
    actor,
    scope: str = "this",
    start_at: datetime | None = None,
    end_at: datetime | None = None,
    facilitators=None,
    notify: bool = True,
    **fields,
) -> list[Session]:
    """Change one session, or it and the following ones of its series (`scope="following"`).

    A change of time or place bumps the calendar SEQUENCE and tells the registered people; the
    reminder is then sent again for the new time. Capacity can never go below the seats taken.
    """
    start_at = start_at or session.start_at
    end_at = end_at or session.end_at
    _check_times(start_at, end_at)
    shift = start_at - session.start_at
    length = end_at - start_at
    targets = _scope_targets(session, scope)
    for target in targets:
        if target.is_past:
            raise ValidationError(_("A past session cannot be changed."))
        _apply_session_change(
            target,
            actor=actor,
            start_at=target.start_at + shift,
            length=length,
            facilitators=facilitators,
            notify=notify,
            **fields,
        )
    return targets


def _scope_targets(session: Session, scope: str) -> list[Session]:
    """The session alone, or it and the following scheduled ones of its series (locked)."""
    if scope != "following" or not session.series_id:
        return [Session.objects.select_for_update().get(pk=session.pk)]
    targets = list(
        Session.objects.select_for_update()
        .filter(series_id=session.series_id, start_at__gte=session.start_at, status=Session.Status.SCHEDULED)
        .order_by("start_at")
    )
    if Session.objects.filter(series_id=session.series_id, start_at__lt=session.start_at).exists():
        # "This and following" starts a new series, so that earlier sessions keep the old one.
        old = session.series
        new_series = Series.objects.create(event=old.event, frequency=old.frequency, rrule=old.rrule)
        Session.objects.filter(pk__in=[target.pk for target in targets]).update(series=new_series)
        for target in targets:
            target.series = new_series
    return targets


def _apply_session_change(
    target: Session, *, actor, start_at, length, facilitators, notify, **fields
) -> None:
    new_values = {key: fields[key] for key in SESSION_FIELDS if key in fields}
    if "capacity" in new_values and new_values["capacity"] is not None:
        taken = target.registrations.seated().count()
        if new_values["capacity"] < taken:
            raise ValidationError(
                {
                    "capacity": _("%(taken)s people already hold a seat: the capacity cannot be lower.")
                    % {"taken": taken}
                }
            )
    moved = start_at != target.start_at or start_at + length != target.end_at
    relocated = ("place" in new_values and new_values["place"] != target.place) or (
        "room" in new_values and new_values["room"] != target.room
    )
    changed = [key for key, value in new_values.items() if getattr(target, key) != value]
    for key, value in new_values.items():
        setattr(target, key, value)
    target.start_at, target.end_at = start_at, start_at + length
    if moved or changed or facilitators is not None:
        target.sequence += 1
    _full_clean(target, exclude=["facilitators"])
    target.save()
    if facilitators is not None:
        target.facilitators.set(facilitators)
    journal_log(
        actor=actor,
        action="session.update",
        target=target,
        place=target.place,
        fields=changed + (["start_at", "end_at"] if moved else []),
    )
    if notify and (moved or relocated):
        for registration in target.registrations.filter(
            state__in=[State.CONFIRMED, State.WAITLISTED, State.PENDING_APPROVAL]
        ):
            _send(registration, Kind.CHANGED)
    _promote_waitlist(target, actor=actor)


@transaction.atomic
def session_cancel(*, session: Session, actor, reason: str = "", scope: str = "this") -> list[Session]:
    """Cancel a session (or it and the following ones): registrations are cancelled and people told."""
    targets = _scope_targets(session, scope)
    now = timezone.now()
    for target in targets:
        if target.is_past:
            raise ValidationError(_("A past session cannot be cancelled."))
        target.status = Session.Status.CANCELLED
        target.cancellation_reason = reason
        target.sequence += 1
        target.save(update_fields=["status", "cancellation_reason", "sequence", "updated_at"])
        for registration in target.registrations.filter(
            state__in=[State.PENDING_CONFIRMATION, State.PENDING_APPROVAL, State.WAITLISTED, State.CONFIRMED]
        ):
            notify = registration.state != State.PENDING_CONFIRMATION
            registration.state = State.CANCELLED_BY_ORGANISER
            registration.cancelled_at = now
            registration.save(update_fields=["state", "cancelled_at", "updated_at"])
            if notify:
                _send(registration, Kind.CANCELLED_BY_ORGANISER)
        journal_log(actor=actor, action="session.cancel", target=target, place=target.place, reason=reason)
    return targets


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
            _send(registration, _message_for(registration.state))
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
    _send(registration, _message_for(registration.state))
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
    _send(registration, _message_for(registration.state))
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
    _send(registration, Kind.REJECTED)
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
    _send(registration, Kind.CANCELLED_BY_ORGANISER if by_organiser else Kind.CANCELLED_BY_PARTICIPANT)
    _promote_waitlist(session, actor=actor)
    return registration


def _promote_waitlist(session: Session, *, actor=None) -> list[Registration]:
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
        _send(registration, Kind.PROMOTED)
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


# Reminders ----------------------------------------------------------------------------------------


def reminders_due(now: datetime | None = None) -> list[tuple[int, datetime]]:
    """(registration pk, session start) pairs whose reminder is due and not yet sent for this start."""
    now = now or timezone.now()
    horizon = now + timedelta(
        hours=max(Event.objects.values_list("reminder_hours", flat=True), default=48) or 0
    )
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
def reminder_claim(*, registration_pk: int, expected_start: datetime) -> Registration | None:
    """Take the right to send one reminder; None when it is stale (rescheduled, cancelled, already sent)."""
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
        or registration.reminded_for_start == session.start_at
    ):
        return None
    registration.reminded_for_start = session.start_at
    registration.save(update_fields=["reminded_for_start", "updated_at"])
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
