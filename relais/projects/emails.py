"""Sending the app's emails: subject, text and HTML bodies rendered from templates/emails/projects/."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_templated(
    name: str, context: dict, to: list[str], attachments: list[tuple[str, bytes, str]] = ()
) -> int:
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/projects/{name}_subject.txt", context).split())
    body = render_to_string(f"emails/projects/{name}_body.txt", context)
    html = render_to_string(f"emails/projects/{name}_body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message.send()
