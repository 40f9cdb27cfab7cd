"""Production settings: refuse to start unconfigured, and pass Django's deployment checklist."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-production-secret-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "relais.example.org",
    "SITE_URL": "https://relais.example.org",
}


def run_relais(*args: str, **env: str) -> subprocess.CompletedProcess:
    ignored = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {key: value for key, value in os.environ.items() if key not in ignored}
    base["VAR_DIR"] = env.pop("VAR_DIR")
    return subprocess.run(
        [sys.executable, "-m", "relais", *args],
        env={**base, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_secret_key_refuses_to_start_with_a_clear_message(tmp_path):
    env = {**PRODUCTION, "VAR_DIR": str(tmp_path)}
    del env["SECRET_KEY"]

    result = run_relais("check", **env)

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_without_allowed_hosts_refuses_to_start(tmp_path):
    env = {**PRODUCTION, "VAR_DIR": str(tmp_path)}
    del env["ALLOWED_HOSTS"]

    result = run_relais("check", **env)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = run_relais("check", "--deploy", "--fail-level", "WARNING", VAR_DIR=str(tmp_path), **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
