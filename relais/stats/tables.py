"""The indicator results as titled tables: one shape for pages, exports (CSV, XLSX, ODS) and the PDF."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from relais.stats import charts
from relais.stats.filters import StatsFilters
from relais.stats.labels import BREAKDOWN_TITLES
from relais.stats.mediation import LIST_FILTERS

PUBLIC_THRESHOLD = 5
HIDDEN_IN_PUBLIC = {"tag", "place", "autonomy_progress"}
# A table longer than this (a network of thousands of places, communes…) shows its first rows on the
# dashboard and in the PDF report, with the whole of it one click away (page, CSV, XLSX, ODS).
LONG_TABLE = 25
PREVIEW_ROWS = 20


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    links: list[str | None] = field(default_factory=list)
    chart: str | None = None
    series: bool = False  # a time series: always shown whole

    def export_rows(self) -> list[list]:
        return [[cell for cell in row] for row in self.rows]

    def linked_rows(self) -> list[tuple[list, str | None]]:
        links = self.links or [None] * len(self.rows)
        return list(zip(self.rows, links, strict=False))

    @property
    def is_long(self) -> bool:
        return not self.series and len(self.rows) > LONG_TABLE

    @property
    def preview(self) -> list[tuple[list, str | None]]:
        """The rows a dashboard or a report shows: the first ones of a long table (they come largest
        first), every row of another."""
        rows = self.linked_rows()
        return rows[:PREVIEW_ROWS] if self.is_long else rows

    @property
    def more(self) -> int:
        """How many rows the preview leaves out."""
        return len(self.rows) - PREVIEW_ROWS if self.is_long else 0


def _share(value) -> str:
    return "" if value is None else f"{value * 100:.1f} %"


def _list_urls(filters: StatsFilters):
    """The address of the activity list behind a number, for each of thousands of rows (a network's
    places): the common part is built once."""
    base = reverse("mediation:activity-list") + "?"
    common = filters.activity_list_params()
    plain = urlencode(common)

    def url(**extra) -> str:
        extra = {key: value for key, value in extra.items() if value not in (None, "")}
        if not extra:
            return base + plain
        if extra.keys() & common.keys():
            return base + filters.activity_list_query(**extra)
        return f"{base}{plain}&{urlencode(extra)}"

    return url


def _suppress(value, public: bool):
    return (
        f"< {PUBLIC_THRESHOLD}"
        if public and isinstance(value, int) and 0 < value < PUBLIC_THRESHOLD
        else value
    )


def mediation_tables(
    result: dict, filters: StatsFilters, *, links: bool, public: bool = False
) -> list[Table]:
    """Key figures, monthly and daily curves and every breakdown; `public` suppresses cells under 5."""
    list_url = _list_urls(filters) if links and not public else (lambda **extra: None)
    figures = [
        (_("Accompaniments"), result["accompaniments"], list_url()),
        (_("Individual accompaniments"), result["individual_accompaniments"], list_url(kind="individual")),
        (_("Participations in workshops"), result["collective_accompaniments"], list_url(kind="collective")),
        (_("Activities recorded"), result["activities"], list_url()),
        (_("Collective workshops"), result["workshops"], list_url(kind="collective")),
        (_("Beneficiaries accompanied"), result["beneficiaries"], None),
        (_("Followed beneficiaries"), result["followed_beneficiaries"], None),
        (_("Anonymous beneficiaries"), result["anonymous_beneficiaries"], None),
        (_("New beneficiaries"), result["new_beneficiaries"], None),
        (_("Referrals to another structure"), result["referrals"], None),
    ]
    progress = result["autonomy_progress"]
    if not public:
        figures += [
            (_("Followed beneficiaries rated twice or more"), progress["followed_rated_twice"], None),
            (_("… whose autonomy improved"), progress["improved"], None),
            (_("… whose autonomy stayed the same"), progress["stable"], None),
            (_("… whose autonomy declined"), progress["declined"], None),
        ]
    tables = [
        Table(
            "key_figures",
            _("Key figures"),
            [_("Indicator"), _("Value")],
            [[label, _suppress(value, public)] for label, value, _url in figures],
            [url for _label, _value, url in figures],
        )
    ]
    month_rows = [[row["month"], _suppress(row["accompaniments"], public)] for row in result["by_month"]]
    tables.append(
        Table(
            "by_month",
            _("Accompaniments per month"),
            [_("Month"), _("Accompaniments")],
            month_rows,
            series=True,
            chart=charts.columns(
                [(row["month"][2:], row["accompaniments"]) for row in result["by_month"]],
                title=_("Accompaniments per month"),
            ),
        )
    )
    if not public:
        tables.append(
            Table(
                "by_day",
                _("Accompaniments per day (last 30 days of the period)"),
                [_("Day"), _("Accompaniments")],
                [[row["date"], row["accompaniments"]] for row in result["by_day"]],
                series=True,
                chart=charts.columns(
                    [(row["date"][8:], row["accompaniments"]) for row in result["by_day"]],
                    title=_("Accompaniments per day (last 30 days of the period)"),
                ),
            )
        )
    for name, rows in result["breakdowns"].items():
        if public and name in HIDDEN_IN_PUBLIC:
            continue
        parameter = LIST_FILTERS.get(name)
        table = Table(
            name,
            str(BREAKDOWN_TITLES[name]),
            [_("Value"), _("Accompaniments"), _("Activities"), _("Share of accompaniments")],
            chart=charts.horizontal_bars(
                [(row["label"], row["accompaniments"]) for row in rows[:12]],
                title=str(BREAKDOWN_TITLES[name]),
            )
            if rows and not public
            else None,
        )
        for row in rows:
            hidden = public and row["accompaniments"] < PUBLIC_THRESHOLD
            table.rows.append(
                [
                    row["label"],
                    _suppress(row["accompaniments"], public),
                    _suppress(row["activities"], public) if not hidden else "",
                    "" if hidden else _share(row["share"]),
                ]
            )
            table.links.append(list_url(**{parameter: row["code"]}) if parameter and row["code"] else None)
        tables.append(table)
    return tables


def _rate(value) -> str:
    return "" if value is None else f"{value * 100:.1f} %"


def programme_tables(result: dict) -> list[Table]:
    figures = [
        (pgettext("programme sessions", "Sessions"), result["sessions"]),
        (_("Seats offered"), result["capacity"]),
        (pgettext("programme seats", "Seats taken"), result["taken"]),
        (_("Fill rate"), _rate(result["fill_rate"])),
        (pgettext("people attended", "Attended"), result["attended"]),
        (_("Attendance rate"), _rate(result["attendance_rate"])),
        (_("No-show rate"), _rate(result["no_show_rate"])),
        (_("Survey answers"), result["answers"]),
        (
            _("Mean satisfaction (out of 10)"),
            "" if result["satisfaction"] is None else result["satisfaction"],
        ),
        (_("Goal reached"), _rate(result["goal_reached_rate"])),
        (
            _("Recommendation (NPS)"),
            "" if result["recommendation_score"] is None else result["recommendation_score"],
        ),
    ]
    by_place = Table(
        "programme_by_place",
        _("Programme by place"),
        [
            _("Place"),
            pgettext("programme sessions", "Sessions"),
            _("Fill rate"),
            _("Attendance rate"),
            _("Mean satisfaction (out of 10)"),
        ],
        [
            [
                row["place"],
                row["sessions"],
                _rate(row["fill_rate"]),
                _rate(row["attendance_rate"]),
                "" if row["satisfaction"] is None else row["satisfaction"],
            ]
            # The busiest places first (a network of thousands of places shows its first ones).
            for row in sorted(result["by_place"], key=lambda row: -row["sessions"])
        ],
    )
    return [
        Table(
            "programme", _("Workshops and events"), [_("Indicator"), _("Value")], [list(f) for f in figures]
        ),
        by_place,
    ]


def fablab_tables(result: dict) -> list[Table]:
    rows = [
        [
            row["machine"],
            row["place"],
            row["bookings"],
            row["cancelled"],
            row["booked_hours"],
            row["hours_used"],
            f"{row['consumables_used']:g} {row['consumable_unit']}".strip(),
            _rate(row["availability"]),
            row["failures"],
            "" if row["mtbf_hours"] is None else row["mtbf_hours"],
            "" if row["mttr_hours"] is None else row["mttr_hours"],
        ]
        for row in result["by_machine"]
    ]
    return [
        Table(
            "fablab",
            _("Fablab machines"),
            [
                _("Machine"),
                _("Place"),
                _("Bookings"),
                pgettext("bookings cancelled", "Cancelled"),
                _("Hours booked"),
                _("Hours used"),
                _("Consumables used"),
                _("Availability"),
                _("Failures"),
                _("MTBF (hours)"),
                _("MTTR (hours)"),
            ],
            rows,
            chart=charts.horizontal_bars(
                [(row["machine"], row["hours_used"]) for row in result["by_machine"]]
            )
            if rows
            else None,
        )
    ]


def projects_presence_tables(projects: dict, presence: dict) -> list[Table]:
    tables = [
        Table(
            "projects",
            _("Projects by status"),
            [_("Status"), _("Projects")],
            [[row["label"], row["count"]] for row in projects["by_status"]],
        )
    ]
    if presence["audits"]:
        tables.append(
            Table(
                "presence",
                _("Digital presence: mean score by pillar (out of 100)"),
                [_("Pillar"), _("Mean score")],
                [[_("All pillars"), presence["mean_score"]]]
                + [
                    [row["label"], "" if row["mean_score"] is None else row["mean_score"]]
                    for row in presence["by_pillar"]
                ],
            )
        )
        tables.append(
            Table(
                "presence_trend",
                _("Digital presence: mean score per month"),
                [_("Month"), _("Mean score")],
                [[row["month"], row["mean_score"]] for row in presence["by_month"]],
                series=True,
                chart=charts.columns(
                    [(row["month"][2:], row["mean_score"] or 0) for row in presence["by_month"]],
                    title=_("Digital presence: mean score per month"),
                ),
            )
        )
    return tables
