"""Pluggable SMS backends, chosen by the PROGRAMME_SMS_BACKEND setting (like Django's email backends):

- `relais.programme.sms.ConsoleBackend` (default): printed to the log;
- `relais.programme.sms.FileBackend`: one JSON line per SMS in PROGRAMME_SMS_FILE_PATH;
- `relais.programme.sms.HttpBackend`: PROGRAMME_SMS_HTTP_URL, PROGRAMME_SMS_HTTP_TOKEN, PROGRAMME_SMS_SENDER;
- `relais.programme.sms.MemoryBackend`: for tests, messages kept in `outbox`.

The HTTP backend POSTs `{"to", "text", "sender"}` as JSON with `Authorization: Bearer <token>`; any
2xx answer counts as sent. A backend raises `SmsError` when the message could not be sent.
"""

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import httpx
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

DEFAULT_BACKEND = "relais.programme.sms.ConsoleBackend"


class SmsError(Exception):
    pass


@dataclass
class SmsMessage:
    to: str
    text: str
    sender: str = ""


class BaseBackend:
    name = "base"

    def send(self, message: SmsMessage) -> str:
        """Send one SMS; return a provider reference (may be empty)."""
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    name = "console"

    def send(self, message: SmsMessage) -> str:
        logger.info("SMS to %s: %s", message.to, message.text)
        return ""


class FileBackend(BaseBackend):
    name = "file"

    def send(self, message: SmsMessage) -> str:
        path = Path(getattr(settings, "PROGRAMME_SMS_FILE_PATH", "") or Path(settings.VAR_DIR) / "sms.log")
        path.parent.mkdir(parents=True, exist_ok=True)
        line = {
            "at": timezone.now().isoformat(),
            "to": message.to,
            "sender": message.sender,
            "text": message.text,
        }
        with path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        return str(path.name)


class MemoryBackend(BaseBackend):
    name = "memory"
    outbox: list[SmsMessage] = []

    def send(self, message: SmsMessage) -> str:
        MemoryBackend.outbox.append(message)
        return f"memory-{len(MemoryBackend.outbox)}"


class HttpBackend(BaseBackend):
    name = "http"
    transport: httpx.BaseTransport | None = None  # tests plug an httpx.MockTransport here

    def send(self, message: SmsMessage) -> str:
        url = getattr(settings, "PROGRAMME_SMS_HTTP_URL", "")
        if not url:
            raise SmsError("PROGRAMME_SMS_HTTP_URL is not set")
        headers = {}
        token = getattr(settings, "PROGRAMME_SMS_HTTP_TOKEN", "")
        if token:
            headers["Authorization"] = f"Bearer {token}"
        payload = {"to": message.to, "text": message.text, "sender": message.sender}
        try:
            with httpx.Client(timeout=10, transport=self.transport) as client:
                response = client.post(url, json=payload, headers=headers)
        except httpx.HTTPError as error:
            raise SmsError(f"{type(error).__name__}: {error}") from error
        if not response.is_success:
            raise SmsError(f"HTTP {response.status_code}: {response.text[:200]}")
        try:
            return str(response.json().get("id", ""))[:80]
        except ValueError:
            return ""


def get_backend() -> BaseBackend:
    return import_string(getattr(settings, "PROGRAMME_SMS_BACKEND", "") or DEFAULT_BACKEND)()


def send_sms(to: str, text: str) -> tuple[str, str]:
    """Send `text` to `to` with the configured backend; returns (backend name, provider reference)."""
    backend = get_backend()
    sender = getattr(settings, "PROGRAMME_SMS_SENDER", "") or "Relais"
    return backend.name, backend.send(SmsMessage(to=to, text=text, sender=sender))
