from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from relais.core.models import Journal
from relais.projects import services
from relais.projects.models import BudgetLine, Milestone, ProjectInvitation, ProjectMember
from relais.projects.tests.factories import ContributorProfileFactory, PartnerFactory


@pytest.mark.parametrize("amount", ["-10", "abc", "0", "12.345", "NaN", ""])
def test_budget_line_create_refuses_bad_amounts(project, mediator, amount):
    with pytest.raises(ValidationError) as error:
        services.budget_line_create(
            actor=mediator, project=project, kind="expense", label="Bois", amount=amount
        )
    assert "amount" in error.value.message_dict
    assert BudgetLine.objects.count() == 0


def test_budget_line_create_accepts_french_amount_and_totals_balance(project, mediator):
    services.budget_line_create(
        actor=mediator, project=project, kind="expense", label="Bois", amount="1 234,50"
    )
    services.budget_line_create(
        actor=mediator, project=project, kind="funding", label="Fondation", amount="1234.5"
    )
    services.budget_line_create(
        actor=mediator, project=project, kind="funding", label="Refusé", amount="99", status="refused"
    )
    totals = project.budget_totals()
    assert totals == {"expenses": Decimal("1234.50"), "funding": Decimal("1234.50"), "balance": Decimal("0")}
    assert Journal.objects.filter(action="budget_line.create").count() == 3


def test_milestone_create_refuses_date_after_project_end(project, mediator):
    project.ends_on = date(2027, 6, 30)
    project.save()
    with pytest.raises(ValidationError) as error:
        services.milestone_create(actor=mediator, project=project, title="Fin", due_on=date(2027, 7, 1))
    assert "après la fin du projet" in str(error.value)
    assert Milestone.objects.count() == 0
    services.milestone_create(actor=mediator, project=project, title="Fin", due_on=date(2027, 6, 30))
    assert Milestone.objects.count() == 1


def test_project_update_refuses_end_before_existing_milestone(project, mediator):
    services.milestone_create(actor=mediator, project=project, title="Pose", due_on=date(2027, 5, 1))
    with pytest.raises(ValidationError):
        services.project_update(actor=mediator, project=project, ends_on=date(2027, 4, 1))
    project.refresh_from_db()
    assert project.ends_on is None


def test_project_create_puts_owner_in_team(project, mediator):
    assert ProjectMember.objects.filter(project=project, user=mediator, role="coordination").exists()


def test_invitation_create_refuses_partner_who_refused_contact(project, mediator, place, mailoutbox):
    partner = PartnerFactory(place=place, refuses_contact=True)
    with pytest.raises(ValidationError) as error:
        services.invitation_create(actor=mediator, project=project, partner=partner, role="design")
    assert "pas accepté d'être contacté" in str(error.value)
    assert ProjectInvitation.objects.count() == 0
    assert mailoutbox == []


def test_invitation_create_refuses_person_without_consent(project, mediator, volunteer):
    ContributorProfileFactory(user=volunteer, accepts_contact=False)
    with pytest.raises(ValidationError):
        services.invitation_create(actor=mediator, project=project, user=volunteer, role="design")
    assert ProjectInvitation.objects.count() == 0


def test_invitation_accept_joins_team_and_notifies(
    project, mediator, partner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invitation_create(
            actor=mediator, project=project, partner=partner, role="fabrication"
        )
    assert len(mailoutbox) == 1
    assert token in mailoutbox[0].body
    assert mailoutbox[0].to == [partner.email]
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_respond(invitation=services.invitation_for_token(token), accept=True)
    assert ProjectMember.objects.filter(project=project, partner=partner, role="fabrication").exists()
    assert mediator.email in mailoutbox[1].to
    with pytest.raises(ValidationError):
        services.invitation_respond(invitation=invitation, accept=False)


def test_invitation_decline_does_not_join(project, mediator, volunteer, django_capture_on_commit_callbacks):
    ContributorProfileFactory(user=volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _token = services.invitation_create(
            actor=mediator, project=project, user=volunteer, role="design"
        )
        services.invitation_respond(invitation=invitation, accept=False)
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    assert not ProjectMember.objects.filter(project=project, user=volunteer).exists()


def test_member_remove_keeps_owner(project, mediator):
    owner = ProjectMember.objects.get(project=project, user=mediator)
    with pytest.raises(ValidationError):
        services.member_remove(actor=mediator, member=owner)


def test_project_publish_needs_a_step(project, mediator):
    with pytest.raises(ValidationError):
        services.project_publish(actor=mediator, project=project, publish=True)
    services.step_create(actor=mediator, project=project, title="Découper", text="Au laser.")
    services.project_publish(actor=mediator, project=project, publish=True)
    assert project.is_published and project.published_at


def test_coordination_activity_refuses_project_of_another_place(mediator, place, other_project):
    with pytest.raises(ValidationError):
        services.coordination_activity_create(
            actor=mediator,
            place=place,
            kind="partenariat",
            duration_minutes=60,
            date=date(2026, 11, 1),
            project=other_project,
        )


def test_skill_save_refuses_duplicate_name(mediator, skill):
    with pytest.raises(ValidationError):
        services.skill_save(actor=mediator, name="impression 3d")


def test_invitation_expires_after_the_validity_period(project, mediator, partner):
    invitation, _token = services.invitation_create(
        actor=mediator, project=project, partner=partner, role="design"
    )
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        with pytest.raises(ValidationError):
            services.invitation_respond(invitation=invitation, accept=True)
    assert not ProjectMember.objects.filter(partner=partner).exists()
