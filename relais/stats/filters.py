"""The filters shared by the dashboards, the exports, the PDF report and the API, and the viewer's scope."""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from relais.core.models import Membership, Place
from relais.core.scoping import IDENTITY_ROLES, STAFF_ROLES, places_for_user, roles_of_user
from relais.mediation.models import Tag
from relais.mediation.vocabularies import ActivityKind, Theme

PERIODS = [
    ("this_month", _("This month")),
    ("last_month", _("Last month")),
    ("last_12_months", _("Last 12 months")),
    ("this_year", _("This year")),
    ("last_year", _("Last year")),
    ("custom", _("Custom dates")),
]


def period_bounds(preset: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    first_of_month = today.replace(day=1)
    if preset == "this_month":
        return first_of_month, today
    if preset == "last_month":
        end = first_of_month - datetime.timedelta(days=1)
        return end.replace(day=1), end
    if preset == "this_year":
        return today.replace(month=1, day=1), today
    if preset == "last_year":
        return datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31)
    start = first_of_month.replace(year=first_of_month.year - 1)
    start = (start + datetime.timedelta(days=32)).replace(day=1)
    return start, today


@dataclass
class StatsFilters:
    """What to count: a period, the places in scope and optional narrower criteria."""

    start: datetime.date
    end: datetime.date
    place_ids: list[int] = field(default_factory=list)
    author: int | None = None
    kind: str = ""
    theme: str = ""
    tag: int | None = None

    def activity_list_params(self) -> dict:
        params = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        for name in ("kind", "theme", "author", "tag"):
            if getattr(self, name):
                params[name] = getattr(self, name)
        if len(self.place_ids) == 1:
            params["place"] = self.place_ids[0]
        return params

    def activity_list_query(self, **extra) -> str:
        """Query string of the mediation activity list showing the rows behind a number."""
        params = self.activity_list_params()
        params.update({key: value for key, value in extra.items() if value not in (None, "")})
        return urlencode(params)

    def as_query(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "place_ids": self.place_ids,
            "author": self.author,
            "kind": self.kind,
            "theme": self.theme,
            "tag": self.tag,
        }


class ScopePlace(NamedTuple):
    """What the filters read of a place in the viewer's scope."""

    pk: int
    name: str
    organisation_id: int
    network_id: int | None


def stats_places(user) -> list[ScopePlace]:
    """The places whose indicators the user may see, by name, as plain values (a national network has
    thousands of them)."""
    places = places_for_user(user, STAFF_ROLES).order_by("name")
    return [
        ScopePlace(*values)
        for values in places.values_list("pk", "name", "organisation_id", "organisation__parent_id")
    ]


class LongSelect(forms.Select):
    """A select that may hold thousands of options (the places and mediators of a national network),
    written in one pass rather than through one template per option.

    Past `SEARCH_FROM` places or people it comes with a search box (shown by the page's script, so nothing
    changes without it) that narrows the options to those matching every typed word, and says how
    many are left."""

    SEARCH_FROM = 20

    def __init__(self, *args, search_label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.search_label = search_label

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        options, listed = [], 0
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            listed += bool(option_value)
            mark = " selected" if option_value in selected else ""
            options.append(f'<option value="{escape(option_value)}"{mark}>{escape(label)}</option>')
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        select = f"<select{flatatt(final_attrs)}>{''.join(options)}</select>"
        select_id = final_attrs.get("id")
        if listed <= self.SEARCH_FROM or not select_id or not self.search_label:
            return mark_safe(select)  # noqa: S308
        search = flatatt(
            {
                "type": "search",
                "id": f"{select_id}-search",
                "class": "option-search",
                "aria-label": str(self.search_label),
                "placeholder": str(self.search_label),
                "aria-controls": select_id,
                "aria-describedby": f"{select_id}-count",
                "autocomplete": "off",
                "data-relais-option-filter": select_id,
                # One text for one option left, one for several: "{count}" stands for the number.
                "data-relais-count-one": str(_("{count} option left in the list")),
                "data-relais-count-many": str(_("{count} options left in the list")),
                "hidden": True,
            }
        )
        count = f'<span id="{escape(select_id)}-count" class="visually-hidden" role="status"></span>'
        return mark_safe(f"<input{search}>{count}{select}")  # noqa: S308


def is_mediator_only(user) -> bool:
    """A mediator (or fab manager) with no coordinator or admin role: their dashboard is their own work."""
    roles = roles_of_user(user)
    return bool(roles & IDENTITY_ROLES) and not roles & {"admin", "coordinator"} and not user.is_superuser


class StatsFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False, initial="last_12_months")
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.ModelChoiceField(
        label=_("Place"),
        queryset=Place.objects.none(),
        required=False,
        widget=LongSelect(search_label=_("Search a place")),
    )
    author = forms.ModelChoiceField(
        label=_("Mediator"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=LongSelect(search_label=_("Search a mediator")),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", pgettext_lazy("filter choice", "All"))] + ActivityKind.choices,
        required=False,
    )
    theme = forms.ChoiceField(
        label=_("Theme"),
        choices=[("", pgettext_lazy("filter choice", "All"))] + Theme.choices,
        required=False,
    )
    tag = forms.ModelChoiceField(label=_("Tag"), queryset=Tag.objects.none(), required=False)

    def __init__(self, *args, user, places: list[ScopePlace], **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.places = list(places)
        place_ids = [place.pk for place in self.places]
        self.fields["place"].queryset = Place.objects.filter(pk__in=place_ids).order_by("name").only("name")
        self.fields["place"].empty_label = _("All my places")
        organisation_ids = {p.organisation_id for p in self.places} | {
            p.network_id for p in self.places if p.network_id
        }
        # From the memberships, not the activities: scanning a million activities for names is too slow.
        members = Membership.objects.active().filter(
            Q(place_id__in=place_ids) | Q(organisation_id__in=organisation_ids), role__in=IDENTITY_ROLES
        )
        authors = get_user_model().objects.filter(pk__in=members.values("user_id"))
        if is_mediator_only(user):
            authors = get_user_model().objects.filter(pk=user.pk)
            self.fields["author"].empty_label = None
        self.fields["author"].queryset = authors.order_by("first_name", "last_name").only(
            "first_name", "last_name", "email"
        )
        if not is_mediator_only(user):
            self.fields["author"].empty_label = _("All mediators")
        self.fields["tag"].queryset = Tag.objects.filter(place_id__in=place_ids) | Tag.objects.filter(
            organisation_id__in=organisation_ids
        )
        self.fields["tag"].empty_label = pgettext_lazy("filter choice", "All")
        # Thousands of places and mediators in a national network: their options are read as plain
        # values (the fields keep their querysets to validate what is chosen).
        self.fields["place"].widget.choices = [
            ("", self.fields["place"].empty_label),
            *((place.pk, place.name) for place in self.places),
        ]
        people = self.fields["author"].queryset.values_list("pk", "first_name", "last_name", "email")
        empty = self.fields["author"].empty_label
        self.fields["author"].widget.choices = [
            *([("", empty)] if empty is not None else []),
            *((pk, f"{first} {last}".strip() or email) for pk, first, last, email in people),
        ]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end of the period comes before its start."))
        return data

    def _author(self, data) -> int | None:
        if is_mediator_only(self.user):
            return self.user.pk
        return data["author"].pk if data.get("author") else None

    def to_filters(self) -> StatsFilters:
        data = self.cleaned_data if self.is_valid() else {}
        today = timezone.localdate()
        start, end = period_bounds(data.get("period") or "last_12_months", today)
        if data.get("period") == "custom" or (
            not data.get("period") and (data.get("start") or data.get("end"))
        ):
            start = data.get("start") or start
            end = data.get("end") or end
        place = data.get("place")
        return StatsFilters(
            start=start,
            end=end,
            place_ids=[place.pk] if place else [p.pk for p in self.places],
            author=user_pk if (user_pk := self._author(data)) else None,
            kind=data.get("kind") or "",
            theme=data.get("theme") or "",
            tag=data["tag"].pk if data.get("tag") else None,
        )
