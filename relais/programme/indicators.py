"""Programme indicators per session, workshop, place and period (read by the event pages and by stats).

Definitions (rates are fractions between 0 and 1, or None when there is nothing to divide by):
- fill_rate = seats taken (confirmed + attended + no-show) / capacity, over sessions with a capacity;
- attendance_rate = attended / (attended + no-show), over sessions whose attendance was taken;
- no_show_rate = no-show / (attended + no-show);
- waitlist = people currently on the waiting list;
- satisfaction = mean of the 0–10 satisfaction marks;
- goal_reached_rate = "yes" answers / all answers ("partly" counts as not reached);
- recommendation_score = Net Promoter Score: % of 9–10 minus % of 0–6, from -100 to 100.
"""

from dataclasses import asdict, dataclass
from datetime import date, datetime, time

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils import timezone

from relais.programme.models import Registration, Session, SurveyAnswer, Workshop

State = Registration.State


@dataclass
class Indicators:
    sessions: int
    capacity: int
    taken: int
    attended: int
    no_show: int
    waitlist: int
    answers: int
    fill_rate: float | None
    attendance_rate: float | None
    no_show_rate: float | None
    satisfaction: float | None
    goal_reached_rate: float | None
    recommendation_score: float | None

    def as_dict(self) -> dict:
        return asdict(self)


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _registration_counts() -> dict:
    return {
        "attended": Count("pk", filter=Q(state=State.ATTENDED)),
        "no_show": Count("pk", filter=Q(state=State.NO_SHOW)),
        "waitlist": Count("pk", filter=Q(state=State.WAITLISTED)),
        "taken_limited": Count(
            "pk",
            filter=Q(
                state__in=[State.CONFIRMED, State.ATTENDED, State.NO_SHOW], session__capacity__isnull=False
            ),
        ),
        "taken": Count("pk", filter=Q(state__in=[State.CONFIRMED, State.ATTENDED, State.NO_SHOW])),
    }


def _survey_counts() -> dict:
    return {
        "count": Count("pk"),
        "mean": Avg("satisfaction"),
        "yes": Count("pk", filter=Q(goal_reached=SurveyAnswer.Goal.YES)),
        "recommenders": Count("pk", filter=Q(recommendation__isnull=False)),
        "promoters": Count("pk", filter=Q(recommendation__gte=9)),
        "detractors": Count("pk", filter=Q(recommendation__lte=6)),
    }


def _session_totals() -> dict:
    return {"count": Count("pk"), "capacity": Sum("capacity")}


def _indicators(counts: dict, totals: dict, survey: dict) -> Indicators:
    marked = counts["attended"] + counts["no_show"]
    nps = None
    if survey["recommenders"]:
        nps = round(100 * (survey["promoters"] - survey["detractors"]) / survey["recommenders"], 1)
    return Indicators(
        sessions=totals["count"],
        capacity=totals["capacity"] or 0,
        taken=counts["taken"],
        attended=counts["attended"],
        no_show=counts["no_show"],
        waitlist=counts["waitlist"],
        answers=survey["count"],
        fill_rate=_ratio(counts["taken_limited"], totals["capacity"] or 0),
        attendance_rate=_ratio(counts["attended"], marked),
        no_show_rate=_ratio(counts["no_show"], marked),
        satisfaction=round(survey["mean"], 1) if survey["mean"] is not None else None,
        goal_reached_rate=_ratio(survey["yes"], survey["count"]),
        recommendation_score=nps,
    )


def for_sessions(sessions: QuerySet[Session]) -> Indicators:
    """Indicators over any set of sessions (cancelled sessions are left out)."""
    session_ids = sessions.exclude(status=Session.Status.CANCELLED).values("pk")
    counts = Registration.objects.filter(session__in=session_ids).aggregate(**_registration_counts())
    totals = Session.objects.filter(pk__in=session_ids).aggregate(**_session_totals())
    survey = SurveyAnswer.objects.filter(session__in=session_ids).aggregate(**_survey_counts())
    return _indicators(counts, totals, survey)


def _period(sessions: QuerySet[Session], start: date | None, end: date | None) -> QuerySet[Session]:
    if start:
        sessions = sessions.filter(start_at__gte=timezone.make_aware(datetime.combine(start, time.min)))
    if end:
        sessions = sessions.filter(start_at__lte=timezone.make_aware(datetime.combine(end, time.max)))
    return sessions


def for_session(session: Session) -> Indicators:
    return for_sessions(Session.objects.filter(pk=session.pk))


def for_event(event, start: date | None = None, end: date | None = None) -> Indicators:
    return for_sessions(_period(Session.objects.filter(event=event), start, end))


def for_workshop(workshop: Workshop, start: date | None = None, end: date | None = None) -> Indicators:
    return for_sessions(_period(Session.objects.filter(event__workshop=workshop), start, end))


def for_place(place, start: date | None = None, end: date | None = None) -> Indicators:
    return for_sessions(_period(Session.objects.filter(place=place), start, end))


def for_places(places, start: date | None = None, end: date | None = None) -> Indicators:
    """Indicators over several places (instances or ids) for a period (what the reporting capability
    reads)."""
    ids = [getattr(place, "pk", place) for place in places]
    return for_sessions(_period(Session.objects.filter(place_id__in=ids), start, end))


def places_with_sessions(place_ids, start: date | None = None, end: date | None = None):
    """The ids of those places that have sessions in the period (a network's by-place table need not
    load its thousands of places without any)."""
    sessions = _period(Session.objects.filter(place_id__in=place_ids), start, end)
    return sessions.order_by().values("place_id").distinct()


def by_workshop(
    places, start: date | None = None, end: date | None = None
) -> list[tuple[Workshop, Indicators]]:
    """One line per catalogue workshop of these places that had sessions in the period."""
    workshops = (
        Workshop.objects.filter(place__in=places, events__sessions__isnull=False).distinct().order_by("title")
    )
    return [(workshop, for_workshop(workshop, start, end)) for workshop in workshops]


def by_place(places, start: date | None = None, end: date | None = None) -> list[tuple[object, Indicators]]:
    """One line per place, in three grouped queries whatever the number of places."""
    places = list(places)
    sessions = _period(Session.objects.filter(place_id__in=[place.pk for place in places]), start, end)
    session_ids = sessions.exclude(status=Session.Status.CANCELLED).values("pk")

    def grouped(queryset, field: str, aggregates: dict) -> dict:
        rows = queryset.order_by().values(field).annotate(**aggregates)
        return {row.pop(field): row for row in rows}

    counts = grouped(
        Registration.objects.filter(session__in=session_ids), "session__place", _registration_counts()
    )
    totals = grouped(Session.objects.filter(pk__in=session_ids), "place", _session_totals())
    survey = grouped(SurveyAnswer.objects.filter(session__in=session_ids), "session__place", _survey_counts())
    no_counts = dict.fromkeys(_registration_counts(), 0)
    no_survey = {**dict.fromkeys(_survey_counts(), 0), "mean": None}
    return [
        (
            place,
            _indicators(
                counts.get(place.pk, no_counts),
                totals.get(place.pk, {"count": 0, "capacity": None}),
                survey.get(place.pk, no_survey),
            ),
        )
        for place in places
    ]
