import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from relais.core.models import Journal
from relais.mediation import services
from relais.mediation.models import Activity, Beneficiary
from relais.mediation.tests.factories import ActivityFactory, BeneficiaryFactory, TagFactory

TODAY = datetime.date(2026, 11, 28)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 28, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


def individual(place, author, **extra):
    values = {
        "author": author,
        "place": place,
        "kind": "individual",
        "date": TODAY,
        "duration": 30,
        "themes": ["email"],
    }
    values.update(extra)
    return services.activity_create(**values)


def test_activity_create_records_and_journals(place, mediator):
    person = BeneficiaryFactory(place=place, birth_year=1960, sex="feminin")
    activity = individual(place, mediator, beneficiary=person, autonomy="autonome", equipment=["telephone"])
    assert activity.participant_count == 1
    assert activity.age_bracket == "soixante_soixante_neuf"
    assert activity.sex == "feminin"
    person.refresh_from_db()
    assert person.last_activity_on == TODAY
    assert Journal.objects.filter(action="activity.create", target_id=str(activity.pk)).exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"themes": ["nope"]}, "themes"),
        ({"themes": ["logement"]}, "themes"),
        ({"themes": []}, "themes"),
        ({"duration": 0}, "duration"),
        ({"duration": 721}, "duration"),
        ({"date": TODAY + datetime.timedelta(days=1)}, "date"),
        ({"procedure_name": "CAF"}, "procedure_name"),
        ({"place_type": "lune"}, "place_type"),
    ],
)
def test_activity_create_refuses_bad_values_naming_the_field(place, mediator, extra, field):
    with pytest.raises(ValidationError) as error:
        individual(place, mediator, **extra)
    assert field in error.value.message_dict
    assert not Activity.objects.exists()


def test_activity_create_accepts_sub_themes_with_umbrella(place, mediator):
    activity = individual(
        place, mediator, themes=["logement", "aide_aux_demarches_administratives"], procedure_name="APL"
    )
    assert activity.themes == ["aide_aux_demarches_administratives", "logement"]


def test_activity_create_refuses_beneficiary_of_other_place(place, other_place, mediator):
    stranger = BeneficiaryFactory(place=other_place)
    with pytest.raises(ValidationError) as error:
        individual(place, mediator, beneficiary=stranger)
    assert "beneficiary" in error.value.message_dict


def test_collective_needs_a_participant(place, mediator):
    with pytest.raises(ValidationError) as error:
        services.activity_create(
            author=mediator, place=place, kind="collective", date=TODAY, duration=90, themes=["email"]
        )
    assert "participants" in error.value.message_dict


def test_collective_counts_followed_and_anonymous(place, mediator):
    people = BeneficiaryFactory.create_batch(2, place=place)
    activity = services.activity_create(
        author=mediator,
        place=place,
        kind="collective",
        date=TODAY,
        duration=90,
        themes=["email"],
        participants=people,
        anonymous_participants={"total": 3, "sex": {"feminin": 2}},
        workshop_title="Premiers pas",
        level="debutant",
    )
    assert activity.participant_count == 5
    assert activity.anonymous_participants == {"total": 3, "already_helped": 0, "sex": {"feminin": 2}}


def test_collective_refuses_breakdown_above_total(place, mediator):
    with pytest.raises(ValidationError) as error:
        services.activity_create(
            author=mediator,
            place=place,
            kind="collective",
            date=TODAY,
            duration=90,
            themes=["email"],
            anonymous_participants={"total": 1, "sex": {"feminin": 2}},
        )
    assert "anonymous_participants" in error.value.message_dict


def test_tag_of_other_place_refused(place, other_place, mediator):
    tag = TagFactory(place=other_place)
    with pytest.raises(ValidationError) as error:
        individual(place, mediator, tags=[tag])
    assert "tags" in error.value.message_dict


def test_network_tag_allowed(place, mediator, network):
    tag = TagFactory(organisation=network)
    activity = individual(place, mediator, tags=[tag])
    assert list(activity.tags.all()) == [tag]


def test_activity_update_only_by_author_or_admin(place, mediator, admin, fabmanager):
    activity = individual(place, mediator)
    with pytest.raises(ValidationError):
        services.activity_update(actor=fabmanager, activity=activity, duration=45)
    services.activity_update(actor=admin, activity=activity, duration=45)
    activity.refresh_from_db()
    assert activity.duration == 45
    assert Journal.objects.filter(action="activity.update").count() == 1


def test_activity_delete_journalled_and_updates_last_activity(place, mediator):
    person = BeneficiaryFactory(place=place)
    old = individual(place, mediator, beneficiary=person, date=TODAY - datetime.timedelta(days=10))
    new = individual(place, mediator, beneficiary=person)
    services.activity_delete(actor=mediator, activity=new)
    person.refresh_from_db()
    assert person.last_activity_on == old.date
    assert Journal.objects.filter(action="activity.delete").exists()


def test_beneficiary_create_detects_duplicates(place, mediator):
    services.beneficiary_create(
        actor=mediator, place=place, first_name="Léa", last_name="Martin", birth_year=1980
    )
    with pytest.raises(ValidationError):
        services.beneficiary_create(
            actor=mediator, place=place, first_name="léa", last_name="MARTIN", birth_year=1980
        )
    services.beneficiary_create(
        actor=mediator,
        place=place,
        first_name="léa",
        last_name="MARTIN",
        birth_year=1980,
        allow_duplicate=True,
    )
    assert Beneficiary.objects.count() == 2


def test_beneficiary_duplicate_by_phone(place, mediator):
    services.beneficiary_create(actor=mediator, place=place, first_name="A", phone="06 12 34 56 78")
    with pytest.raises(ValidationError):
        services.beneficiary_create(actor=mediator, place=place, first_name="B", phone="+33612345678")


def test_beneficiary_erase_keeps_figures(place, mediator):
    person = services.beneficiary_create(
        actor=mediator,
        place=place,
        first_name="Léa",
        last_name="Martin",
        birth_year=1980,
        sex="feminin",
        phone="0612345678",
        notes="aime les chats",
    )
    individual(place, mediator, beneficiary=person, notes="Léa veut…")
    services.beneficiary_erase(actor=mediator, beneficiary=person)
    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.phone, person.notes, person.birth_year) == (
        "",
        "",
        "",
        "",
        None,
    )
    assert person.sex == "feminin"
    assert person.age_bracket == "quarante_cinquante_neuf"
    assert Activity.objects.get().notes == ""
    assert Activity.objects.get().beneficiary == person
    assert Journal.objects.filter(action="beneficiary.erase").exists()


def test_beneficiary_merge_moves_everything(place, mediator):
    keep = BeneficiaryFactory(place=place, phone="")
    other = BeneficiaryFactory(place=place, phone="+33612345678")
    individual(place, mediator, beneficiary=other)
    services.activity_create(
        author=mediator,
        place=place,
        kind="collective",
        date=TODAY,
        duration=60,
        themes=["email"],
        participants=[keep, other],
    )
    services.beneficiary_merge(actor=mediator, source=other, target=keep)
    keep.refresh_from_db()
    other.refresh_from_db()
    assert keep.phone == "+33612345678"
    assert Activity.objects.filter(beneficiary=keep).count() == 1
    assert Activity.objects.get(kind="collective").participants.get() == keep
    assert other.merged_into == keep and not other.has_identity


def test_retention_anonymises_inactive_files(place, mediator):
    stale = BeneficiaryFactory(place=place, last_activity_on=datetime.date(2024, 10, 1))
    fresh = BeneficiaryFactory(place=place, last_activity_on=datetime.date(2025, 1, 1))
    assert services.beneficiaries_anonymise_inactive(today=TODAY, months=24) == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.is_anonymised and not fresh.is_anonymised


def test_timeline_lists_activities_and_assessments(place, mediator):
    person = BeneficiaryFactory(place=place)
    individual(
        place,
        mediator,
        beneficiary=person,
        autonomy="entierement_accompagne",
        date=TODAY - datetime.timedelta(days=5),
    )
    individual(place, mediator, beneficiary=person, autonomy="autonome")
    services.assessment_create(
        author=mediator, place=place, beneficiary=person, answers={"1.1": ["yes", "with_help", "no", "no"]}
    )
    kinds = [event["kind"] for event in services.beneficiary_timeline(person)]
    assert kinds == ["assessment", "activity", "activity"]
    assert [row["score"] for row in services.autonomy_over_time(person)] == [1, 3]


def test_assessment_levels(place, mediator):
    assessment = services.assessment_create(
        author=mediator, place=place, answers={"1.1": ["yes", "with_help", "no", "no"], "4.1": ["no"] * 4}
    )
    assert assessment.levels == {"1.1": 3, "4.1": 0}
    assert assessment.weak_competences() == ["1.1", "4.1"]
    with pytest.raises(ValidationError):
        services.assessment_create(author=mediator, place=place, answers={"9.9": ["yes"] * 4})


def test_activity_factory_usable(place):
    assert ActivityFactory(place=place).participant_count == 1
