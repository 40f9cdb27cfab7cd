from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from relais.projects.models import Partner, ProjectInvitation


def test_partner_list_requires_login(client):
    assert client.get(reverse("projects:partner-list")).status_code == 302


def test_partner_list_filters_and_scopes(
    mediator_client, partner, other_partner, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        response = mediator_client.get(reverse("projects:partner-list"), {"q": "bois"})
    body = response.content.decode()
    assert "Atelier Bois" in body and "Partenaire caché B" not in body


def test_partner_list_htmx_fragment(htmx_client, partner):
    body = htmx_client.get(reverse("projects:partner-list"), {"kind": "company"}).content.decode()
    assert "<html" not in body and 'id="partner-results"' in body and "Atelier Bois" not in body


def test_partner_detail_other_place_404(mediator_client, other_partner):
    assert mediator_client.get(reverse("projects:partner-detail", args=[other_partner.pk])).status_code == 404


def test_partner_vcard_download(mediator_client, partner):
    response = mediator_client.get(reverse("projects:partner-vcard", args=[partner.pk]))
    assert response["Content-Type"].startswith("text/vcard")
    assert b"FN:Atelier Bois" in response.content


def test_partner_create_valid_and_invalid(mediator_client, place, skill):
    url = reverse("projects:partner-create")
    data = {
        "place": place.pk,
        "name": "Repair Café",
        "kind": "association",
        "availability": "available",
        "skills": [skill.pk],
    }
    response = mediator_client.post(url, {**data, "insee_code": "ABC"})
    assert response.status_code == 200 and 'value="Repair Café"' in response.content.decode()
    assert not Partner.objects.filter(name="Repair Café").exists()
    response = mediator_client.post(url, {**data, "contact_first_name": "Julie", "contact_last_name": "Roux"})
    assert response.status_code == 303
    assert Partner.objects.get(name="Repair Café").primary_contact.last_name == "Roux"


def test_partner_import_view_reports_lines(mediator_client, place):
    upload = SimpleUploadedFile("p.csv", "nom;type\nA;association\nB;fusée\n".encode())
    response = mediator_client.post(reverse("projects:partner-import"), {"place": place.pk, "file": upload})
    assert response.status_code == 200 and "Ligne 3" in response.content.decode()
    assert Partner.objects.count() == 0


def test_partner_export_downloads(mediator_client, partner):
    response = mediator_client.get(reverse("projects:partner-export"), {"format": "ods"})
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"


def test_invite_partner_who_refused_contact_shows_error(mediator_client, project, partner):
    partner.accepts_contact = False
    partner.save()
    url = reverse("projects:invitation-create", args=[project.pk, "partenaire", partner.pk])
    response = mediator_client.post(url, {"role": "design", "message": "Bonjour"})
    assert response.status_code == 200 and "contacté·e pour des projets" in response.content.decode()
    assert ProjectInvitation.objects.count() == 0


def test_invitation_respond_page_accepts(client, project, partner, mediator):
    from relais.projects import services

    _invitation, token = services.invitation_create(
        actor=mediator, project=project, partner=partner, role="design"
    )
    url = reverse("projects:invitation-respond", args=[token])
    assert "Bancs du quartier" in client.get(url).content.decode()
    client.post(url, {"answer": "accept"})
    assert project.members.filter(partner=partner).exists()
    assert client.get(reverse("projects:invitation-respond", args=["faux"])).status_code == 404


def test_contact_add_and_remove(mediator_client, partner, outsider_client):
    url = reverse("projects:contact-create", args=[partner.pk])
    response = mediator_client.post(
        url, {"first_name": "Inès", "last_name": "Roux", "email": "pas-un-courriel"}
    )
    assert response.status_code == 200 and 'value="Inès"' in response.content.decode()
    assert partner.contacts.count() == 0
    response = mediator_client.post(url, {"first_name": "Inès", "last_name": "Roux", "is_primary": "on"})
    assert response.status_code == 303
    contact = partner.contacts.get()
    assert (
        outsider_client.post(reverse("projects:contact-delete", args=[partner.pk, contact.pk])).status_code
        == 404
    )
    mediator_client.post(reverse("projects:contact-delete", args=[partner.pk, contact.pk]))
    assert partner.contacts.count() == 0
