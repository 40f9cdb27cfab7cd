import pytest
from django.urls import reverse

from conftest import make_user
from relais.accounts.models import Invitation
from relais.accounts.tests.factories import InvitationFactory
from relais.core.models import Membership, Role


def roles_url(place, name="place-roles", **kwargs):
    return reverse(f"accounts:{name}", kwargs={"slug": place.slug, **kwargs})


def test_place_roles_needs_sign_in(client, place):
    response = client.get(roles_url(place))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_place_roles_of_another_place_is_not_found(outsider_client, place):
    assert outsider_client.get(roles_url(place)).status_code == 404


def test_place_roles_of_an_unknown_place_is_not_found(admin_client):
    assert admin_client.get(reverse("accounts:place-roles", kwargs={"slug": "nowhere"})).status_code == 404


@pytest.mark.parametrize("persona", ["mediator", "coordinator", "fabmanager", "volunteer"])
def test_place_roles_is_forbidden_to_non_administrators_of_the_place(client_for, request, place, persona):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(roles_url(place)).status_code == 403


def test_place_roles_lists_direct_inherited_and_pending(
    admin_client, place, mediator, coordinator, outsider, other_place, django_assert_max_num_queries
):
    InvitationFactory(place=place, email="pending@example.org")
    InvitationFactory(place=place, email="expired@example.org", expired=True)
    InvitationFactory(place=other_place, email="elsewhere@example.org")

    with django_assert_max_num_queries(14):
        response = admin_client.get(roles_url(place))

    content = response.content.decode()
    assert response.status_code == 200
    assert mediator.email in content
    assert coordinator.email in content
    assert "Réseau test" in content
    assert "pending@example.org" in content
    assert "expired@example.org" not in content
    assert "elsewhere@example.org" not in content
    assert outsider.email not in content
    membership = Membership.objects.get(user=coordinator)
    assert roles_url(place, "membership-update", pk=membership.pk) not in content


def test_place_roles_query_count_does_not_grow_with_members(
    admin_client, place, organisation, django_assert_max_num_queries
):
    for number in range(15):
        Membership.objects.create(user=make_user(f"member{number}@test.fr"), place=place, role=Role.MEDIATOR)
        Membership.objects.create(
            user=make_user(f"orga{number}@test.fr"), organisation=organisation, role=Role.VOLUNTEER
        )
        InvitationFactory(place=place, invited_by=make_user(f"inviter{number}@test.fr"))

    with django_assert_max_num_queries(14):
        response = admin_client.get(roles_url(place))

    assert response.content.count(b"@test.fr</td>") >= 31


def test_place_roles_is_open_to_an_administrator_through_the_organisation(client_for, place, organisation):
    organisation_admin = make_user("orga-admin@test.fr")
    Membership.objects.create(user=organisation_admin, organisation=organisation, role=Role.ADMIN)

    response = client_for(organisation_admin).get(roles_url(place))

    assert response.status_code == 200
    assert b"orga-admin@test.fr" in response.content


def test_place_roles_htmx_gets_the_members_fragment(client_for, admin, place, mediator):
    client = client_for(admin, HTTP_HX_REQUEST="true")

    response = client.get(roles_url(place))

    assert b"<html" not in response.content
    assert b'id="place-members"' in response.content
    assert mediator.email.encode() in response.content


def test_invitation_create_sends_the_email(
    admin_client, place, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            roles_url(place, "invitation-create"), {"email": "New@Example.org", "role": Role.VOLUNTEER}
        )

    assert response.status_code == 303
    assert response["Location"] == roles_url(place)
    invitation = Invitation.objects.get(place=place)
    assert (invitation.email, invitation.role) == ("new@example.org", Role.VOLUNTEER)
    assert mailoutbox[0].to == ["new@example.org"]
    page = admin_client.get(roles_url(place))
    assert b"Invitation sent to new@example.org" in page.content


def test_invitation_create_with_bad_email_keeps_typed_values(admin_client, place):
    response = admin_client.post(roles_url(place, "invitation-create"), {"email": "nope", "role": Role.ADMIN})

    assert response.status_code == 200
    assert b"Enter a valid email address" in response.content
    assert b'value="nope"' in response.content
    assert not Invitation.objects.exists()


def test_invitation_create_for_a_current_member_shows_the_rule(admin_client, place, mediator):
    response = admin_client.post(
        roles_url(place, "invitation-create"), {"email": mediator.email, "role": Role.MEDIATOR}
    )

    assert response.status_code == 200
    assert b"already holds this role" in response.content
    assert not Invitation.objects.exists()


def test_invitation_create_is_forbidden_to_a_mediator(mediator_client, place):
    response = mediator_client.post(
        roles_url(place, "invitation-create"), {"email": "x@example.org", "role": Role.ADMIN}
    )

    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_invitation_create_in_another_place_is_not_found(admin_client, other_place):
    response = admin_client.post(
        roles_url(other_place, "invitation-create"), {"email": "x@example.org", "role": Role.ADMIN}
    )

    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_membership_update_changes_the_role(admin_client, place, mediator):
    membership = Membership.objects.get(user=mediator, place=place)

    response = admin_client.post(
        roles_url(place, "membership-update", pk=membership.pk), {"role": Role.FABMANAGER}, follow=True
    )

    assert b"has been changed" in response.content
    membership.refresh_from_db()
    assert membership.role == Role.FABMANAGER


def test_membership_update_with_unknown_role_shows_error(admin_client, place, mediator):
    membership = Membership.objects.get(user=mediator, place=place)

    response = admin_client.post(roles_url(place, "membership-update", pk=membership.pk), {"role": "king"})

    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    membership.refresh_from_db()
    assert membership.role == Role.MEDIATOR


def test_membership_update_of_the_last_admin_shows_the_rule(admin_client, admin, place):
    membership = Membership.objects.get(user=admin, place=place)

    response = admin_client.post(
        roles_url(place, "membership-update", pk=membership.pk), {"role": Role.MEDIATOR}
    )

    assert response.status_code == 200
    assert b"keeps at least one administrator" in response.content
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


def test_membership_update_of_an_inherited_role_is_not_found(admin_client, place, coordinator):
    membership = Membership.objects.get(user=coordinator)

    response = admin_client.post(
        roles_url(place, "membership-update", pk=membership.pk), {"role": Role.ADMIN}
    )

    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR


def test_membership_update_in_another_place_is_not_found(admin_client, other_place, outsider):
    membership = Membership.objects.get(user=outsider)

    response = admin_client.post(
        roles_url(other_place, "membership-update", pk=membership.pk), {"role": Role.ADMIN}
    )

    assert response.status_code == 404


def test_membership_update_is_forbidden_to_a_mediator(mediator_client, place, volunteer):
    membership = Membership.objects.get(user=volunteer)

    response = mediator_client.post(
        roles_url(place, "membership-update", pk=membership.pk), {"role": Role.ADMIN}
    )

    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == Role.VOLUNTEER


def test_membership_delete_removes_the_role(admin_client, place, mediator):
    membership = Membership.objects.get(user=mediator, place=place)

    response = admin_client.post(roles_url(place, "membership-delete", pk=membership.pk), follow=True)

    assert b"no longer holds this role" in response.content
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_membership_delete_of_the_last_admin_shows_the_rule(admin_client, admin, place):
    membership = Membership.objects.get(user=admin, place=place)

    response = admin_client.post(roles_url(place, "membership-delete", pk=membership.pk))

    assert response.status_code == 200
    assert b"keeps at least one administrator" in response.content
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_membership_delete_is_forbidden_to_a_mediator(mediator_client, place, volunteer):
    membership = Membership.objects.get(user=volunteer)

    assert mediator_client.post(roles_url(place, "membership-delete", pk=membership.pk)).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_invitation_revoke_cancels_the_link(admin_client, place):
    invitation = InvitationFactory(place=place)

    response = admin_client.post(roles_url(place, "invitation-revoke", pk=invitation.pk), follow=True)

    assert b"has been revoked" in response.content
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_invitation_revoke_in_another_place_is_not_found(admin_client, place, other_place):
    invitation = InvitationFactory(place=other_place)

    assert admin_client.post(roles_url(place, "invitation-revoke", pk=invitation.pk)).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_invitation_revoke_is_forbidden_to_a_mediator(mediator_client, place):
    invitation = InvitationFactory(place=place)

    assert mediator_client.post(roles_url(place, "invitation-revoke", pk=invitation.pk)).status_code == 403


def test_invitation_resend_sends_a_new_link(
    admin_client, place, mailoutbox, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(place=place, token="old")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(roles_url(place, "invitation-resend", pk=invitation.pk))

    assert response.status_code == 303
    assert len(mailoutbox) == 1
    invitation.refresh_from_db()
    assert invitation.token_hash != Invitation.hash_token("old")


def test_invitation_resend_of_a_revoked_invitation_says_so(admin_client, place, mailoutbox):
    invitation = InvitationFactory(place=place, revoked=True)

    response = admin_client.post(roles_url(place, "invitation-resend", pk=invitation.pk), follow=True)

    assert b"no longer pending" in response.content
    assert mailoutbox == []
