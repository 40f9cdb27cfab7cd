import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from conftest import make_place
from relais.mediation import transfers
from relais.mediation.models import Activity, Beneficiary
from relais.mediation.tests.factories import ActivityFactory, BeneficiaryFactory, TagFactory

HEAD = "Date;Type;Durée (min);Thématique(s) d'accompagnement;Niveau d'autonomie (ou de l'atelier);Genre\n"


@pytest.fixture(autouse=True)
def _today(frozen_today):
    return frozen_today


def write(tmp_path, text, name="a.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_command_creates_then_skips(tmp_path, place):
    path = write(
        tmp_path, HEAD + "2026-03-02;Individuel;30;E-mail;2/3;Féminin\n02/03/2026;individual;45;sante;;\n"
    )
    call_command("import_activities", str(path), "--place", place.slug)
    assert Activity.objects.count() == 2
    first = Activity.objects.get(duration=30)
    assert (first.themes, first.autonomy, first.sex) == (["email"], "partiellement_autonome", "feminin")
    call_command("import_activities", str(path), "--place", place.slug)
    assert Activity.objects.count() == 2


def test_import_refuses_whole_file_on_bad_rows(tmp_path, place, capsys):
    path = write(
        tmp_path,
        HEAD
        + "2026-03-02;Individuel;30;E-mail;;\n"
        + "2026-03-02;Individuel;900;E-mail;;\n"
        + "2030-01-01;Individuel;30;Licorne;;\n"
        + "2026-03-02;Individuel;30;Logement;;\n",
    )
    with pytest.raises(CommandError):
        call_command("import_activities", str(path), "--place", place.slug)
    err = capsys.readouterr().err
    assert "line 3: duration" in err
    assert "line 4:" in err and "Licorne" in err
    assert "line 5: themes" in err
    assert not Activity.objects.exists()


def test_import_dry_run_writes_nothing(tmp_path, place, capsys):
    path = write(tmp_path, HEAD + "2026-03-02;Individuel;30;E-mail;;\n")
    call_command("import_activities", str(path), "--place", place.slug, "--dry-run")
    assert not Activity.objects.exists()
    assert "1 valid" in capsys.readouterr().out


def test_import_by_place_name_column(tmp_path, place):
    path = write(
        tmp_path,
        "Nom du lieu;Date;Type;Durée (min);Thématique(s) d'accompagnement\n"
        f"{place.name};2026-03-02;Individuel;30;E-mail\n",
    )
    call_command("import_activities", str(path))
    assert Activity.objects.get().place == place


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_export_then_import_into_empty_place_reproduces(tmp_path, place, organisation, mediator, fmt):
    tag = TagFactory(place=place, name="Pass")
    person = BeneficiaryFactory(place=place)
    ActivityFactory(
        place=place,
        author=mediator,
        themes=["aide_aux_demarches_administratives", "logement"],
        procedure_name="APL",
        equipment=["telephone"],
        autonomy="autonome",
        referred=True,
        referral_structure="aide_sociale",
        beneficiary=person,
        notes="n",
    )
    ActivityFactory(place=place).tags.add(tag)
    collective = ActivityFactory(
        place=place,
        kind="collective",
        workshop_title="Atelier",
        level="avance",
        anonymous_participants={"total": 3, "already_helped": 1, "sex": {"feminin": 2}},
        participant_count=3,
    )
    assert collective.pk
    path = tmp_path / f"export.{fmt}"
    call_command("export_activities", "--format", fmt, "--place", place.slug, "--output", str(path))
    empty = make_place(organisation, "vide", name="Vide")
    TagFactory(place=empty, name="Pass")
    dataset = transfers.read_table(path.read_bytes(), path.name)
    dataset_people = transfers.read_table(
        transfers.export_beneficiaries(Beneficiary.objects.filter(place=place), fmt), f"b.{fmt}"
    )
    transfers.import_beneficiaries(dataset_people, place=empty, actor=None)
    report = transfers.import_activities(dataset, place=empty, actor=None)
    assert report.is_valid, report.errors
    fields = [
        "kind",
        "date",
        "duration",
        "place_type",
        "themes",
        "procedure_name",
        "equipment",
        "autonomy",
        "referred",
        "referral_structure",
        "workshop_title",
        "level",
        "anonymous_participants",
        "participant_count",
    ]
    original = sorted(Activity.objects.filter(place=place).values_list(*fields))
    copied = sorted(Activity.objects.filter(place=empty).values_list(*fields))
    assert copied == original
    assert Activity.objects.filter(place=empty, tags__name="Pass").count() == 1
    assert Activity.objects.filter(place=empty, beneficiary__isnull=False).count() == 1


def test_export_command_csv_to_stdout(place, capsys):
    ActivityFactory(place=place, date=datetime.date(2026, 1, 5))
    call_command("export_activities", "--format", "csv")
    out = capsys.readouterr().out
    assert out.startswith("ID CRA;Date")
    assert "2026-01-05" in out


def test_beneficiary_commands(tmp_path, place, capsys):
    path = write(
        tmp_path, "Nom;Prénom;Année de naissance;N° de téléphone;Genre\nMartin;Léa;1980;0612345678;Femme\n"
    )
    call_command("import_beneficiaries", str(path), "--place", place.slug)
    call_command("import_beneficiaries", str(path), "--place", place.slug)
    person = Beneficiary.objects.get()
    assert (person.sex, person.phone) == ("feminin", "+33612345678")
    out = tmp_path / "b.xlsx"
    call_command("export_beneficiaries", "--format", "xlsx", "--output", str(out))
    assert transfers.read_table(out.read_bytes(), "b.xlsx")[0][1] == "Martin"


def test_beneficiary_import_reports_lines(tmp_path, place, capsys):
    path = write(tmp_path, "Nom;Prénom;Année de naissance\nMartin;Léa;vieux\n;;\nRoux;Paul;1970\n")
    with pytest.raises(CommandError):
        call_command("import_beneficiaries", str(path), "--place", place.slug)
    assert "line 2:" in capsys.readouterr().err
    assert not Beneficiary.objects.exists()


def test_import_page_preview_then_confirm(mediator_client, place):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("a.csv", (HEAD + "2026-03-02;Individuel;30;E-mail;;\n").encode())
    response = mediator_client.post(reverse("mediation:activity-import"), {"file": upload, "place": place.pk})
    assert response.status_code == 200
    assert not Activity.objects.exists()
    token = response.context["token"]
    response = mediator_client.post(reverse("mediation:activity-import-confirm"), {"token": token})
    assert response.status_code == 303
    assert Activity.objects.count() == 1


def test_import_page_shows_errors(mediator_client, place):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("a.csv", (HEAD + "2026-03-02;Individuel;0;E-mail;;\n").encode())
    response = mediator_client.post(reverse("mediation:activity-import"), {"file": upload, "place": place.pk})
    assert "duration" in response.text
    assert not response.context["token"]


def test_export_page_uses_filters_and_hides_identities_from_coordinator(coordinator_client, place):
    person = BeneficiaryFactory(place=place, first_name="Secrète")
    ActivityFactory(place=place, beneficiary=person, themes=["sante"], notes="privé")
    ActivityFactory(place=place, themes=["email"])
    response = coordinator_client.get(
        reverse("mediation:activity-export"), {"format": "csv", "theme": "sante"}
    )
    text = response.content.decode("utf-8-sig")
    assert len(text.strip().splitlines()) == 2
    assert "Secrète" not in text and "privé" not in text
