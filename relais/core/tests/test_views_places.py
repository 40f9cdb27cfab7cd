import pytest
from django.urls import reverse

from relais.core.models import Journal, Membership, Place, Role

LIST_URL = reverse("core:place-list")
CREATE_URL = reverse("core:place-create")


def manage_url(place):
    return reverse("core:place-manage", kwargs={"slug": place.slug})


def update_url(place):
    return reverse("core:place-update", kwargs={"slug": place.slug})


# list


@pytest.mark.django_db
def test_place_list_redirects_anonymous_to_login(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_place_list_shows_own_places_only(mediator_client, place, other_place):
    response = mediator_client.get(LIST_URL)

    assert response.status_code == 200
    assert place.name in response.text
    assert other_place.name not in response.text
    assert manage_url(place) in response.text


def test_place_list_shows_the_network_places_to_the_coordinator(coordinator_client, place, organisation):
    from conftest import make_place

    sister = make_place(organisation, "lieu-soeur", name="Lieu sœur")

    response = coordinator_client.get(LIST_URL)

    assert place.name in response.text
    assert sister.name in response.text


def test_place_list_filters_by_search(coordinator_client, place, organisation):
    from conftest import make_place

    make_place(organisation, "lieu-tinqueux", name="Maison Tinqueux", commune="Tinqueux", postcode="51430")

    response = coordinator_client.get(LIST_URL, {"q": "51430"})

    assert "Maison Tinqueux" in response.text
    assert "Lieu A" not in response.text


def test_place_list_htmx_returns_the_rows_fragment(htmx_client, place):
    response = htmx_client.get(LIST_URL, {"q": "Lieu"})

    assert "<html" not in response.text
    assert 'id="place-rows"' in response.text
    assert place.name in response.text


def test_place_list_query_count_does_not_grow_with_places(
    coordinator_client, organisation, django_assert_max_num_queries
):
    from conftest import make_place

    for number in range(15):
        make_place(organisation, f"lieu-{number}")

    with django_assert_max_num_queries(12):
        response = coordinator_client.get(LIST_URL)

    assert response.text.count(reverse("core:place-manage", kwargs={"slug": "lieu-3"})) == 1


def test_place_list_offers_creation_to_administrators_only(admin_client, mediator_client):
    assert CREATE_URL not in mediator_client.get(LIST_URL).text
    # a place administrator administers no organisation
    assert CREATE_URL not in admin_client.get(LIST_URL).text


# manage page


def test_place_manage_redirects_anonymous(client, place):
    response = client.get(manage_url(place))

    assert response.status_code == 302


def test_place_manage_answers_404_to_an_outsider(outsider_client, place):
    assert outsider_client.get(manage_url(place)).status_code == 404


def test_place_manage_shows_details_to_a_mediator_without_edit_link(mediator_client, place):
    response = mediator_client.get(manage_url(place))

    assert response.status_code == 200
    assert place.address in response.text
    assert "Du lundi au vendredi : 09:00–18:00" in response.text
    assert update_url(place) not in response.text


def test_place_manage_shows_edit_link_to_the_place_admin(admin_client, place):
    response = admin_client.get(manage_url(place))

    assert update_url(place) in response.text


def test_place_manage_links_to_the_roles_page_when_it_exists(admin_client, place):
    from relais.core.views import place_roles_url

    response = admin_client.get(manage_url(place))

    roles_url = place_roles_url(place)
    if roles_url is None:
        assert "Rôles et invitations" not in response.text
    else:
        assert roles_url in response.text


# create


def test_place_create_redirects_anonymous(client, db):
    assert client.get(CREATE_URL).status_code == 302


def test_place_create_is_forbidden_without_an_administered_organisation(admin_client, mediator_client):
    assert mediator_client.get(CREATE_URL).status_code == 403
    assert admin_client.get(CREATE_URL).status_code == 403  # admin of one place, not of its organisation


@pytest.fixture
def network_admin(client_for, network, place):
    from conftest import make_user

    user = make_user("reseau-admin@test.fr")
    Membership.objects.create(user=user, role=Role.ADMIN, organisation=network)
    return user


def test_place_create_form_lists_every_schema_field(client_for, network_admin):
    response = client_for(network_admin).get(CREATE_URL)

    assert response.status_code == 200
    for name in ["pivot", "opening_hours", "services", "typologies", "fees", "itinerance", "insee_code"]:
        assert f'name="{name}"' in response.text
    assert "Médiathèque ou bibliothèque (BIB)" in response.text or "(BIB)" in response.text
    assert "Aide aux démarches administratives" in response.text


def test_place_create_writes_the_place_and_journal(client_for, network_admin, organisation, place_form_data):
    response = client_for(network_admin).post(CREATE_URL, place_form_data(organisation=organisation.pk))

    created = Place.objects.get(name="Espace numérique Orgeval")
    assert response.status_code == 303
    assert response["Location"] == manage_url(created)
    assert created.slug == "espace-numerique-orgeval"
    assert created.emails == ["contact@orgeval.test", "accueil@orgeval.test"]
    assert created.typologies == ["MUNI", "BIB"]
    assert created.services == ["Aide aux démarches administratives"]
    assert Journal.objects.filter(action="place.create", target_id=str(created.pk)).exists()
    follow = client_for(network_admin).get(response["Location"])
    assert created.name in follow.text


def test_place_create_shows_the_success_message(client_for, network_admin, organisation, place_form_data):
    response = client_for(network_admin).post(
        CREATE_URL, place_form_data(organisation=organisation.pk), follow=True
    )

    assert "a été créé" in response.text or "was created" in response.text


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("pivot", "12345678901234", "SIRET"),
        ("postcode", "5110", "5"),
        ("opening_hours", "lundi 9h-12h", "OpenStreetMap"),
        ("phone", "03 26 77 12 34", "+33180059880"),
        ("insee_code", "ABCDE", "INSEE"),
        ("emails", "pas-une-adresse", "pas-une-adresse"),
    ],
)
def test_place_create_invalid_input_redisplays_with_message_and_saves_nothing(
    client_for, network_admin, organisation, place_form_data, field, value, expected
):
    before = Place.objects.count()

    response = client_for(network_admin).post(
        CREATE_URL, place_form_data(organisation=organisation.pk, **{field: value})
    )

    assert response.status_code == 200
    assert expected in response.text
    assert value in response.text  # what was typed is kept
    assert 'aria-invalid="true"' in response.text
    assert Place.objects.count() == before
    assert not Journal.objects.filter(action="place.create").exists()


def test_place_create_refuses_an_unknown_vocabulary_value(
    client_for, network_admin, organisation, place_form_data
):
    response = client_for(network_admin).post(
        CREATE_URL, place_form_data(organisation=organisation.pk, services=["Réparation de vélos"])
    )

    assert response.status_code == 200
    assert "Réparation de vélos" in response.text
    assert not Place.objects.filter(name="Espace numérique Orgeval").exists()


def test_place_create_refuses_an_organisation_the_user_does_not_administer(
    client_for, network_admin, other_organisation, place_form_data
):
    response = client_for(network_admin).post(CREATE_URL, place_form_data(organisation=other_organisation.pk))

    assert response.status_code == 200
    assert not Place.objects.filter(name="Espace numérique Orgeval").exists()


# update


def test_place_update_answers_404_to_an_outsider(outsider_client, place):
    assert outsider_client.get(update_url(place)).status_code == 404


def test_place_update_is_forbidden_to_a_mediator_of_the_place(mediator_client, place):
    assert mediator_client.get(update_url(place)).status_code == 403


def test_place_update_form_shows_current_values(admin_client, place):
    response = admin_client.get(update_url(place))

    assert response.status_code == 200
    assert place.address in response.text
    assert 'name="organisation"' not in response.text


def test_place_update_saves_and_journals_changed_fields(admin_client, admin, place, place_form_data):
    data = place_form_data(name="Lieu A rénové", slug=place.slug, is_visible="")

    response = admin_client.post(update_url(place), data)

    place.refresh_from_db()
    assert response.status_code == 303
    assert place.name == "Lieu A rénové"
    assert place.is_visible is False
    entry = Journal.objects.get(action="place.update")
    assert entry.actor == admin
    assert "name" in entry.data["changed"]


def test_place_update_invalid_keeps_typed_values_and_changes_nothing(admin_client, place, place_form_data):
    data = place_form_data(name="Nom tapé", slug=place.slug, opening_hours="tous les jours")

    response = admin_client.post(update_url(place), data)

    place.refresh_from_db()
    assert response.status_code == 200
    assert "Nom tapé" in response.text
    assert "tous les jours" in response.text
    assert place.name == "Lieu A"
    assert not Journal.objects.filter(action="place.update").exists()


def test_place_update_by_outsider_post_changes_nothing(outsider_client, place, place_form_data):
    response = outsider_client.post(update_url(place), place_form_data(name="Piraté", slug=place.slug))

    place.refresh_from_db()
    assert response.status_code == 404
    assert place.name == "Lieu A"
