"""What the pages and PDF reports show: audit reading for non-specialists, history, territory view."""

from datetime import timedelta

from django.utils import timezone

from relais.presence import services
from relais.presence.engine import texts
from relais.presence.engine.scoring import EFFORT_FACTOR, PILLARS, grade_for
from relais.presence.models import Audit, AuditBatch, Subject

CHART_WIDTH, CHART_HEIGHT, CHART_PADDING = 600, 180, 24
HISTORY_LENGTH = 24
STATUS_BADGES = {"pass": "success", "partial": "warning", "fail": "error"}


def _decorate(check: dict) -> dict:
    return check | {
        "badge": STATUS_BADGES.get(check["status"], ""),
        "why": texts.why(check["id"]),
        "effort_label": texts.effort_label(check.get("effort", "")),
        "percent": None if check.get("score") is None else round(check["score"] * 100),
    }


def audit_context(audit: Audit) -> dict:
    """Grades, strongest and weakest pillars, quick wins first, then every check by pillar."""
    checks = [_decorate(c) for c in audit.checks]
    measured = [c for c in checks if c.get("score") is not None]
    failing = [c for c in measured if c["score"] < 0.9]
    failing.sort(key=lambda c: c.get("impact", 0) * EFFORT_FACTOR.get(c.get("effort"), 0.5), reverse=True)
    pillars = [
        row | {"grade": grade_for(row["score"]), "checks": [c for c in checks if c["pillar"] == row["id"]]}
        for row in audit.pillar_rows()
    ]
    scored_pillars = sorted((p for p in pillars if p["score"] is not None), key=lambda p: p["score"])
    previous = (
        Audit.objects.finished()
        .filter(
            subject=audit.subject, created_at__lt=audit.created_at, algorithm_version=audit.algorithm_version
        )
        .order_by("-created_at")
        .first()
    )
    return {
        "audit": audit,
        "subject": audit.subject,
        "pillars": pillars,
        "strongest": scored_pillars[-2:][::-1] if scored_pillars else [],
        "weakest": scored_pillars[:2],
        "quick_wins": failing[:5],
        "passed": [c for c in measured if c["score"] >= 0.9],
        "not_measured": [c for c in checks if c["status"] == "not_measured"],
        "previous": previous,
        "delta": round(audit.score - previous.score, 1)
        if previous and audit.score is not None and previous.score is not None
        else None,
        "changes": _changes(previous, audit) if previous else [],
        "coverage_percent": round((audit.coverage or 0) * 100),
    }


def _changes(before: Audit, after: Audit) -> list[dict]:
    """Checks whose status changed between two audits of the same algorithm version."""
    old = before.check_by_id()
    rows = []
    for check in after.checks:
        earlier = old.get(check["id"])
        if earlier and earlier.get("score") is not None and check.get("score") is not None:
            difference = round((check["score"] - earlier["score"]) * 100)
            if abs(difference) >= 10:
                rows.append({"title": check.get("title", check["id"]), "delta": difference})
    return sorted(rows, key=lambda row: row["delta"], reverse=True)


def history_chart(audits: list[Audit]) -> dict:
    """Points of an SVG line of the total score over time (oldest first), with the data table beside it."""
    points = [a for a in audits if a.score is not None]
    if not points:
        return {"points": "", "dots": [], "rows": []}
    count = len(points)
    step = (CHART_WIDTH - 2 * CHART_PADDING) / max(count - 1, 1)
    dots = []
    for index, audit in enumerate(points):
        x = round(CHART_PADDING + index * step, 1)
        y = round(CHART_HEIGHT - CHART_PADDING - (audit.score / 100) * (CHART_HEIGHT - 2 * CHART_PADDING), 1)
        dots.append({"x": x, "y": y, "audit": audit})
    return {
        "points": " ".join(f"{d['x']},{d['y']}" for d in dots),
        "dots": dots,
        "rows": points[::-1],
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "grid": [
            {
                "value": v,
                "y": round(CHART_HEIGHT - CHART_PADDING - v / 100 * (CHART_HEIGHT - 2 * CHART_PADDING), 1),
            }
            for v in (0, 50, 100)
        ],
    }


def subject_context(subject: Subject) -> dict:
    audits = list(subject.audits.order_by("-created_at")[:HISTORY_LENGTH])
    finished = [a for a in audits if a.is_finished]
    latest = finished[0] if finished else None
    versions = {a.algorithm_version for a in finished}
    comparable = [a for a in finished if latest and a.algorithm_version == latest.algorithm_version]
    trend = None
    if len(comparable) >= 2 and comparable[0].score is not None and comparable[1].score is not None:
        trend = round(comparable[0].score - comparable[1].score, 1)
    objectives = [services.objective_progress(o, latest) for o in subject.objectives.all()]
    return {
        "audits": audits,
        "latest": latest,
        "running": [a for a in audits if a.status in (Audit.Status.QUEUED, Audit.Status.RUNNING)],
        "chart": history_chart(comparable[::-1]),
        "trend": trend,
        "version_break": len(versions) > 1,
        "objectives": objectives,
        "territories": list(subject.territories.all()),
    }


def territory_context(territory: Subject) -> dict:
    summary = services.territory_summary(territory)
    batches = list(territory.batches.order_by("-created_at")[:5])
    return {
        "summary": summary,
        "batches": batches,
        "active_batch": next((b for b in batches if b.is_active), None),
        "pillar_labels": [texts.pillar_label(p) for p in PILLARS],
        "pillar_ids": list(PILLARS),
    }


def batch_recent(batch: AuditBatch) -> list[Audit]:
    return list(
        batch.audits.exclude(status__in=[Audit.Status.QUEUED, Audit.Status.RUNNING])
        .select_related("subject")
        .order_by("-finished_at", "-id")[:10]
    )


def objective_initial(audit: Audit, check_id: str) -> dict:
    """Pre-fill the objective form from a recommended action of the audit."""
    initial = {"due_on": timezone.localdate() + timedelta(days=90), "target": 90}
    check = audit.check_by_id().get(check_id)
    if check is not None and check.get("score") is not None:
        initial |= {"indicator": f"check:{check_id}", "title": check.get("fix") or check.get("title", "")}
        initial["target"] = 100
    elif audit.score is not None:
        initial |= {"indicator": "total:total", "target": min(100, round(audit.score + 15))}
    return initial
