from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from relais.core.models import Journal
from relais.fablab import services
from relais.fablab.models import Authorisation, Category, QuizAttempt, SafetyQuiz
from relais.fablab.tests.factories import AuthorisationFactory


def test_grant_sets_expiry_from_the_category(machine, member, fabmanager):
    category = machine.category
    category.validity_months = 12
    category.save()

    authorisation = services.authorisation_grant(
        user=member,
        place=machine.place,
        machine=machine,
        actor=fabmanager,
        evidence="manual",
        granted_on=date(2026, 1, 31),
    )

    assert authorisation.expires_on == date(2027, 1, 31)
    assert authorisation.granted_by == fabmanager


def test_grant_twice_renews_instead_of_duplicating(machine, member, fabmanager):
    services.authorisation_grant(
        user=member, place=machine.place, machine=machine, actor=fabmanager, evidence="manual"
    )
    services.authorisation_grant(
        user=member, place=machine.place, machine=machine, actor=fabmanager, evidence="training"
    )

    assert Authorisation.objects.get().evidence == "training"
    assert Journal.objects.filter(action="authorisation.renew").count() == 1


def test_grant_attaches_passed_quiz(machine, member, fabmanager):
    quiz = SafetyQuiz.objects.create(category=machine.category, title="Quiz")
    attempt = QuizAttempt.objects.create(quiz=quiz, user=member, score=90, passed=True)

    authorisation = services.authorisation_grant(
        user=member, place=machine.place, category=machine.category, actor=fabmanager, evidence="manual"
    )

    assert authorisation.quiz_attempt == attempt


def test_revoke_requires_a_reason(machine, member, fabmanager):
    authorisation = AuthorisationFactory(user=member, machine=machine)

    with pytest.raises(ValidationError) as caught:
        services.authorisation_revoke(authorisation=authorisation, actor=fabmanager, reason=" ")

    assert "reason" in caught.value.message_dict
    authorisation.refresh_from_db()
    assert authorisation.revoked_at is None


def test_daily_expiry_warns_two_weeks_before_and_expires_after(
    machine, member, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    soon = AuthorisationFactory(user=member, machine=machine, expires_on=today + timedelta(days=10))
    past = AuthorisationFactory(
        user=member,
        place=machine.place,
        category=Category.objects.get(slug="brodeuse"),
        expires_on=today - timedelta(days=1),
    )
    later = AuthorisationFactory(
        user=member,
        place=machine.place,
        category=Category.objects.get(slug="autre"),
        expires_on=today + timedelta(days=60),
    )

    with django_capture_on_commit_callbacks(execute=True):
        first = services.authorisations_process_expiry(today=today)
    second = services.authorisations_process_expiry(today=today)

    assert first == (1, 1)
    assert second == (0, 0)
    soon.refresh_from_db()
    past.refresh_from_db()
    later.refresh_from_db()
    assert soon.expiry_warned_at and past.expired_at and not later.expiry_warned_at


def test_quiz_submit_scores(machine, member):
    quiz = SafetyQuiz.objects.create(category=machine.category, title="Quiz", pass_mark=60)
    first = quiz.questions.create(text="A ?", choices=["x", "y"], correct_choice=0)
    second = quiz.questions.create(text="B ?", choices=["x", "y"], correct_choice=1)

    attempt = services.quiz_submit(quiz=quiz, user=member, answers={first.pk: 0, second.pk: 0})

    assert attempt.score == 50
    assert not attempt.passed
