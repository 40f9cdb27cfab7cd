"""Incident reports from the public: rate limited per address, each opens a corrective order."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.journal import journal_log
from relais.fablab import tasks
from relais.fablab.models import IncidentReport, Machine, MaintenanceOrder

# At most this many reports per address and hour, across every machine.
MAX_REPORTS_PER_HOUR = 5


def source_hash(address: str) -> str:
    """The reporter's address is never stored: only a keyed hash, to count reports."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


@transaction.atomic
def incident_report(
    *, machine: Machine, address: str, description: str, severity: str, contact: str = "", photo=None
) -> IncidentReport:
    """Record a public report and open a corrective order; floods from one address are refused."""
    from relais.fablab import maintenance  # maintenance tells reporters when an order closes

    digest = source_hash(address)
    recent = IncidentReport.objects.filter(
        source_hash=digest, created_at__gte=timezone.now() - timedelta(hours=1)
    )
    if recent.count() >= MAX_REPORTS_PER_HOUR:
        raise ValidationError(
            _("Too many reports from your connection in the last hour. Please tell the team on site."),
            code="rate_limited",
        )
    if not description.strip():
        raise ValidationError({"description": _("Say what happened.")})
    report = IncidentReport(
        machine=machine,
        description=description.strip(),
        severity=severity,
        contact=contact.strip(),
        source_hash=digest,
    )
    if photo:
        report.photo = photo
    report.full_clean(exclude=["order"])
    severity_label = IncidentReport.Severity(severity).label
    report.order = maintenance.order_create(
        machine=machine,
        actor=None,
        title=_("Reported: %(severity)s") % {"severity": severity_label},
        description=description.strip(),
    )
    report.save()
    journal_log(actor=None, action="incident.report", target=report, place=machine.place, severity=severity)
    return report


def notify_reporter_if_fixed(order: MaintenanceOrder) -> None:
    """Called when an order is closed: the person who reported it, if they left an email, is told."""
    report = (
        IncidentReport.objects.filter(order=order, reporter_notified_at__isnull=True)
        .exclude(contact="")
        .first()
    )
    if report is not None:
        transaction.on_commit(lambda: tasks.send_incident_fixed(report.pk))
