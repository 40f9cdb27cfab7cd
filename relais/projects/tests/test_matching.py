from relais.projects.geo import haversine_km
from relais.projects.matching import project_matches
from relais.projects.models import ProjectMember
from relais.projects.tests.factories import (
    ContributorProfileFactory,
    PartnerFactory,
    ProjectFactory,
    SkillFactory,
)


def test_haversine_reims_to_epernay_is_about_25_km():
    assert 22 < haversine_km((49.2583, 4.0317), (49.0403, 3.9592)) < 27


def test_matches_rank_by_skills_distance_availability_and_history(project, place, mediator, volunteer, skill):
    second = SkillFactory(name="Électronique")
    project.needed_skills.add(second)
    near_full = PartnerFactory(place=place, name="Proche complet", skills=[skill, second], insee_code="51454")
    far_full = PartnerFactory(
        place=place, name="Loin complet", skills=[skill, second], commune="Épernay", insee_code="51230"
    )
    partial = PartnerFactory(place=place, name="Partiel", skills=[skill], availability="unavailable")
    PartnerFactory(place=place, name="Sans rapport", skills=[SkillFactory(name="Couture")])
    PartnerFactory(place=place, name="Non listé", skills=[skill], is_listed=False)
    refuses = PartnerFactory(place=place, name="Refuse", skills=[skill, second], refuses_contact=True)
    ContributorProfileFactory(user=volunteer, skills=[second])
    done = ProjectFactory(place=place, owner=mediator, status="done")
    ProjectMember.objects.create(project=done, partner=far_full, role="design")

    matches = project_matches(project)

    names = [m.name for m in matches]
    assert "Sans rapport" not in names
    assert "Non listé" in names  # same place: the place's own entries are always searchable
    assert names[0] == "Proche complet"
    assert names.index("Loin complet") < names.index("Partiel")
    by_name = {m.name: m for m in matches}
    assert by_name["Loin complet"].past_projects == 1
    assert "a participé à 1 projet" in by_name["Loin complet"].reason
    assert "même commune" in by_name["Proche complet"].reason
    assert "2 sur 2 recherchées" in by_name["Proche complet"].reason
    assert 20 < by_name["Loin complet"].distance_km < 30
    assert not by_name["Refuse"].can_invite and "n'accepte pas" in by_name["Refuse"].reason
    assert by_name[volunteer.get_full_name()].kind == "person"
    assert near_full.pk and refuses.pk and partial.pk


def test_matches_ignore_other_networks_unlisted_and_team_members(project, place, other_place, skill):
    PartnerFactory(place=other_place, name="Autre réseau", skills=[skill])
    member = PartnerFactory(place=place, name="Déjà là", skills=[skill])
    ProjectMember.objects.create(project=project, partner=member, role="design")
    assert project_matches(project) == []


def test_matches_empty_without_needed_skills(place, mediator, partner):
    assert project_matches(ProjectFactory(place=place, owner=mediator)) == []
