import pytest
from django.urls import reverse

from relais.core.models import Journal
from relais.fablab.models import Authorisation, Booking, Machine, QuizQuestion, SafetyQuiz, Unavailability
from relais.fablab.tests.conftest import at
from relais.fablab.tests.factories import BookingFactory, MachineFactory


def _url(name, machine, **extra):
    return reverse(name, kwargs={"place_slug": machine.place.slug, "slug": machine.slug, **extra})


def test_public_machine_page_shows_rules_and_free_slots(client, machine, frozen_now):
    response = client.get(machine.get_absolute_url())

    assert response.status_code == 200
    assert "Attendre le refroidissement du plateau." in response.content.decode()
    assert "Lunettes de protection" in response.content.decode()


def test_public_machine_list_filters_by_category_and_hides_other_places(client, machine, other_machine):
    response = client.get(
        reverse("fablab:machine-list", args=[machine.place.slug]), {"categorie": "imprimante-3d"}
    )

    assert machine.name in response.content.decode()
    assert other_machine.name not in response.content.decode()


def test_machine_list_htmx_returns_fragment(client, machine):
    response = client.get(reverse("fablab:machine-list", args=[machine.place.slug]), HTTP_HX_REQUEST="true")

    assert "<html" not in response.content.decode()
    assert machine.name in response.content.decode()


def test_calendars_show_bookings_without_names_to_the_public(client, machine, authorised_member, frozen_now):
    BookingFactory(machine=machine, user=authorised_member, start=at(3, 14), end=at(3, 15))

    machine_page = client.get(_url("fablab:machine-calendar", machine), {"semaine": "2026-12-01"})
    place_page = client.get(
        reverse("fablab:place-calendar", args=[machine.place.slug]), {"semaine": "2026-12-01"}
    )

    for response in (machine_page, place_page):
        assert "14:00–15:00" in response.content.decode()
        assert str(authorised_member) not in response.content.decode()


def test_booking_create_requires_login(client, machine):
    response = client.get(_url("fablab:booking-create", machine))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_booking_create_valid_post_books_and_redirects(member_client, machine, frozen_now):
    response = member_client.post(
        _url("fablab:booking-create", machine), {"start": "2026-12-03T14:00", "end": "2026-12-03T15:30"}
    )

    booking = Booking.objects.get()
    assert response.status_code == 303
    assert response["Location"] == booking.get_absolute_url()


def test_booking_create_refused_rule_is_shown_and_nothing_written(member_client, machine, frozen_now):
    response = member_client.post(
        _url("fablab:booking-create", machine), {"start": "2026-12-05T10:00", "end": "2026-12-05T11:00"}
    )

    assert response.status_code == 200
    assert 'class="form-errors"' in response.content.decode()
    assert 'value="2026-12-05T10:00"' in response.content.decode()
    assert Booking.objects.count() == 0


def test_staff_book_for_someone(fabmanager_client, machine, authorised_member, frozen_now):
    fabmanager_client.post(
        _url("fablab:booking-create", machine),
        {
            "start": "2026-12-05T10:00",
            "end": "2026-12-05T11:00",
            "person": authorised_member.email,
            "override": "on",
        },
    )

    assert Booking.objects.get().user == authorised_member


def test_booking_detail_of_someone_else_is_not_found(client_for, volunteer, machine, authorised_member):
    booking = BookingFactory(machine=machine, user=authorised_member)

    assert client_for(volunteer).get(booking.get_absolute_url()).status_code == 404


def test_my_bookings_cancel_and_move(member_client, machine, authorised_member, frozen_now):
    booking = BookingFactory(machine=machine, user=authorised_member, start=at(4, 14), end=at(4, 15))

    listing = member_client.get(reverse("fablab:booking-list"))
    moved = member_client.post(
        reverse("fablab:booking-move", args=[booking.pk]),
        {"start": "2026-12-07T10:00", "end": "2026-12-07T11:00"},
    )
    cancelled = member_client.post(reverse("fablab:booking-cancel", args=[booking.pk]))

    assert machine.name in listing.content.decode()
    assert moved.status_code == 303
    assert cancelled.status_code == 303
    booking.refresh_from_db()
    assert booking.is_cancelled and booking.start == at(7, 10)


def test_usage_record_page(member_client, machine, authorised_member, frozen_now):
    booking = BookingFactory(machine=machine, user=authorised_member, start=at(2, 8), end=at(2, 9))

    member_client.post(
        reverse("fablab:booking-usage", args=[booking.pk]), {"minutes_used": "50", "quantity": "35"}
    )

    machine.refresh_from_db()
    assert machine.usage_minutes == 50


def test_ical_feed_lists_my_bookings(client, member_client, machine, authorised_member, frozen_now):
    BookingFactory(machine=machine, user=authorised_member, start=at(4, 14), end=at(4, 15))
    member_client.get(reverse("fablab:booking-list"))
    token = authorised_member.fablab_feed.token

    response = client.get(reverse("fablab:booking-feed", args=[token]))

    assert response["Content-Type"].startswith("text/calendar")
    assert b"Prusa MK4" in response.content
    assert client.get(reverse("fablab:booking-feed", args=["wrong"])).status_code == 404


def test_place_dashboard_access(client_for, fabmanager, volunteer, outsider, machine):
    url = reverse("fablab:place-dashboard", args=[machine.place.slug])

    assert client_for(outsider).get(url).status_code == 404
    assert client_for(volunteer).get(url).status_code == 403
    assert machine.name in client_for(fabmanager).get(url).content.decode()


def test_machine_state_change_page(fabmanager_client, machine):
    response = fabmanager_client.post(
        _url("fablab:machine-state", machine), {"state": "degraded", "reason": "Bruit"}
    )

    machine.refresh_from_db()
    assert response.status_code == 303
    assert machine.state == "degraded"
    assert Journal.objects.filter(action="machine.state").exists()


def test_machine_create_rejects_a_non_image_photo(fabmanager_client, place):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = fabmanager_client.post(
        reverse("fablab:machine-create", args=[place.slug]),
        {
            "name": "Laser",
            "slug": "laser",
            "category": Machine._meta.get_field("category")
            .related_model.objects.get(slug="decoupeuse-laser")
            .pk,
            "safety_rules": "Rester présent",
            "booking_horizon_days": 30,
            "min_booking_minutes": 30,
            "max_booking_minutes": 120,
            "weekly_quota_minutes": 0,
            "cancellation_deadline_hours": 24,
            "photo": SimpleUploadedFile("photo.jpg", b"not an image", content_type="image/jpeg"),
        },
    )

    assert response.status_code == 200
    assert 'value="Laser"' in response.content.decode()
    assert not Machine.objects.filter(slug="laser").exists()


def test_authorisation_grant_and_revoke_pages(fabmanager_client, machine, member):
    fabmanager_client.post(
        reverse("fablab:authorisation-grant", args=[machine.place.slug]),
        {"person": member.email, "machine": machine.pk, "evidence": "manual"},
    )
    authorisation = Authorisation.objects.get(user=member)
    refused = fabmanager_client.post(
        reverse("fablab:authorisation-revoke", args=[authorisation.pk]), {"reason": ""}
    )
    fabmanager_client.post(
        reverse("fablab:authorisation-revoke", args=[authorisation.pk]), {"reason": "Imprudence"}
    )

    assert refused.status_code == 200
    authorisation.refresh_from_db()
    assert authorisation.revocation_reason == "Imprudence"


def test_authorisation_list_hidden_from_outsiders(client_for, outsider, machine):
    assert (
        client_for(outsider).get(reverse("fablab:authorisation-list", args=[machine.place.slug])).status_code
        == 404
    )


def test_unavailability_page_blocks_slots(fabmanager_client, machine, frozen_now):
    fabmanager_client.post(
        reverse("fablab:unavailability-list", args=[machine.place.slug]),
        {
            "kind": "maintenance",
            "machine": machine.pk,
            "start": "2026-12-03T09:00",
            "end": "2026-12-03T12:00",
            "reason": "Graissage",
        },
    )

    assert Unavailability.objects.get().reason == "Graissage"


def test_quiz_pass_is_recorded(member_client, machine):
    quiz = SafetyQuiz.objects.create(category=machine.category, title="Quiz 3D", pass_mark=50)
    question = QuizQuestion.objects.create(
        quiz=quiz, text="Buse ?", choices=["Froide", "Chaude"], correct_choice=1
    )

    member_client.post(
        reverse("fablab:quiz-take", args=[machine.category.slug]), {f"question_{question.pk}": "1"}
    )

    assert quiz.attempts.get().passed


def test_home_and_my_authorisations(member_client, machine):
    assert member_client.get(reverse("fablab:home")).status_code == 200
    assert machine.name in member_client.get(reverse("fablab:authorisation-mine")).content.decode()


@pytest.mark.parametrize("count", [3, 12])
def test_machine_list_query_count_does_not_grow(client, place, django_assert_max_num_queries, count):
    for _ in range(count):
        MachineFactory(place=place)

    with django_assert_max_num_queries(9):
        client.get(reverse("fablab:machine-list", args=[place.slug]))


def test_log_help_as_mediation_activity_once(fabmanager_client, machine, authorised_member, frozen_now):
    from relais.mediation.models import Activity

    booking = BookingFactory(machine=machine, user=authorised_member, start=at(2, 8), end=at(2, 9))
    url = reverse("fablab:booking-assistance", args=[booking.pk])

    fabmanager_client.post(url)
    fabmanager_client.post(url)

    activity = Activity.objects.get()
    booking.refresh_from_db()
    assert booking.assistance_activity_id == activity.pk
    assert activity.place == machine.place and activity.kind == "individual"


def test_member_cannot_log_help(member_client, machine, authorised_member):
    booking = BookingFactory(machine=machine, user=authorised_member)

    assert member_client.post(reverse("fablab:booking-assistance", args=[booking.pk])).status_code == 403


def test_booking_form_htmx_returns_fragment(client_for, authorised_member, machine, frozen_now):
    client = client_for(authorised_member, HTTP_HX_REQUEST="true")

    response = client.post(_url("fablab:booking-create", machine), {"start": "2026-12-05T10:00", "end": ""})

    assert "<html" not in response.content.decode()
    assert 'id="booking-form"' in response.content.decode()


def test_home_page_panels(client_for, fabmanager, authorised_member, machine, frozen_now):
    from relais.fablab.models import Consumable

    BookingFactory(machine=machine, user=authorised_member, start=at(4, 14), end=at(4, 15))
    Consumable.objects.create(place=machine.place, name="PLA", unit="m", reorder_threshold=10, quantity=2)

    member_home = client_for(authorised_member).get(reverse("core:home")).content.decode()
    manager_home = client_for(fabmanager).get(reverse("core:home")).content.decode()

    assert machine.name in member_home
    assert reverse("fablab:stock-list", args=[machine.place.slug]) in manager_home
