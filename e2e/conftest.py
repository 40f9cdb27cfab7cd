"""Browser journeys: Playwright drives the system Chromium against a live server; axe-core checks pages.

Run with `make e2e` (installs Chromium from the distribution's packages when it is missing).
Screenshots of each journey's final page are saved under `test-artifacts/`.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
BLOCKING_IMPACTS = {"serious", "critical"}

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM:
        pytest.fail(
            "Chromium is not installed: run `make e2e`, which installs it from the distribution's packages."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    context = browser.new_context(
        viewport={"width": 1024, "height": 1366}, locale="fr-FR", base_url=live_server.url
    )
    page = context.new_page()
    page.console_problems = []
    page.on(
        "console",
        lambda message: page.console_problems.append(message.text) if message.type == "error" else None,
    )
    yield page
    context.close()


def save_screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations on the current page (WCAG 2.x A and AA rules)."""
    # Evaluated through the DevTools protocol, which the page's strict CSP does not block.
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]


def tab_to(page, selector: str, limit: int = 200) -> None:
    """Press Tab until the element matching `selector` has the focus (keyboard-only navigation)."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def login(page, email: str, password: str) -> None:
    page.goto("/comptes/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def _restore_migration_rows() -> None:
    """Rows written by data migrations are wiped by the transactional flush between tests: put them back."""
    import importlib

    from django.apps import apps

    categories = importlib.import_module("relais.fablab.migrations.0002_categories")
    categories.create_categories(apps, None)


def fill_with_demo(place, network, organisation, users: dict) -> None:
    """Every app's demo loader, run on place A with the test personas as its team."""
    from relais.core import demo as core_demo

    context = core_demo.DemoContext(
        network=network,
        organisations={slug: organisation for slug, *_rest in core_demo.ORGANISATIONS},
        places={spec["slug"]: place for spec in core_demo.PLACES},
        users=users,
    )
    _restore_migration_rows()
    for _label, module in core_demo.app_loaders():
        module.load(context)


@pytest.fixture
def demo_place(place, network, organisation, admin, coordinator, mediator, fabmanager, volunteer):
    """Place A filled by the demo loaders (in a thread: some use asyncio, which Playwright's loop blocks)."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def fill():
        try:
            fill_with_demo(
                place,
                network,
                organisation,
                {
                    "admin": admin,
                    "coordinator": coordinator,
                    "mediator": mediator,
                    "fabmanager": fabmanager,
                    "volunteer": volunteer,
                },
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as executor:
        executor.submit(fill).result()
    return place
