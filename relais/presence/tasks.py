"""Background jobs: one audit, a territory batch, and the monthly re-audits."""

from huey import crontab

from relais.core.tasks import relais_periodic_task, relais_task
from relais.presence import services


@relais_task(retries=1, retry_delay=60)
def run_audit(audit_id: int) -> None:
    services.audit_execute(audit_id=audit_id)


@relais_task(retries=1, retry_delay=60)
def run_batch(batch_id: int) -> None:
    services.batch_execute(batch_id=batch_id)


@relais_periodic_task(crontab(day="1", hour="3", minute="30"))
def queue_monthly_reaudits() -> None:
    services.monthly_reaudits()
