"""Other apps learn of activities written in bulk (imports, merges of files), which send no model signal.

`register_bulk_change_listener(func)`: `func(changes)` is called after the transaction commits, with a
set of `(place_id, date)` pairs whose activities were created or changed. The stats app uses it to keep
its summaries current.
"""

import datetime
from collections.abc import Callable, Iterable

from django.db import transaction

Listener = Callable[[set[tuple[int, datetime.date]]], None]
_listeners: list[Listener] = []


def register_bulk_change_listener(func: Listener) -> None:
    if func not in _listeners:
        _listeners.append(func)


def activities_changed_in_bulk(changes: Iterable[tuple[int, datetime.date]]) -> None:
    pairs = set(changes)
    if not pairs:
        return

    def notify() -> None:
        for listener in list(_listeners):
            listener(pairs)

    transaction.on_commit(notify)
