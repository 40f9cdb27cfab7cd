from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from relais.fablab.models import Authorisation, MachineTraining
from relais.fablab.trainings import training_save
from relais.programme import services as programme
from relais.programme.tests.factories import (
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    WorkshopFactory,
)


def _attended(place, workshop, email, django_capture_on_commit_callbacks, actor):
    event = EventFactory(place=place, workshop=workshop)
    start = timezone.now() - timedelta(hours=1)
    session = SessionFactory(event=event, start_at=start, end_at=start + timedelta(hours=2))
    registration = RegistrationFactory(session=session, email=email)
    with django_capture_on_commit_callbacks(execute=True):
        programme.attendance_mark(registration=registration, attended=True, actor=actor)
    return registration


def test_attending_a_machine_training_grants_authorisations(
    place, machine, member, fabmanager, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(place=place)
    training_save(workshop=workshop, machines=[machine], category=machine.category, actor=fabmanager)

    registration = _attended(
        place, workshop, member.email.upper(), django_capture_on_commit_callbacks, fabmanager
    )

    granted = Authorisation.objects.filter(user=member)
    assert granted.count() == 2
    assert {a.evidence for a in granted} == {"training"}
    assert {a.registration_id for a in granted} == {registration.pk}


def test_attending_an_ordinary_workshop_grants_nothing(
    place, member, fabmanager, django_capture_on_commit_callbacks
):
    _attended(
        place, WorkshopFactory(place=place), member.email, django_capture_on_commit_callbacks, fabmanager
    )

    assert not Authorisation.objects.exists()


def test_attendee_without_account_gets_nothing(
    place, machine, fabmanager, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(place=place)
    training_save(workshop=workshop, machines=[machine], category=None, actor=fabmanager)

    _attended(place, workshop, "inconnu@exemple.fr", django_capture_on_commit_callbacks, fabmanager)

    assert not Authorisation.objects.exists()


def test_training_page_marks_a_workshop(fabmanager_client, place, machine):
    workshop = WorkshopFactory(place=place)

    response = fabmanager_client.post(
        reverse("fablab:training-list", args=[place.slug]),
        {"workshop": workshop.pk, "machines": [machine.pk]},
    )
    refused = fabmanager_client.post(
        reverse("fablab:training-list", args=[place.slug]), {"workshop": workshop.pk}
    )

    assert response.status_code == 303
    assert list(MachineTraining.objects.get().machines.all()) == [machine]
    assert refused.status_code == 200


def test_training_page_hidden_from_outsiders(client_for, outsider, place):
    assert client_for(outsider).get(reverse("fablab:training-list", args=[place.slug])).status_code == 404
