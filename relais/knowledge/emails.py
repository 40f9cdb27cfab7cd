"""Sending the app's emails from templates in templates/emails/knowledge/."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


def absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}"


def send(name: str, to: list[str], context: dict) -> None:
    """Send `emails/knowledge/<name>_subject.txt` / `_body.txt` to `to`."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    subject = render_to_string(f"emails/knowledge/{name}_subject.txt", context).strip().replace("\n", " ")
    body = render_to_string(f"emails/knowledge/{name}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
