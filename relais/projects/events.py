"""Participatory events of a project: created through the programme, then their outputs and digest."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.journal import journal_log
from relais.projects.models import EventOutput, Project, ProjectEvent

# How each format appears in the programme's own list of kinds.
PROGRAMME_KIND = {
    ProjectEvent.Format.CO_DESIGN: "workshop",
    ProjectEvent.Format.HACKATHON: "other",
    ProjectEvent.Format.MEETUP: "other",
}


@transaction.atomic
def project_event_create(
    *,
    actor,
    project: Project,
    format: str,
    title: str,
    description: str,
    start_at: datetime,
    end_at: datetime,
    capacity: int | None = None,
    is_published: bool = True,
) -> ProjectEvent:
    """Create a programme event with one session for the project, and link it."""
    from relais.programme import services as programme

    event = programme.event_create(
        place=project.place,
        title=title,
        actor=actor,
        kind=PROGRAMME_KIND[format],
        description=description,
        is_published=is_published,
    )
    programme.session_create(event=event, actor=actor, start_at=start_at, end_at=end_at, capacity=capacity)
    link = ProjectEvent.objects.create(project=project, event=event, format=format)
    journal_log(actor=actor, action="project_event.create", target=link, place=project.place, event=event.pk)
    return link


@transaction.atomic
def project_event_link(*, actor, project: Project, event, format: str) -> ProjectEvent:
    """Link an existing programme event of the project's place to the project."""
    if event.place_id != project.place_id:
        raise ValidationError({"event": _("This event belongs to another place.")})
    link, _created = ProjectEvent.objects.get_or_create(
        project=project, event=event, defaults={"format": format}
    )
    journal_log(actor=actor, action="project_event.link", target=link, place=project.place, event=event.pk)
    return link


def event_has_started(link: ProjectEvent) -> bool:
    first = link.event.sessions.order_by("start_at").values_list("start_at", flat=True).first()
    return first is not None and first <= timezone.now()


@transaction.atomic
def output_create(
    *, actor, link: ProjectEvent, kind: str, title: str, text: str = "", file=None
) -> EventOutput:
    """Record what the event produced; only once it has started. Photos and files need a file."""
    if not event_has_started(link):
        raise ValidationError(_("Outputs are recorded once the event has taken place."))
    if kind in (EventOutput.Kind.MINUTES, EventOutput.Kind.DECISION) and not text.strip():
        raise ValidationError({"text": _("Write the minutes or the decision.")})
    if kind in (EventOutput.Kind.PHOTO, EventOutput.Kind.FILE) and not file:
        raise ValidationError({"file": _("Choose the file to share.")})
    if (
        kind == EventOutput.Kind.PHOTO
        and file
        and not file.name.lower().endswith((".jpg", ".jpeg", ".png", ".webp"))
    ):
        raise ValidationError({"file": _("A photo must be a JPEG, PNG or WebP image.")})
    output = EventOutput(
        project_event=link, kind=kind, title=title, text=text, file=file or "", created_by=actor
    )
    output.full_clean()
    output.save()
    journal_log(actor=actor, action="event_output.create", target=output, place=link.project.place)
    return output


def digest_recipients(link: ProjectEvent) -> list[str]:
    """Team members, and the event's participants who consented to messages about it and did not opt out."""
    from relais.programme.models import Registration

    emails = {member.email for member in link.project.members.select_related("user", "partner")}
    registrations = Registration.objects.filter(
        session__event=link.event, state__in=Registration.SEAT_STATES, consent=True, messages_opt_out=False
    ).exclude(email="")
    emails.update(registrations.values_list("email", flat=True))
    return sorted(email.lower() for email in emails if email)


@transaction.atomic
def digest_send(*, actor, link: ProjectEvent) -> ProjectEvent:
    """Queue the outputs digest for the participants; refuses an event without outputs."""
    if not link.outputs.exists():
        raise ValidationError(_("Record at least one output before sending the digest."))
    link.digest_sent_at = timezone.now()
    link.save(update_fields=["digest_sent_at", "updated_at"])
    journal_log(actor=actor, action="project_event.digest", target=link, place=link.project.place)
    from relais.projects.tasks import send_output_digest

    transaction.on_commit(lambda: send_output_digest(link.pk))
    return link
