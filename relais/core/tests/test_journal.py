import pytest
from django.core.exceptions import ValidationError

from relais.core.journal import journal_log
from relais.core.models import Journal


def test_journal_log_records_actor_action_target_and_details(admin, place):
    entry = journal_log(actor=admin, action="place.update", target=place, place=place, changed=["name"])

    entry.refresh_from_db()
    assert entry.actor == admin
    assert entry.actor_label == admin.email
    assert entry.action == "place.update"
    assert entry.target_id == str(place.pk)
    assert entry.target_label == place.name
    assert entry.place == place
    assert entry.data == {"changed": ["name"]}


@pytest.mark.django_db
def test_journal_log_without_actor_is_allowed():
    entry = journal_log(actor=None, action="system.run")

    assert entry.actor is None
    assert entry.actor_label == ""


def test_journal_entries_cannot_be_rewritten(admin, place):
    entry = journal_log(actor=admin, action="place.update", target=place)
    entry.action = "place.delete"

    with pytest.raises(ValidationError):
        entry.save()

    entry.refresh_from_db()
    assert entry.action == "place.update"


def test_journal_entries_cannot_be_deleted(admin, place):
    entry = journal_log(actor=admin, action="place.update", target=place)

    with pytest.raises(ValidationError):
        entry.delete()

    assert Journal.objects.filter(pk=entry.pk).exists()


def test_journal_keeps_the_actor_label_when_the_user_is_deleted(admin, place):
    entry = journal_log(actor=admin, action="place.update", target=place)
    email = admin.email

    admin.delete()

    entry.refresh_from_db()
    assert entry.actor is None
    assert entry.actor_label == email
