"""The public programme as open data: upcoming public sessions in JSON and iCalendar."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.opendata import exports


def _sessions():
    from relais.programme.models import Session

    return Session.objects.public().upcoming().select_related("event", "place").order_by("start_at", "pk")


def programme_records() -> list[dict]:
    records = []
    for session in _sessions():
        event, place = session.event, session.place
        records.append(
            {
                "id": str(session.uid),
                "titre": event.title,
                "description": event.description,
                "type": event.kind,
                "debut": timezone.localtime(session.start_at).isoformat(),
                "fin": timezone.localtime(session.end_at).isoformat(),
                "statut": session.status,
                "lieu_id": place.schema_id,
                "lieu_nom": place.name,
                "adresse": f"{place.address}, {place.postcode} {place.commune}",
                "code_insee": place.insee_code,
                "latitude": float(place.latitude) if place.latitude is not None else None,
                "longitude": float(place.longitude) if place.longitude is not None else None,
                "thematiques": list(event.themes),
                "niveau": event.level,
                "frais": event.fees,
                "places_max": session.capacity,
                "inscription": session.registration_mode,
                "url": f"{settings.SITE_URL}{event.get_public_url()}",
            }
        )
    return records


@transaction.atomic
def publish_programme(*, actor=None) -> bool:
    from relais.opendata import services
    from relais.programme.calendars import calendar_for

    dataset = services.builtin_dataset("programme")
    records = programme_records()
    services.store_resource(
        dataset,
        name="programme",
        fmt="json",
        media_type="application/json",
        title=_("Public programme (JSON)"),
        content=exports.to_json(records),
    )
    services.store_resource(
        dataset,
        name="programme",
        fmt="ics",
        media_type="text/calendar",
        title=_("Public programme (iCalendar)"),
        content=calendar_for(_sessions(), name=str(_("Public programme"))),
    )
    starts = [record["debut"][:10] for record in records]
    coverage = {"temporal_start": min(starts), "temporal_end": max(starts)} if starts else {}
    return services.record_publication(dataset, actor, **coverage)
