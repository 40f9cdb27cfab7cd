from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from relais.programme.models import Event, Registration, Session, Workshop
from relais.programme.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db
State = Registration.State


def test_programme_home_requires_login(client):
    response = client.get("/programme/")
    assert response.status_code == 302
    assert "/comptes/" in response["Location"]


def test_programme_home_shows_own_places_only(
    mediator_client, session, other_session, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        response = mediator_client.get("/programme/")

    assert session.event.title in response.text
    assert other_session.event.title not in response.text


def test_session_detail_outsider_gets_404(outsider_client, session):
    assert outsider_client.get(session.get_absolute_url()).status_code == 404


def test_session_detail_coordinator_gets_403(coordinator_client, session):
    assert coordinator_client.get(session.get_absolute_url()).status_code == 403


def test_session_detail_lists_registrations(mediator_client, session):
    RegistrationFactory(session=session, name="Josiane Faure")

    response = mediator_client.get(session.get_absolute_url())

    assert "Josiane Faure" in response.text


def test_workshop_create_valid_post(mediator_client, place):
    response = mediator_client.post(
        f"/programme/lieux/{place.slug}/ateliers/nouveau/",
        {
            "title": "Tablette pour débuter",
            "level": "debutant",
            "themes": ["prendre_en_main_du_materiel"],
            "duration_minutes": "90",
            "default_capacity": "6",
            "fees": "Gratuit",
            "is_active": "on",
        },
    )

    workshop = Workshop.objects.get()
    assert response.status_code == 303
    assert response["Location"] == workshop.get_absolute_url()
    assert workshop.place == place


def test_workshop_create_invalid_post_keeps_values(mediator_client, place):
    response = mediator_client.post(
        f"/programme/lieux/{place.slug}/ateliers/nouveau/",
        {"title": "Tablette pour débuter", "duration_minutes": "0"},
    )

    assert response.status_code == 200
    assert "Tablette pour débuter" in response.text
    assert Workshop.objects.count() == 0


def test_event_create_then_weekly_sessions(mediator_client, place, mediator):
    response = mediator_client.post(
        f"/programme/lieux/{place.slug}/evenements/nouveau/",
        {
            "kind": "workshop",
            "title": "Smartphone",
            "fees": "Gratuit",
            "registration_mode": "open",
            "reminder_hours": "48",
        },
    )
    event = Event.objects.get()
    assert response.status_code == 303

    day = timezone.localdate() + timedelta(days=3)
    response = mediator_client.post(
        f"/programme/evenements/{event.pk}/seances/nouvelle/",
        {
            "day": day.isoformat(),
            "start_time": "14:00",
            "end_time": "16:00",
            "place": place.pk,
            "capacity": "8",
            "registration_mode": "open",
            "facilitators": [mediator.pk],
            "frequency": "weekly",
            "until": (day + timedelta(days=21)).isoformat(),
        },
    )

    assert response.status_code == 303
    assert Session.objects.filter(event=event).count() == 4


def test_session_create_end_before_start_refused(mediator_client, event, place):
    day = timezone.localdate() + timedelta(days=3)
    response = mediator_client.post(
        f"/programme/evenements/{event.pk}/seances/nouvelle/",
        {
            "day": day.isoformat(),
            "start_time": "16:00",
            "end_time": "14:00",
            "place": place.pk,
            "registration_mode": "open",
        },
    )

    assert response.status_code == 200
    assert Session.objects.count() == 0


def test_desk_registration_of_phone_only_person(mediator_client, session):
    response = mediator_client.post(
        f"/programme/seances/{session.pk}/inscrire/",
        {"name": "Gérard Robin", "phone": "06 12 34 56 78", "consent": "on"},
    )

    registration = Registration.objects.get()
    assert response.status_code == 303
    assert registration.state == State.CONFIRMED
    assert registration.phone == "+33612345678"
    assert registration.source == Registration.Source.DESK


def test_check_in_htmx_marks_attended(htmx_client, session):
    registration = RegistrationFactory(session=session)

    with time_machine.travel(session.start_at + timedelta(minutes=1)):
        response = htmx_client.post(
            f"/programme/inscriptions/{registration.pk}/attended/", {"next": "pointage"}
        )

    assert "<html" not in response.text
    registration.refresh_from_db()
    assert registration.state == State.ATTENDED


def test_check_in_scan_requires_team_of_place(outsider_client, mediator_client, session):
    registration = RegistrationFactory(session=session)

    assert outsider_client.get(f"/programme/pointage/{registration.token}/").status_code == 404
    assert mediator_client.get(f"/programme/pointage/{registration.token}/").status_code == 200


def test_sign_in_sheet_is_a_pdf(mediator_client, session):
    RegistrationFactory(session=session, name="Odile Morel")

    response = mediator_client.get(f"/programme/seances/{session.pk}/emargement.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_poster_and_monthly_programme_are_pdfs(mediator_client, session, place):
    assert mediator_client.get(f"/programme/evenements/{session.event_id}/affiche.pdf").content.startswith(
        b"%PDF"
    )
    month = timezone.localtime(session.start_at)
    url = f"/programme/lieux/{place.slug}/programme-{month.year}-{month.month}.pdf"
    assert mediator_client.get(url).content.startswith(b"%PDF")


def test_indicators_page_for_coordinator(coordinator_client, session):
    response = coordinator_client.get("/programme/indicateurs/")

    assert response.status_code == 200
    assert "NPS" in response.text


def test_private_feed_lists_facilitated_sessions(mediator_client, client, session, mediator):
    session.facilitators.set([mediator])
    mediator_client.get("/programme/mon-agenda/")
    feed = mediator.programme_feed

    response = client.get(f"/agenda/calendriers/{feed.token}.ics")

    assert str(session.uid) in response.text
    assert client.get("/agenda/calendriers/inconnu.ics").status_code == 404


def test_event_and_workshop_pages_of_other_places_are_not_found(outsider_client, session, workshop):
    assert outsider_client.get(session.event.get_absolute_url()).status_code == 404
    assert outsider_client.get(workshop.get_absolute_url()).status_code == 404


def test_volunteer_cannot_plan(volunteer_client, place):
    assert volunteer_client.get(f"/programme/lieux/{place.slug}/evenements/nouveau/").status_code == 403


def test_session_cancel_view_cancels_and_redirects(mediator_client, session):
    RegistrationFactory(session=session)

    response = mediator_client.post(
        f"/programme/seances/{session.pk}/annuler/", {"reason": "Panne de courant"}
    )

    assert response.status_code == 303
    session.refresh_from_db()
    assert session.status == "cancelled"
    assert Registration.objects.get().state == State.CANCELLED_BY_ORGANISER


def test_approve_action_on_registration(mediator_client, place):
    from relais.programme.tests.factories import SessionFactory

    session = SessionFactory(event__place=place, registration_mode="approval")
    registration = RegistrationFactory(session=session, state=State.PENDING_APPROVAL)

    response = mediator_client.post(f"/programme/inscriptions/{registration.pk}/approve/")

    assert response.status_code == 303
    registration.refresh_from_db()
    assert registration.state == State.CONFIRMED


def test_session_update_with_capacity_below_taken_is_refused(mediator_client, session, place):
    RegistrationFactory.create_batch(3, session=session)
    local = timezone.localtime(session.start_at)
    response = mediator_client.post(
        f"/programme/seances/{session.pk}/modifier/",
        {
            "day": local.date().isoformat(),
            "start_time": local.strftime("%H:%M"),
            "end_time": timezone.localtime(session.end_at).strftime("%H:%M"),
            "place": place.pk,
            "capacity": "2",
            "registration_mode": "open",
        },
    )

    assert response.status_code == 200
    session.refresh_from_db()
    assert session.capacity == 10


def test_home_page_panel_lists_next_sessions(mediator_client, session):
    response = mediator_client.get("/accueil/")

    assert response.status_code == 200
    assert session.event.title in response.text


def test_coordinator_sees_sessions_unlinked(coordinator_client, mediator_client, session):
    detail_url = session.get_absolute_url()

    assert detail_url not in coordinator_client.get(session.event.get_absolute_url()).text
    assert detail_url not in coordinator_client.get("/programme/").text
    assert detail_url in mediator_client.get(session.event.get_absolute_url()).text


def test_volunteer_event_page_has_no_link_to_the_programme_home(volunteer_client, mediator_client, event):
    assert 'href="/programme/"' not in volunteer_client.get(event.get_absolute_url()).text
    assert 'href="/programme/"' in mediator_client.get(event.get_absolute_url()).text


def test_a_fablab_manager_registers_people_at_the_desk_without_seeing_beneficiary_files(
    client_for, fabmanager, mediator, session
):
    from relais.mediation.tests.factories import BeneficiaryFactory

    BeneficiaryFactory(place=session.place, first_name="Yvette", last_name="Horner")
    url = f"/programme/seances/{session.pk}/inscrire/"

    assert "Yvette" in client_for(mediator).get(url).text
    page = client_for(fabmanager).get(url)
    assert page.status_code == 200 and "Yvette" not in page.text
    response = client_for(fabmanager).post(
        url, {"name": "Gérard Robin", "phone": "06 12 34 56 78", "consent": "on"}
    )
    assert response.status_code == 303
    assert Registration.objects.get().beneficiary is None
