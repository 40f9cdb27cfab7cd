"""Checks that compare the site with the organisation's record, and other content checks."""

from relais.presence.engine import SubjectRecord, audit_url
from relais.presence.tests.sites import Route, good_routes, page


def checks_of(report) -> dict:
    return {check["id"]: check for check in report.to_json()["checks"]}


def test_record_matching_the_site_is_consistent(make_site, config):
    site = make_site(good_routes())
    record = SubjectRecord(
        name="Les Connectés", phone="+33326501020", postcode="51100", address="12 rue Gambetta"
    )

    checks = checks_of(audit_url(site.url, pages=1, config=config, record=record))

    assert checks["nap_consistency"]["score"] == 1


def test_record_differing_from_the_site_names_the_differences(make_site, config):
    site = make_site(good_routes())
    record = SubjectRecord(name="Les Connectés", phone="+33326000000", postcode="51100")

    check = checks_of(audit_url(site.url, pages=1, config=config, record=record))["nap_consistency"]

    assert check["status"] == "partial"
    assert "téléphone" in check["message"]
    assert "nom" not in check["message"]


def test_without_record_consistency_does_not_apply(make_site, config):
    site = make_site(good_routes())

    assert (
        checks_of(audit_url(site.url, pages=1, config=config))["nap_consistency"]["status"]
        == "not_applicable"
    )


def test_public_body_without_accessibility_statement_weighs_more(make_site, config):
    routes = good_routes()
    routes["/"] = Route(body=page())
    site = make_site(routes)

    public = audit_url(
        site.url, pages=1, config=config, record=SubjectRecord(name="Mairie", is_public_body=True)
    )
    private = audit_url(site.url, pages=1, config=config, record=SubjectRecord(name="Asso"))

    assert public.pillars["accessibility"] < private.pillars["accessibility"]


def test_trackers_without_consent_fail(make_site, config):
    routes = good_routes()
    routes["/"] = Route(
        body=page(head='<script src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>')
    )
    site = make_site(routes)

    check = checks_of(audit_url(site.url, pages=1, config=config))["trackers_consent"]

    assert check["score"] == 0
    assert "Google Tag Manager" in check["message"]
    assert "tarteaucitron" in check["fix"]


def test_trackers_with_a_consent_manager_pass(make_site, config):
    head = '<script src="/tarteaucitron/tarteaucitron.js"></script><script>gtag("https://www.google-analytics.com")</script>'
    routes = good_routes()
    routes["/"] = Route(body=page(head=head))
    site = make_site(routes)

    check = checks_of(audit_url(site.url, pages=1, config=config))["trackers_consent"]

    assert check["status"] == "pass"


def test_stale_site_and_blocked_zoom_and_generic_links(make_site, config):
    body = (
        '<p>© 2019</p><a href="/a">cliquez ici</a><a href="/b">En savoir plus</a>'
        '<a href="/c">Lire la suite</a>'
    )
    routes = {
        "/": Route(
            body=page(body=body, head='<meta name="viewport" content="width=device-width, user-scalable=no">')
        ),
        "/robots.txt": Route(404),
    }
    site = make_site(routes)

    checks = checks_of(audit_url(site.url, pages=1, config=config))

    assert checks["freshness"]["score"] == 0
    assert checks["zoom"]["score"] == 0
    assert checks["link_text"]["score"] == 0
    assert "cliquez ici" in checks["link_text"]["message"]


def test_crawl_delay_of_robots_txt_is_honoured(make_site, config):
    routes = good_routes()
    routes["/robots.txt"] = Route(
        body="User-agent: *\nCrawl-delay: 0.3\n", headers={"Content-Type": "text/plain"}
    )
    site = make_site(routes)

    audit_url(site.url, pages=3, config=config)

    times = [seen.at for seen in site.requests]
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.29


def test_sitemap_pages_are_read_and_dated(make_site, config):
    routes = good_routes()
    routes["/"] = Route(body=page())
    routes["/robots.txt"] = Route(body="Sitemap: /plan.xml\n", headers={"Content-Type": "text/plain"})
    routes["/plan.xml"] = Route(
        body="<urlset><url><loc>/ateliers</loc><lastmod>2026-10-01</lastmod></url></urlset>",
        headers={"Content-Type": "application/xml"},
    )
    routes["/ateliers"] = Route(body=page("Ateliers"))
    site = make_site(routes)

    checks = checks_of(audit_url(site.url, pages=2, config=config))

    assert checks["sitemap"]["score"] == 1
    assert "/plan.xml" in site.paths()
