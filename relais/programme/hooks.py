"""Extension points for other apps.

Another app (the fablab, to grant a machine authorisation after a training) registers a listener in
its `AppConfig.ready()`:

    from relais.programme.hooks import register_attendance_listener
    register_attendance_listener(grant_authorisation_if_training)

The listener is called with the registration, once the transaction that marked it `attended` has
committed, every time a registration becomes `attended`. A failing listener is logged and does not
prevent the other listeners from running.
"""

import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)

_attendance_listeners: list[Callable] = []


def register_attendance_listener(func: Callable) -> Callable:
    """Call `func(registration)` after commit whenever a registration becomes attended."""
    if func not in _attendance_listeners:
        _attendance_listeners.append(func)
    return func


def unregister_attendance_listener(func: Callable) -> None:
    if func in _attendance_listeners:
        _attendance_listeners.remove(func)


def notify_attended(registration) -> None:
    """Schedule every listener for `registration` once the current transaction commits."""
    pk = registration.pk

    def run() -> None:
        from relais.programme.models import Registration

        fresh = Registration.objects.select_related("session__event", "session__place").get(pk=pk)
        for listener in list(_attendance_listeners):
            try:
                listener(fresh)
            except Exception:
                logger.exception("Attendance listener %r failed for registration %s", listener, pk)

    transaction.on_commit(run)
