"""Benchmark: contributor matching on a large network directory, and a large directory import.

    VAR_DIR=/tmp/relais-bench DEBUG=1 python bench/projects_matching.py [--partners 5000] [--people 1000]
    DATABASE_URL=postgres://… DEBUG=1 python bench/projects_matching.py

Measures (1) ranked suggestions for a project needing 4 skills among N listed partners and M people of
the network (target: about a second), (2) the API list of partners, first page (target: under 200 ms), and
(3) importing N partners from one CSV file, all or nothing (target: under 60 s for 5,000 rows). The
network, places, accounts, partners and projects are removed afterwards.
"""

import argparse
import io
import os
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

COMMUNES = [
    ("Reims", "51454"),
    ("Tinqueux", "51573"),
    ("Bétheny", "51055"),
    ("Épernay", "51230"),
    ("Fismes", "51250"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--partners", type=int, default=5000)
    parser.add_argument("--people", type=int, default=1000)
    arguments = parser.parse_args()

    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from relais.accounts.models import User
    from relais.accounts.services import api_token_create
    from relais.core.models import Membership, Organisation, Place, Role
    from relais.projects import partners as directory
    from relais.projects import services
    from relais.projects.matching import project_matches
    from relais.projects.models import ContributorProfile, Partner, Skill

    rng = random.Random(7)
    tag = uuid.uuid4().hex[:8]
    network = Organisation.objects.create(
        name=f"Bench {tag}", slug=f"bench-{tag}", pivot="W513001234", kind=Organisation.Kind.NETWORK
    )
    organisation = Organisation.objects.create(
        name=f"Bench org {tag}", slug=f"bench-org-{tag}", pivot="W513001234", parent=network
    )
    place = Place.objects.create(
        organisation=organisation,
        slug=f"bench-{tag}",
        name="Bench",
        pivot="W513001234",
        address="1 rue",
        postcode="51100",
        commune="Reims",
        insee_code="51454",
        latitude="49.2583",
        longitude="4.0317",
    )
    skills = [Skill.objects.create(name=f"Bench skill {tag} {i}", slug=f"bench-{tag}-{i}") for i in range(40)]
    users = []
    try:
        started = time.perf_counter()
        partners = Partner.objects.bulk_create(
            Partner(
                place=place,
                name=f"Partner {tag} {i}",
                commune=(commune := rng.choice(COMMUNES))[0],
                insee_code=commune[1],
                is_listed=True,
                accepts_contact=rng.random() > 0.2,
                availability=rng.choice(["available", "limited", "unavailable"]),
            )
            for i in range(arguments.partners)
        )
        through = Partner.skills.through
        through.objects.bulk_create(
            through(partner_id=partner.pk, skill_id=skill.pk)
            for partner in partners
            for skill in rng.sample(skills, 3)
        )
        for i in range(arguments.people):
            user = User.objects.create_user(f"bench-{tag}-{i}@example.org", None)
            users.append(user)
            Membership.objects.create(user=user, role=Role.VOLUNTEER, place=place)
            profile = ContributorProfile.objects.create(user=user, is_listed=True, accepts_contact=True)
            profile.skills.set(rng.sample(skills, 3))
        setup = time.perf_counter() - started
        print(f"setup: {arguments.partners} partners, {arguments.people} people in {setup:.1f} s")

        owner = users[0] if users else User.objects.create_user(f"bench-{tag}-owner@example.org", None)
        if not users:
            users.append(owner)
        project = services.project_create(
            actor=owner, place=place, title="Bench", summary="Bench", needed_skills=skills[:4]
        )
        started = time.perf_counter()
        matches = project_matches(project)
        elapsed = time.perf_counter() - started
        print(
            f"matching: {len(matches)} suggestions (top score {matches[0].score}) in {elapsed * 1000:.0f} ms"
        )

        _token, secret = api_token_create(user=owner, name="bench", actor=None)
        client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
        client.get("/api/v1/partners?page_size=1", HTTP_HOST="127.0.0.1")  # loads the API once
        started = time.perf_counter()
        response = client.get("/api/v1/partners", HTTP_HOST="127.0.0.1")
        elapsed = time.perf_counter() - started
        print(f"API /partners: {response.json()['count']} partners, first page in {elapsed * 1000:.0f} ms")

        lines = ["nom;type;commune;code_insee;competences;consentement_annuaire;consentement_contact"]
        for i in range(arguments.partners):
            commune = rng.choice(COMMUNES)
            chosen = ", ".join(s.name for s in rng.sample(skills, 2)).replace(", ", "; ")
            lines.append(f'Import {tag} {i};association;{commune[0]};{commune[1]};"{chosen}";oui;oui')
        upload = SimpleUploadedFile("bench.csv", io.StringIO("\n".join(lines)).getvalue().encode())
        started = time.perf_counter()
        result = directory.partners_import(actor=owner, place=place, upload=upload)
        print(f"import: {result['created']} partners from CSV in {time.perf_counter() - started:.1f} s")
    finally:
        Partner.objects.filter(place=place).delete()
        place.projects.all().delete()
        User.objects.filter(pk__in=[u.pk for u in users]).delete()
        place.delete()
        organisation.delete()
        network.delete()
        Skill.objects.filter(slug__startswith=f"bench-{tag}").delete()


if __name__ == "__main__":
    main()
