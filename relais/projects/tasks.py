"""Background jobs of the projects app: invitation emails and answers."""

from django.urls import reverse

from relais.core.tasks import relais_task
from relais.projects.emails import send_templated
from relais.projects.models import ProjectInvitation


@relais_task()
def send_project_invitation(invitation_pk: int, token: str) -> None:
    invitation = ProjectInvitation.objects.select_related("project", "project__place", "invited_by").get(
        pk=invitation_pk
    )
    if invitation.status != ProjectInvitation.Status.PENDING:
        return
    link = reverse("projects:invitation-respond", kwargs={"token": token})
    context = {"invitation": invitation, "project": invitation.project, "link": link}
    send_templated("invitation", context, [invitation.email])


@relais_task()
def notify_invitation_answer(invitation_pk: int) -> None:
    invitation = ProjectInvitation.objects.select_related("project", "project__owner").get(pk=invitation_pk)
    recipients = {invitation.project.owner.email}
    if invitation.invited_by and invitation.invited_by.email:
        recipients.add(invitation.invited_by.email)
    context = {"invitation": invitation, "project": invitation.project}
    send_templated("invitation_answer", context, sorted(recipients))


@relais_task()
def send_output_digest(project_event_pk: int) -> None:
    from relais.projects.events import digest_recipients
    from relais.projects.models import ProjectEvent

    link = ProjectEvent.objects.select_related("project", "project__place", "event").get(pk=project_event_pk)
    outputs = list(link.outputs.all())
    context = {"link": link, "project": link.project, "event": link.event, "outputs": outputs}
    for email in digest_recipients(link):
        send_templated("output_digest", context, [email])
