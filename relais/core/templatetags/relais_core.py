import re

from django import template
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from relais.core.models import Role

register = template.Library()


@register.filter
def role_label(code: str) -> str:
    """The translated name of a role code (e.g. "mediator" → "Médiateur·rice")."""
    try:
        return Role(code).label
    except ValueError:
        return code


_OSM_DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
_DAY_NAMES = [
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
]
_DAY_RANGE = re.compile(r"^(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?$")
_TIME_RANGE = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


def _osm_days(text: str) -> str | None:
    parts = []
    for chunk in text.split(","):
        match = _DAY_RANGE.match(chunk)
        if match is None:
            return None
        first, last = match.groups()
        if last is None:
            parts.append(str(_DAY_NAMES[_OSM_DAYS.index(first)]))
        else:
            parts.append(
                _("%(first)s to %(last)s")
                % {
                    "first": _DAY_NAMES[_OSM_DAYS.index(first)],
                    "last": _DAY_NAMES[_OSM_DAYS.index(last)],
                }
            )
    return ", ".join(parts)


def _osm_times(text: str) -> str | None:
    if text == "off":
        return str(_("closed"))
    times = []
    for chunk in text.split(","):
        match = _TIME_RANGE.match(chunk)
        if match is None:
            return None
        times.append("{}:{}–{}:{}".format(*match.groups()))
    return ", ".join(times)


@register.filter
def opening_hours_lines(value: str) -> list[str] | None:
    """Common OpenStreetMap opening hours ("Tu-Fr 09:00-12:00; Sa 09:00-12:30") as readable lines.

    None when the text uses syntax beyond days and times, so the template shows it as it is.
    """
    lines = []
    for rule in filter(None, (part.strip() for part in (value or "").split(";"))):
        if rule == "24/7":
            lines.append(str(_("Open every day, day and night")))
            continue
        days, _space, times = rule.partition(" ")
        days_text, times_text = _osm_days(days), _osm_times(times.strip())
        if days_text is None or times_text is None:
            return None
        lines.append(capfirst(_("%(days)s: %(times)s") % {"days": days_text, "times": times_text}))
    return lines or None


@register.filter
def phone_display(value: str) -> str:
    """A French number in its usual spaced form (+33326771234 → 03 26 77 12 34); others unchanged."""
    if value and re.fullmatch(r"\+33[1-9]\d{8}", value):
        digits = "0" + value[3:]
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return value
