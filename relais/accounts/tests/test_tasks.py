from relais.accounts.tasks import send_invitation
from relais.accounts.tests.factories import InvitationFactory
from relais.core.models import TaskFailure


def test_send_invitation_of_a_deleted_invitation_does_nothing(place, mailoutbox):
    invitation = InvitationFactory(place=place)
    pk = invitation.pk
    invitation.delete()

    send_invitation(pk)

    assert mailoutbox == []
    assert not TaskFailure.objects.exists()


def test_send_invitation_skips_an_accepted_invitation(place, mailoutbox):
    invitation = InvitationFactory(place=place, accepted=True, token="kept")

    send_invitation(invitation.pk)

    assert mailoutbox == []
    invitation.refresh_from_db()
    assert invitation.token_hash == invitation.hash_token("kept")


def test_send_invitation_emails_a_pending_invitation(place, mailoutbox):
    invitation = InvitationFactory(place=place, email="someone@example.org")

    send_invitation(invitation.pk)

    assert [message.to for message in mailoutbox] == [["someone@example.org"]]
