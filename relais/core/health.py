"""Checks behind GET /healthz: the database answers and the task queue's storage answers."""

from django.db import connection
from huey.contrib.djhuey import HUEY


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver error means "down"
        return f"error: {type(error).__name__}"
    return "ok"


def check_queue() -> str:
    try:
        HUEY.storage.queue_size()
    except Exception as error:  # storage backends raise their own errors (redis, sqlite3)
        return f"error: {type(error).__name__}"
    return "ok"
