"""Demo data: the territory of Grand Reims with the organisations of the demo network, each with two
stored audits (three months apart, so that history and objectives show progress).

The audits are computed by the real engine on demo sites served from memory (httpx.MockTransport):
nothing is fetched from the network.
"""

from datetime import timedelta

import httpx
from django.utils import timezone

from relais.core.demo import DemoContext
from relais.presence import crawl, services
from relais.presence.engine import audit_url
from relais.presence.models import Audit, Objective, Subject

STYLE = '<link rel="stylesheet" href="/style.css">'
FOOTER = (
    '<footer><a href="/mentions-legales">Mentions légales</a> <a href="/donnees-personnelles">'
    "Données personnelles</a> {extra}</footer>"
)
LEGAL = (
    "<html lang='fr'><head><title>Mentions légales</title></head><body><h1>Mentions légales</h1>"
    "<p>Site édité par {name}. Directeur de la publication : la présidence. Hébergeur : OVH, Roubaix.</p>"
    "</body></html>"
)
PRIVACY = (
    "<html lang='fr'><head><title>Données personnelles</title></head><body><h1>Données personnelles</h1>"
    "<p>Finalité : répondre à vos demandes. Durée de conservation : 1 an. Aucun sous-traitant hors UE. "
    "Contact : dpo@{domain}</p></body></html>"
)

STATEMENT = "<html lang='fr'><body><h1>Déclaration d'accessibilité</h1><p>RGAA 4.1</p></body></html>"

SITES = {
    "ville-de-reims": {
        "name": "Ville de Reims",
        "domain": "reims.demo.relais.test",
        "address": "9 place de l'Hôtel de Ville",
        "postcode": "51100",
        "phone": "+33326777777",
        "public": True,
        "before": {"https": False, "description": False, "statement": False, "og": False},
        "after": {"https": True, "description": True, "statement": True, "og": True},
    },
    "association-les-connectes": {
        "name": "Association Les Connectés",
        "domain": "lesconnectes.demo.relais.test",
        "address": "12 rue Gambetta",
        "postcode": "51100",
        "phone": "+33326501020",
        "public": False,
        "before": {"https": True, "description": False, "statement": False, "og": False, "tracker": True},
        "after": {"https": True, "description": True, "statement": False, "og": False, "tracker": True},
    },
    "cooperative-la-fabrique": {
        "name": "Coopérative La Fabrique du Coin",
        "domain": "lafabrique.demo.relais.test",
        "address": "17 rue de Vesle",
        "postcode": "51100",
        "phone": "+33326409988",
        "public": False,
        "before": {"https": True, "description": True, "statement": False, "og": True},
        "after": {"https": True, "description": True, "statement": True, "og": True},
    },
}


def _display_phone(spec: dict) -> str:
    digits = "0" + spec["phone"][3:]
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def _home(spec: dict, state: dict) -> str:
    description = (
        f'<meta name="description" content="{spec["name"]} : ateliers numériques, accompagnement et '
        'aide aux démarches en ligne à Reims.">'
        if state.get("description")
        else ""
    )
    og = (
        f'<meta property="og:title" content="{spec["name"]}"><meta property="og:type" content="website">'
        f'<meta property="og:image" content="https://{spec["domain"]}/logo.png">'
        f'<meta property="og:url" content="https://{spec["domain"]}/">'
        '<meta name="twitter:card" content="summary">'
        if state.get("og")
        else ""
    )
    statement = (
        "<p>Accessibilité : partiellement conforme</p>"
        '<a href="/accessibilite">Déclaration d\'accessibilité</a>'
        if state.get("statement")
        else ""
    )
    tracker = (
        '<script src="https://www.googletagmanager.com/gtag/js?id=G-DEMO"></script>'
        if state.get("tracker")
        else ""
    )
    return (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{spec["name"]} – Reims</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{description}{og}{STYLE}{tracker}"
        f'</head><body><header><img src="/logo.png" alt="{spec["name"]}"></header>'
        f"<main><h1>{spec['name']}</h1>"
        f"<h2>Nos ateliers</h2><p>{spec['address']}, {spec['postcode']} Reims. "
        f"Tél. {_display_phone(spec)}</p>"
        f'<p><a href="mailto:contact@{spec["domain"]}">Écrire</a> · <a href="https://www.facebook.com/demo">'
        f"Facebook</a></p><p>Mis à jour le 02/11/2026</p></main>"
        + FOOTER.format(extra=statement)
        + "</body></html>"
    )


def _transport(spec: dict, state: dict) -> httpx.MockTransport:
    secure_headers = {
        "strict-transport-security": "max-age=31536000",
        "x-content-type-options": "nosniff",
        "x-frame-options": "SAMEORIGIN",
        "referrer-policy": "strict-origin-when-cross-origin",
    }

    def handler(request: httpx.Request) -> httpx.Response:
        https = state.get("https")
        if request.url.scheme == "http" and https:
            return httpx.Response(301, headers={"location": f"https://{spec['domain']}{request.url.path}"})
        headers = {"content-type": "text/html; charset=utf-8"} | (secure_headers if https else {})
        pages = {
            "/": _home(spec, state),
            "/mentions-legales": LEGAL.format(name=spec["name"]),
            "/donnees-personnelles": PRIVACY.format(domain=spec["domain"]),
            "/accessibilite": STATEMENT,
        }
        if request.url.path == "/robots.txt":
            return httpx.Response(
                200, text="User-agent: *\nAllow: /\n", headers={"content-type": "text/plain"}
            )
        if request.url.path in pages:
            return httpx.Response(200, text=pages[request.url.path], headers=headers)
        if request.url.path in ("/style.css", "/logo.png"):
            return httpx.Response(200, content=b"x" * 40_000, headers={"content-type": "text/css"})
        return httpx.Response(404, text="introuvable", headers=headers)

    return httpx.MockTransport(handler)


class _DemoResolver:
    async def mx(self, name: str) -> list[tuple[int, str]]:
        return [(10, f"mx.{name}")]

    async def txt(self, name: str) -> list[str]:
        return ["v=DMARC1; p=none"] if name.startswith("_dmarc.") else ["v=spf1 mx ~all"]


def _store(subject: Subject, spec: dict, state: dict, when) -> Audit:
    scheme = "https" if state.get("https") else "http"
    report = audit_url(
        f"{scheme}://{spec['domain']}/",
        pages=4,
        config=crawl.crawl_config(host_delay=0, max_pages=4, allow_private_addresses=True),
        record=services.subject_record(subject),
        resolver=_DemoResolver(),
        transport=_transport(spec, state),
    )
    audit = Audit.objects.create(subject=subject, url=report.url, pages=4, started_at=when)
    services.audit_store_report(audit, report)
    Audit.objects.filter(pk=audit.pk).update(created_at=when, finished_at=when + timedelta(minutes=1))
    return audit


def load(demo: DemoContext) -> str:
    place = demo.places["epn-croix-rouge"]
    territory, _created = Subject.objects.get_or_create(
        place=place,
        kind=Subject.Kind.TERRITORY,
        name="Grand Reims",
        defaults={"insee_codes": ["51454", "51573"], "monthly_reaudit": False},
    )
    now = timezone.now()
    audits = 0
    for slug, spec in SITES.items():
        subject, _created = Subject.objects.get_or_create(
            place=place,
            kind=Subject.Kind.ORGANISATION,
            name=spec["name"],
            defaults={
                "organisation": demo.organisations.get(slug),
                "website": f"https://{spec['domain']}/",
                "address": spec["address"],
                "postcode": spec["postcode"],
                "commune": "Reims",
                "phone": spec["phone"],
                "email": f"contact@{spec['domain']}",
                "is_public_body": spec["public"],
                "social_links": ["https://www.facebook.com/demo"],
                "monthly_reaudit": True,
            },
        )
        territory.members.add(subject)
        if subject.audits.exists():
            continue
        first = _store(subject, spec, spec["before"], now - timedelta(days=92))
        if first.score is not None:
            Objective.objects.create(
                subject=subject,
                source_audit=first,
                title="Atteindre la note B",
                indicator_kind=Objective.Indicator.TOTAL,
                indicator="total",
                baseline=first.score,
                target=min(100, max(65, first.score + 5)),
                due_on=demo.today + timedelta(days=60),
            )
            Objective.objects.create(
                subject=subject,
                source_audit=first,
                title="Publier un plan du site (sitemap.xml)",
                indicator_kind=Objective.Indicator.CHECK,
                indicator="sitemap",
                baseline=0,
                target=100,
                due_on=demo.today + timedelta(days=90),
            )
        _store(subject, spec, spec["after"], now - timedelta(days=2))
        audits += 2
    members = territory.members.count()
    return f"territory Grand Reims with {members} organisations, {audits} audits stored"
