from django.urls import reverse

from relais.mediation.tests.factories import ActivityFactory, TagFactory

HOME_URL = reverse("core:home")


def test_home_panel_lists_only_records_in_places_still_open(mediator_client, mediator, place, other_place):
    kept = ActivityFactory(place=place, author=mediator)
    left_behind = ActivityFactory(place=other_place, author=mediator)
    content = mediator_client.get(HOME_URL).content.decode()
    assert reverse("mediation:activity-detail", args=[kept.pk]) in content
    assert reverse("mediation:activity-detail", args=[left_behind.pk]) not in content


def test_tags_read_as_labels_in_french(mediator_client, place):
    TagFactory(place=place)
    for url in (HOME_URL, reverse("mediation:activity-create"), reverse("mediation:tag-list")):
        content = mediator_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert "Étiquettes" in content
        assert ">Tags<" not in content


def test_activity_list_filter_reads_in_french(mediator_client):
    content = mediator_client.get(
        reverse("mediation:activity-list"), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert ">Filtrer<" in content
    assert ">Tous<" in content
