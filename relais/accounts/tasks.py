from relais.accounts import services
from relais.accounts.models import Invitation
from relais.core.tasks import relais_task


@relais_task()
def send_invitation(invitation_pk: int) -> None:
    """Email the invitation link; an invitation accepted or revoked meanwhile is skipped."""
    invitation = Invitation.objects.filter(pk=invitation_pk).first()
    if invitation is not None:
        services.invitation_send(invitation=invitation)
