import json

import pytest
from django.core.management import call_command

from relais.presence.tests.sites import good_routes


def test_audit_command_prints_the_json_report(make_site, capsys):
    site = make_site(good_routes())

    call_command("audit", site.url, "--pages", "2", "--json")

    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["url", "algorithm_version", "score", "grade", "coverage", "pillars", "checks"]
    assert data["url"] == site.url
    assert {c["id"] for c in data["checks"]} >= {"https", "title", "carbon", "email_dmarc"}
    assert len(site.paths("GET")) <= 1 + 2 + 1 + 8 + 5  # robots, pages, sitemap, resources, link checks


def test_audit_command_prints_a_readable_report(make_site, capsys):
    site = make_site(good_routes())

    call_command("audit", site.url, "--pages", "1")

    output = capsys.readouterr().out
    assert site.url in output
    assert "Être trouvé" in output
    assert "[✗]" in output or "[~]" in output


def test_audit_command_exits_2_when_the_site_cannot_be_reached(make_site, capsys):
    site = make_site({})
    url = site.url
    site.stop()

    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", url, "--json")

    assert exit_info.value.code == 2
    assert json.loads(capsys.readouterr().out)["checks"]


def test_audit_command_needs_no_database(make_site, django_assert_num_queries, db):
    site = make_site(good_routes())

    with django_assert_num_queries(0):
        call_command("audit", site.url, "--pages", "1", "--json")


def test_audit_command_refuses_too_many_pages():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("audit", "https://exemple.fr", "--pages", "99")
