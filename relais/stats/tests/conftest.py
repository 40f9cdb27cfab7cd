import datetime

import pytest
import time_machine

from relais.mediation import services
from relais.mediation.models import Beneficiary, Tag

TODAY = datetime.date(2026, 4, 10)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 4, 10, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield TODAY


@pytest.fixture
def activities(place, other_place, mediator, outsider):
    """A hand-counted quarter: 7 accompaniments in A (3 individual, 1 workshop of 4), 1 in B.

    In A from 2026-01-01 to 2026-03-31: followed = Alice and Bob (Bob first came in December 2025),
    anonymous = 1 individual + 3 in the workshop; new = Alice + 1 + 3 = 5; Alice's autonomy 1 → 3.
    """
    alice = Beneficiary.objects.create(place=place, first_name="Alice", sex="feminin", birth_year=1990)
    bob = Beneficiary.objects.create(place=place, first_name="Bob", sex="masculin", birth_year=1950)
    tag = Tag.objects.create(place=place, name="Conseil départemental")
    common = {"author": mediator, "place": place, "place_type": "lieu_activite"}
    create = services.activity_create
    create(
        **common,
        kind="individual",
        date=datetime.date(2025, 12, 20),
        duration=30,
        themes=["email"],
        beneficiary=bob,
    )
    create(
        **common,
        kind="individual",
        date=datetime.date(2026, 1, 10),
        duration=30,
        themes=["email"],
        beneficiary=alice,
        autonomy="entierement_accompagne",
        equipment=["ordinateur"],
        tags=[tag],
    )
    create(
        **common,
        kind="individual",
        date=datetime.date(2026, 2, 5),
        duration=60,
        themes=["email", "aide_aux_demarches_administratives", "logement"],
        beneficiary=alice,
        autonomy="autonome",
        referred=True,
        referral_structure="administration",
    )
    create(
        **common,
        kind="individual",
        date=datetime.date(2026, 2, 6),
        duration=45,
        themes=["sante"],
        sex="masculin",
        location_commune_name="Reims",
    )
    create(
        **common,
        kind="collective",
        date=datetime.date(2026, 3, 15),
        duration=120,
        themes=["bureautique"],
        participants=[bob],
        anonymous_participants={"total": 3, "sex": {"feminin": 2}},
        workshop_title="Tableur",
    )
    create(
        author=outsider,
        place=other_place,
        kind="individual",
        date=datetime.date(2026, 1, 12),
        duration=30,
        themes=["email"],
        place_type="lieu_activite",
    )
    return {"alice": alice, "bob": bob, "tag": tag}
