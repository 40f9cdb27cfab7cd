"""Scores: each check in [0, 1] (or not applicable / not measured), pillars, total 0–100, grade A–E.

`ALGORITHM_VERSION` is stored with every audit; change it whenever a check, a weight or a threshold
changes, so that history is only compared between audits of the same version.
"""

import math
from dataclasses import dataclass, field

ALGORITHM_VERSION = "2026.11-1"

# Pillar weights (research note §6.2).
PILLARS: dict[str, int] = {
    "found": 25,
    "trust": 20,
    "sharing": 15,
    "accessibility": 15,
    "sobriety": 10,
    "contact": 10,
    "consistency": 5,
}

PASS, PARTIAL, FAIL = "pass", "partial", "fail"
NOT_APPLICABLE, NOT_MEASURED = "not_applicable", "not_measured"
SCORED_STATUSES = (PASS, PARTIAL, FAIL)

# Effort: who can fix it, cheapest first (used to put quick wins first).
EFFORT_FACTOR = {"self": 1.0, "mediator": 0.7, "provider": 0.45}

GRADE_THRESHOLDS = [(80, "A"), (65, "B"), (50, "C"), (35, "D")]


@dataclass
class CheckResult:
    id: str
    pillar: str
    weight: float
    effort: str
    score: float | None
    status: str
    key: str
    params: dict = field(default_factory=dict)

    @property
    def measured(self) -> bool:
        return self.status in SCORED_STATUSES


def status_for(score: float) -> str:
    if score >= 0.9:
        return PASS
    if score >= 0.5:
        return PARTIAL
    return FAIL


def grade_for(score: float | None) -> str:
    if score is None:
        return ""
    for threshold, grade in GRADE_THRESHOLDS:
        if score >= threshold:
            return grade
    return "E"


def log_normal_score(value: float, p10: float, median: float) -> float:
    """Lighthouse's curve: `p10` scores 0.9, `median` scores 0.5, larger values tend to 0."""
    if value <= 0:
        return 1.0
    shape = -math.log(p10 / median) / (math.sqrt(2) * 0.9061938024368232)
    standardised = math.log(value / median) / (math.sqrt(2) * shape)
    score = (1 - math.erf(standardised)) / 2
    return max(0.0, min(1.0, round(score, 3)))


def pillar_scores(results: list[CheckResult]) -> dict[str, float | None]:
    """Weighted mean of the measured checks of each pillar, 0–100 (None when nothing was measured)."""
    scores: dict[str, float | None] = {}
    for pillar in PILLARS:
        measured = [r for r in results if r.pillar == pillar and r.measured and r.weight > 0]
        weight = sum(r.weight for r in measured)
        scores[pillar] = (
            round(100 * sum(r.weight * r.score for r in measured) / weight, 1) if weight else None
        )
    return scores


def total_score(pillars: dict[str, float | None]) -> float | None:
    measured = {name: score for name, score in pillars.items() if score is not None}
    weight = sum(PILLARS[name] for name in measured)
    if not weight:
        return None
    return round(sum(PILLARS[name] * score for name, score in measured.items()) / weight, 1)


def coverage(results: list[CheckResult]) -> float:
    """Share (0–1) of the applicable weight that could actually be measured."""
    covered = 0.0
    for pillar, pillar_weight in PILLARS.items():
        applicable = [
            r for r in results if r.pillar == pillar and r.status != NOT_APPLICABLE and r.weight > 0
        ]
        total = sum(r.weight for r in applicable)
        if total:
            covered += pillar_weight * sum(r.weight for r in applicable if r.measured) / total
    return round(covered / sum(PILLARS.values()), 3)


def impact(result: CheckResult, results: list[CheckResult]) -> float:
    """Points of the total score won by bringing this check to 1."""
    if not result.measured or result.score is None:
        return 0.0
    measured_pillars = {r.pillar for r in results if r.measured and r.weight > 0}
    all_weight = sum(PILLARS[p] for p in measured_pillars)
    pillar_weight = sum(r.weight for r in results if r.pillar == result.pillar and r.measured)
    if not all_weight or not pillar_weight:
        return 0.0
    return round(
        100 * PILLARS[result.pillar] / all_weight * result.weight / pillar_weight * (1 - result.score), 2
    )


def quick_wins(results: list[CheckResult], limit: int = 5) -> list[CheckResult]:
    """Failing checks sorted by points won, weighted by how easy they are to fix."""
    candidates = [r for r in results if r.measured and r.score is not None and r.score < 0.9]
    candidates.sort(key=lambda r: impact(r, results) * EFFORT_FACTOR.get(r.effort, 0.5), reverse=True)
    return candidates[:limit]
