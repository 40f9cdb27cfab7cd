from django.template.loader import render_to_string
from django.urls import reverse


def test_unknown_page_answers_404_in_french_with_the_site_layout(client, db):
    response = client.get("/lieux/ce-lieu-n-existe-pas/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Page introuvable</h1>" in page
    assert 'id="contenu"' in page and reverse("core:public-home") in page


def test_missing_role_answers_403_in_french(volunteer_client, place):
    url = reverse("core:place-update", args=[place.slug])
    response = volunteer_client.get(url, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 403
    assert "<h1>Accès refusé</h1>" in response.content.decode()


def test_server_error_page_renders_without_a_request():
    page = render_to_string("500.html")

    assert "<h1>" in page and "relais.css" in page


def test_the_interface_is_french_whatever_the_browser_asks(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert '<html lang="fr">' in response.content.decode()
    assert "Se connecter" in response.content.decode()
