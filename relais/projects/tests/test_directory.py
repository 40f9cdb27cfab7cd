import pytest
import tablib
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from relais.core.models import Journal
from relais.projects import partners as directory
from relais.projects.models import Partner, Skill
from relais.projects.tests.factories import PartnerContactFactory

HEADER = (
    "nom;type;commune;code_insee;competences;disponibilite;consentement_annuaire;consentement_contact;"
    "referent_prenom;referent_nom;referent_courriel\n"
)


def _csv(body: str, name: str = "partenaires.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (HEADER + body).encode("utf-8"), content_type="text/csv")


def test_import_with_bad_rows_reports_each_line_and_writes_nothing(place, mediator):
    upload = _csv(
        "Atelier Bois;entreprise;Reims;51454;Menuiserie;disponible;oui;oui;Julie;Bernard;julie@example.org\n"
        "Robot'Champ;vaisseau;Reims;51454;;disponible;oui;oui;;;\n"
        "Fil;association;Reims;ABCDE;;bientôt;peut-être;non;Karim;;pas-un-courriel\n"
    )
    with pytest.raises(ValidationError) as error:
        directory.partners_import(actor=mediator, place=place, upload=upload)
    messages = error.value.messages
    assert len(messages) == 2
    assert messages[0].startswith("Ligne 3 :") and "vaisseau" in messages[0]
    assert messages[1].startswith("Ligne 4 :") and "pas-un-courriel" in messages[1] and "INSEE" in messages[1]
    assert Partner.objects.count() == 0
    assert Skill.objects.count() == 0


def test_import_creates_then_updates(place, mediator):
    row = (
        'Atelier Bois;entreprise;Reims;51454;"Menuiserie; Découpe laser";disponible;oui;oui;'
        "Julie;Bernard;julie@example.org\n"
    )
    result = directory.partners_import(actor=mediator, place=place, upload=_csv(row))
    assert result["created"] == 1
    partner = Partner.objects.get()
    assert partner.kind == "company" and partner.accepts_contact and partner.consent_recorded_on
    assert sorted(partner.skills.values_list("name", flat=True)) == ["Découpe laser", "Menuiserie"]
    assert partner.primary_contact.email == "julie@example.org"
    result = directory.partners_import(
        actor=mediator, place=place, upload=_csv(row.replace(";oui;oui;", ";oui;non;"))
    )
    assert result == {"created": 0, "updated": 1, "checked": 1}
    assert Partner.objects.get().accepts_contact is False
    assert Journal.objects.filter(action="partner.import").count() == 2


def test_import_reads_xlsx_and_ods(place, mediator):
    for file_format in ("xlsx", "ods"):
        dataset = tablib.Dataset(headers=["nom", "type", "consentement_contact"])
        dataset.append([f"Partenaire {file_format}", "association", "oui"])
        upload = SimpleUploadedFile(f"p.{file_format}", dataset.export(file_format))
        directory.partners_import(actor=mediator, place=place, upload=upload)
    assert set(Partner.objects.values_list("name", flat=True)) == {"Partenaire xlsx", "Partenaire ods"}


def test_import_refuses_unknown_columns_and_types(place, mediator):
    with pytest.raises(ValidationError, match="Colonne\\(s\\) inconnue"):
        directory.partners_import(
            actor=mediator, place=place, upload=SimpleUploadedFile("a.csv", b"nom;couleur\nA;bleu\n")
        )
    with pytest.raises(ValidationError, match="CSV, XLSX ou ODS"):
        directory.partners_import(
            actor=mediator, place=place, upload=SimpleUploadedFile("a.txt", b"nom\nA\n")
        )
    assert Partner.objects.count() == 0


def test_export_round_trips_through_import(place, other_place, mediator, partner):
    PartnerContactFactory(partner=partner)
    content = directory.partners_export(actor=mediator, partners=Partner.objects.all(), file_format="csv")
    result = directory.partners_import(
        actor=mediator, place=other_place, upload=SimpleUploadedFile("export.csv", content)
    )
    assert result["created"] == 1
    copy = Partner.objects.get(place=other_place)
    assert list(copy.skills.all()) == list(partner.skills.all())
    assert Journal.objects.filter(action="partner.export").exists()


def test_vcard_has_organisation_and_contacts(partner):
    PartnerContactFactory(partner=partner, job_title="Référente, projets")
    card = directory.partner_vcard(partner)
    assert card.count("BEGIN:VCARD") == 2
    assert "KIND:org\r\n" in card and "FN:Atelier Bois\r\n" in card
    assert "TITLE:Référente\\, projets" in card
    assert "EMAIL;TYPE=work:julie@example.org" in card
    assert all(len(line.encode()) <= 75 for line in card.split("\r\n"))
    assert "EMAIL" not in directory.partner_vcard(partner, with_contacts=False)


def test_import_reports_rows_with_wrong_cell_count(place, mediator):
    upload = SimpleUploadedFile("p.csv", b"nom;type\nA;association\nB;association;en trop\n")
    with pytest.raises(ValidationError) as error:
        directory.partners_import(actor=mediator, place=place, upload=upload)
    assert error.value.messages[0].startswith("Ligne 3 :") and "3" in error.value.messages[0]
    assert Partner.objects.count() == 0
