import pytest
from django.urls import reverse

from relais.core.models import Journal, Membership, Organisation, Role

LIST_URL = reverse("core:organisation-list")
CREATE_URL = reverse("core:organisation-create")


def update_url(organisation):
    return reverse("core:organisation-update", kwargs={"slug": organisation.slug})


@pytest.fixture
def network_admin(network, place):
    from conftest import make_user

    user = make_user("reseau-admin@test.fr")
    Membership.objects.create(user=user, role=Role.ADMIN, organisation=network)
    return user


@pytest.fixture
def network_admin_client(client_for, network_admin):
    return client_for(network_admin)


def organisation_data(network, **overrides):
    data = {
        "name": "Les Petits Débrouillards Grand Est",
        "slug": "",
        "pivot": "W513004567",
        "kind": Organisation.Kind.ASSOCIATION,
        "parent": network.pk,
        "website": "https://pd.example.org",
        "email": "contact@pd.example.org",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_organisation_list_redirects_anonymous(client):
    assert client.get(LIST_URL).status_code == 302


def test_organisation_list_shows_own_organisations_only(mediator_client, organisation, other_organisation):
    response = mediator_client.get(LIST_URL)

    assert response.status_code == 200
    assert organisation.name in response.text
    assert other_organisation.name not in response.text
    assert update_url(organisation) not in response.text  # a mediator cannot edit it


def test_organisation_list_offers_edition_to_the_network_admin(network_admin_client, network, organisation):
    response = network_admin_client.get(LIST_URL)

    assert update_url(organisation) in response.text
    assert update_url(network) in response.text
    assert CREATE_URL in response.text


def test_organisation_list_query_count_is_bounded(
    network_admin_client, network, django_assert_max_num_queries
):
    for number in range(10):
        Organisation.objects.create(
            name=f"Asso {number}", slug=f"asso-{number}", pivot="W513004567", parent=network
        )

    with django_assert_max_num_queries(12):
        response = network_admin_client.get(LIST_URL)

    assert "Asso 9" in response.text


def test_organisation_create_is_forbidden_without_an_administered_network(admin_client, coordinator_client):
    assert admin_client.get(CREATE_URL).status_code == 403
    assert coordinator_client.get(CREATE_URL).status_code == 403


def test_organisation_create_writes_the_organisation_in_the_network(network_admin_client, network):
    response = network_admin_client.post(CREATE_URL, organisation_data(network))

    created = Organisation.objects.get(name="Les Petits Débrouillards Grand Est")
    assert response.status_code == 303
    assert created.parent == network
    assert created.slug == "les-petits-debrouillards-grand-est"
    assert Journal.objects.filter(action="organisation.create", target_id=str(created.pk)).exists()


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("pivot", "12345678901234", "SIRET"),
        ("pivot", "123456789", "SIREN"),
        ("pivot", "X12", "RNA"),
        ("website", "pas une adresse", "pas une adresse"),
    ],
)
def test_organisation_create_invalid_redisplays_and_saves_nothing(
    network_admin_client, network, field, value, expected
):
    response = network_admin_client.post(CREATE_URL, organisation_data(network, **{field: value}))

    assert response.status_code == 200
    assert expected in response.text
    assert value in response.text
    assert not Organisation.objects.filter(name="Les Petits Débrouillards Grand Est").exists()


def test_organisation_create_requires_a_network_for_non_superusers(network_admin_client, network):
    response = network_admin_client.post(CREATE_URL, organisation_data(network, parent=""))

    assert response.status_code == 200
    assert not Organisation.objects.filter(name="Les Petits Débrouillards Grand Est").exists()


def test_organisation_create_refuses_a_network_the_user_does_not_administer(network_admin_client, network):
    foreign = Organisation.objects.create(
        name="Autre réseau", slug="autre-reseau", pivot="W513001234", kind=Organisation.Kind.NETWORK
    )

    response = network_admin_client.post(CREATE_URL, organisation_data(network, parent=foreign.pk))

    assert response.status_code == 200
    assert not Organisation.objects.filter(name="Les Petits Débrouillards Grand Est").exists()


def test_organisation_update_answers_404_outside(outsider_client, organisation):
    assert outsider_client.get(update_url(organisation)).status_code == 404


def test_organisation_update_is_forbidden_to_a_place_admin(admin_client, organisation):
    assert admin_client.get(update_url(organisation)).status_code == 403


def test_organisation_update_saves_and_journals(network_admin_client, network, organisation):
    data = organisation_data(
        network, name="Ville test renommée", slug=organisation.slug, pivot=organisation.pivot
    )
    data["kind"] = organisation.kind

    response = network_admin_client.post(update_url(organisation), data)

    organisation.refresh_from_db()
    assert response.status_code == 303
    assert organisation.name == "Ville test renommée"
    assert "name" in Journal.objects.get(action="organisation.update").data["changed"]


def test_organisation_update_invalid_keeps_typed_values(network_admin_client, network, organisation):
    data = organisation_data(network, name="Nom tapé", slug=organisation.slug, pivot="99")

    response = network_admin_client.post(update_url(organisation), data)

    organisation.refresh_from_db()
    assert response.status_code == 200
    assert "Nom tapé" in response.text
    assert organisation.name == "Ville test"
    assert not Journal.objects.exists()
