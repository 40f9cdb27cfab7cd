import pytest
from django.core.exceptions import PermissionDenied

from relais.core.models import Journal
from relais.fablab import services
from relais.fablab.models import Booking, Unavailability
from relais.fablab.rules import RULES, BookingRefused, free_intervals
from relais.fablab.tests.conftest import at
from relais.fablab.tests.factories import AuthorisationFactory, BookingFactory, MachineFactory


def _refused_rule(**kwargs) -> str:
    with pytest.raises(BookingRefused) as caught:
        services.booking_create(**kwargs)
    return caught.value.rule


def test_booking_create_writes_booking_and_journal(machine, authorised_member, frozen_now):
    booking = services.booking_create(
        machine=machine, user=authorised_member, start=at(3, 14), end=at(3, 16), actor=authorised_member
    )

    assert booking.status == Booking.Status.CONFIRMED
    assert Journal.objects.filter(action="booking.create", target_id=str(booking.pk)).exists()


@pytest.mark.parametrize(
    ("start", "end", "rule"),
    [
        (at(3, 15), at(3, 14), "end_before_start"),
        (at(1, 14), at(1, 15), "in_the_past"),
        (at(5, 10), at(5, 11), "opening_hours"),  # Saturday
        (at(3, 17), at(3, 19), "opening_hours"),  # past closing time
        (at(3, 14), at(3, 14, 15), "min_length"),
        (at(3, 9), at(3, 14), "max_length"),
        (at(7, 14, month=1, year=2027), at(7, 15, month=1, year=2027), "horizon"),
    ],
)
def test_booking_create_refuses_slots_breaking_a_rule(
    machine, authorised_member, frozen_now, start, end, rule
):
    kwargs = {"machine": machine, "user": authorised_member, "actor": authorised_member}

    assert _refused_rule(start=start, end=end, **kwargs) == rule
    assert Booking.objects.count() == 0


def test_booking_refusal_names_the_rule(machine, authorised_member, frozen_now):
    with pytest.raises(BookingRefused) as caught:
        services.booking_create(
            machine=machine, user=authorised_member, start=at(5, 10), end=at(5, 11), actor=authorised_member
        )

    assert str(RULES["opening_hours"]) in caught.value.messages[0]


def test_booking_create_refuses_member_without_authorisation(machine, member, frozen_now):
    assert (
        _refused_rule(machine=machine, user=member, actor=member, start=at(3, 14), end=at(3, 15))
        == "authorisation"
    )


def test_booking_create_accepts_authorisation_on_the_category(machine, member, frozen_now):
    AuthorisationFactory(user=member, place=machine.place, category=machine.category)

    services.booking_create(machine=machine, user=member, actor=member, start=at(3, 14), end=at(3, 15))

    assert Booking.objects.count() == 1


@pytest.mark.parametrize("state", ["expired", "revoked", "other_place"])
def test_booking_create_refuses_invalid_authorisation(machine, other_machine, member, frozen_now, state):
    if state == "expired":
        AuthorisationFactory(user=member, machine=machine, expires_on=at(1, 0).date())
    elif state == "revoked":
        AuthorisationFactory(
            user=member, machine=machine, revoked_at=at(1, 0), revocation_reason="Imprudence"
        )
    else:
        AuthorisationFactory(
            user=member, machine=other_machine, place=other_machine.place, category=machine.category
        )

    assert (
        _refused_rule(machine=machine, user=member, actor=member, start=at(3, 14), end=at(3, 15))
        == "authorisation"
    )


@pytest.mark.parametrize("state", ["retired", "out_of_service"])
def test_booking_create_refuses_blocked_machine(place, member, frozen_now, state):
    blocked = MachineFactory(place=place, state=state)
    AuthorisationFactory(user=member, machine=blocked)

    assert (
        _refused_rule(machine=blocked, user=member, actor=member, start=at(3, 14), end=at(3, 15))
        == "machine_state"
    )


def test_booking_create_refuses_overlap(machine, authorised_member, member, frozen_now):
    BookingFactory(machine=machine, user=authorised_member, start=at(3, 14), end=at(3, 16))

    rule = _refused_rule(
        machine=machine, user=authorised_member, actor=authorised_member, start=at(3, 15), end=at(3, 17)
    )

    assert rule == "overlap"
    assert Booking.objects.count() == 1


def test_booking_create_refuses_over_the_weekly_quota(machine, authorised_member, frozen_now):
    BookingFactory(machine=machine, user=authorised_member, start=at(3, 9), end=at(3, 13))
    BookingFactory(machine=machine, user=authorised_member, start=at(4, 9), end=at(4, 12))

    rule = _refused_rule(
        machine=machine, user=authorised_member, actor=authorised_member, start=at(4, 14), end=at(4, 16)
    )

    assert rule == "weekly_quota"
    services.booking_create(
        machine=machine, user=authorised_member, actor=authorised_member, start=at(8, 14), end=at(8, 16)
    )  # next week is free again


def test_booking_create_refuses_slot_during_a_closure(machine, authorised_member, fabmanager, frozen_now):
    Unavailability.objects.create(place=machine.place, start=at(3, 0), end=at(4, 0), reason="Inventaire")

    assert (
        _refused_rule(
            machine=machine, user=authorised_member, actor=authorised_member, start=at(3, 14), end=at(3, 15)
        )
        == "unavailability"
    )


def test_staff_override_books_for_someone_outside_the_rules(
    machine, authorised_member, fabmanager, frozen_now
):
    booking = services.booking_create(
        machine=machine,
        user=authorised_member,
        actor=fabmanager,
        start=at(5, 10),
        end=at(5, 16),
        override=True,
    )

    assert booking.booked_by == fabmanager
    assert booking.is_override


def test_staff_override_never_skips_authorisation(machine, member, fabmanager, frozen_now):
    rule = _refused_rule(
        machine=machine, user=member, actor=fabmanager, start=at(3, 14), end=at(3, 15), override=True
    )

    assert rule == "authorisation"


def test_member_cannot_book_for_someone_else(machine, authorised_member, volunteer, frozen_now):
    with pytest.raises(PermissionDenied):
        services.booking_create(
            machine=machine, user=authorised_member, actor=volunteer, start=at(3, 14), end=at(3, 15)
        )


def test_booking_cancel_before_deadline(machine, authorised_member, frozen_now):
    booking = BookingFactory(machine=machine, user=authorised_member, start=at(4, 14), end=at(4, 15))

    services.booking_cancel(booking=booking, actor=authorised_member)

    booking.refresh_from_db()
    assert booking.is_cancelled


def test_booking_cancel_after_deadline_is_refused(machine, authorised_member, frozen_now):
    booking = BookingFactory(machine=machine, user=authorised_member, start=at(2, 16), end=at(2, 17))

    with pytest.raises(BookingRefused) as caught:
        services.booking_cancel(booking=booking, actor=authorised_member)

    assert caught.value.rule == "cancellation_deadline"
    booking.refresh_from_db()
    assert not booking.is_cancelled


def test_booking_move_checks_the_new_slot(machine, authorised_member, frozen_now):
    booking = BookingFactory(machine=machine, user=authorised_member, start=at(4, 14), end=at(4, 15))

    services.booking_move(booking=booking, start=at(7, 14), end=at(7, 16), actor=authorised_member)
    with pytest.raises(BookingRefused):
        services.booking_move(booking=booking, start=at(12, 14), end=at(12, 16), actor=authorised_member)

    booking.refresh_from_db()
    assert booking.start == at(7, 14)


def test_out_of_service_flags_future_bookings_and_mails_holders(
    machine, authorised_member, fabmanager, frozen_now, mailoutbox, django_capture_on_commit_callbacks
):
    spare = MachineFactory(place=machine.place, name="Prusa de secours", category=machine.category)
    booking = BookingFactory(machine=machine, user=authorised_member, start=at(4, 14), end=at(4, 15))
    past = BookingFactory(machine=machine, user=authorised_member, start=at(1, 14), end=at(1, 15))

    with django_capture_on_commit_callbacks(execute=True):
        services.machine_set_state(
            machine=machine, state="out_of_service", actor=fabmanager, reason="Buse bouchée"
        )

    booking.refresh_from_db()
    past.refresh_from_db()
    assert booking.flagged_at is not None
    assert past.flagged_at is None
    assert machine.state_changes.get().reason == "Buse bouchée"
    assert len(mailoutbox) == 1
    assert spare.get_absolute_url() in mailoutbox[0].body
    assert "categorie=imprimante-3d" in mailoutbox[0].body


def test_free_intervals_leave_out_bookings_and_closed_hours(machine, authorised_member, frozen_now):
    BookingFactory(machine=machine, user=authorised_member, start=at(3, 10), end=at(3, 12))

    free = free_intervals(machine, at(3, 0), at(4, 0))

    assert free == [(at(3, 9), at(3, 10)), (at(3, 12), at(3, 18))]


def test_usage_record_feeds_machine_counters(machine, authorised_member, frozen_now):
    booking = BookingFactory(machine=machine, user=authorised_member, start=at(2, 8), end=at(2, 9))

    services.usage_record(booking=booking, actor=authorised_member, minutes_used=50, quantity=35)
    services.usage_record(booking=booking, actor=authorised_member, minutes_used=45, quantity=30)

    machine.refresh_from_db()
    assert machine.usage_minutes == 45
    assert machine.usage_quantity == 30


def test_closure_flags_bookings_inside(machine, authorised_member, fabmanager, frozen_now):
    booking = BookingFactory(machine=machine, user=authorised_member, start=at(4, 14), end=at(4, 15))

    services.unavailability_create(
        place=machine.place,
        machine=None,
        kind="closure",
        start=at(4, 0),
        end=at(5, 0),
        reason="Inventaire",
        actor=fabmanager,
    )

    booking.refresh_from_db()
    assert booking.flag_reason == "Inventaire"
