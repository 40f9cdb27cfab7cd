"""Security properties checked on the running application: CSP, no inline script, production cookies
and HSTS, upload validation by content, and limits on public forms."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from relais.core.tests.test_settings import PRODUCTION, run_relais

PUBLIC_PAGES = ["/", "/agenda/", "/donnees/", "/ressources/", "/projets/galerie/", "/comptes/connexion/"]
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


@pytest.fixture
def public_urls(place):
    from relais.fablab.tests.factories import MachineFactory

    machine = MachineFactory(place=place)
    return [
        *PUBLIC_PAGES,
        f"/lieux/{place.slug}/",
        f"/fablab/lieux/{place.slug}/machines/{machine.slug}/",
        f"/fablab/lieux/{place.slug}/machines/{machine.slug}/signaler/",
    ]


def test_public_pages_send_a_strict_content_security_policy(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = dict(
            part.strip().split(" ", 1)
            for part in response["Content-Security-Policy"].split(";")
            if part.strip()
        )
        assert policy["script-src"] == "'self'", url
        assert "unsafe-inline" not in response["Content-Security-Policy"], url
        assert "unsafe-eval" not in response["Content-Security-Policy"], url
        assert policy["frame-ancestors"] == "'none'", url


def test_public_pages_have_no_inline_script(client, public_urls):
    for url in public_urls:
        html = client.get(url).content.decode()
        for match in SCRIPT_TAG.finditer(html):
            attributes = match.group(1)
            assert "src=" in attributes or 'type="application/ld+json"' in attributes, (url, match.group(0))
        assert not re.search(r"\son(click|load|submit|change)=", html, re.IGNORECASE), url


def test_production_settings_use_secure_cookies_and_hsts(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    )
    result = run_relais("shell", "-c", code, **PRODUCTION, VAR_DIR=str(tmp_path))

    assert result.returncode == 0, result.stderr
    secure, csrf_secure, http_only, ssl_redirect, hsts, subdomains = (
        result.stdout.strip().splitlines()[-1].split()
    )
    assert (secure, csrf_secure, http_only, ssl_redirect, subdomains) == ("True",) * 5
    assert int(hsts) >= 31536000


def test_incident_photo_that_is_not_an_image_is_refused(client, place):
    from relais.fablab.models import IncidentReport
    from relais.fablab.tests.factories import MachineFactory

    machine = MachineFactory(place=place)
    fake = SimpleUploadedFile("photo.png", b"#!/bin/sh\necho not an image\n", content_type="image/png")

    response = client.post(
        f"/fablab/lieux/{place.slug}/machines/{machine.slug}/signaler/",
        {"description": "Le plateau est bloqué.", "severity": "usable", "photo": fake},
    )

    assert response.status_code == 200
    assert "photo" in response.context["form"].errors
    assert not IncidentReport.objects.exists()


def test_incident_reports_from_one_address_are_refused_after_the_limit(place):
    from relais.fablab.incidents import MAX_REPORTS_PER_HOUR
    from relais.fablab.models import IncidentReport
    from relais.fablab.tests.factories import MachineFactory

    machine = MachineFactory(place=place)
    client = Client(REMOTE_ADDR="203.0.113.7")
    url = f"/fablab/lieux/{place.slug}/machines/{machine.slug}/signaler/"
    severity = IncidentReport.Severity.values[0]
    for number in range(MAX_REPORTS_PER_HOUR):
        response = client.post(url, {"description": f"Panne numéro {number}.", "severity": severity})
        assert response.status_code in (302, 303), number

    refused = client.post(url, {"description": "Une panne de trop.", "severity": severity})

    assert refused.status_code in (200, 429)
    assert IncidentReport.objects.count() == MAX_REPORTS_PER_HOUR
