import pytest
from django.urls import reverse

from relais.core.models import Place, TaskFailure

HOME_URL = reverse("core:home")
PUBLIC_URL = reverse("core:public-home")


@pytest.mark.django_db
def test_home_redirects_anonymous(client):
    response = client.get(HOME_URL)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_home_of_a_mediator_lists_their_places_with_links(mediator_client, place, other_place):
    response = mediator_client.get(HOME_URL)

    assert response.status_code == 200
    assert reverse("core:place-manage", kwargs={"slug": place.slug}) in response.text
    assert other_place.name not in response.text
    assert reverse("core:task-failure-list") not in response.text


def test_home_of_a_coordinator_lists_the_network_places(coordinator_client, place, organisation):
    from conftest import make_place

    make_place(organisation, "lieu-soeur", name="Lieu sœur")

    response = coordinator_client.get(HOME_URL)

    assert "Lieu sœur" in response.text
    assert place.name in response.text
    assert reverse("core:organisation-list") in response.text


def test_home_of_an_admin_links_failed_tasks_and_management(admin_client, place):
    TaskFailure.objects.create(task_name="x", task_id="1", error="boom")

    response = admin_client.get(HOME_URL)

    assert reverse("core:task-failure-list") in response.text
    assert reverse("core:place-manage", kwargs={"slug": place.slug}) in response.text
    assert ">1<" in response.text  # one open failure


def test_home_of_a_fablab_manager_and_a_volunteer_show_their_place(
    fabmanager_client, volunteer_client, place
):
    for client in (fabmanager_client, volunteer_client):
        response = client.get(HOME_URL)
        assert place.name in response.text


def test_home_of_a_user_without_role_says_how_to_get_one(client_for, db):
    from conftest import make_user

    response = client_for(make_user("nouveau@test.fr")).get(HOME_URL)

    assert response.status_code == 200
    assert "invite" in response.text or "inviter" in response.text


def test_home_links_only_to_existing_pages(admin_client, place):
    import re

    from django.urls import Resolver404, resolve

    response = admin_client.get(HOME_URL)

    for href in re.findall(r'href="(/[^"]*)"', response.text):
        path = href.split("?")[0]
        if path.startswith("/static/") or path.startswith("/api/"):
            continue
        try:
            resolve(path)
        except Resolver404:
            pytest.fail(f"dead link on the home page: {href}")


# public home


@pytest.mark.django_db
def test_public_home_lists_visible_places_only(client, place, other_place):
    Place.objects.filter(pk=other_place.pk).update(is_visible=False)

    response = client.get(PUBLIC_URL)

    assert response.status_code == 200
    assert place.name in response.text
    assert other_place.name not in response.text


@pytest.mark.django_db
def test_public_home_searches_by_commune(client, place, other_place):
    response = client.get(PUBLIC_URL, {"q": "paris"})

    assert other_place.name in response.text
    assert place.name not in response.text
    assert 'value="paris"' in response.text


@pytest.mark.django_db
def test_public_home_searches_by_name(client, place, other_place):
    response = client.get(PUBLIC_URL, {"q": "lieu b"})

    assert other_place.name in response.text
    assert place.name not in response.text


@pytest.mark.django_db
def test_public_home_says_when_nothing_matches(client, place):
    response = client.get(PUBLIC_URL, {"q": "Tombouctou"})

    assert "Tombouctou" in response.text
    assert place.name not in response.text


@pytest.mark.django_db
def test_public_home_htmx_returns_the_results_fragment(client, place):
    response = client.get(PUBLIC_URL, {"q": "reims"}, HTTP_HX_REQUEST="true")

    assert "<html" not in response.text
    assert 'id="place-results"' in response.text
    assert place.name in response.text


@pytest.mark.django_db
def test_public_home_query_count_is_bounded(client, organisation, django_assert_max_num_queries):
    from conftest import make_place

    for number in range(30):
        make_place(organisation, f"lieu-{number}")

    with django_assert_max_num_queries(6):
        response = client.get(PUBLIC_URL)

    assert response.status_code == 200


@pytest.mark.django_db
def test_public_place_page_hides_invisible_places(client, place):
    assert client.get(place.get_absolute_url()).status_code == 200
    Place.objects.filter(pk=place.pk).update(is_visible=False)
    assert client.get(place.get_absolute_url()).status_code == 404
