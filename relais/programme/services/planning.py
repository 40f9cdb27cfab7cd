"""Catalogue, events and sessions (with recurrence): planning the programme."""

from datetime import datetime, timedelta

from dateutil.rrule import MONTHLY, WEEKLY, rrule, rrulestr, weekday
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.journal import journal_log
from relais.core.models import Place
from relais.programme.models import (
    Event,
    MessageLog,
    Registration,
    Series,
    Session,
    Workshop,
)
from relais.programme.services.common import full_clean, queue_message
from relais.programme.services.registrations import promote_waitlist

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

# Catalogue and events ---------------------------------------------------------------------------


@transaction.atomic
def workshop_create(*, place: Place, actor, **fields) -> Workshop:
    """Add a workshop to a place's catalogue."""
    workshop = Workshop(place=place, **{key: fields[key] for key in WORKSHOP_FIELDS if key in fields})
    full_clean(workshop)
    workshop.save()
    journal_log(actor=actor, action="workshop.create", target=workshop, place=place)
    return workshop


@transaction.atomic
def workshop_update(*, workshop: Workshop, actor, **fields) -> Workshop:
    """Change a catalogue entry; events already planned keep their own copy of the details."""
    changed = [key for key in WORKSHOP_FIELDS if key in fields and getattr(workshop, key) != fields[key]]
    for key in changed:
        setattr(workshop, key, fields[key])
    full_clean(workshop)
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
            if not values.get(key):  # left empty in the form: the catalogue entry's value
                values[key] = getattr(workshop, key)
        title = title or workshop.title
    event = Event(
        place=place,
        workshop=workshop,
        title=title,
        created_by=actor if getattr(actor, "pk", None) else None,
        **values,
    )
    full_clean(event)
    event.save()
    journal_log(actor=actor, action="event.create", target=event, place=place)
    return event


@transaction.atomic
def event_update(*, event: Event, actor, **fields) -> Event:
    """Change an event's description and settings (sessions are changed one by one)."""
    changed = [key for key in EVENT_FIELDS if key in fields and getattr(event, key) != fields[key]]
    for key in changed:
        setattr(event, key, fields[key])
    full_clean(event)
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
        full_clean(session, exclude=["facilitators"])
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
    full_clean(target, exclude=["facilitators"])
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
            queue_message(registration, Kind.CHANGED)
    promote_waitlist(target, actor=actor)


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
                queue_message(registration, Kind.CANCELLED_BY_ORGANISER)
        journal_log(actor=actor, action="session.cancel", target=target, place=target.place, reason=reason)
    return targets


def workshops_for_competences(*, competences: list[str], place: Place, limit: int = 8) -> list[Workshop]:
    """Active workshops of the place, its organisation or its network that work on these CRCN
    competences, those covering the most of them first, the place's own before its neighbours'."""
    organisations = {place.organisation_id, place.organisation.parent_id} - {None}
    candidates = Workshop.objects.filter(
        Q(place=place)
        | Q(place__organisation_id__in=organisations)
        | Q(place__organisation__parent_id__in=organisations),
        is_active=True,
    ).select_related("place")
    wanted = set(competences)
    scored = [(len(wanted & set(workshop.competences or [])), workshop) for workshop in candidates]
    scored = [item for item in scored if item[0]]
    scored.sort(key=lambda item: (-item[0], item[1].place_id != place.pk, item[1].title))
    return [workshop for _score, workshop in scored[:limit]]
