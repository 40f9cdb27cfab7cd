import pytest

from relais.presence.engine import co2, headers
from relais.presence.engine.page import parse_page
from relais.presence.engine.scoring import (
    NOT_APPLICABLE,
    NOT_MEASURED,
    CheckResult,
    coverage,
    grade_for,
    log_normal_score,
    pillar_scores,
    quick_wins,
    total_score,
)


def result(id, pillar, score, weight=1, status=None, effort="self"):
    status = status or ("pass" if score is not None and score >= 0.9 else "fail")
    return CheckResult(
        id=id, pillar=pillar, weight=weight, effort=effort, score=score, status=status, key="x"
    )


@pytest.mark.parametrize(("value", "expected"), [(1024, 0.9), (2420, 0.5), (100, 1.0)])
def test_log_normal_curve_matches_its_control_points(value, expected):
    assert log_normal_score(value, 1024, 2420) == pytest.approx(expected, abs=0.01)


def test_log_normal_curve_tends_to_zero():
    assert log_normal_score(20_000, 1024, 2420) < 0.05


@pytest.mark.parametrize(
    ("score", "grade"), [(80, "A"), (79.9, "B"), (65, "B"), (50, "C"), (35, "D"), (34, "E"), (None, "")]
)
def test_grades(score, grade):
    assert grade_for(score) == grade


def test_not_applicable_and_not_measured_do_not_count():
    results = [
        result("a", "trust", 1.0),
        result("b", "trust", None, status=NOT_MEASURED),
        result("c", "trust", None, status=NOT_APPLICABLE),
        result("d", "sharing", 0.0),
    ]

    pillars = pillar_scores(results)

    assert pillars["trust"] == 100
    assert pillars["sharing"] == 0
    assert pillars["found"] is None
    assert total_score(pillars) == pytest.approx(100 * 20 / 35, abs=0.1)
    assert coverage(results) == pytest.approx((20 * 0.5 + 15) / 100, abs=0.001)


def test_quick_wins_put_cheap_big_fixes_first():
    results = [
        result("cheap", "trust", 0.0, weight=2, effort="self"),
        result("costly", "trust", 0.0, weight=2, effort="provider"),
        result("done", "trust", 1.0),
    ]

    assert [r.id for r in quick_wins(results)] == ["cheap", "costly"]


def test_sustainable_web_design_estimate():
    grams = co2.grams_per_view(1_000_000)

    assert grams == pytest.approx(0.001 * 0.30 * 494, rel=0.001)
    assert co2.rating_for(grams) == "C"
    assert co2.rating_for(0.01) == "A+"
    assert co2.rating_for(1.0) == "F"


def test_observatory_grade_buckets():
    assert headers.grade_for(100) == "A+"
    assert headers.grade_for(92) == "A"
    assert headers.grade_for(57) == "C"
    assert headers.grade_for(10) == "F"


def test_page_parsing_counts_what_the_checks_need():
    html = (
        '<!doctype html><html lang="fr"><body><h1>T</h1><h3>Saut</h3>'
        '<img src="a.png"><img src="b.png" alt="">'
        '<svg><g><path/></g></svg><label for="n">Nom</label><input id="n"><input name="x">'
        '<a href="/p">Page</a><a href="/q"><img src="i.png"></a><iframe src="/f"></iframe>'
        '<script type="application/ld+json">[{"@type": "Organization", "name": "X"}]</script></body></html>'
    )

    page = parse_page("https://exemple.fr/", html)

    assert page.lang == "fr"
    assert page.images_without_alt == 2
    assert (page.controls_total, page.controls_unlabelled) == (2, 1)
    assert [level for level, _text in page.headings] == [1, 3]
    assert page.iframes_untitled == 1
    assert page.json_ld[0]["@type"] == "Organization"
    assert sum(1 for link in page.links if not link.has_name) == 1
    assert "https://exemple.fr/a.png" in page.resources
    all_elements = 17
    assert page.dom_size < all_elements
