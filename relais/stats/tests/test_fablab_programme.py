import datetime
from decimal import Decimal

from django.utils import timezone

from relais.fablab.models import Booking, MachineStateChange, UsageRecord
from relais.fablab.tests.factories import BookingFactory, MachineFactory
from relais.programme import indicators
from relais.stats.fablab import fablab_indicators
from relais.stats.filters import StatsFilters
from relais.stats.programme import programme_indicators

MARCH = {"start": datetime.date(2026, 3, 1), "end": datetime.date(2026, 3, 31)}


def _at(day: int, hour: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 3, day, hour))


def test_fablab_indicators_match_the_hand_count(place, other_place, mediator, outsider):
    """March 2026 has 743 hours in Paris (summer time); the printer was out of service 48 h."""
    printer = MachineFactory(place=place, name="Imprimante")
    elsewhere = MachineFactory(place=other_place, name="Découpe")
    long = BookingFactory(machine=printer, user=mediator, start=_at(5, 10), end=_at(5, 12))
    BookingFactory(machine=printer, user=mediator, start=_at(6, 10), end=_at(6, 11))
    BookingFactory(
        machine=printer, user=mediator, start=_at(7, 10), end=_at(7, 11), status=Booking.Status.CANCELLED
    )
    BookingFactory(machine=elsewhere, user=outsider, start=_at(5, 10), end=_at(5, 12))
    UsageRecord.objects.create(booking=long, minutes_used=90, quantity=Decimal("12.5"))
    MachineStateChange.objects.create(
        machine=printer, from_state="available", to_state="out_of_service", reason="Buse", created_at=_at(10)
    )
    MachineStateChange.objects.create(
        machine=printer,
        from_state="out_of_service",
        to_state="available",
        reason="Réparée",
        created_at=_at(12),
    )
    result = fablab_indicators(StatsFilters(**MARCH, place_ids=[place.pk]))
    assert result["machines"] == 1
    assert result["bookings"] == 2
    assert result["cancelled_bookings"] == 1
    row = result["by_machine"][0]
    assert row["booked_hours"] == 3.0
    assert row["hours_used"] == 1.5
    assert row["consumables_used"] == 12.5
    assert row["failures"] == 1
    assert row["mttr_hours"] == 48.0
    assert row["mtbf_hours"] == 695.0
    assert row["availability"] == round(1 - 48 / 743, 4)


def test_programme_indicators_are_those_of_the_programme_app(place, other_place):
    filters = StatsFilters(**MARCH, place_ids=[place.pk])
    expected = indicators.for_places([place], MARCH["start"], MARCH["end"]).as_dict()
    result = programme_indicators(filters)
    assert {key: result[key] for key in expected} == expected


def test_projects_are_counted_by_status_in_scope_only(place, other_place, mediator, outsider):
    from relais.projects.models import Project

    Project.objects.create(
        place=place, title="Repair café", summary="…", owner=mediator, status="in_progress"
    )
    Project.objects.create(place=place, title="Radio", summary="…", owner=mediator, status="in_progress")
    Project.objects.create(place=other_place, title="Jardin", summary="…", owner=outsider, status="done")
    from relais.stats.others import projects_indicators

    result = projects_indicators(StatsFilters(**MARCH, place_ids=[place.pk]))
    assert result["total"] == 2
    assert {row["code"]: row["count"] for row in result["by_status"]}["in_progress"] == 2
