"""Local test web sites: threaded HTTP(S) servers on 127.0.0.1 with known faults.

No request ever leaves the machine: every site of the tests and of the benchmark is one of these.
Each server records the requests it received and the largest number it served at the same time.
"""

import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).with_name("data")
CERTIFICATE = DATA / "localhost.crt"
KEY = DATA / "localhost.key"


@dataclass
class Route:
    status: int = 200
    body: bytes | str = b""
    headers: dict = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay: float = 0.0
    no_length: bool = False


@dataclass
class Seen:
    method: str
    path: str
    user_agent: str
    at: float


class Site:
    def __init__(self, routes: dict[str, Route | Callable], *, tls: bool = False):
        self.routes = routes
        self.requests: list[Seen] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.server.site = self
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(CERTIFICATE, KEY)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.scheme = "https" if tls else "http"
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}/"

    def paths(self, method: str | None = None) -> list[str]:
        return [seen.path for seen in self.requests if method is None or seen.method == method]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _enter(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # silence the default stderr log
        return

    def do_GET(self):
        self._serve(body=True)

    def do_HEAD(self):
        self._serve(body=False)

    def _serve(self, *, body: bool) -> None:
        site: Site = self.server.site
        site._enter()
        try:
            site.requests.append(
                Seen(self.command, self.path, self.headers.get("User-Agent", ""), time.monotonic())
            )
            route = site.routes.get(self.path) or site.routes.get("*") or Route(404, "<h1>Introuvable</h1>")
            if callable(route):
                route = route(site, self)
            if route.delay:
                time.sleep(route.delay)
            content = route.body.encode() if isinstance(route.body, str) else route.body
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.no_length:
                self.send_header("Connection", "close")
                self.close_connection = True
            else:
                self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            if body:
                try:
                    self.wfile.write(content)
                except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                    self.close_connection = True
        finally:
            site._leave()


def page(title: str = "Association Les Connectés – Reims", body: str = "", head: str = "") -> str:
    """A small, mostly well-made French page."""
    return (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title>'
        '<meta name="description" content="Ateliers numériques et aide aux démarches en ligne à Reims.">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">{head}</head>'
        f"<body><h1>Les Connectés</h1>{body}</body></html>"
    )


GOOD_HOME = page(
    head=(
        '<link rel="canonical" href="https://www.exemple.fr/">'
        '<meta property="og:title" content="Les Connectés"><meta property="og:type" content="website">'
        '<meta property="og:image" content="https://www.exemple.fr/logo.png">'
        '<meta property="og:url" content="https://www.exemple.fr/">'
        '<meta name="twitter:card" content="summary">'
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": '
        '"LocalBusiness", "name": "Les Connectés", "address": {"@type": "PostalAddress", "streetAddress": '
        '"12 rue Gambetta"}, "openingHours": "Mo-Fr 09:00-18:00"}]}</script>'
    ),
    body=(
        '<img src="/logo.png" alt="Les Connectés"><h2>Nos ateliers</h2>'
        "<p>12 rue Gambetta, 51100 Reims. Tél. 03 26 50 10 20. Mis à jour le 02/11/2026.</p>"
        '<a href="/mentions-legales">Mentions légales</a> <a href="/confidentialite">Confidentialité</a> '
        '<a href="/contact">Contact</a> <a href="mailto:contact@lesconnectes.fr">Écrire</a> '
        '<a href="https://www.facebook.com/lesconnectes">Facebook</a>'
        "<p>Accessibilité : partiellement conforme</p>"
        '<a href="/accessibilite">Déclaration d\'accessibilité</a>'
    ),
)

SECURE_HEADERS = {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
    "Strict-Transport-Security": "max-age=31536000",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def good_routes(headers: dict | None = None) -> dict[str, Route]:
    headers = headers or {"Content-Type": "text/html; charset=utf-8"}
    return {
        "/": Route(body=GOOD_HOME, headers=headers),
        "/robots.txt": Route(body="User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"}),
        "/mentions-legales": Route(
            body=page(
                "Mentions légales",
                "<p>Édité par l'association. Directeur de la publication : "
                "la présidente. Hébergeur : OVH.</p>",
            ),
            headers=headers,
        ),
        "/confidentialite": Route(
            body=page(
                "Confidentialité",
                "<p>Finalité : vous répondre. Durée de conservation : un an. "
                "Sous-traitant : aucun. Écrire à dpo@lesconnectes.fr</p>",
            ),
            headers=headers,
        ),
        "/accessibilite": Route(body=page("Accessibilité", "<p>Déclaration d'accessibilité, RGAA 4.1</p>")),
        "/contact": Route(body=page("Contact", "<p>Tél. 03 26 50 10 20</p>"), headers=headers),
        "/logo.png": Route(body=b"\x89PNG" + b"0" * 5000, headers={"Content-Type": "image/png"}),
    }
