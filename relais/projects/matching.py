"""Ranked suggestions of people and partners for a project, from the skills it needs.

Score out of 100 = 55 × share of the needed skills offered + 20 × proximity (1 at the project's commune,
0 from 30 km) + 15 × availability (1 available, ½ limited, 0 not available) + 10 × past participation
(projects in progress or done, up to 3). Only candidates offering at least one needed skill appear;
people and partners who did not agree to be listed never appear; those who did not agree to be
contacted appear without an invitation button.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from relais.core.models import Membership
from relais.projects.geo import CommuneLocator, haversine_km, point
from relais.projects.models import Availability, ContributorProfile, Partner, Project, ProjectMember

WEIGHTS = {"skills": 55, "proximity": 20, "availability": 15, "history": 10}
PROXIMITY_RADIUS_KM = 30.0
AVAILABILITY_FACTOR = {Availability.AVAILABLE: 1.0, Availability.LIMITED: 0.5, Availability.UNAVAILABLE: 0.0}
ACTIVE_STATUSES = [Project.Status.IN_PROGRESS, Project.Status.DONE]


@dataclass
class Match:
    kind: str  # "person" or "partner"
    pk: int
    name: str
    score: int
    matched_skills: list[str]
    missing_skills: list[str]
    distance_km: float | None
    availability: str
    past_projects: int
    accepts_contact: bool
    commune: str = ""
    reasons: list[str] = field(default_factory=list)
    pending_invitation: bool = False

    @property
    def can_invite(self) -> bool:
        return self.accepts_contact and not self.pending_invitation

    @property
    def reason(self) -> str:
        return " · ".join(self.reasons)


def _network_scope(project: Project) -> tuple[Q, Q]:
    """Filters for partners and memberships inside the project's network (or organisation)."""
    organisation = project.place.organisation
    network_id = organisation.parent_id or organisation.pk
    partners = Q(place=project.place) | Q(is_listed=True) & (
        Q(place__organisation_id=network_id) | Q(place__organisation__parent_id=network_id)
    )
    memberships = (
        Q(place__organisation_id=network_id)
        | Q(place__organisation__parent_id=network_id)
        | Q(organisation_id=network_id)
        | Q(organisation__parent_id=network_id)
    )
    return partners, memberships


def _score(overlap: float, distance: float | None, availability: str, past: int) -> int:
    proximity = 0.0 if distance is None else max(0.0, 1 - distance / PROXIMITY_RADIUS_KM)
    value = (
        WEIGHTS["skills"] * overlap
        + WEIGHTS["proximity"] * proximity
        + WEIGHTS["availability"] * AVAILABILITY_FACTOR.get(availability, 0)
        + WEIGHTS["history"] * min(past, 3) / 3
    )
    return round(value)


def _reasons(match: Match, needed: int) -> list[str]:
    reasons = [
        _("skills: %(skills)s (%(count)s of %(needed)s needed)")
        % {"skills": ", ".join(match.matched_skills), "count": len(match.matched_skills), "needed": needed}
    ]
    if match.distance_km is None:
        reasons.append(_("distance unknown"))
    elif match.distance_km < 1:
        reasons.append(_("same commune"))
    else:
        reasons.append(_("%(km)s km away") % {"km": number_format(match.distance_km, 1)})
    reasons.append(Availability(match.availability).label.lower())
    if match.past_projects:
        reasons.append(
            ngettext("took part in %(count)s project", "took part in %(count)s projects", match.past_projects)
            % {"count": match.past_projects}
        )
    else:
        reasons.append(_("no past project yet"))
    if not match.accepts_contact:
        reasons.append(_("does not agree to be contacted"))
    return reasons


def _project_point(project: Project, locator: CommuneLocator):
    place = project.place
    return locator.locate(place.insee_code, point(place.latitude, place.longitude))


def project_matches(project: Project, *, limit: int = 30) -> list[Match]:
    """People and partners ranked for `project`, best first, each with the reasons of its rank."""
    needed = {skill.pk: skill.name for skill in project.needed_skills.all()}
    if not needed:
        return []
    locator = CommuneLocator()
    partner_scope, membership_scope = _network_scope(project)
    partners = list(
        Partner.objects.filter(partner_scope, skills__in=list(needed))
        .exclude(project_memberships__project=project)
        .distinct()
        .prefetch_related("skills")
    )
    profiles = list(
        ContributorProfile.objects.filter(
            is_listed=True,
            skills__in=list(needed),
            user__is_active=True,
            user__memberships__in=Membership.objects.active().filter(membership_scope),
        )
        .exclude(user__project_memberships__project=project)
        .distinct()
        .select_related("user")
        .prefetch_related("skills")
    )
    for partner in partners:
        locator.learn(partner.insee_code, point(partner.latitude, partner.longitude))
    origin = _project_point(project, locator)
    history = _past_participation([p.pk for p in partners], [p.user_id for p in profiles], project)
    user_places = _first_place_points([p.user_id for p in profiles])
    pending = set(project.invitations.pending().values_list("user_id", "partner_id"))
    matches = []
    for partner in partners:
        where = locator.locate(partner.insee_code, point(partner.latitude, partner.longitude))
        matches.append(
            _match(
                "partner",
                partner.pk,
                partner.name,
                partner,
                needed,
                origin,
                where,
                history["partner"][partner.pk],
            )
        )
        matches[-1].pending_invitation = (None, partner.pk) in pending
    for profile in profiles:
        where = locator.locate(profile.insee_code) or user_places.get(profile.user_id)
        name = profile.user.get_full_name() or profile.user.email
        matches.append(
            _match(
                "person",
                profile.user_id,
                name,
                profile,
                needed,
                origin,
                where,
                history["person"][profile.user_id],
            )
        )
        matches[-1].pending_invitation = (profile.user_id, None) in pending
    for match in matches:
        match.reasons = _reasons(match, len(needed))
    matches.sort(key=lambda m: (-m.score, m.distance_km if m.distance_km is not None else 1e9, m.name))
    return matches[:limit]


def _match(kind, pk, name, record, needed, origin, where, past) -> Match:
    offered = {skill.pk for skill in record.skills.all()}
    matched = [needed[key] for key in needed if key in offered]
    distance = haversine_km(origin, where) if origin and where else None
    return Match(
        kind=kind,
        pk=pk,
        name=name,
        score=_score(len(matched) / len(needed), distance, record.availability, past),
        matched_skills=sorted(matched),
        missing_skills=sorted(needed[key] for key in needed if key not in offered),
        distance_km=None if distance is None else round(distance, 1),
        availability=record.availability,
        past_projects=past,
        accepts_contact=record.accepts_contact,
        commune=record.commune,
    )


def _past_participation(partner_ids: list[int], user_ids: list[int], project: Project) -> dict[str, Counter]:
    rows = (
        ProjectMember.objects.filter(project__status__in=ACTIVE_STATUSES)
        .filter(Q(partner_id__in=partner_ids) | Q(user_id__in=user_ids))
        .exclude(project=project)
        .values_list("user_id", "partner_id")
    )
    history = {"person": Counter(), "partner": Counter()}
    for user_id, partner_id in rows:
        if user_id:
            history["person"][user_id] += 1
        else:
            history["partner"][partner_id] += 1
    return history


def _first_place_points(user_ids: list[int]) -> dict[int, tuple[float, float]]:
    points = {}
    rows = (
        Membership.objects.active()
        .filter(user_id__in=user_ids, place__latitude__isnull=False)
        .order_by("pk")
        .values_list("user_id", "place__latitude", "place__longitude")
    )
    for user_id, latitude, longitude in rows:
        points.setdefault(user_id, point(latitude, longitude))
    return points
