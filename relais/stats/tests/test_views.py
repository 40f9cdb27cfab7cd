import datetime

import pytest
from django.urls import reverse

from relais.stats.models import ReportSubscription, ShareLink

URL = reverse("stats:dashboard")
Q1 = "?period=custom&start=2026-01-01&end=2026-03-31"


def test_dashboard_asks_anonymous_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/connexion" in response.url or "login" in response.url


def test_dashboard_refuses_a_volunteer(volunteer_client):
    assert volunteer_client.get(URL).status_code == 403


def test_dashboard_shows_the_mediators_own_work(mediator_client, activities, django_assert_max_num_queries):
    mediator_client.get(URL + Q1)  # recomputes the months changed by the fixture
    with django_assert_max_num_queries(40):
        response = mediator_client.get(URL + Q1)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in content
    assert "Tableur" not in content
    assert "kind=collective" in content


def test_dashboard_of_a_coordinator_never_counts_other_networks(coordinator_client, activities, place):
    response = coordinator_client.get(URL + Q1)
    key_figures = response.context["report"]["mediation"]
    assert key_figures["accompaniments"] == 7
    assert "Alice" not in response.content.decode()


def test_outsider_cannot_filter_on_a_place_of_another_network(client_for, outsider, activities, place):
    response = client_for(outsider).get(URL + Q1 + f"&place={place.pk}")
    assert response.status_code == 200
    assert response.context["report"]["mediation"]["accompaniments"] == 1


def test_dashboard_htmx_returns_the_fragment(htmx_client, mediator, activities):
    response = htmx_client.get(URL + Q1)
    assert b"<html" not in response.content
    assert b'id="stats-body"' in response.content


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_every_table_exports(mediator_client, activities, fmt):
    response = mediator_client.get(reverse("stats:table-export", args=["theme_mediation", fmt]) + Q1)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    if fmt == "csv":
        assert "Bureautique" in response.content.decode("utf-8-sig") or "Office" in response.content.decode(
            "utf-8-sig"
        )


def test_activity_report_is_a_pdf(coordinator_client, activities):
    response = coordinator_client.post(reverse("stats:report-pdf") + Q1, {"commentary": "Bonne année."})
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_share_link_is_public_read_only_and_revocable(coordinator_client, client, activities, place):
    response = coordinator_client.post(
        reverse("stats:share-list"),
        {"share": "1", "share-title": "Lieu A en chiffres", "share-scope": f"place:{place.pk}"},
    )
    assert response.status_code in (302, 303)
    link = ShareLink.objects.get()
    public = client.get(reverse("stats:share-public", args=[link.token]))
    assert public.status_code == 200
    content = public.content.decode()
    assert "&lt; 5" in content
    assert "Alice" not in content
    coordinator_client.post(reverse("stats:share-revoke", args=[link.pk]))
    assert client.get(reverse("stats:share-public", args=[link.token])).status_code == 404


def test_share_form_rejects_an_unknown_scope(coordinator_client, other_place):
    response = coordinator_client.post(
        reverse("stats:share-list"),
        {"share": "1", "share-title": "Typed", "share-scope": f"place:{other_place.pk}"},
    )
    assert response.status_code == 200
    assert "Typed" in response.content.decode()
    assert not ShareLink.objects.exists()


def test_recipient_added(coordinator_client, place):
    coordinator_client.post(
        reverse("stats:share-list"),
        {"recipient": "1", "recipient-email": "elu@example.org", "recipient-scope": f"place:{place.pk}"},
    )
    assert ReportSubscription.objects.get().email == "elu@example.org"


def test_period_presets(frozen_today):
    from relais.stats.filters import period_bounds

    assert period_bounds("last_month", frozen_today) == (
        datetime.date(2026, 3, 1),
        datetime.date(2026, 3, 31),
    )
    assert period_bounds("last_12_months", frozen_today) == (datetime.date(2025, 5, 1), frozen_today)


def test_dashboard_offers_share_links_only_to_those_allowed(client_for, mediator, fabmanager, admin):
    share_url = reverse("stats:share-list")
    for user in (mediator, fabmanager):
        assert share_url not in client_for(user).get(URL).content.decode()
        assert client_for(user).get(share_url).status_code == 403
    assert share_url in client_for(admin).get(URL).content.decode()


def test_programme_headers_read_as_plural_in_french(mediator_client, activities):
    content = mediator_client.get(URL + Q1, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert ">Filtrer<" in content
    assert "Séances" in content


def test_a_long_place_list_comes_with_a_search_box_and_a_short_one_without():
    from relais.stats.filters import LongSelect

    widget = LongSelect(search_label="Rechercher un lieu")
    widget.choices = [("", "Tous mes lieux")] + [(number, f"Lieu {number}") for number in range(1, 21)]
    short = widget.render("place", "", attrs={"id": "id_place"})
    assert 'type="search"' not in short and short.count("<option") == 21

    widget.choices = [*widget.choices, (21, "Lieu <21>")]
    long = widget.render("place", "21", attrs={"id": "id_place"})
    assert long.index('type="search"') < long.index("<select")
    for attribute in (
        'aria-label="Rechercher un lieu"',
        'aria-controls="id_place"',
        'aria-describedby="id_place-count"',
        'data-relais-option-filter="id_place"',
        " hidden",  # shown by the script: without it, the plain select
    ):
        assert attribute in long
    assert '<span id="id_place-count" class="visually-hidden" role="status"></span>' in long
    assert '<option value="21" selected>Lieu &lt;21&gt;</option>' in long


def test_share_scopes_of_a_large_network_come_with_a_search_box(coordinator_client, place):
    from conftest import make_place

    for number in range(25):
        make_place(place.organisation, f"lieu-{number}", name=f"Lieu {number:02d}")
    chosen = make_place(place.organisation, "lieu-choisi", name="Lieu choisi")
    response = coordinator_client.post(
        reverse("stats:share-list"),
        {"recipient": "1", "recipient-email": "pas-une-adresse", "recipient-scope": f"place:{chosen.pk}"},
    )
    content = response.content.decode()
    assert response.status_code == 200 and not ReportSubscription.objects.exists()
    assert content.count('aria-label="Rechercher un lieu ou un réseau"') == 2  # share link, recipient
    assert 'data-relais-option-filter="id_recipient-scope"' in content
    assert f'<option value="place:{chosen.pk}" selected>Lieu choisi</option>' in content  # kept as typed
