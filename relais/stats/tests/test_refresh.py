"""Summaries are recomputed by the background worker right after a change, not by the next reader."""

import datetime

import pytest
from django.utils import timezone

from relais.mediation import services
from relais.stats.models import ANY_TAG, ANY_THEME, DirtyMonth, MediationCell

pytestmark = pytest.mark.django_db


def test_a_saved_activity_is_summarised_by_the_worker_once_saved(
    place, mediator, django_capture_on_commit_callbacks
):
    day = timezone.localdate() - datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.activity_create(
            author=mediator, place=place, kind="individual", date=day, duration=30, themes=["email"]
        )
        services.activity_create(
            author=mediator, place=place, kind="individual", date=day, duration=45, themes=["email"]
        )

    assert len(callbacks) == 1  # one refresh for the month, however many changes it saw
    assert not DirtyMonth.objects.exists()
    total = MediationCell.objects.get(
        place_id=place.pk, month=day.replace(day=1), dimension="total", theme=ANY_THEME, tag_id=ANY_TAG
    )
    assert total.accompaniments == 2
