"""Load scenario: mediators at their desk and visitors of the public pages, against a running Relais.

`bench/load/run.py` prepares a fresh database with the demo data, starts `relais serve` and runs this
file headless; see its docstring. By hand, against a server already filled with the demo data:

    .venv/bin/locust -f bench/load/locustfile.py --headless -u 50 -r 10 -t 2m --host http://127.0.0.1:8000

Two kinds of users (weights 2:3, so 20 mediators and 30 visitors out of 50):

- mediators sign in with the demo accounts (`mediation@` and `fablab@demo.relais.test`) and do desk work:
  home page, fast activity entry (form, beneficiary search fragment, POST), activity list with filters,
  beneficiary search and file, programme pages, a machine's calendar, the statistics dashboard;
- visitors, without an account: public home, agenda, an event, registering to a session (form, POST),
  a place's agenda, a machine's public page, the open data catalogue and a dataset page.

Every answer is checked on its content, not only its status: a page must carry its French title (or,
after a form, its success message), so an error page or a form sent back with errors counts as a failure.
Requests are named `<group>: <page>`; groups are `page` (full HTML pages, the 300 ms p95 target),
`fragment` (htmx pieces), `write` (form posts, followed to their result page) and `login`.

With `LOAD_SAMPLES` set to a file name, every response time is also written there as JSON when the run
ends (the runner computes exact percentiles per group from it). `LOAD_WAIT` sets the think time between
two actions of a user, in seconds (default `1,5`: uniformly between 1 and 5 s).
"""

import json
import os
import random
import re
import sys
import time
import uuid
from pathlib import Path

from locust import HttpUser, between, events, task
from urllib3.util.retry import Retry

sys.path.insert(0, str(Path(__file__).resolve().parent))
from forms import find_form, parse_forms  # noqa: E402

PASSWORD = "relais-demo"  # noqa: S105 — the demo accounts' published password
MEDIATORS = ["mediation@demo.relais.test", "fablab@demo.relais.test"]
FABLAB = "fablab-la-fabrique"  # the demo fablab, whose machines have calendars
SEARCHES = ["gar", "mor", "ber", "ler", "vin", "mar", "léa", "fat", "jea", "dub", "sim", "zz"]
WAIT_MIN, WAIT_MAX = (float(value) for value in os.environ.get("LOAD_WAIT", "1,5").split(","))
SUCCESS = "message--success"

SAMPLES: list[tuple[float, str, float, str]] = []  # (time, name, milliseconds, error or "")
PHASES: dict[str, float] = {}


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **kwargs):
    error = "" if exception is None else str(exception) or type(exception).__name__
    SAMPLES.append((time.time(), name, response_time, error))


@events.test_start.add_listener
def _started(**kwargs):
    PHASES["start"] = time.time()


@events.spawning_complete.add_listener
def _spawned(user_count, **kwargs):
    PHASES.setdefault("spawned", time.time())


def _user_ready(environment) -> None:
    """Count users done with their start (sign-in); the steady state begins when all of them are."""
    PHASES["ready_users"] = PHASES.get("ready_users", 0) + 1
    if PHASES["ready_users"] >= environment.runner.target_user_count:
        PHASES.setdefault("ready", time.time())


@events.test_stop.add_listener
def _stopped(**kwargs):
    PHASES["stop"] = time.time()
    target = os.environ.get("LOAD_SAMPLES")
    if target:
        Path(target).write_text(json.dumps({"phases": PHASES, "samples": SAMPLES}), encoding="utf-8")


def links(html: str, pattern: str) -> list[str]:
    """Distinct hrefs of the page matching a regular expression (in page order)."""
    found = re.findall(r'href="(' + pattern + r')"', html)
    return list(dict.fromkeys(found))


def machine_links(html: str) -> list[str]:
    """The machine pages linked from the fablab's machine list."""
    found = links(html, rf"/fablab/lieux/{FABLAB}/machines/[\w-]+/")
    return [url for url in found if not url.endswith("/nouvelle/")]


class RelaisUser(HttpUser):
    abstract = True
    wait_time = between(WAIT_MIN, WAIT_MAX)

    def on_start(self):
        # Each simulated person has an address of their own, as seen through the reverse proxy
        # (198.18.0.0/15 is reserved for benchmarks); the public forms limit submissions per address.
        self.client.headers["X-Forwarded-For"] = f"198.18.{random.randint(0, 255)}.{random.randint(1, 254)}"
        # Like a browser, send a GET once more when the kept-alive connection it reused was closed by the
        # server at that very moment (gunicorn closes idle connections after 2 s). Never a POST.
        retry = Retry(total=1, connect=1, read=1, status=0, allowed_methods=["GET"], raise_on_status=False)
        self.client.adapters["http://"].max_retries = retry
        self.begin()
        _user_ready(self.environment)

    def begin(self):
        """What the user does once, before their tasks."""

    def page(self, url: str, name: str, expect, group: str = "page", headers=None):
        """GET a page and check it carries `expect` (or one of them); returns its HTML, or "" if it failed."""
        with self.client.get(url, name=f"{group}: {name}", headers=headers, catch_response=True) as response:
            return self.check(response, expect)

    def submit(self, url: str, data, name: str, expect: str, referer: str):
        """POST a form (redirects followed) and check the result page carries `expect`."""
        headers = {"Referer": self.host + referer}
        with self.client.post(
            url, data=data, name=f"write: {name}", headers=headers, catch_response=True
        ) as response:
            return self.check(response, expect)

    @staticmethod
    def check(response, expect) -> str:
        if response.status_code == 0:
            response.failure(f"no response: {response.error}")
            return ""
        if response.status_code != 200:
            response.failure(f"status {response.status_code}")
            return ""
        if response.history and "/comptes/connexion/" in response.url:
            response.failure("sent to the sign-in page")
            return ""
        expected = expect if isinstance(expect, tuple) else (expect,)
        if not any(text in response.text for text in expected):
            response.failure(f"missing {' or '.join(expected)!r}")
            return ""
        response.success()
        return response.text


class Mediator(RelaisUser):
    weight = 2

    def begin(self):
        self.email = random.choice(MEDIATORS)
        self.filters: dict[str, list[str]] = {}
        html = self.page("/comptes/connexion/", "sign-in form", "username", group="login")
        form = find_form(html, field="username")
        if form is None:
            return  # already counted as a failure; the pages will then fail too
        with self.client.post(
            "/comptes/connexion/",
            data=form.data(username=self.email, password=PASSWORD),
            headers={"Referer": self.host + "/comptes/connexion/"},
            name="login: sign in",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or not response.url.endswith("/accueil/"):
                response.failure(f"sign-in failed ({response.status_code} {response.url})")
            else:
                response.success()

    @task(3)
    def home(self):
        self.page("/accueil/", "home", "<title>Accueil")

    @task(4)
    def record_activity(self):
        """Half the time an anonymous person; otherwise a followed one found with the search box
        (then the entry opens as from the person's file, on the person's place)."""
        entry = "/mediation/saisie/"
        if random.random() < 0.5:
            fragment = self.page(
                f"/mediation/beneficiaires/choix/?q={random.choice(SEARCHES)}",
                "beneficiary choices",
                ("mediation-picker", 'class="empty"'),
                group="fragment",
                headers={"HX-Request": "true"},
            )
            found = re.findall(r'name="beneficiary" value="(\d+)"', fragment)
            if found:
                entry += f"?beneficiaire={random.choice(found)}"
        html = self.page(entry, "activity entry", "<title>Saisir un accompagnement")
        form = find_form(html, field="duration")
        if form is None:
            return
        themes = form.options.get("themes", [])
        data = form.data(
            duration=random.choice([15, 20, 30, 45, 60, 90]),
            themes=random.sample(themes, k=min(len(themes), random.randint(1, 2))),
            notes="Saisie de charge" if random.random() < 0.3 else "",
        )
        self.submit("/mediation/saisie/", data, "activity entry", "Tout juste enregistré", entry)

    @task(3)
    def activity_list(self):
        if not self.filters:
            html = self.page("/mediation/activites/", "activity list", "<title>Activités")
            form = next((f for f in parse_forms(html) if f.method == "get" and "kind" in f.names), None)
            options = form.options if form else {}
            self.filters = {key: [value for value in values if value] for key, values in options.items()}
            return
        query = {}
        for key in random.sample(["kind", "theme", "place", "author"], k=random.randint(1, 2)):
            if self.filters.get(key):
                query[key] = random.choice(self.filters[key])
        if random.random() < 0.3:
            query["page"] = random.randint(2, 4)
        params = "&".join(f"{key}={value}" for key, value in query.items())
        self.page(f"/mediation/activites/?{params}", "activity list (filtered)", "<title>Activités")

    @task(2)
    def beneficiary_search(self):
        html = self.page(
            f"/mediation/beneficiaires/?q={random.choice(SEARCHES)}",
            "beneficiary search",
            "<title>Bénéficiaires",
        )
        files = links(html, r"/mediation/beneficiaires/\d+/")
        if files and random.random() < 0.5:
            self.page(random.choice(files), "beneficiary file", "<h1")

    @task(2)
    def programme(self):
        html = self.page("/programme/", "programme", "<title>Programme")
        events_ = links(html, r"/programme/evenements/\d+/")
        sessions = links(html, r"/programme/seances/\d+/")
        if events_ and random.random() < 0.5:
            self.page(random.choice(events_), "programme event", "<h1")
        elif sessions:
            self.page(random.choice(sessions), "programme session", "<h1")

    @task(1)
    def machine_calendar(self):
        html = self.page(f"/fablab/lieux/{FABLAB}/machines/", "machine list", "<title>Machines de")
        machines = machine_links(html)
        if machines:
            self.page(random.choice(machines) + "calendrier/", "machine calendar", "<title>Planning de")

    @task(1)
    def statistics(self):
        query = random.choice(["", "?period=this_year", "?period=last_month&kind=individual"])
        self.page(f"/statistiques/{query}", "statistics dashboard", "<title>Tableau de bord")


class Visitor(RelaisUser):
    weight = 3

    def begin(self):
        self.agenda = ""

    def load_agenda(self):
        self.agenda = self.page("/agenda/", "agenda", "<title>Agenda des ateliers") or self.agenda
        return self.agenda

    @task(1)
    def public_home(self):
        self.page("/", "public home", "<title>Lieux de médiation")

    @task(4)
    def agenda(self):
        self.load_agenda()

    @task(3)
    def event(self):
        events_ = links(self.agenda or self.load_agenda(), r"/agenda/evenements/\d+/")
        if events_:
            html = self.page(random.choice(events_), "agenda event", "<h1")
            places = links(html, r"/agenda/lieux/[\w-]+/")
            if places and random.random() < 0.3:
                self.page(places[0], "place agenda", "<title>Agenda —")

    @task(1)
    def register(self):
        sessions = links(self.agenda or self.load_agenda(), r"/agenda/seances/\d+/inscription/")
        if not sessions:
            return
        url = random.choice(sessions)
        html = self.page(url, "registration form", "<title>Inscription —")
        form = find_form(html, field="email")
        if form is None:
            return
        visitor = uuid.uuid4().hex[:10]
        data = form.data(name=f"Visiteur {visitor}", email=f"charge-{visitor}@exemple.fr", consent="on")
        self.submit(url, data, "registration", SUCCESS, url)

    @task(1)
    def machine(self):
        html = self.page(f"/fablab/lieux/{FABLAB}/machines/", "machine list", "<title>Machines de")
        machines = machine_links(html)
        if machines:
            self.page(random.choice(machines), "machine page", "<h1")

    @task(1)
    def open_data(self):
        html = self.page("/donnees/", "open data catalogue", "<title>Données ouvertes")
        datasets = links(html, r"/donnees/[\w-]+/")
        if datasets:
            self.page(random.choice(datasets), "dataset page", "<h1")
