"""Anonymised activity statistics: people accompanied per month × place × theme, small cells removed.

The rule (k-anonymity, k = 5): a cell is published only when it counts at least 5 people and at least
5 participations. People are the distinct followed beneficiaries plus the anonymous participants of
the cell (anonymous records cannot be linked, so each one counts as a person). Only complete months
and visible places are published; the statistics hold no identity, no free text and no commune of
residence.
"""

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.models import Place
from relais.opendata import exports
from relais.opendata.builtins import K_ANONYMITY

ACTIVITY_SCHEMA = {
    "fields": [
        {"name": "mois", "title": "Mois", "type": "yearmonth"},
        {"name": "lieu_id", "title": "Identifiant du lieu (schéma des lieux)", "type": "string"},
        {"name": "lieu_nom", "title": "Nom du lieu", "type": "string"},
        {"name": "thematique", "title": "Thématique nationale (code)", "type": "string"},
        {
            "name": "personnes",
            "title": "Personnes accompagnées",
            "type": "integer",
            "constraints": {"required": True, "minimum": K_ANONYMITY},
        },
        {
            "name": "participations",
            "title": "Participations",
            "type": "integer",
            "constraints": {"required": True, "minimum": K_ANONYMITY},
        },
    ],
    "primaryKey": ["mois", "lieu_id", "thematique"],
}
COLUMNS = [field["name"] for field in ACTIVITY_SCHEMA["fields"]]


def _first_of_month(today: date) -> date:
    return today.replace(day=1)


def activity_cells(*, until: date | None = None) -> list[dict]:
    """Counts per (month, place, theme) before `until` (the current month by default), k-anonymised."""
    from relais.mediation.models import Activity

    until = until or _first_of_month(timezone.localdate())
    places = {place.pk: place for place in Place.objects.visible()}
    activities = Activity.objects.filter(date__lt=until, place_id__in=places.keys())
    participants = defaultdict(set)
    through = Activity.participants.through.objects.filter(activity__in=activities)
    for activity_id, beneficiary_id in through.values_list("activity_id", "beneficiary_id").iterator():
        participants[activity_id].add(beneficiary_id)
    people: dict[tuple, set] = defaultdict(set)
    anonymous: dict[tuple, int] = defaultdict(int)
    participations: dict[tuple, int] = defaultdict(int)
    rows = activities.values_list("pk", "date", "place_id", "themes", "participant_count", "beneficiary_id")
    for pk, day, place_id, themes, count, beneficiary_id in rows.iterator(chunk_size=5000):
        named = set(participants.get(pk, ()))
        if beneficiary_id:
            named.add(beneficiary_id)
        for theme in themes or []:
            key = (day.strftime("%Y-%m"), place_id, theme)
            people[key] |= named
            anonymous[key] += max(count - len(named), 0)
            participations[key] += count
    cells = []
    for key in sorted(participations):
        month, place_id, theme = key
        persons = len(people[key]) + anonymous[key]
        if persons < K_ANONYMITY or participations[key] < K_ANONYMITY:
            continue
        place = places[place_id]
        cells.append(
            {
                "mois": month,
                "lieu_id": place.schema_id,
                "lieu_nom": place.name,
                "thematique": theme,
                "personnes": persons,
                "participations": participations[key],
            }
        )
    return cells


@transaction.atomic
def publish_activity(*, actor=None) -> bool:
    """Publish the anonymised statistics as CSV, after checking them against their Table Schema."""
    from relais.knowledge import tables
    from relais.opendata import services

    dataset = services.builtin_dataset("activity")
    cells = activity_cells()
    content = exports.to_csv(COLUMNS, cells)
    problems = tables.validate_table(content, ACTIVITY_SCHEMA)
    if problems:
        return services.record_validation_failure(dataset, problems, actor)
    services.store_resource(
        dataset,
        name="activite",
        fmt="csv",
        media_type="text/csv",
        title=_("Activity per month, place and theme"),
        content=content,
        table_schema=ACTIVITY_SCHEMA,
    )
    months = sorted({cell["mois"] for cell in cells})
    coverage = {}
    if months:
        coverage = {
            "temporal_start": date.fromisoformat(f"{months[0]}-01"),
            "temporal_end": date.fromisoformat(f"{months[-1]}-01"),
        }
    return services.record_publication(dataset, actor, **coverage)
