"""Everything a dashboard, an export or a report shows for one viewer, scope and period."""

import datetime

import tablib
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from relais.stats.fablab import fablab_indicators
from relais.stats.filters import StatsFilters
from relais.stats.mediation import mediation_indicators
from relais.stats.others import presence_indicators, projects_indicators
from relais.stats.programme import programme_indicators
from relais.stats.tables import (
    Table,
    fablab_tables,
    mediation_tables,
    programme_tables,
    projects_presence_tables,
)

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def build(filters: StatsFilters, *, links: bool = True) -> dict:
    mediation = mediation_indicators(filters)
    programme = programme_indicators(filters)
    fablab = fablab_indicators(filters)
    projects = projects_indicators(filters)
    presence = presence_indicators(filters)
    return {
        "mediation": mediation,
        "programme": programme,
        "fablab": fablab,
        "mediation_tables": mediation_tables(mediation, filters, links=links),
        "programme_tables": programme_tables(programme),
        "fablab_tables": fablab_tables(fablab) if fablab["machines"] else [],
        "other_tables": projects_presence_tables(projects, presence),
    }


def all_tables(report: dict) -> list[Table]:
    tables = report["mediation_tables"] + report["programme_tables"] + report["fablab_tables"]
    return tables + report["other_tables"]


def export(table: Table, fmt: str, *, scope: str, filters: StatsFilters) -> bytes:
    """One table as CSV, XLSX or ODS, headed by its scope and period (as the national tool's exports)."""
    dataset = tablib.Dataset(headers=[str(column) for column in table.columns], title=table.key[:31])
    for row in table.export_rows():
        dataset.append([cell if isinstance(cell, int | float) else str(cell) for cell in row])
    if fmt == "csv":
        head = tablib.Dataset(headers=[str(_("Scope")), scope])
        head.append([str(_("Period")), f"{filters.start.isoformat()} – {filters.end.isoformat()}"])
        return (head.export("csv") + "\r\n" + dataset.export("csv")).encode("utf-8-sig")
    book = tablib.Databook()
    meta = tablib.Dataset(title=str(_("About"))[:31], headers=[str(_("Scope")), scope])
    meta.append([str(_("Period")), f"{filters.start.isoformat()} – {filters.end.isoformat()}"])
    meta.append([str(_("Table")), str(table.title)])
    book.add_sheet(dataset)
    book.add_sheet(meta)
    return book.export(fmt)


def render_pdf(
    report: dict, *, scope: str, filters: StatsFilters, commentary: str, today: datetime.date
) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "stats/report.html",
        {"report": report, "scope": scope, "filters": filters, "commentary": commentary, "today": today},
    )
    return HTML(string=html).write_pdf()
