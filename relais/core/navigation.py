"""The main menu, assembled from the apps: each AppConfig may declare `navigation`.

    navigation = [NavItem(_("Activities"), "mediation:activity-list", roles={"mediator", "admin"})]

`roles=None` shows the item to every signed-in user; `public=True` shows it to everyone, signed in or not.
Each app may also offer panels for the signed-in home page: a `home.py` module with
`panels(request) -> list[Panel]`.
"""

import importlib
from dataclasses import dataclass, field

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] | set[str] | None = None
    public: bool = False


@dataclass
class Panel:
    """A block on the signed-in home page, rendered with `template` and `context`."""

    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def relais_apps():
    return [config for config in apps.get_app_configs() if config.name.startswith("relais.")]


# The menu groups apps by the three blocks of the mediator's job, then reporting.
MENU_GROUPS = {
    "core": "network",
    "accounts": "network",
    "mediation": "accompany",
    "programme": "accompany",
    "fablab": "make",
    "projects": "make",
    "presence": "territory",
    "knowledge": "territory",
    "opendata": "territory",
    "stats": "report",
}
GROUP_LABELS = {
    "network": _("Places and team"),
    "accompany": _("Accompany"),
    "make": _("Make together"),
    "territory": _("Presence and knowledge"),
    "report": _("Indicators"),
}


def menu_groups(items: list[dict]) -> list[dict]:
    """Items grouped for the header: a group of one item is shown as a plain link."""
    groups: dict[str, dict] = {}
    for item in items:
        key = MENU_GROUPS.get(item["app"], "")
        group = groups.setdefault(
            key or item["url"], {"label": GROUP_LABELS.get(key, ""), "items": [], "active": False}
        )
        group["items"].append(item)
        group["active"] = group["active"] or item["active"]
    return list(groups.values())


def menu(request: HttpRequest) -> list[dict]:
    # Imported here so that apps can import NavItem in their apps.py before the models are loaded.
    from relais.core.scoping import roles_of_user

    user = request.user
    roles = roles_of_user(user)
    items = []
    for config in relais_apps():
        for item in getattr(config, "navigation", []):
            if item.public or (user.is_authenticated and (item.roles is None or roles & set(item.roles))):
                try:
                    url = reverse(item.url_name)
                except NoReverseMatch:
                    # An app may declare its menu before its pages exist: never show a dead link.
                    continue
                items.append(
                    {
                        "label": item.label,
                        "url": url,
                        "active": request.path.startswith(url),
                        "app": config.label,
                    }
                )
    return items


def home_panels(request: HttpRequest) -> list[Panel]:
    panels: list[Panel] = []
    for config in relais_apps():
        try:
            module = importlib.import_module(f"{config.name}.home")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.home":
                raise
            continue
        panels.extend(module.panels(request))
    return sorted(panels, key=lambda panel: panel.order)
