"""Background jobs: the `relais_task` decorator (retries with backoff) and the record of final failures.

A task takes primary keys, loads rows and calls a service. Enqueue it with
`transaction.on_commit(lambda: my_task(pk))`. When a task has used all its retries, a `TaskFailure`
row is written and administrators see it on the failed-tasks page.
"""

import traceback

from django.utils import timezone
from huey import crontab, signals
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from relais.core.models import TaskFailure

DEFAULT_RETRIES = 5
DEFAULT_RETRY_DELAY = 30  # seconds; doubled at each retry (30 s, 1 min, 2 min, 4 min, 8 min)


def relais_task(*, retries: int = DEFAULT_RETRIES, retry_delay: int = DEFAULT_RETRY_DELAY, **kwargs):
    """A database-aware task retried with exponential backoff; a final failure is recorded."""
    return db_task(retries=retries, retry_delay=retry_delay, retry_backoff=2, **kwargs)


def relais_periodic_task(schedule, *, retries: int = 2, retry_delay: int = 60, **kwargs):
    """A periodic task (schedule from `huey.crontab`), retried and recorded like the others."""
    return db_periodic_task(schedule, retries=retries, retry_delay=retry_delay, retry_backoff=2, **kwargs)


@HUEY.signal(signals.SIGNAL_ERROR)
def record_final_failure(signal, task, exc=None) -> None:
    if task.retries:  # huey will try again
        return
    TaskFailure.objects.create(
        failed_at=timezone.now(),
        task_name=task.name,
        task_id=str(task.id),
        arguments=repr((task.args, task.kwargs))[:5000],
        error=f"{type(exc).__name__}: {exc}"[:5000] if exc else "",
        traceback="".join(traceback.format_exception(exc))[-20000:] if exc else "",
        attempts=getattr(type(task), "default_retries", 0) + 1,
    )


@relais_periodic_task(crontab(hour=2, minute=30))
def backup_daily() -> None:
    """Nightly archive of the database and media, keeping the BACKUP_KEEP newest."""
    from django.conf import settings

    from relais.core.backup import backup_create, backup_rotate

    if settings.BACKUP_DAILY:
        backup_create()
        backup_rotate()


@relais_periodic_task(crontab(minute=17))
def rate_limits_purge() -> None:
    """Forget the uses of public forms once they no longer count (hourly)."""
    from relais.core.ratelimit import purge

    purge()
