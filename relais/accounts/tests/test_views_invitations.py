from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from conftest import PASSWORD
from relais.accounts.models import User
from relais.accounts.tests.factories import InvitationFactory
from relais.core.models import Membership, Role


def accept_url(token: str) -> str:
    return reverse("accounts:invitation-accept", kwargs={"token": token})


NEW_PERSON = {
    "first_name": "Léa",
    "last_name": "Martin",
    "password1": "un chemin de traverse",
    "password2": "",
}
NEW_PERSON["password2"] = NEW_PERSON["password1"]


def test_invitation_unknown_link_answers_a_clear_page(client, db):
    response = client.get(accept_url("no-such-token"))

    assert response.status_code == 404
    assert b"This invitation link is not valid" in response.content


@pytest.mark.parametrize(
    ("state", "text"),
    [
        ("expired", b"This invitation has expired"),
        ("accepted", b"already been accepted"),
        ("revoked", b"cancelled or replaced"),
    ],
)
def test_invitation_unusable_link_answers_a_clear_page(client, place, state, text):
    InvitationFactory(place=place, token="abc", **{state: True})

    response = client.get(accept_url("abc"))

    assert response.status_code == 410
    assert text in response.content


def test_invitation_new_person_sees_the_sign_up_form(client, place):
    InvitationFactory(place=place, token="abc", email="new@example.org", role=Role.VOLUNTEER)

    response = client.get(accept_url("abc"))

    assert response.status_code == 200
    assert b"Create your account" in response.content
    assert b"new@example.org" in response.content
    assert b"Lieu A" in response.content
    assert b"Volunteer" in response.content


def test_invitation_new_person_gets_account_membership_and_is_signed_in(client, place):
    invitation = InvitationFactory(place=place, token="abc", email="new@example.org", role=Role.VOLUNTEER)

    response = client.post(accept_url("abc"), NEW_PERSON, follow=True)

    assert response.redirect_chain[-1][0] == reverse("core:home")
    assert b"Welcome! You are now volunteer at Lieu A" in response.content
    user = User.objects.get(email="new@example.org")
    assert user.first_name == "Léa"
    assert user.check_password(NEW_PERSON["password1"])
    assert Membership.objects.filter(user=user, place=place, role=Role.VOLUNTEER).exists()
    assert int(client.session["_auth_user_id"]) == user.pk
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert client.get(accept_url("abc")).status_code == 410


def test_invitation_new_person_with_mismatched_passwords_keeps_names(client, place):
    InvitationFactory(place=place, token="abc", email="new@example.org")

    response = client.post(accept_url("abc"), {**NEW_PERSON, "password2": "something else entirely"})

    assert response.status_code == 200
    assert b"The two passwords differ" in response.content
    assert b'value="L\xc3\xa9a"' in response.content
    assert not User.objects.filter(email="new@example.org").exists()


def test_invitation_new_person_with_weak_password_is_refused(client, place):
    InvitationFactory(place=place, token="abc", email="new@example.org")

    response = client.post(accept_url("abc"), {**NEW_PERSON, "password1": "123", "password2": "123"})

    assert response.status_code == 200
    assert b"too short" in response.content
    assert not User.objects.filter(email="new@example.org").exists()


def test_invitation_existing_account_must_sign_in_first(client, place, outsider):
    InvitationFactory(place=place, token="abc", email=outsider.email)

    response = client.get(accept_url("abc"))

    assert response.status_code == 200
    assert b"An account already exists" in response.content
    assert f"{reverse('accounts:login')}?next=".encode() in response.content
    assert client.post(accept_url("abc"), NEW_PERSON).status_code == 200
    assert not Membership.objects.filter(user=outsider, place=place).exists()


def test_invitation_existing_account_signs_in_and_gets_the_role(client, place, outsider):
    invitation = InvitationFactory(place=place, token="abc", email=outsider.email, role=Role.FABMANAGER)

    login = client.post(
        reverse("accounts:login"),
        {"username": outsider.email, "password": PASSWORD, "next": accept_url("abc")},
    )
    page = client.get(login.url)
    response = client.post(accept_url("abc"), follow=True)

    assert login.url == accept_url("abc")
    assert b"Accept the invitation" in page.content
    assert b"Welcome! You are now fablab manager at Lieu A" in response.content
    assert Membership.objects.filter(user=outsider, place=place, role=Role.FABMANAGER).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_invitation_signed_in_as_someone_else_is_told_to_sign_out(mediator_client, place, mediator):
    InvitationFactory(place=place, token="abc", email="new@example.org", role=Role.ADMIN)

    response = mediator_client.post(accept_url("abc"), NEW_PERSON)

    assert response.status_code == 200
    assert b"but you are signed in as" in response.content
    assert not User.objects.filter(email="new@example.org").exists()
    assert not Membership.objects.filter(user=mediator, role=Role.ADMIN).exists()


def test_invitation_full_journey_from_the_roles_page(
    admin_client, client, place, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("accounts:invitation-create", kwargs={"slug": place.slug}),
            {"email": "journey@example.org", "role": Role.MEDIATOR},
        )
    link = next(line for line in mailoutbox[0].body.splitlines() if "/comptes/invitation/" in line)
    path = urlsplit(link.strip()).path

    client.post(path, NEW_PERSON)

    user = User.objects.get(email="journey@example.org")
    assert Membership.objects.filter(user=user, place=place, role=Role.MEDIATOR).exists()
