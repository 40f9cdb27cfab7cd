import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from conftest import make_user
from relais.accounts import services
from relais.accounts.models import ApiToken, Invitation, User
from relais.accounts.tests.factories import InvitationFactory
from relais.core.models import Journal, Membership, Role

LINK = re.compile(r"http://\S+/comptes/invitation/([\w-]+)/")


def _link_token(message) -> str:
    return LINK.search(message.body).group(1)


def test_user_update_profile_saves_and_journals_changed_fields(mediator):
    services.user_update_profile(
        user=mediator, actor=mediator, first_name=" Inès ", last_name="Roy", phone=""
    )

    mediator.refresh_from_db()
    assert (mediator.first_name, mediator.last_name) == ("Inès", "Roy")
    entry = Journal.objects.get(action="user.update")
    assert entry.data == {"fields": ["first_name", "last_name"]}


def test_user_update_profile_without_change_writes_nothing(mediator):
    services.user_update_profile(
        user=mediator, actor=mediator, first_name=mediator.first_name, last_name="", phone=""
    )

    assert not Journal.objects.filter(action="user.update").exists()


def test_api_token_create_stores_only_the_hash(mediator):
    token, secret = services.api_token_create(user=mediator, name="Export", actor=mediator)

    assert secret.startswith("rel_")
    assert token.key_hash == ApiToken.hash_secret(secret)
    assert secret not in {token.key_hash, token.key_prefix}
    assert Journal.objects.filter(action="api_token.create", target_id=str(token.pk)).exists()


def test_api_token_revoke_makes_it_unusable_once(mediator):
    token, _secret = services.api_token_create(user=mediator, name="Export", actor=mediator)

    services.api_token_revoke(token=token, actor=mediator)
    services.api_token_revoke(token=token, actor=mediator)

    assert not ApiToken.objects.usable().filter(pk=token.pk).exists()
    assert Journal.objects.filter(action="api_token.revoke").count() == 1


def test_invitation_create_emails_a_link_on_commit(
    place, admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            place=place, email=" New.Person@Example.org ", role=Role.MEDIATOR, invited_by=admin
        )

    assert invitation.email == "new.person@example.org"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["new.person@example.org"]
    assert place.name in message.subject
    invitation.refresh_from_db()
    assert invitation.token_hash == Invitation.hash_token(_link_token(message))
    assert place.name in message.alternatives[0][0]
    assert Journal.objects.filter(action="invitation.create", place=place).exists()


def test_invitation_create_sends_nothing_before_commit(
    place, admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.invitation_create(place=place, email="x@example.org", role=Role.VOLUNTEER, invited_by=admin)

    assert mailoutbox == []
    assert len(callbacks) == 1


def test_invitation_link_is_valid_for_the_configured_days(
    place, admin, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.INVITATION_VALIDITY_DAYS = 7
    with time_machine.travel("2026-03-02 10:00 +0000", tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = services.invitation_create(
                place=place, email="x@example.org", role=Role.MEDIATOR, invited_by=admin
            )
    invitation.refresh_from_db()

    assert invitation.expires_at == datetime(2026, 3, 9, 10, 0, tzinfo=UTC)
    assert "7 days" in mailoutbox[0].body


def test_invitation_create_replaces_the_pending_invitation(
    place, admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.invitation_create(
            place=place, email="x@example.org", role=Role.VOLUNTEER, invited_by=admin
        )
    with django_capture_on_commit_callbacks(execute=True):
        second = services.invitation_create(
            place=place, email="X@example.org", role=Role.MEDIATOR, invited_by=admin
        )

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert list(Invitation.objects.pending().filter(place=place)) == [second]
    assert len(mailoutbox) == 2


def test_invitation_create_keeps_invitations_to_other_places(place, other_place, admin, outsider):
    other = InvitationFactory(place=other_place, email="x@example.org")

    services.invitation_create(place=place, email="x@example.org", role=Role.MEDIATOR, invited_by=admin)

    other.refresh_from_db()
    assert other.revoked_at is None


def test_invitation_create_refuses_someone_who_already_holds_the_role(place, admin, mediator):
    with pytest.raises(ValidationError, match="already holds this role"):
        services.invitation_create(
            place=place, email=mediator.email.upper(), role=Role.MEDIATOR, invited_by=admin
        )

    assert not Invitation.objects.exists()


def test_invitation_send_skips_a_revoked_invitation(place, mailoutbox):
    invitation = InvitationFactory(place=place, revoked=True)

    assert services.invitation_send(invitation=invitation) is None
    assert mailoutbox == []


def test_invitation_resend_mints_a_new_link(place, admin, mailoutbox, django_capture_on_commit_callbacks):
    invitation = InvitationFactory(place=place, token="old")

    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_resend(invitation=invitation, actor=admin)

    invitation.refresh_from_db()
    assert invitation.token_hash != Invitation.hash_token("old")
    assert invitation.token_hash == Invitation.hash_token(_link_token(mailoutbox[0]))


def test_invitation_resend_refuses_an_accepted_invitation(place, admin):
    invitation = InvitationFactory(place=place, accepted=True)

    with pytest.raises(ValidationError):
        services.invitation_resend(invitation=invitation, actor=admin)


def test_invitation_accept_gives_the_role_once(place, outsider):
    invitation = InvitationFactory(place=place, email=outsider.email, role=Role.FABMANAGER)

    membership = services.invitation_accept(invitation=invitation, user=outsider)

    assert (membership.user, membership.place, membership.role) == (outsider, place, Role.FABMANAGER)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=outsider)
    assert Membership.objects.filter(user=outsider, place=place).count() == 1


def test_invitation_accept_reactivates_an_inactive_membership(place, mediator):
    Membership.objects.filter(user=mediator).update(is_active=False)
    invitation = InvitationFactory(place=place, email=mediator.email, role=Role.MEDIATOR)

    services.invitation_accept(invitation=invitation, user=mediator)

    assert Membership.objects.get(user=mediator, place=place).is_active


def test_invitation_accept_refuses_another_person(place, outsider):
    invitation = InvitationFactory(place=place, email="someone.else@example.org")

    with pytest.raises(ValidationError, match="another email"):
        services.invitation_accept(invitation=invitation, user=outsider)

    assert not Membership.objects.filter(user=outsider, place=place).exists()


@pytest.mark.parametrize("state", ["expired", "accepted", "revoked"])
def test_invitation_accept_refuses_an_unusable_invitation(place, outsider, state):
    invitation = InvitationFactory(place=place, email=outsider.email, **{state: True})

    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=outsider)


def test_invitation_expires_after_seven_days(place):
    with time_machine.travel("2026-03-02 10:00 +0000", tick=False):
        invitation = services.invitation_create(
            place=place, email="x@example.org", role=Role.MEDIATOR, invited_by=None
        )
    with time_machine.travel("2026-03-09 09:59 +0000", tick=False):
        assert Invitation.objects.pending().filter(pk=invitation.pk).exists()
    with time_machine.travel("2026-03-09 10:01 +0000", tick=False):
        assert not Invitation.objects.pending().filter(pk=invitation.pk).exists()


def test_invitation_accept_new_user_creates_account_and_membership(place):
    invitation = InvitationFactory(place=place, email="new@example.org", role=Role.VOLUNTEER)

    user = services.invitation_accept_new_user(
        invitation=invitation, first_name="Léa", last_name="Martin", password="a long pass phrase"
    )

    assert user.check_password("a long pass phrase")
    assert Membership.objects.filter(user=user, place=place, role=Role.VOLUNTEER).exists()
    assert Journal.objects.filter(action="user.create", target_id=str(user.pk)).exists()


def test_invitation_accept_new_user_refuses_an_existing_email(place, mediator):
    invitation = InvitationFactory(place=place, email=mediator.email.upper())

    with pytest.raises(ValidationError, match="already exists"):
        services.invitation_accept_new_user(
            invitation=invitation, first_name="A", last_name="B", password="x" * 12
        )

    assert User.objects.filter(email__iexact=mediator.email).count() == 1


def test_membership_change_role_journals_the_previous_role(place, admin, mediator):
    membership = Membership.objects.get(user=mediator, place=place)

    services.membership_change_role(membership=membership, role=Role.FABMANAGER, actor=admin)

    membership.refresh_from_db()
    assert membership.role == Role.FABMANAGER
    entry = Journal.objects.get(action="membership.update")
    assert entry.data == {"role": "fabmanager", "previous": "mediator"}


def test_membership_change_role_refuses_a_duplicate(place, admin, mediator):
    membership = Membership.objects.get(user=mediator, place=place)
    Membership.objects.create(user=mediator, place=place, role=Role.VOLUNTEER)

    with pytest.raises(ValidationError, match="already holds"):
        services.membership_change_role(membership=membership, role=Role.VOLUNTEER, actor=admin)


def test_membership_change_role_keeps_the_last_administrator(place, admin):
    membership = Membership.objects.get(user=admin, place=place)

    with pytest.raises(ValidationError, match="at least one administrator"):
        services.membership_change_role(membership=membership, role=Role.MEDIATOR, actor=admin)

    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


def test_membership_remove_allows_removing_an_admin_when_another_remains(place, organisation, admin):
    Membership.objects.create(
        user=make_user("orga-admin@test.fr"), organisation=organisation, role=Role.ADMIN
    )
    membership = Membership.objects.get(user=admin, place=place)

    services.membership_remove(membership=membership, actor=admin)

    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert Journal.objects.filter(action="membership.delete", place=place).exists()


def test_membership_remove_keeps_the_last_administrator(place, admin):
    membership = Membership.objects.get(user=admin, place=place)

    with pytest.raises(ValidationError):
        services.membership_remove(membership=membership, actor=admin)

    assert Membership.objects.filter(pk=membership.pk).exists()


def test_membership_remove_of_a_mediator(place, admin, mediator):
    membership = Membership.objects.get(user=mediator, place=place)

    services.membership_remove(membership=membership, actor=admin)

    assert not Membership.objects.filter(user=mediator).exists()


def test_inherited_memberships_cover_organisation_and_network(place, coordinator, organisation, other_place):
    organisation_admin = make_user("orga@test.fr")
    Membership.objects.create(user=organisation_admin, organisation=organisation, role=Role.ADMIN)
    Membership.objects.create(
        user=make_user("elsewhere@test.fr"), organisation=other_place.organisation, role=Role.ADMIN
    )

    users = {m.user for m in services.inherited_memberships(place)}

    assert users == {coordinator, organisation_admin}


def test_invitation_expiry_is_not_extended_by_acceptance(place, outsider):
    invitation = InvitationFactory(place=place, email=outsider.email)
    expires_at = invitation.expires_at

    services.invitation_accept(invitation=invitation, user=outsider)

    invitation.refresh_from_db()
    assert invitation.expires_at == expires_at
    assert invitation.accepted_at <= timezone.now() + timedelta(seconds=1)


def test_invitation_create_replaces_an_expired_invitation_too(place, admin):
    expired = InvitationFactory(place=place, email="x@example.org", expired=True)

    services.invitation_create(place=place, email="x@example.org", role=Role.MEDIATOR, invited_by=admin)

    expired.refresh_from_db()
    assert expired.revoked_at is not None
    assert Invitation.objects.open().filter(place=place, email="x@example.org").count() == 1


def test_database_refuses_two_open_invitations_for_the_same_person_and_place(place):
    InvitationFactory(place=place, email="x@example.org")

    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationFactory(place=place, email="x@example.org")
