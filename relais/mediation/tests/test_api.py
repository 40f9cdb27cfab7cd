import json

import pytest

from relais.core.models import Journal
from relais.mediation.models import Activity, Beneficiary
from relais.mediation.tests.factories import ActivityFactory, BeneficiaryFactory, TagFactory

ACTIVITIES = "/api/v1/activities"
BENEFICIARIES = "/api/v1/beneficiaries"
FIELDS = {
    "kind",
    "date",
    "duration",
    "place_type",
    "place",
    "themes",
    "procedure_name",
    "equipment",
    "tags",
    "notes",
    "beneficiary",
    "autonomy",
    "referred",
    "referral_structure",
    "workshop_title",
    "level",
    "participants",
    "anonymous_participants",
}


@pytest.fixture(autouse=True)
def _today(frozen_today):
    return frozen_today


def send(client, method, url, payload):
    return getattr(client, method)(url, json.dumps(payload), content_type="application/json")


def payload(place, **extra):
    data = {
        "kind": "individual",
        "date": "2026-11-20",
        "duration": 30,
        "place": place.pk,
        "themes": ["email"],
    }
    data.update(extra)
    return data


@pytest.mark.django_db
def test_requires_token(client):
    assert client.get(ACTIVITIES).status_code == 401


def test_list_scoped_with_count_and_filters(api_client_for, mediator, place, other_place):
    ActivityFactory.create_batch(3, place=place, themes=["sante"])
    ActivityFactory(place=place, themes=["email"])
    ActivityFactory(place=other_place)
    client = api_client_for(mediator)
    data = client.get(ACTIVITIES).json()
    assert data["count"] == 4
    assert FIELDS <= set(data["results"][0])
    assert client.get(ACTIVITIES, {"theme": "sante"}).json()["count"] == 3


def test_create_and_journal(api_client_for, mediator, place):
    person = BeneficiaryFactory(place=place)
    tag = TagFactory(place=place)
    response = send(
        api_client_for(mediator),
        "post",
        ACTIVITIES,
        payload(place, beneficiary=person.pk, tags=[tag.pk], autonomy="autonome", equipment=["tablette"]),
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["beneficiary"], body["tags"], body["autonomy"]) == (person.pk, [tag.pk], "autonome")
    assert Journal.objects.filter(action="activity.create").exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"themes": ["licorne"]}, "themes"),
        ({"themes": ["logement"]}, "themes"),
        ({"duration": 721}, "duration"),
        ({"date": "2027-01-01"}, "date"),
        ({"kind": "collective"}, "participants"),
    ],
)
def test_create_refuses_bad_values_naming_the_field(api_client_for, mediator, place, extra, field):
    response = send(api_client_for(mediator), "post", ACTIVITIES, payload(place, **extra))
    assert response.status_code == 422
    assert field in {error["field"] for error in response.json()["errors"]}
    assert not Activity.objects.exists()


def test_create_refuses_beneficiary_of_other_place(api_client_for, mediator, place, other_place):
    stranger = BeneficiaryFactory(place=other_place)
    response = send(api_client_for(mediator), "post", ACTIVITIES, payload(place, beneficiary=stranger.pk))
    assert response.status_code == 422
    assert response.json()["errors"][0] == {"field": "beneficiary", "message": "Bénéficiaire inconnu·e."}


def test_naming_a_followed_person_takes_the_right_to_see_beneficiary_files(api_client_for, fabmanager, place):
    person = BeneficiaryFactory(place=place)
    client = api_client_for(fabmanager)

    anonymous = send(client, "post", ACTIVITIES, payload(place))
    assert anonymous.status_code == 201  # a fablab manager records anonymous activities
    for extra in ({"beneficiary": person.pk}, {"kind": "collective", "participants": [person.pk]}):
        response = send(client, "post", ACTIVITIES, payload(place, **extra))
        assert response.status_code == 403
    assert Activity.objects.count() == 1


def test_collective_with_headcounts(api_client_for, mediator, place):
    people = BeneficiaryFactory.create_batch(2, place=place)
    body = payload(
        place,
        kind="collective",
        workshop_title="Atelier",
        level="debutant",
        participants=[p.pk for p in people],
        anonymous_participants={"total": 5, "age_bracket": {"soixante_dix_plus": 3}},
    )
    response = send(api_client_for(mediator), "post", ACTIVITIES, body)
    assert response.status_code == 201, response.json()
    assert response.json()["participant_count"] == 7


def test_coordinator_cannot_create_and_sees_no_notes(api_client_for, coordinator, place):
    ActivityFactory(place=place, notes="Madame X, très inquiète")
    client = api_client_for(coordinator)
    assert client.get(ACTIVITIES).json()["results"][0]["notes"] == ""
    assert send(client, "post", ACTIVITIES, payload(place)).status_code == 403


def test_get_other_place_is_404(api_client_for, mediator, other_place):
    activity = ActivityFactory(place=other_place)
    assert api_client_for(mediator).get(f"{ACTIVITIES}/{activity.pk}").status_code == 404


def test_update_and_delete_by_author(api_client_for, mediator, fabmanager, place):
    activity = ActivityFactory(place=place, author=mediator)
    url = f"{ACTIVITIES}/{activity.pk}"
    assert send(api_client_for(fabmanager), "patch", url, {"duration": 60}).status_code == 403
    response = send(api_client_for(mediator), "patch", url, {"duration": 60})
    assert response.status_code == 200 and response.json()["duration"] == 60
    assert api_client_for(mediator).delete(url).status_code == 204
    assert not Activity.objects.exists()


def test_beneficiary_files_refused_to_coordinator_shown_to_mediator(
    api_client_for, coordinator, mediator, place
):
    person = BeneficiaryFactory(place=place, first_name="Zoé", sex="feminin")
    assert api_client_for(coordinator).get(BENEFICIARIES).status_code == 403
    refused = api_client_for(coordinator).get(f"{BENEFICIARIES}/{person.pk}")
    assert refused.status_code == 403
    assert "Zoé" not in refused.content.decode()
    shown = api_client_for(mediator).get(BENEFICIARIES, {"q": "zoé"}).json()
    assert shown["results"][0]["first_name"] == "Zoé"


def test_beneficiary_create_duplicate_conflict_update_delete(api_client_for, mediator, coordinator, place):
    client = api_client_for(mediator)
    body = {"place": place.pk, "first_name": "Léa", "last_name": "Martin", "birth_year": 1980}
    created = send(client, "post", BENEFICIARIES, body)
    assert created.status_code == 201
    assert send(client, "post", BENEFICIARIES, body).status_code == 409
    assert send(api_client_for(coordinator), "post", BENEFICIARIES, body).status_code == 403
    url = f"{BENEFICIARIES}/{created.json()['id']}"
    assert send(client, "patch", url, {"phone": "0611223344"}).json()["phone"] == "+33611223344"
    assert client.delete(url).status_code == 204
    assert Beneficiary.objects.get().is_anonymised
