"""Extract translatable strings app by app (needs GNU gettext's xgettext).

Each app keeps its French catalogue in `relais/<app>/locale/fr/LC_MESSAGES/django.po`, built from the
app's Python code and its templates (`templates/<app>/`, plus `templates/emails/<app>/` if present).
The project-wide catalogue `locale/` holds config/, core's code and the shared templates; accounts keeps
its own (`templates/accounts/`, `templates/registration/`, `templates/emails/accounts/`). Splitting per
app lets people work on several apps at once without fighting over one file.

Usage: python scripts/make_messages.py [app ...]
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_TEMPLATES = ["base.html", "components", "django", "core"]
ACCOUNTS_TEMPLATES = ["accounts", "registration", "emails/accounts"]


def sources(app: str) -> dict[str, Path]:
    if app == "core":
        links = {"config": ROOT / "config", "relais_core": ROOT / "relais" / "core"}
        for name in SHARED_TEMPLATES:
            links[f"templates_{name.replace('/', '_')}"] = ROOT / "templates" / name
        return links
    if app == "accounts":
        links = {"relais_accounts": ROOT / "relais" / "accounts"}
        for name in ACCOUNTS_TEMPLATES:
            links[f"templates_{name.replace('/', '_')}"] = ROOT / "templates" / name
        return links
    links = {f"relais_{app}": ROOT / "relais" / app}
    for candidate in (ROOT / "templates" / app, ROOT / "templates" / "emails" / app):
        links[f"templates_{candidate.parent.name}_{app}"] = candidate
    return links


def extract(app: str) -> None:
    locale = ROOT / "locale" if app == "core" else ROOT / "relais" / app / "locale"
    (locale / "fr" / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, target in sources(app).items():
            if target.exists():
                (Path(tmp) / name).symlink_to(target)
        (Path(tmp) / "locale").symlink_to(locale)
        env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
        command = [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "fr",
            "--symlinks",
            "--no-obsolete",
            "--ignore",
            "relais_*/locale/*",
            "--ignore",
            "*/tests/*",
            "--ignore",
            "*/migrations/*",
        ]
        subprocess.run(command, cwd=tmp, env=env, check=True)
    print(f"{app}: {locale / 'fr' / 'LC_MESSAGES' / 'django.po'}")


def main(apps: list[str]) -> None:
    all_apps = ["core"] + sorted(
        path.name
        for path in (ROOT / "relais").iterdir()
        if (path / "apps.py").exists() and path.name != "core"
    )
    for app in apps or all_apps:
        extract(app)


if __name__ == "__main__":
    main(sys.argv[1:])
