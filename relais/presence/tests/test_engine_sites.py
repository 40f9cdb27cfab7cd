"""The engine against local sites with known faults (no request leaves the machine)."""

import asyncio
import time

import httpx

from relais.presence.engine import PoliteFetcher, audit_site, audit_url
from relais.presence.engine.fetch import CrawlConfig
from relais.presence.tests.sites import SECURE_HEADERS, Route, good_routes, page


def checks_of(report) -> dict:
    return {check["id"]: check for check in report.to_json()["checks"]}


def test_good_site_scores_well_and_reads_the_legal_pages(make_site, config):
    site = make_site(good_routes())

    report = audit_url(site.url, pages=5, config=config)
    checks = checks_of(report)

    assert report.reachable
    assert report.grade in "ABC"
    assert checks["legal_notice"]["status"] == "pass"
    assert checks["privacy_policy"]["status"] == "pass"
    assert checks["structured_data"]["score"] == 1
    assert checks["open_graph"]["score"] == 1
    assert checks["accessibility_statement"]["score"] == 1
    assert "/mentions-legales" in site.paths()
    assert all("RelaisPresenceAudit" in seen.user_agent for seen in site.requests)


def test_json_has_exactly_the_keys_of_the_contract(make_site, config):
    site = make_site(good_routes())

    data = audit_url(site.url, pages=1, config=config).to_json()

    assert list(data) == ["url", "algorithm_version", "score", "grade", "coverage", "pillars", "checks"]
    assert set(data["pillars"]) == {
        "found",
        "trust",
        "sharing",
        "accessibility",
        "sobriety",
        "contact",
        "consistency",
    }
    assert set(data["checks"][0]) == {"id", "pillar", "score", "status", "message", "fix"}
    assert 0 < data["coverage"] <= 1


def test_http_site_without_https_redirect_fails_the_https_checks(make_site, config):
    site = make_site(good_routes())

    checks = checks_of(audit_url(site.url, pages=1, config=config))

    assert checks["https"]["score"] == 0
    assert checks["https_redirect"]["status"] == "fail"
    assert "HTTPS" in checks["https"]["fix"]
    assert checks["certificate"]["status"] == "not_applicable"


def test_missing_security_headers_are_listed(make_site, config):
    site = make_site(good_routes())

    check = checks_of(audit_url(site.url, pages=1, config=config))["security_headers"]

    assert check["score"] < 0.5
    assert "X-Frame-Options" in check["message"]
    assert "Content-Security-Policy" in check["message"]


def test_secure_headers_score_better_than_none(make_site, config, trusted_tls):
    secure = make_site(good_routes(SECURE_HEADERS), tls=True)
    plain = make_site(good_routes(), tls=True)
    tls_config = CrawlConfig(**{**config.__dict__, "verify": trusted_tls})

    good = checks_of(audit_url(secure.url, pages=1, config=tls_config))["security_headers"]
    bad = checks_of(audit_url(plain.url, pages=1, config=tls_config))["security_headers"]

    assert good["score"] > bad["score"]
    assert "A" in good["message"]


def test_broken_internal_links_are_reported(make_site, config):
    routes = good_routes()
    routes["/"] = Route(body=page(body='<a href="/ateliers">Ateliers</a> <a href="/disparu">Agenda</a>'))
    routes["/ateliers"] = Route(body=page("Ateliers"))
    site = make_site(routes)

    check = checks_of(audit_url(site.url, pages=3, config=config))["broken_links"]

    assert check["status"] == "partial"
    assert "/disparu" in check["message"]


def test_page_over_the_byte_cap_is_a_result_not_a_crash(make_site, config):
    huge = page(body="<p>" + "x" * 400_000 + "</p>")
    site = make_site({"/": Route(body=huge, no_length=True), "/robots.txt": Route(404)})

    report = audit_url(site.url, pages=2, config=config)
    checks = checks_of(report)

    assert report.reachable
    assert checks["page_weight"]["score"] == 0
    assert "taille maximale" in checks["page_weight"]["message"]
    assert checks["title"]["status"] == "not_measured"


def test_announced_huge_page_is_not_downloaded(make_site, config):
    site = make_site({"/": Route(body="y" * 300_000)})

    report = audit_url(site.url, pages=1, config=config)

    assert checks_of(report)["page_weight"]["score"] == 0


def test_redirect_loop_is_detected(make_site, config):
    routes = {"/": Route(302, headers={"Location": "/a"}), "/a": Route(302, headers={"Location": "/"})}
    site = make_site(routes)

    report = audit_url(site.url, pages=1, config=config)
    checks = checks_of(report)

    assert not report.reachable
    assert checks["reachable"]["score"] == 0
    assert "boucle" in checks["reachable"]["message"]
    assert checks["redirects"]["score"] == 0
    assert len(site.paths()) < 10


def test_robots_disallow_is_honoured(make_site, config):
    routes = good_routes()
    routes["/robots.txt"] = Route(body="User-agent: *\nDisallow: /\n", headers={"Content-Type": "text/plain"})
    site = make_site(routes)

    report = audit_url(site.url, pages=5, config=config)
    checks = checks_of(report)

    assert site.paths() == ["/robots.txt"]
    assert report.robots_blocked
    assert checks["indexable"]["score"] == 0
    assert checks["reachable"]["status"] == "not_measured"


def test_robots_disallow_of_some_pages_is_honoured(make_site, config):
    routes = good_routes()
    routes["/robots.txt"] = Route(
        body="User-agent: RelaisPresenceAudit\nDisallow: /contact\n", headers={"Content-Type": "text/plain"}
    )
    site = make_site(routes)

    audit_url(site.url, pages=6, config=config)

    assert "/contact" not in site.paths()
    assert "/mentions-legales" in site.paths()


def test_slow_site_times_out_without_hanging(make_site, config):
    site = make_site({"/": Route(body=page(), delay=2.0), "/robots.txt": Route(404)})
    started = time.monotonic()

    report = audit_url(site.url, pages=1, config=config)

    assert time.monotonic() - started < 2.0
    assert not report.reachable
    assert checks_of(report)["reachable"]["message"].startswith("Le site n'a pas répondu")


def test_binary_content_is_recorded_as_not_html(make_site, config):
    site = make_site({"/": Route(body=b"\x00\x01PK" * 500, headers={"Content-Type": "application/zip"})})

    report = audit_url(site.url, pages=3, config=config)
    checks = checks_of(report)

    assert report.reachable
    assert checks["title"]["status"] == "not_measured"
    assert checks["http_status"]["score"] == 1


def test_invalid_address_is_recorded(config):
    report = audit_url("pas une adresse", pages=1, config=config)

    assert not report.reachable
    assert checks_of(report)["reachable"]["message"] == "L'adresse du site n'est pas valide."


def test_refused_connection_is_recorded(make_site, config):
    site = make_site({})
    url = site.url
    site.stop()

    report = audit_url(url, pages=1, config=config)

    assert not report.reachable
    assert "refusée" in checks_of(report)["reachable"]["message"]


def test_retry_after_is_respected(make_site, config):
    answers = iter([Route(503, "occupé", headers={"Retry-After": "1"}), Route(body=page())])
    routes = {"/robots.txt": Route(404), "/": lambda site, handler: next(answers, Route(body=page()))}
    site = make_site(routes)

    report = audit_url(site.url, pages=1, config=config)

    home_requests = [seen.at for seen in site.requests if seen.path == "/"]
    assert report.reachable
    assert home_requests[1] - home_requests[0] >= 0.95


def test_untrusted_certificate_is_reported(make_site, config):
    site = make_site(good_routes(), tls=True)

    report = audit_url(site.url, pages=1, config=config)
    checks = checks_of(report)

    assert checks["certificate"]["score"] == 0
    assert "certificat" in checks["certificate"]["message"]


def test_valid_certificate_expiry_is_read(make_site, config, trusted_tls):
    site = make_site(good_routes(SECURE_HEADERS), tls=True)
    tls_config = CrawlConfig(**{**config.__dict__, "verify": trusted_tls})

    checks = checks_of(audit_url(site.url, pages=1, config=tls_config))

    assert checks["https"]["score"] == 1
    assert checks["certificate"]["score"] == 1
    assert "jours" in checks["certificate"]["message"]


def test_one_request_at_a_time_per_host_with_a_delay(make_site, config):
    routes = good_routes()
    for path in ("/", "/mentions-legales", "/confidentialite", "/contact"):
        routes[path].delay = 0.05
    site = make_site(routes)
    polite = CrawlConfig(**{**config.__dict__, "host_delay": 0.1})

    audit_url(site.url, pages=5, config=polite)

    times = [seen.at for seen in site.requests]
    assert site.max_in_flight == 1
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.1


def test_email_dns_checks_use_the_injected_resolver(make_site, config, fake_resolver):
    site = make_site(good_routes())
    resolver = fake_resolver(
        mx={"lesconnectes.fr": [(10, "mx.lesconnectes.fr")]},
        txt={"lesconnectes.fr": ["v=spf1 mx -all"], "_dmarc.lesconnectes.fr": ["v=DMARC1; p=quarantine"]},
    )

    checks = checks_of(audit_url(site.url, pages=1, config=config, resolver=resolver))

    assert checks["email_mx"]["score"] == 1
    assert checks["email_spf"]["score"] == 1
    assert checks["email_dmarc"]["score"] == 0.75
    assert "TXT _dmarc.lesconnectes.fr" in resolver.asked


def test_without_resolver_dns_checks_are_not_measured(make_site, config):
    site = make_site(good_routes())

    checks = checks_of(audit_url(site.url, pages=1, config=config))

    assert checks["email_spf"]["status"] == "not_measured"


def test_private_addresses_are_refused_unless_allowed(make_site, config):
    site = make_site(good_routes())
    guarded = CrawlConfig(**{**config.__dict__, "allow_private_addresses": False})

    report = audit_url(site.url, pages=1, config=guarded)

    assert site.requests == []
    assert not report.reachable
    assert "réseau privé" in checks_of(report)["reachable"]["message"]


def test_redirect_to_a_private_address_is_refused(config):
    def handler(request):
        if request.url.host == "www.exemple.fr":
            return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        raise AssertionError("the private address must not be requested")

    async def public_addresses(host):
        return ["203.0.113.10"]

    async def run():
        guarded = CrawlConfig(**{**config.__dict__, "allow_private_addresses": False})
        async with PoliteFetcher(guarded, httpx.MockTransport(handler), public_addresses) as fetcher:
            return await audit_site(fetcher, "http://www.exemple.fr/", pages=1)

    report = asyncio.run(run())

    assert checks_of(report)["reachable"]["message"].startswith("Cette adresse mène à un réseau privé")
