import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from relais.core.models import Journal, Membership, Place, Role
from relais.core.scoping import (
    administered_networks,
    administered_organisations,
    can_administer_organisation,
    can_administer_place,
    can_see_identities,
    forget_cached_roles,
    get_object_in_places_or_404,
    get_place_for_user,
    has_role,
    organisations_for_user,
    place_ids_for_user,
    places_for_user,
    require_role,
    roles_in_place,
    roles_of_user,
)


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_places_for_user_is_limited_to_the_users_place(mediator, place, other_place):
    assert list(places_for_user(mediator)) == [place]
    assert place_ids_for_user(mediator) == [place.pk]


def test_places_for_user_through_a_network_covers_its_organisations(coordinator, place, organisation):
    from conftest import make_place

    sister = make_place(organisation, "lieu-soeur")

    assert set(places_for_user(coordinator)) == {place, sister}


def test_places_for_user_filters_by_role(fabmanager, mediator, place):
    Membership.objects.create(user=mediator, place=place, role=Role.VOLUNTEER)

    assert list(places_for_user(mediator, {Role.VOLUNTEER})) == [place]
    assert list(places_for_user(mediator, {Role.ADMIN})) == []


def test_places_for_user_ignores_inactive_memberships(mediator, place):
    Membership.objects.filter(user=mediator).update(is_active=False)
    forget_cached_roles(mediator)

    assert list(places_for_user(mediator)) == []


@pytest.mark.django_db
def test_places_for_anonymous_is_empty(place):
    from django.contrib.auth.models import AnonymousUser

    assert list(places_for_user(AnonymousUser())) == []
    assert roles_of_user(AnonymousUser()) == set()


def test_superuser_sees_every_place_with_every_role(place, other_place):
    from conftest import make_user

    root = make_user("root@test.fr", is_superuser=True)

    assert set(places_for_user(root)) == {place, other_place}
    assert Role.ADMIN in roles_in_place(root, other_place)


def test_roles_in_place_combine_direct_and_network_roles(coordinator, place):
    Membership.objects.create(user=coordinator, place=place, role=Role.MEDIATOR)
    forget_cached_roles(coordinator)

    assert roles_in_place(coordinator, place) == {Role.COORDINATOR, Role.MEDIATOR}


def test_roles_in_place_are_empty_outside(outsider, place):
    assert roles_in_place(outsider, place) == set()
    assert not has_role(outsider, place, {Role.MEDIATOR})


def test_require_role_raises_403_for_a_missing_role(mediator, place):
    require_role(mediator, place, {Role.MEDIATOR})
    with pytest.raises(PermissionDenied):
        require_role(mediator, place, {Role.ADMIN})


def test_coordinators_never_see_identities(coordinator, mediator, volunteer, place):
    assert not can_see_identities(coordinator, place)
    assert not can_see_identities(volunteer, place)
    assert can_see_identities(mediator, place)


def test_get_place_for_user_answers_404_for_another_place(outsider, place, other_place):
    assert get_place_for_user(request_for(outsider), other_place.slug) == other_place
    with pytest.raises(Http404):
        get_place_for_user(request_for(outsider), place.slug)


def test_get_place_for_user_with_roles_answers_404_without_them(mediator, place):
    with pytest.raises(Http404):
        get_place_for_user(request_for(mediator), place.slug, roles={Role.ADMIN})


def test_get_object_in_places_or_404_hides_other_places_objects(mediator, place, other_place):
    from relais.core.journal import journal_log

    mine = journal_log(actor=None, action="test.mine", place=place)
    theirs = journal_log(actor=None, action="test.theirs", place=other_place)

    assert get_object_in_places_or_404(Journal.objects.all(), mediator, pk=mine.pk) == mine
    with pytest.raises(Http404):
        get_object_in_places_or_404(Journal.objects.all(), mediator, pk=theirs.pk)


def test_organisations_for_user_include_network_members_and_place_owners(
    coordinator, mediator, network, organisation, other_organisation
):
    assert set(organisations_for_user(coordinator)) == {network, organisation}
    assert list(organisations_for_user(mediator)) == [organisation]


def test_administration_rights_follow_organisation_and_network_roles(
    admin, network, organisation, other_organisation, place
):
    from conftest import make_user

    network_admin = make_user("reseau@test.fr")
    Membership.objects.create(user=network_admin, organisation=network, role=Role.ADMIN)

    assert set(administered_organisations(network_admin)) == {network, organisation}
    assert list(administered_networks(network_admin)) == [network]
    assert can_administer_organisation(network_admin, organisation)
    assert not can_administer_organisation(network_admin, other_organisation)
    assert can_administer_place(network_admin, place)
    # an administrator of one place administers no organisation
    assert list(administered_organisations(admin)) == []
    assert not can_administer_organisation(admin, organisation)
    assert can_administer_place(admin, place)


def test_scoping_reads_memberships_once_per_user_object(mediator, place, django_assert_num_queries):
    forget_cached_roles(mediator)
    roles_in_place(mediator, place)

    with django_assert_num_queries(0):
        roles_in_place(mediator, place)
        roles_of_user(mediator)


def test_scoping_on_a_deleted_place_finds_nothing(mediator, place):
    Place.objects.filter(pk=place.pk).delete()

    assert list(places_for_user(mediator)) == []
