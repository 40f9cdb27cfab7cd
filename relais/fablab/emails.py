"""Fablab e-mails, rendered from `templates/emails/fablab/<name>_subject.txt`, `_body.txt`, `_body.html`."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send(name: str, *, to: str, context: dict) -> None:
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/fablab/{name}_subject.txt", context).split())
        text = render_to_string(f"emails/fablab/{name}_body.txt", context)
        html = render_to_string(f"emails/fablab/{name}_body.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
