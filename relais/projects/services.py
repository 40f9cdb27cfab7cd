"""Writes on projects: brief, budget, milestones, team, invitations, documentation, coordination log."""

import secrets
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from relais.core.journal import journal_log
from relais.projects.models import (
    BudgetLine,
    ContributorProfile,
    CoordinationActivity,
    DocumentationStep,
    Milestone,
    Partner,
    Project,
    ProjectInvitation,
    ProjectMember,
    Skill,
    TeamRole,
)


def _full_clean(instance, exclude: list[str] | None = None) -> None:
    instance.full_clean(exclude=exclude, validate_constraints=False)


def _check_dates(starts_on: date | None, ends_on: date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date must be on or after the start date.")})


@transaction.atomic
def project_create(*, actor, place, title: str, summary: str, needed_skills=(), **fields) -> Project:
    """Create a project in `place`; its owner joins the team as coordinator."""
    _check_dates(fields.get("starts_on"), fields.get("ends_on"))
    project = Project(place=place, title=title, summary=summary, owner=fields.pop("owner", actor), **fields)
    _full_clean(project)
    project.save()
    project.needed_skills.set(needed_skills)
    ProjectMember.objects.create(project=project, user=project.owner, role=TeamRole.COORDINATION)
    journal_log(actor=actor, action="project.create", target=project, place=place)
    return project


@transaction.atomic
def project_update(*, actor, project: Project, needed_skills=None, **fields) -> Project:
    """Update a project's fields; the end date may not move before an existing milestone."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    for name, value in fields.items():
        setattr(project, name, value)
    _check_dates(project.starts_on, project.ends_on)
    if project.ends_on:
        late = project.milestones.filter(due_on__gt=project.ends_on).order_by("-due_on").first()
        if late:
            raise ValidationError(
                {
                    "ends_on": _(
                        "The milestone “%(title)s” is due on %(due)s, after this end date: move it first."
                    )
                    % {"title": late.title, "due": late.due_on.strftime("%d/%m/%Y")}
                }
            )
    _full_clean(project)
    if project.is_published and project.published_at is None:
        project.published_at = timezone.now()
    if not project.is_published:
        project.published_at = None
    project.save()
    if needed_skills is not None:
        project.needed_skills.set(needed_skills)
    journal_log(
        actor=actor, action="project.update", target=project, place=project.place, fields=sorted(fields)
    )
    return project


@transaction.atomic
def project_publish(*, actor, project: Project, publish: bool) -> Project:
    """Publish the project's documentation in the public gallery, or withdraw it."""
    if publish and not project.steps.exists():
        raise ValidationError(_("Add at least one documentation step before publishing the project."))
    project.is_published = publish
    project.published_at = timezone.now() if publish else None
    project.save(update_fields=["is_published", "published_at", "updated_at"])
    journal_log(
        actor=actor,
        action="project.publish" if publish else "project.unpublish",
        target=project,
        place=project.place,
    )
    return project


def parse_amount(value) -> Decimal:
    """A positive amount in euros with at most two decimals; accepts “1 234,50”."""
    if isinstance(value, Decimal):
        amount = value
    else:
        text = (
            str(value or "")
            .strip()
            .replace("\u202f", "")
            .replace("\xa0", "")
            .replace(" ", "")
            .replace("€", "")
        )
        text = text.replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation as error:
            raise ValidationError(
                {
                    "amount": _("“%(value)s” is not an amount: write a number such as 1250.50.")
                    % {"value": value}
                }
            ) from error
    if not amount.is_finite():
        raise ValidationError(
            {"amount": _("“%(value)s” is not an amount: write a number such as 1250.50.") % {"value": value}}
        )
    if amount <= 0:
        raise ValidationError(
            {"amount": _("The amount must be greater than zero (negative amounts are refused).")}
        )
    if amount.as_tuple().exponent < -2:
        raise ValidationError({"amount": _("Amounts have at most two decimals (cents).")})
    if amount >= Decimal("10000000000"):
        raise ValidationError({"amount": _("This amount is too large.")})
    return amount


@transaction.atomic
def budget_line_create(
    *,
    actor,
    project: Project,
    kind: str,
    label: str,
    amount,
    source: str = "",
    status: str = BudgetLine.Status.PLANNED,
) -> BudgetLine:
    """Add an expense or funding line; the amount must be a positive number of euros."""
    line = BudgetLine(
        project=project, kind=kind, label=label, amount=parse_amount(amount), source=source, status=status
    )
    _full_clean(line)
    line.save()
    journal_log(
        actor=actor, action="budget_line.create", target=line, place=project.place, amount=str(line.amount)
    )
    return line


@transaction.atomic
def budget_line_delete(*, actor, line: BudgetLine) -> None:
    """Remove a budget line."""
    journal_log(
        actor=actor,
        action="budget_line.delete",
        target=line,
        place=line.project.place,
        amount=str(line.amount),
    )
    line.delete()


@transaction.atomic
def milestone_create(
    *, actor, project: Project, title: str, due_on: date, is_done: bool = False
) -> Milestone:
    """Add a milestone; it must fall within the project's dates."""
    if project.ends_on and due_on > project.ends_on:
        raise ValidationError(
            {
                "due_on": _(
                    "This milestone is after the project's end (%(end)s): "
                    "choose an earlier date or move the end."
                )
                % {"end": project.ends_on.strftime("%d/%m/%Y")}
            }
        )
    if project.starts_on and due_on < project.starts_on:
        raise ValidationError(
            {
                "due_on": _("This milestone is before the project's start (%(start)s).")
                % {"start": project.starts_on.strftime("%d/%m/%Y")}
            }
        )
    milestone = Milestone(project=project, title=title, due_on=due_on, is_done=is_done)
    _full_clean(milestone)
    milestone.save()
    journal_log(actor=actor, action="milestone.create", target=milestone, place=project.place)
    return milestone


@transaction.atomic
def milestone_toggle(*, actor, milestone: Milestone) -> Milestone:
    """Mark a milestone done, or not done."""
    milestone.is_done = not milestone.is_done
    milestone.save(update_fields=["is_done"])
    journal_log(
        actor=actor,
        action="milestone.update",
        target=milestone,
        place=milestone.project.place,
        done=milestone.is_done,
    )
    return milestone


@transaction.atomic
def milestone_delete(*, actor, milestone: Milestone) -> None:
    """Remove a milestone."""
    journal_log(actor=actor, action="milestone.delete", target=milestone, place=milestone.project.place)
    milestone.delete()


@transaction.atomic
def member_add(
    *, actor, project: Project, user=None, partner: Partner | None = None, role: str
) -> ProjectMember:
    """Add a person or a partner to the team (or change their role if already there)."""
    if (user is None) == (partner is None):
        raise ValidationError(_("Choose either a person or a partner."))
    lookup = {"user": user} if user is not None else {"partner": partner}
    member, created = ProjectMember.objects.get_or_create(project=project, **lookup, defaults={"role": role})
    if not created and member.role != role:
        member.role = role
        member.save(update_fields=["role"])
    journal_log(actor=actor, action="project_member.add", target=member, place=project.place, role=role)
    return member


@transaction.atomic
def member_remove(*, actor, member: ProjectMember) -> None:
    """Remove someone from the team; the owner stays."""
    if member.user_id and member.user_id == member.project.owner_id:
        raise ValidationError(
            _("The project owner cannot leave the team; give the project to someone else first.")
        )
    journal_log(actor=actor, action="project_member.remove", target=member, place=member.project.place)
    member.delete()


def _invitee_refusal(user, partner) -> str | None:
    if partner is not None:
        if not partner.accepts_contact:
            return _("%(name)s has not agreed to be contacted about projects: they cannot be invited.") % {
                "name": partner.name
            }
        if not partner.contact_email:
            return _("%(name)s has no email address to send the invitation to.") % {"name": partner.name}
        return None
    profile = ContributorProfile.objects.filter(user=user).first()
    if profile is None or not profile.accepts_contact:
        return _("%(name)s has not agreed to be invited to projects by email: they cannot be invited.") % {
            "name": user
        }
    return None


@transaction.atomic
def invitation_create(
    *, actor, project: Project, user=None, partner: Partner | None = None, role: str, message: str = ""
) -> tuple[ProjectInvitation, str]:
    """Invite a person or a partner who agreed to be contacted; returns the invitation and its token."""
    if (user is None) == (partner is None):
        raise ValidationError(_("Choose either a person or a partner."))
    refusal = _invitee_refusal(user, partner)
    if refusal:
        raise ValidationError(refusal, code="no_consent")
    lookup = {"user": user} if user is not None else {"partner": partner}
    if project.members.filter(**lookup).exists():
        raise ValidationError(_("%(name)s is already in the team.") % {"name": user or partner})
    if project.invitations.pending().filter(**lookup).exists():
        raise ValidationError(_("%(name)s already has a pending invitation.") % {"name": user or partner})
    token = secrets.token_urlsafe(32)
    invitation = ProjectInvitation.objects.create(
        project=project,
        user=user,
        partner=partner,
        email=user.email if user is not None else partner.contact_email,
        role=role,
        message=message,
        invited_by=actor,
        token_hash=ProjectInvitation.hash_token(token),
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALIDITY_DAYS),
    )
    journal_log(actor=actor, action="project_invitation.create", target=invitation, place=project.place)
    from relais.projects.tasks import send_project_invitation

    transaction.on_commit(lambda: send_project_invitation(invitation.pk, token))
    return invitation, token


def invitation_for_token(token: str) -> ProjectInvitation | None:
    return (
        ProjectInvitation.objects.select_related("project", "project__place", "user", "partner")
        .filter(token_hash=ProjectInvitation.hash_token(token or ""))
        .first()
    )


@transaction.atomic
def invitation_respond(*, invitation: ProjectInvitation, accept: bool) -> ProjectInvitation:
    """Accept (join the team with the proposed role) or decline a pending, unexpired invitation."""
    invitation = ProjectInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != ProjectInvitation.Status.PENDING:
        raise ValidationError(_("This invitation has already been answered."))
    if invitation.is_expired:
        raise ValidationError(_("This invitation has expired. Ask the project team for a new one."))
    invitation.status = ProjectInvitation.Status.ACCEPTED if accept else ProjectInvitation.Status.DECLINED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at", "updated_at"])
    if accept:
        lookup = {"user": invitation.user} if invitation.user_id else {"partner": invitation.partner}
        try:
            with transaction.atomic():
                ProjectMember.objects.get_or_create(
                    project=invitation.project, **lookup, defaults={"role": invitation.role}
                )
        except IntegrityError:
            pass
    journal_log(
        actor=invitation.user,
        action="project_invitation.accept" if accept else "project_invitation.decline",
        target=invitation,
        place=invitation.project.place,
    )
    from relais.projects.tasks import notify_invitation_answer

    transaction.on_commit(lambda: notify_invitation_answer(invitation.pk))
    return invitation


@transaction.atomic
def step_create(
    *, actor, project: Project, title: str, text: str, photo=None, photo_alt: str = ""
) -> DocumentationStep:
    """Append a documentation step; a photo needs a description."""
    if photo and not photo_alt.strip():
        raise ValidationError({"photo_alt": _("Describe the photo for people who cannot see it.")})
    position = (project.steps.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    step = DocumentationStep(
        project=project, position=position, title=title, text=text, photo=photo or "", photo_alt=photo_alt
    )
    _full_clean(step)
    step.save()
    journal_log(actor=actor, action="documentation_step.create", target=step, place=project.place)
    return step


@transaction.atomic
def step_delete(*, actor, step: DocumentationStep) -> None:
    """Remove a documentation step and its photo."""
    journal_log(actor=actor, action="documentation_step.delete", target=step, place=step.project.place)
    if step.photo:
        step.photo.delete(save=False)
    step.delete()


@transaction.atomic
def coordination_activity_create(
    *, actor, place, kind: str, duration_minutes: int, date: date, project=None, partners=(), notes: str = ""
) -> CoordinationActivity:
    """Record the mediator's own time on a project or a partnership."""
    if project is not None and project.place_id != place.pk:
        raise ValidationError({"project": _("This project belongs to another place.")})
    activity = CoordinationActivity(
        place=place,
        user=actor,
        kind=kind,
        duration_minutes=duration_minutes,
        date=date,
        project=project,
        notes=notes,
    )
    _full_clean(activity)
    activity.save()
    activity.partners.set(partners)
    journal_log(
        actor=actor,
        action="coordination_activity.create",
        target=activity,
        place=place,
        minutes=duration_minutes,
    )
    return activity


@transaction.atomic
def contributor_profile_save(*, user, skills, **fields) -> ContributorProfile:
    """Create or update the user's contributor profile (skills, commune, availability, consent)."""
    profile, _created = ContributorProfile.objects.get_or_create(user=user)
    for name, value in fields.items():
        setattr(profile, name, value)
    _full_clean(profile, exclude=["user"])
    profile.save()
    profile.skills.set(skills)
    journal_log(
        actor=user,
        action="contributor_profile.update",
        target=profile,
        listed=profile.is_listed,
        contact=profile.accepts_contact,
    )
    return profile


def unique_skill_slug(name: str) -> str:
    base = slugify(name)[:90] or "competence"
    slug, number = base, 2
    while Skill.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def skill_get_or_create(name: str) -> Skill:
    """The vocabulary entry with this name (case-insensitive), created when missing."""
    name = " ".join(name.split())
    skill = (
        Skill.objects.filter(name__iexact=name).first() or Skill.objects.filter(slug=slugify(name)).first()
    )
    if skill is None:
        skill = Skill.objects.create(name=name, slug=unique_skill_slug(name))
    return skill


@transaction.atomic
def skill_save(*, actor, name: str, description: str = "", skill: Skill | None = None) -> Skill:
    """Create or rename an entry of the shared skills vocabulary (names are unique, case-insensitive)."""
    name = " ".join(name.split())
    clash = Skill.objects.filter(name__iexact=name)
    if skill is not None:
        clash = clash.exclude(pk=skill.pk)
    if clash.exists():
        raise ValidationError({"name": _("The skill “%(name)s” already exists.") % {"name": name}})
    skill = skill or Skill()
    skill.name, skill.description = name, description
    if not skill.pk:
        skill.slug = unique_skill_slug(name)
    skill.save()
    journal_log(actor=actor, action="skill.save", target=skill)
    return skill


def coordination_minutes_by_kind(
    *, places, start: date | None = None, end: date | None = None
) -> dict[str, int]:
    """Minutes of coordination time per kind (animation, evenement, partenariat) in `places`, for reports."""
    activities = CoordinationActivity.objects.filter(place__in=places)
    if start:
        activities = activities.filter(date__gte=start)
    if end:
        activities = activities.filter(date__lte=end)
    totals = dict(
        activities.values_list("kind")
        .annotate(minutes=Sum("duration_minutes"))
        .values_list("kind", "minutes")
    )
    return {kind: totals.get(kind, 0) for kind in CoordinationActivity.Kind.values}


def coordination_export(*, actor, activities, file_format: str) -> bytes:
    """A coordination log as CSV, XLSX or ODS: date, kind, minutes, place, project, partners, notes."""
    dataset = tablib.Dataset(
        headers=["date", "type", "duree_minutes", "lieu", "projet", "partenaires", "notes"]
    )
    for activity in activities:
        dataset.append(
            [
                activity.date.isoformat(),
                activity.kind,
                activity.duration_minutes,
                activity.place.name,
                activity.project.title if activity.project else "",
                "; ".join(partner.name for partner in activity.partners.all()),
                activity.notes,
            ]
        )
    journal_log(actor=actor, action="coordination_activity.export", format=file_format, count=len(dataset))
    data = dataset.export(file_format)
    return data.encode("utf-8-sig") if isinstance(data, str) else data
