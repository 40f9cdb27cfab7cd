"""Projects (counts by status) and digital presence (average scores, by pillar and month) for a scope."""

import datetime
from collections import defaultdict

from django.db.models import Count
from django.utils import timezone

from relais.presence.engine import PILLARS
from relais.presence.engine.texts import pillar_label
from relais.presence.models import Audit
from relais.projects.models import Project
from relais.stats.filters import StatsFilters


def projects_indicators(filters: StatsFilters) -> dict:
    """Projects of the places in scope by status (today's state, whatever the period)."""
    labels = dict(Project.Status.choices)
    counts = dict(
        Project.objects.filter(place_id__in=filters.place_ids)
        .order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
    )
    return {
        "total": sum(counts.values()),
        "by_status": [
            {"code": code, "label": str(labels[code]), "count": counts.get(code, 0)}
            for code in Project.Status.values
        ],
    }


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def presence_indicators(filters: StatsFilters) -> dict:
    """Audits finished in the period for the places' sites: mean score, mean per pillar, monthly trend."""
    start = timezone.make_aware(datetime.datetime.combine(filters.start, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(filters.end, datetime.time.max))
    audits = list(
        Audit.objects.finished()
        .filter(subject__place_id__in=filters.place_ids, finished_at__range=(start, end))
        .values_list("finished_at", "score", "pillars")
    )
    by_pillar, by_month = defaultdict(list), defaultdict(list)
    for finished_at, score, pillars in audits:
        for name, value in (pillars or {}).items():
            if value is not None:
                by_pillar[name].append(value)
        if score is not None:
            by_month[timezone.localtime(finished_at).strftime("%Y-%m")].append(score)
    return {
        "audits": len(audits),
        "mean_score": _mean([score for _at, score, _p in audits if score is not None]),
        "by_pillar": [
            {"code": name, "label": str(pillar_label(name)), "mean_score": _mean(by_pillar[name])}
            for name in PILLARS
        ],
        "by_month": [
            {"month": month, "mean_score": _mean(values)} for month, values in sorted(by_month.items())
        ],
    }
