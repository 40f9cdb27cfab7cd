"""Background jobs: the `relais_task` decorator (retries with backoff), the record of final failures and
the recovery of tasks whose worker died.

A task takes primary keys, loads rows and calls a service. Enqueue it with
`transaction.on_commit(lambda: my_task(pk))`. When a task has used all its retries, a `TaskFailure`
row is written and administrators see it on the failed-tasks page.

A queue hands a task to one worker and forgets it, so a worker killed mid-task would lose it. Each task a
worker starts is therefore written down (`RunningTask`) and struck off when it ends, however it ends.
When a consumer starts, and every ten minutes, the tasks left behind by a dead worker of this machine —
or started longer than `TASK_LEASE` ago on any machine — are queued again. Tasks must be idempotent
(check the state they change before changing it), so running one again has its effect once.
"""

import logging
import os
import socket
import traceback
import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from huey import crontab, signals
from huey.api import PeriodicTask
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from relais.core.models import RunningTask, TaskFailure

logger = logging.getLogger(__name__)

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


# A task started longer ago than this is taken for lost, whichever machine ran it.
TASK_LEASE = timedelta(hours=1)
_PROCESS = {"pid": None, "token": ""}
ENDED = (
    signals.SIGNAL_COMPLETE,
    signals.SIGNAL_ERROR,
    signals.SIGNAL_RETRYING,
    signals.SIGNAL_CANCELED,
    signals.SIGNAL_TIMEOUT,
    signals.SIGNAL_LOCKED,
    signals.SIGNAL_RATE_LIMITED,
    signals.SIGNAL_REVOKED,
    signals.SIGNAL_EXPIRED,
)


def worker_id() -> str:
    """This process, as "host:pid:token"; the token is new in every process."""
    if _PROCESS["pid"] != os.getpid():
        _PROCESS.update(pid=os.getpid(), token=uuid.uuid4().hex[:12])
    return f"{socket.gethostname()}:{_PROCESS['pid']}:{_PROCESS['token']}"


def _tracked(task) -> bool:
    # Periodic tasks come back on their own schedule; immediate mode has no worker to lose.
    return not isinstance(task, PeriodicTask) and not HUEY.immediate


@HUEY.signal(signals.SIGNAL_EXECUTING)
def record_start(signal, task) -> None:
    if _tracked(task):
        RunningTask.objects.update_or_create(
            task_id=str(task.id),
            defaults={
                "name": task.name,
                "payload": HUEY.serialize_task(task),
                "worker": worker_id(),
                "started_at": timezone.now(),
            },
        )


@HUEY.signal(*ENDED)
def record_end(signal, task, *args) -> None:
    if _tracked(task):
        RunningTask.objects.filter(task_id=str(task.id)).delete()


def _is_dead(worker: str, started_at, now) -> bool:
    host, _sep, rest = worker.partition(":")
    pid_text, _sep, token = rest.partition(":")
    if started_at < now - TASK_LEASE:
        return True
    if host != socket.gethostname() or not pid_text.isdigit():
        return False  # another machine's worker: only the lease tells
    pid = int(pid_text)
    if pid == os.getpid():
        return worker != worker_id()  # this pid belonged to an earlier process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def tasks_recover(now=None) -> int:
    """Queue again the tasks whose worker died; returns how many were queued."""
    now = now or timezone.now()
    recovered = 0
    rows = RunningTask.objects.values_list("pk", "worker", "started_at")
    for pk, worker, started_at in list(rows):
        if not _is_dead(worker, started_at, now):
            continue
        with transaction.atomic():
            row = RunningTask.objects.filter(pk=pk).first()
            if row is None or not RunningTask.objects.filter(pk=pk).delete()[0]:
                continue  # another worker of this consumer took it first
            task = HUEY.deserialize_task(bytes(row.payload))
            transaction.on_commit(lambda task=task: HUEY.enqueue(task))
        logger.warning("Task %s (%s) was left unfinished by %s: queued again.", row.name, row.task_id, worker)
        recovered += 1
    return recovered


@HUEY.on_startup()
def recover_on_startup() -> None:
    from django.db import close_old_connections

    close_old_connections()
    tasks_recover()


@relais_periodic_task(crontab(minute="*/10"))
def recover_lost_tasks() -> None:
    """Queue again what a worker that died (or a machine that vanished) left unfinished."""
    tasks_recover()


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
