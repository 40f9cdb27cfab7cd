"""Writes of the fablab: machines and their state, bookings, end-of-use records, authorisations, quizzes.

Every change is journalled; e-mails are sent from tasks enqueued after the commit.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.journal import journal_log
from relais.core.models import Place
from relais.fablab import rules, tasks
from relais.fablab.models import (
    BLOCKING_STATES,
    Authorisation,
    Booking,
    CalendarFeed,
    Category,
    Machine,
    MachineState,
    MachineStateChange,
    QuizAttempt,
    SafetyQuiz,
    Unavailability,
    UsageRecord,
)
from relais.fablab.rules import BookingRefused

# Machines --------------------------------------------------------------------------------------------


@transaction.atomic
def machine_save(*, machine: Machine, actor, created: bool) -> Machine:
    """Save a machine edited in a form (its state changes only through `machine_set_state`)."""
    machine.save()
    journal_log(
        actor=actor,
        action="machine.create" if created else "machine.update",
        target=machine,
        place=machine.place,
    )
    return machine


@transaction.atomic
def machine_set_state(*, machine: Machine, state: str, actor, reason: str) -> Machine:
    """Change a machine's state, journalled with who and why; a blocking state flags future bookings."""
    if state not in MachineState.values:
        raise ValidationError({"state": _("Unknown state.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the state changes.")})
    machine = Machine.objects.select_for_update().get(pk=machine.pk)
    previous = machine.state
    if previous == state:
        raise ValidationError({"state": _("The machine is already in this state.")})
    machine.state = state
    machine.state_changed_at = timezone.now()
    machine.save(update_fields=["state", "state_changed_at", "updated_at"])
    MachineStateChange.objects.create(
        machine=machine, from_state=previous, to_state=state, reason=reason.strip(), actor=actor
    )
    journal_log(
        actor=actor,
        action="machine.state",
        target=machine,
        place=machine.place,
        before=previous,
        after=state,
        reason=reason.strip(),
    )
    future = machine.bookings.active().filter(start__gte=timezone.now())
    if state in BLOCKING_STATES:
        message = _("%(machine)s is now %(state)s: %(reason)s") % {
            "machine": machine,
            "state": machine.get_state_display().lower(),
            "reason": reason.strip(),
        }
        _flag_bookings(future, message[:300], actor=actor)
    elif previous in BLOCKING_STATES:
        future.filter(flagged_at__isnull=False).update(flagged_at=None, flag_reason="")
    return machine


def _flag_bookings(bookings, reason: str, *, actor) -> list[int]:
    flagged = list(bookings.filter(flagged_at__isnull=True).values_list("pk", flat=True))
    if not flagged:
        return []
    Booking.objects.filter(pk__in=flagged).update(flagged_at=timezone.now(), flag_reason=reason)
    for pk in flagged:
        booking = Booking.objects.select_related("machine__place").get(pk=pk)
        journal_log(
            actor=actor, action="booking.flag", target=booking, place=booking.machine.place, reason=reason
        )
        transaction.on_commit(lambda pk=pk: tasks.send_booking_flagged(pk))
    return flagged


@transaction.atomic
def unavailability_create(
    *, place: Place, machine: Machine | None, kind: str, start: datetime, end: datetime, reason: str, actor
) -> Unavailability:
    """Block a window on a machine (or the whole place); bookings inside are flagged, holders told."""
    if end <= start:
        raise ValidationError({"end": _("The end must come after the start.")})
    if machine is not None and machine.place_id != place.pk:
        raise ValidationError({"machine": _("This machine belongs to another place.")})
    window = Unavailability.objects.create(
        place=place, machine=machine, kind=kind, start=start, end=end, reason=reason, created_by=actor
    )
    journal_log(actor=actor, action="unavailability.create", target=window, place=place, kind=kind)
    affected = Booking.objects.active().filter(machine__place=place).overlapping(start, end)
    if machine is not None:
        affected = affected.filter(machine=machine)
    _flag_bookings(affected.filter(end__gt=timezone.now()), reason[:300], actor=actor)
    return window


@transaction.atomic
def unavailability_delete(*, window: Unavailability, actor) -> None:
    journal_log(actor=actor, action="unavailability.delete", target=window, place=window.place)
    window.delete()


# Bookings --------------------------------------------------------------------------------------------


def _lock_machine(machine: Machine) -> Machine:
    # Serialises writers of one machine's bookings (the quota check reads several rows); on PostgreSQL the
    # exclusion constraint still refuses any overlap that would slip past, on SQLite the immediate
    # transaction already holds the database's write lock.
    return Machine.objects.select_for_update().select_related("place", "category").get(pk=machine.pk)


def _save_booking(booking: Booking) -> None:
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:
        raise BookingRefused("overlap", _("this slot is already booked."), "start") from error


@transaction.atomic
def booking_create(
    *,
    machine: Machine,
    user,
    start: datetime,
    end: datetime,
    actor,
    override: bool = False,
    note: str = "",
) -> Booking:
    """Book a machine slot; every rule is checked here and overlaps are refused by the database."""
    machine = _lock_machine(machine)
    acting_for_other = actor.pk != user.pk
    staff = rules.is_staff(actor, machine.place)
    if (acting_for_other or override) and not staff:
        raise PermissionDenied(
            _("Only the staff of the place may book for someone else or override the rules.")
        )
    rules.check_booking(machine=machine, user=user, start=start, end=end, override=override and staff)
    booking = Booking(
        machine=machine, user=user, booked_by=actor, start=start, end=end, is_override=override, note=note
    )
    _save_booking(booking)
    journal_log(
        actor=actor,
        action="booking.create",
        target=booking,
        place=machine.place,
        user=user.pk,
        start=start.isoformat(),
        end=end.isoformat(),
        override=override,
    )
    return booking


def _may_handle(booking: Booking, actor) -> bool:
    return booking.user_id == actor.pk or rules.is_staff(actor, booking.machine.place)


@transaction.atomic
def booking_cancel(*, booking: Booking, actor, reason: str = "") -> Booking:
    """Cancel a booking; members must do it before the machine's cancellation deadline."""
    booking = Booking.objects.select_for_update().select_related("machine__place").get(pk=booking.pk)
    if not _may_handle(booking, actor):
        raise PermissionDenied
    staff = rules.is_staff(actor, booking.machine.place)
    # A flagged booking (machine out of service, closure) may always be cancelled by its holder.
    rules.check_cancellation(booking=booking, override=staff or booking.flagged_at is not None)
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.cancelled_by = actor
    booking.cancellation_reason = reason[:300]
    booking.save(
        update_fields=["status", "cancelled_at", "cancelled_by", "cancellation_reason", "updated_at"]
    )
    journal_log(
        actor=actor, action="booking.cancel", target=booking, place=booking.machine.place, reason=reason
    )
    return booking


@transaction.atomic
def booking_move(
    *, booking: Booking, start: datetime, end: datetime, actor, override: bool = False
) -> Booking:
    """Move a booking to another slot of the same machine; the new slot passes every rule again."""
    booking = Booking.objects.select_for_update().select_related("machine__place").get(pk=booking.pk)
    if not _may_handle(booking, actor):
        raise PermissionDenied
    machine = _lock_machine(booking.machine)
    staff = rules.is_staff(actor, machine.place)
    rules.check_cancellation(booking=booking, override=staff or booking.flagged_at is not None)
    rules.check_booking(
        machine=machine, user=booking.user, start=start, end=end, override=override and staff, exclude=booking
    )
    before = (booking.start.isoformat(), booking.end.isoformat())
    booking.start, booking.end = start, end
    booking.flagged_at, booking.flag_reason = None, ""
    _save_booking(booking)
    journal_log(
        actor=actor,
        action="booking.move",
        target=booking,
        place=machine.place,
        before=before,
        after=(start.isoformat(), end.isoformat()),
    )
    return booking


@transaction.atomic
def usage_record(
    *,
    booking: Booking,
    actor,
    minutes_used: int,
    quantity: Decimal = Decimal(0),
    material: str = "",
    notes: str = "",
    consumable=None,
) -> UsageRecord:
    """Record the real use at the end of a booking; the machine's counters follow (also on edit)."""
    booking = Booking.objects.select_for_update().select_related("machine__place").get(pk=booking.pk)
    if not _may_handle(booking, actor):
        raise PermissionDenied
    if booking.is_cancelled:
        raise ValidationError(_("A cancelled booking has no use to record."))
    if not booking.has_started:
        raise ValidationError(_("The use can be recorded once the booking has started."))
    if minutes_used <= 0 or quantity < 0:
        raise ValidationError(_("Time used must be positive and the quantity cannot be negative."))
    record = UsageRecord.objects.filter(booking=booking).first()
    delta_minutes, delta_quantity = minutes_used, quantity
    if record is None:
        record = UsageRecord(booking=booking)
    else:
        delta_minutes -= record.minutes_used
        delta_quantity -= record.quantity
    record.minutes_used, record.quantity = minutes_used, quantity
    record.material, record.notes, record.recorded_by = material, notes, actor
    record.save()
    Machine.objects.filter(pk=booking.machine_id).update(
        usage_minutes=F("usage_minutes") + delta_minutes, usage_quantity=F("usage_quantity") + delta_quantity
    )
    if consumable is not None and quantity > 0 and not record.stock_movements.exists():
        from relais.fablab import stock

        if consumable.place_id != booking.machine.place_id:
            raise ValidationError(_("This supply is kept in another place."))
        stock.movement_record(
            consumable=consumable, kind="use", quantity=quantity, actor=actor, note=str(booking), usage=record
        )
    journal_log(
        actor=actor,
        action="booking.usage",
        target=booking,
        place=booking.machine.place,
        minutes=minutes_used,
        quantity=str(quantity),
        material=material,
    )
    return record


@transaction.atomic
def assistance_log(*, booking: Booking, actor, duration_minutes: int | None = None):
    """Log the help given on a booking as an individual activity of the mediation log (once per booking)."""
    from relais.mediation import services as mediation_services

    booking = Booking.objects.select_for_update().select_related("machine__place").get(pk=booking.pk)
    if not rules.is_staff(actor, booking.machine.place):
        raise PermissionDenied
    if booking.assistance_activity_id:
        raise ValidationError(_("The help given on this booking is already in the mediation log."))
    activity = mediation_services.activity_create(
        **_assistance_activity_fields(booking=booking, actor=actor, duration_minutes=duration_minutes)
    )
    booking.assistance_activity_id = activity.pk
    booking.save(update_fields=["assistance_activity_id", "updated_at"])
    journal_log(
        actor=actor,
        action="booking.assistance",
        target=booking,
        place=booking.machine.place,
        activity=activity.pk,
    )
    return activity


def _assistance_activity_fields(*, booking: Booking, actor, duration_minutes: int | None) -> dict:
    return {
        "author": actor,
        "place": booking.machine.place,
        "kind": "individual",
        "date": timezone.localtime(booking.start).date(),
        "duration": duration_minutes or min(booking.duration_minutes, 60),
        "themes": ["creer_avec_le_numerique"],
        "equipment": ["autre"],
        "notes": _("Help on %(machine)s (fablab booking).") % {"machine": booking.machine},
        "source_label": _("Fablab booking"),
    }


def feed_for_user(user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(
        user=user, defaults={"token": CalendarFeed.new_token()}
    )
    return feed


# Authorisations ----------------------------------------------------------------------------------------


def expiry_for(*, category: Category, granted_on: date) -> date | None:
    if not category.validity_months:
        return None
    return granted_on + relativedelta(months=category.validity_months)


def _latest_passed_attempt(user, category: Category) -> QuizAttempt | None:
    return (
        QuizAttempt.objects.filter(user=user, passed=True, quiz__category=category)
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def authorisation_grant(
    *,
    user,
    place: Place,
    actor,
    evidence: str,
    machine: Machine | None = None,
    category: Category | None = None,
    evidence_note: str = "",
    registration_id: int | None = None,
    granted_on: date | None = None,
) -> Authorisation:
    """Grant (or renew) an authorisation on a machine or a category; its expiry follows the category."""
    if (machine is None) == (category is None):
        raise ValidationError(_("Choose a machine or a category, not both."))
    if machine is not None and machine.place_id != place.pk:
        raise ValidationError({"machine": _("This machine belongs to another place.")})
    if evidence not in Authorisation.Evidence.values:
        raise ValidationError({"evidence": _("Unknown kind of evidence.")})
    granted_on = granted_on or timezone.localdate()
    scope_category = machine.category if machine else category
    values = {
        "granted_by": actor if getattr(actor, "pk", None) else None,
        "granted_on": granted_on,
        "evidence": evidence,
        "evidence_note": evidence_note[:300],
        "registration_id": registration_id,
        "quiz_attempt": _latest_passed_attempt(user, scope_category),
        "expires_on": expiry_for(category=scope_category, granted_on=granted_on),
        "expiry_warned_at": None,
        "expired_at": None,
    }
    current = (
        Authorisation.objects.select_for_update()
        .filter(
            user=user,
            place=place,
            machine=machine,
            category=None if machine else category,
            revoked_at__isnull=True,
        )
        .first()
    )
    if current is None:
        authorisation = Authorisation.objects.create(
            user=user, place=place, machine=machine, category=category, **values
        )
        action = "authorisation.grant"
    else:
        for field, value in values.items():
            setattr(current, field, value)
        current.save()
        authorisation, action = current, "authorisation.renew"
    journal_log(
        actor=actor,
        action=action,
        target=authorisation,
        place=place,
        user=user.pk,
        evidence=evidence,
        expires_on=authorisation.expires_on.isoformat() if authorisation.expires_on else None,
    )
    return authorisation


@transaction.atomic
def authorisation_revoke(*, authorisation: Authorisation, actor, reason: str) -> Authorisation:
    """Withdraw an authorisation; the reason is required and kept."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the authorisation is revoked.")})
    if authorisation.is_revoked:
        raise ValidationError(_("This authorisation is already revoked."))
    authorisation.revoked_at = timezone.now()
    authorisation.revoked_by = actor
    authorisation.revocation_reason = reason.strip()[:300]
    authorisation.save(update_fields=["revoked_at", "revoked_by", "revocation_reason", "updated_at"])
    journal_log(
        actor=actor,
        action="authorisation.revoke",
        target=authorisation,
        place=authorisation.place,
        reason=reason,
    )
    return authorisation


EXPIRY_WARNING_DAYS = 14


def authorisations_process_expiry(*, today: date | None = None) -> tuple[int, int]:
    """Daily: mark authorisations past their date as expired (telling the person) and warn two weeks before.

    Returns (expired, warned). Safe to run several times a day: each person is told once.
    """
    today = today or timezone.localdate()
    expired = 0
    for pk in Authorisation.objects.filter(
        revoked_at__isnull=True, expired_at__isnull=True, expires_on__lt=today
    ).values_list("pk", flat=True):
        with transaction.atomic():
            updated = Authorisation.objects.filter(pk=pk, expired_at__isnull=True).update(
                expired_at=timezone.now()
            )
            if updated:
                authorisation = Authorisation.objects.select_related("place").get(pk=pk)
                journal_log(
                    actor=None, action="authorisation.expire", target=authorisation, place=authorisation.place
                )
                transaction.on_commit(lambda pk=pk: tasks.send_authorisation_expired(pk))
                expired += 1
    warned = 0
    horizon = today + timedelta(days=EXPIRY_WARNING_DAYS)
    for pk in Authorisation.objects.filter(
        revoked_at__isnull=True, expiry_warned_at__isnull=True, expires_on__gte=today, expires_on__lte=horizon
    ).values_list("pk", flat=True):
        with transaction.atomic():
            if Authorisation.objects.filter(pk=pk, expiry_warned_at__isnull=True).update(
                expiry_warned_at=timezone.now()
            ):
                transaction.on_commit(lambda pk=pk: tasks.send_authorisation_expiry_warning(pk))
                warned += 1
    return expired, warned


# Safety quizzes ----------------------------------------------------------------------------------------


@transaction.atomic
def quiz_submit(*, quiz: SafetyQuiz, user, answers: dict[int, int]) -> QuizAttempt:
    """Score a quiz attempt (share of right answers, in %) and record it."""
    questions = list(quiz.questions.all())
    if not questions:
        raise ValidationError(_("This quiz has no question yet."))
    right = sum(1 for question in questions if answers.get(question.pk) == question.correct_choice)
    score = round(100 * right / len(questions))
    attempt = QuizAttempt.objects.create(
        quiz=quiz,
        user=user,
        score=score,
        passed=score >= quiz.pass_mark,
        answers={str(key): value for key, value in answers.items()},
    )
    journal_log(actor=user, action="quiz.attempt", target=attempt, score=score, passed=attempt.passed)
    return attempt
