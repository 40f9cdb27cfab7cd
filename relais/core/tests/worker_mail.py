"""The mail server of the worker-crash test, for a task consumer started in another process.

The first message stalls (the test kills the worker meanwhile); once the stall marker exists, messages
are written one file each into RELAIS_TEST_MAILDIR, so the test can count what was really sent."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

STALL_SECONDS = 120


class StallOnceBackend(BaseEmailBackend):
    def send_messages(self, messages):
        folder = Path(os.environ["RELAIS_TEST_MAILDIR"])
        marker = folder / "stalled"
        if not marker.exists():
            marker.write_text(str(os.getpid()))
            time.sleep(STALL_SECONDS)  # the worker is killed during this
        for message in messages:
            (folder / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(messages)
