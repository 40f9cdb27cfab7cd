from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from relais.accounts.models import ApiToken
from relais.accounts.services import api_token_create
from relais.core.models import Journal

PROFILE_URL = reverse("accounts:profile")
CREATE_URL = reverse("accounts:api-token-create")


def test_profile_needs_sign_in(client):
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_profile_shows_details_roles_and_own_tokens_only(
    mediator_client, mediator, outsider, django_assert_max_num_queries
):
    api_token_create(user=mediator, name="Tableau de bord", actor=mediator)
    api_token_create(user=outsider, name="Jeton de quelqu'un d'autre", actor=outsider)

    with django_assert_max_num_queries(12):
        response = mediator_client.get(PROFILE_URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert mediator.email in content
    assert "Lieu A" in content
    assert "Tableau de bord" in content
    assert "quelqu&#x27;un d&#x27;autre" not in content


def test_profile_offers_two_factor_set_up_until_enabled(client_for, mediator):
    client = client_for(mediator, verified=False)

    before = client.get(PROFILE_URL)
    TOTPDevice.objects.create(user=mediator, name="phone", confirmed=True)
    after = client.get(PROFILE_URL)

    assert b"Set up two-factor authentication" in before.content
    assert b"not set up" in before.content
    assert b"Set up two-factor authentication" not in after.content
    assert b"enabled" in after.content


def test_profile_links_administrators_to_the_roles_page(admin_client, place):
    response = admin_client.get(PROFILE_URL)

    assert reverse("accounts:place-roles", kwargs={"slug": place.slug}).encode() in response.content


def test_profile_update_saves_name_and_phone(mediator_client, mediator):
    response = mediator_client.post(
        PROFILE_URL, {"first_name": "Inès", "last_name": "Roy", "phone": "06 12 34 56 78"}, follow=True
    )

    assert response.redirect_chain[-1] == (PROFILE_URL, 303)
    assert b"Your profile has been saved" in response.content
    mediator.refresh_from_db()
    assert (mediator.first_name, mediator.last_name, mediator.phone) == ("Inès", "Roy", "06 12 34 56 78")
    assert Journal.objects.filter(action="user.update", actor=mediator).exists()


def test_profile_update_with_bad_phone_keeps_typed_values(mediator_client, mediator):
    response = mediator_client.post(
        PROFILE_URL, {"first_name": "Zoé", "last_name": "Roy", "phone": "call me"}
    )

    assert response.status_code == 200
    assert b"Expected a phone number" in response.content
    assert b'value="call me"' in response.content
    assert b'value="Zo\xc3\xa9"' in response.content
    mediator.refresh_from_db()
    assert mediator.first_name != "Zoé"
    assert not Journal.objects.filter(action="user.update").exists()


def test_api_token_create_needs_sign_in(client, db):
    response = client.post(CREATE_URL, {"name": "Export"})

    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_api_token_create_shows_the_secret_once(mediator_client, mediator):
    response = mediator_client.post(CREATE_URL, {"name": "Export"})

    assert response.status_code == 200
    token = ApiToken.objects.get(user=mediator, name="Export")
    secret = response.context["secret"]
    assert ApiToken.objects.usable().get(key_hash=ApiToken.hash_secret(secret)) == token
    assert secret.encode() in response.content
    assert "no-store" in response["Cache-Control"]
    profile = mediator_client.get(PROFILE_URL)
    assert secret.encode() not in profile.content
    assert token.key_prefix.encode() in profile.content


def test_api_token_create_without_name_shows_error(mediator_client):
    response = mediator_client.post(CREATE_URL, {"name": ""})

    assert response.status_code == 200
    assert b"This field is required" in response.content
    assert not ApiToken.objects.exists()


def test_api_token_create_get_is_not_allowed(mediator_client):
    assert mediator_client.get(CREATE_URL).status_code == 405


def test_api_token_revoke_stops_the_token(mediator_client, mediator):
    token, _secret = api_token_create(user=mediator, name="Export", actor=mediator)

    response = mediator_client.post(
        reverse("accounts:api-token-revoke", kwargs={"pk": token.pk}), follow=True
    )

    assert b"has been revoked" in response.content
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert b"revoked on" in response.content


def test_api_token_revoke_of_someone_else_is_not_found(mediator_client, outsider):
    token, _secret = api_token_create(user=outsider, name="Export", actor=outsider)

    response = mediator_client.post(reverse("accounts:api-token-revoke", kwargs={"pk": token.pk}))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_api_token_revoke_with_htmx_redirects(htmx_client, mediator):
    token, _secret = api_token_create(user=mediator, name="Export", actor=mediator)

    response = htmx_client.post(reverse("accounts:api-token-revoke", kwargs={"pk": token.pk}))

    assert response["HX-Redirect"] == PROFILE_URL
