import httpx
import pytest

from relais.knowledge.services import watch


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Feeds are never fetched from the network in tests: every request answers 404 unless overridden."""

    def refuse(request):
        return httpx.Response(404)

    monkeypatch.setattr(watch, "http_client", lambda: httpx.Client(transport=httpx.MockTransport(refuse)))
    monkeypatch.setattr(watch, "check_public_address", lambda url: None)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
