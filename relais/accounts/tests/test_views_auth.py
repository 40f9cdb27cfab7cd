import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from relais.core.models import Journal

LOGIN_URL = reverse("accounts:login")
TWO_FACTOR_URL = reverse("accounts:two-factor")
HOME_URL = reverse("core:home")
PROFILE_URL = reverse("accounts:profile")


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def test_login_page_shows_the_form_and_the_reset_link(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert reverse("accounts:password-reset").encode() in response.content


def test_login_with_right_password_signs_in(client, mediator):
    response = client.post(LOGIN_URL, {"username": mediator.email.upper(), "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == HOME_URL
    assert client.get(HOME_URL).status_code == 200


def test_login_with_wrong_password_shows_error_and_keeps_email(client, mediator):
    response = client.post(LOGIN_URL, {"username": mediator.email, "password": "wrong"})

    assert response.status_code == 200
    assert b"Please enter a correct" in response.content
    assert f'value="{mediator.email}"'.encode() in response.content
    assert "_auth_user_id" not in client.session


def test_login_is_locked_after_repeated_failures(client, mediator, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _attempt in range(3):
        client.post(LOGIN_URL, {"username": mediator.email, "password": "wrong"})

    response = client.post(LOGIN_URL, {"username": mediator.email, "password": PASSWORD})

    assert response.status_code == 429
    assert b"Too many attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_login_lock_does_not_touch_other_accounts(client, mediator, volunteer, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _attempt in range(3):
        client.post(LOGIN_URL, {"username": mediator.email, "password": "wrong"})

    response = client.post(LOGIN_URL, {"username": volunteer.email, "password": PASSWORD})

    assert response.status_code == 302


def test_logout_get_asks_for_confirmation(mediator_client):
    response = mediator_client.get(reverse("accounts:logout"))

    assert response.status_code == 200
    assert b"Sign out of Relais on this device?" in response.content
    assert "_auth_user_id" in mediator_client.session


def test_logout_get_when_anonymous_goes_home(client):
    response = client.get(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response.url == reverse("core:public-home")


def test_logout_post_signs_out_with_a_message(mediator_client):
    response = mediator_client.post(reverse("accounts:logout"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("core:public-home")
    assert b"You are signed out" in response.content
    assert "_auth_user_id" not in mediator_client.session


def test_admin_without_two_factor_is_sent_to_enrolment(client_for, admin):
    client = client_for(admin, verified=False)

    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response.url == f"{TWO_FACTOR_URL}?next={PROFILE_URL}"
    page = client.get(response.url)
    assert b"Scan this code" in page.content
    assert TOTPDevice.objects.filter(user=admin, confirmed=False).exists()


def test_admin_enrols_with_a_valid_code_and_reaches_the_page(client_for, admin):
    client = client_for(admin, verified=False)
    client.get(TWO_FACTOR_URL)
    device = TOTPDevice.objects.get(user=admin, confirmed=False)

    response = client.post(TWO_FACTOR_URL, {"token": _code(device), "next": PROFILE_URL})

    assert response.status_code == 303
    assert response["Location"] == PROFILE_URL
    device.refresh_from_db()
    assert device.confirmed
    page = client.get(PROFILE_URL)
    assert page.status_code == 200
    assert b"Your profile" in page.content
    assert Journal.objects.filter(action="user.2fa_enrol", actor=admin).exists()


def test_admin_with_a_device_verifies_a_valid_code(client_for, admin):
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client = client_for(admin, verified=False)

    page = client.get(TWO_FACTOR_URL)
    response = client.post(TWO_FACTOR_URL, {"token": _code(device)})

    assert b"Type the 6-digit code" in page.content
    assert response.status_code == 303
    assert response["Location"] == HOME_URL
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_admin_wrong_code_shows_an_error_and_stays_blocked(client_for, admin):
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client = client_for(admin, verified=False)
    wrong = f"{(int(_code(device)) + 1) % 1000000:06d}"

    response = client.post(TWO_FACTOR_URL, {"token": wrong})

    assert response.status_code == 200
    assert b"This code is not valid" in response.content
    assert client.get(PROFILE_URL).status_code == 302


def test_two_factor_refuses_an_unsafe_next(client_for, admin):
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client = client_for(admin, verified=False)

    response = client.post(TWO_FACTOR_URL, {"token": _code(device), "next": "https://evil.example/"})

    assert response["Location"] == HOME_URL


@pytest.mark.parametrize("persona", ["mediator", "coordinator", "volunteer"])
def test_non_administrators_are_not_asked_for_two_factor(client_for, request, persona):
    client = client_for(request.getfixturevalue(persona), verified=False)

    response = client.get(PROFILE_URL)

    assert response.status_code == 200
    assert b"Your profile" in response.content


def test_two_factor_page_needs_sign_in(client):
    response = client.get(TWO_FACTOR_URL)

    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


def test_password_reset_sends_a_link_that_sets_a_new_password(client, mediator, mailoutbox, settings):
    settings.SITE_URL = "https://relais.example.org"
    response = client.post(reverse("accounts:password-reset"), {"email": mediator.email.upper()})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password-reset-done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [mediator.email]
    assert message.subject == "Relais: choose a new password"
    url = re.search(r"https://relais\.example\.org(/comptes/mot-de-passe/nouveau/\S+/)", message.body)
    link = url.group(1)
    assert url.group(0) in message.alternatives[0][0]

    form_page = client.get(link, follow=True)
    assert b"Choose a new password" in form_page.content
    new_password = "a brand new pass phrase"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )

    assert done.url == reverse("accounts:password-reset-complete")
    mediator.refresh_from_db()
    assert mediator.check_password(new_password)
    assert Journal.objects.filter(action="user.password_reset", actor=mediator).exists()


def test_password_reset_for_an_unknown_address_sends_nothing_but_says_the_same(client, db, mailoutbox):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"}, follow=True)

    assert b"Check your email" in response.content
    assert mailoutbox == []


def test_password_reset_invalid_email_shows_error(client, db):
    response = client.post(reverse("accounts:password-reset"), {"email": "not-an-email"})

    assert response.status_code == 200
    assert b"Enter a valid email address" in response.content
    assert b'value="not-an-email"' in response.content
    assert mail.outbox == []


def test_password_reset_with_a_bad_link_explains(client, mediator):
    response = client.get(
        reverse("accounts:password-reset-confirm", kwargs={"uidb64": "MQ", "token": "bad-token"})
    )

    assert response.status_code == 200
    assert b"This link is not valid any more" in response.content


def test_password_change_needs_sign_in(client):
    response = client.get(reverse("accounts:password-change"))

    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


def test_password_change_keeps_the_user_signed_in(mediator_client, mediator):
    new_password = "another long pass phrase"

    response = mediator_client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("accounts:profile")
    assert b"Your password has been changed" in response.content
    mediator.refresh_from_db()
    assert mediator.check_password(new_password)
    assert Journal.objects.filter(action="user.password_change", actor=mediator).exists()


def test_password_change_with_wrong_old_password_changes_nothing(mediator_client, mediator):
    response = mediator_client.post(
        reverse("accounts:password-change"),
        {"old_password": "wrong", "new_password1": "xyz long phrase", "new_password2": "xyz long phrase"},
    )

    assert response.status_code == 200
    assert b"Your old password was entered incorrectly" in response.content
    mediator.refresh_from_db()
    assert mediator.check_password(PASSWORD)


def test_locked_out_page_offers_password_reset(client, mediator, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 1
    client.post(LOGIN_URL, {"username": mediator.email, "password": "wrong"})

    response = Client().post(LOGIN_URL, {"username": mediator.email, "password": "wrong"})

    assert response.status_code == 429
    assert reverse("accounts:password-reset").encode() in response.content
