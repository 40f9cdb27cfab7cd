"""Background jobs of the mediation desk."""

from huey import crontab

from relais.core.tasks import relais_periodic_task
from relais.mediation import services


@relais_periodic_task(crontab(hour="3", minute="20"))
def anonymise_inactive_beneficiaries() -> int:
    """Daily: anonymise the files with no activity for BENEFICIARY_RETENTION_MONTHS months."""
    return services.beneficiaries_anonymise_inactive(months=services.retention_months())
