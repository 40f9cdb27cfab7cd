from django.apps import apps
from django.test import RequestFactory

from relais.core.navigation import NavItem, menu


def test_menu_shows_core_items_by_role(mediator, coordinator):
    request = RequestFactory().get("/")

    request.user = mediator
    labels = [str(item["label"]) for item in menu(request) if item["app"] == "core"]
    assert len(labels) == 1  # places only

    request.user = coordinator
    labels = [str(item["label"]) for item in menu(request) if item["app"] == "core"]
    assert len(labels) == 2  # places and organisations


def test_menu_skips_items_whose_page_does_not_exist(mediator, monkeypatch):
    config = apps.get_app_config("core")
    monkeypatch.setattr(
        config, "navigation", [*config.navigation, NavItem("Absent", "core:page-that-does-not-exist")]
    )
    request = RequestFactory().get("/")
    request.user = mediator

    assert "Absent" not in [str(item["label"]) for item in menu(request)]
