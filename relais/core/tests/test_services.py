import pytest
from django.core.exceptions import ValidationError

from relais.core import services
from relais.core.models import Journal, Organisation, Place


def place_fields(**overrides):
    fields = {
        "name": "Cyber-base Orgeval",
        "pivot": "21510454800023",
        "address": "5 rue Orgeval",
        "postcode": "51100",
        "commune": "Reims",
        "opening_hours": "Mo-Fr 09:00-17:00",
        "fees": ["Gratuit"],
    }
    fields.update(overrides)
    return fields


def test_place_create_makes_a_unique_slug_and_journals(admin, organisation, place):
    first = services.place_create(actor=admin, organisation=organisation, **place_fields())
    second = services.place_create(actor=admin, organisation=organisation, **place_fields())

    assert first.slug == "cyber-base-orgeval"
    assert second.slug == "cyber-base-orgeval-2"
    assert Journal.objects.filter(action="place.create").count() == 2


@pytest.mark.parametrize(
    ("field", "value"),
    [("postcode", "511"), ("fees", ["Sur devis"]), ("opening_hours", "tous les jours"), ("pivot", "1")],
)
def test_place_create_refuses_invalid_values_and_writes_nothing(admin, organisation, field, value):
    with pytest.raises(ValidationError) as error:
        services.place_create(actor=admin, organisation=organisation, **place_fields(**{field: value}))

    assert field in error.value.message_dict
    assert not Place.objects.filter(name="Cyber-base Orgeval").exists()
    assert not Journal.objects.exists()


def test_place_create_refuses_unknown_fields(admin, organisation):
    with pytest.raises(ValidationError) as error:
        services.place_create(actor=admin, organisation=organisation, **place_fields(public_id="x"))

    assert "public_id" in error.value.message_dict


def test_place_update_records_changed_fields_and_bumps_the_date(admin, place, time_machine):
    time_machine.move_to("2027-03-01 10:00 +01:00")

    services.place_update(actor=admin, place=place, summary="Nouveau", name=place.name)

    place.refresh_from_db()
    entry = Journal.objects.get(action="place.update")
    assert entry.data == {"changed": ["summary"]}
    assert str(place.data_updated_on) == "2027-03-01"


def test_place_update_without_change_writes_nothing(admin, place):
    services.place_update(actor=admin, place=place, name=place.name)

    assert not Journal.objects.exists()


def test_place_update_refuses_an_invalid_value_and_keeps_the_row(admin, place):
    with pytest.raises(ValidationError):
        services.place_update(actor=admin, place=place, name="Autre", emails=["pas-un-courriel"])

    place.refresh_from_db()
    assert place.name == "Lieu A"


def test_organisation_create_validates_the_pivot(admin, network):
    with pytest.raises(ValidationError) as error:
        services.organisation_create(actor=admin, name="Asso", pivot="12345678901234", parent=network)

    assert "pivot" in error.value.message_dict
    assert not Organisation.objects.filter(name="Asso").exists()


def test_organisation_create_and_update_are_journalled(admin, network):
    organisation = services.organisation_create(
        actor=admin, name="Les Petits Débrouillards", pivot="W513004567", parent=network
    )
    services.organisation_update(actor=admin, organisation=organisation, website="https://pd.example.org")

    assert organisation.slug == "les-petits-debrouillards"
    actions = list(Journal.objects.order_by("id").values_list("action", "data"))
    assert actions == [("organisation.create", {}), ("organisation.update", {"changed": ["website"]})]


def test_a_network_cannot_belong_to_a_network(admin, network):
    with pytest.raises(ValidationError) as error:
        services.organisation_create(
            actor=admin,
            name="Sous-réseau",
            pivot="W513004567",
            kind=Organisation.Kind.NETWORK,
            parent=network,
        )

    assert "parent" in error.value.message_dict


def test_place_slug_never_takes_a_reserved_page_address(admin, organisation):
    made = services.place_create(actor=admin, organisation=organisation, **place_fields(name="Nouveau"))

    assert made.slug == "nouveau-2"
    with pytest.raises(ValidationError) as error:
        services.place_update(actor=admin, place=made, slug="nouveau")
    assert "slug" in error.value.message_dict
