"""Background jobs of the fablab: notices to people booked or authorised, and the daily expiry run."""

from django.urls import reverse
from huey import crontab

from relais.core.tasks import relais_periodic_task, relais_task
from relais.fablab import emails


@relais_task()
def send_booking_flagged(booking_pk: int) -> None:
    """Tell the holder of a booking that its machine cannot be used, with machines to rebook instead."""
    from relais.fablab.models import Booking, Machine

    booking = Booking.objects.select_related("machine__place", "machine__category", "user").get(pk=booking_pk)
    if booking.is_cancelled or not booking.user.email:
        return
    alternatives = (
        Machine.objects.active()
        .filter(category=booking.machine.category, place__is_active=True)
        .exclude(pk=booking.machine_id)
        .exclude(state__in=["out_of_service", "retired"])
        .select_related("place")
        .order_by("place_id", "name")
    )
    alternatives = sorted(alternatives, key=lambda machine: machine.place_id != booking.machine.place_id)[:5]
    rebook_url = reverse("fablab:machine-list", kwargs={"place_slug": booking.machine.place.slug})
    emails.send(
        "booking_flagged",
        to=booking.user.email,
        context={
            "booking": booking,
            "alternatives": alternatives,
            "rebook_url": f"{rebook_url}?categorie={booking.machine.category.slug}",
            "booking_url": booking.get_absolute_url(),
        },
    )


@relais_task()
def send_authorisation_expiry_warning(authorisation_pk: int) -> None:
    from relais.fablab.models import Authorisation

    authorisation = Authorisation.objects.select_related("user", "place", "machine", "category").get(
        pk=authorisation_pk
    )
    if authorisation.is_revoked or not authorisation.user.email:
        return
    emails.send(
        "authorisation_expiry_warning", to=authorisation.user.email, context={"authorisation": authorisation}
    )


@relais_task()
def send_authorisation_expired(authorisation_pk: int) -> None:
    from relais.fablab.models import Authorisation

    authorisation = Authorisation.objects.select_related("user", "place", "machine", "category").get(
        pk=authorisation_pk
    )
    if authorisation.is_revoked or not authorisation.user.email:
        return
    emails.send(
        "authorisation_expired", to=authorisation.user.email, context={"authorisation": authorisation}
    )


@relais_periodic_task(crontab(hour="6", minute="15"))
def process_authorisation_expiry() -> None:
    """Every morning: expire authorisations past their date and warn people two weeks before."""
    from relais.fablab import services

    services.authorisations_process_expiry()


@relais_periodic_task(crontab(hour="5", minute="45"))
def generate_maintenance_orders() -> None:
    """Every morning: open the preventive orders that have come due, by calendar or by usage."""
    from relais.fablab import maintenance

    maintenance.plans_generate_orders()


@relais_task()
def send_incident_fixed(report_pk: int) -> None:
    """Tell the person who reported a problem that it is fixed (once)."""
    from django.utils import timezone

    from relais.fablab.models import IncidentReport

    updated = IncidentReport.objects.filter(pk=report_pk, reporter_notified_at__isnull=True).update(
        reporter_notified_at=timezone.now()
    )
    if not updated:
        return
    report = IncidentReport.objects.select_related("machine__place").get(pk=report_pk)
    emails.send("incident_fixed", to=report.contact, context={"report": report})


@relais_periodic_task(crontab(hour="7", minute="30"))
def send_low_stock_digests() -> None:
    """Every morning: each place's fablab managers get the list of supplies to reorder (if any)."""
    from relais.fablab.stock import low_stock_digest_targets

    for place_pk, email in low_stock_digest_targets():
        send_low_stock_digest(place_pk, email)


@relais_task()
def send_low_stock_digest(place_pk: int, email: str) -> None:
    from relais.core.models import Place
    from relais.fablab.models import Consumable

    place = Place.objects.get(pk=place_pk)
    items = list(Consumable.objects.filter(place=place).low().order_by("name"))
    if items:
        emails.send("low_stock", to=email, context={"place": place, "items": items})


@relais_task()
def send_loan_reminder(loan_pk: int) -> None:
    from relais.fablab.models import Loan

    loan = Loan.objects.select_related("item__place").get(pk=loan_pk)
    if loan.is_open and loan.email:
        emails.send("loan_overdue", to=loan.email, context={"loan": loan})


@relais_periodic_task(crontab(hour="9", minute="0"))
def remind_overdue_loans() -> None:
    """Every morning: remind borrowers whose loan is overdue."""
    from relais.fablab import loans

    loans.loans_remind_overdue()
