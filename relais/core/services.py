"""Writes on organisations, places and roles. Every change is journalled."""

from django.db import transaction
from django.utils import timezone

from relais.core.journal import journal_log
from relais.core.models import TaskFailure


@transaction.atomic
def task_failure_resolve(*, failure: TaskFailure, actor) -> TaskFailure:
    """Mark a failed task as dealt with; it leaves the list of open failures."""
    failure.resolved_at = timezone.now()
    failure.save(update_fields=["resolved_at"])
    journal_log(actor=actor, action="task_failure.resolve", target=failure)
    return failure
