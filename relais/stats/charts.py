"""Server-rendered SVG charts (the same markup in pages and PDF reports); the data table goes beside.

Built as strings with every label escaped: a template per bar would cost more than the queries.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

INK, BAR, AXIS = "#1e1e1e", "#2f5d8a", "#595959"


def _svg(title: str, width: int, height: int, body: list[str]) -> SafeString:
    return mark_safe(  # noqa: S308  (every piece of text is escaped above)
        f'<svg class="stats-chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


def _short(label: str, size: int = 28) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def horizontal_bars(rows: list[tuple[str, float]], *, title: str = "", width: int = 480) -> SafeString:
    """Bars in the given order, label on the left, value at the end of the bar."""
    bar, gap, label_width, value_width = 18, 6, 200, 50
    top = max((value for _label, value in rows), default=0) or 1
    room = width - label_width - value_width
    body = []
    for index, (label, value) in enumerate(rows):
        y = index * (bar + gap)
        length = room * value / top
        body.append(
            f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end" font-size="11" fill="{INK}">'
            f"{escape(_short(str(label)))}</text>"
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar}" fill="{BAR}"></rect>'
            f'<text x="{label_width + length + 4:.1f}" y="{y + 13}" font-size="11" fill="{INK}">'
            f"{value:g}</text>"
        )
    return _svg(title, width, max(len(rows) * (bar + gap), bar), body)


def columns(
    rows: list[tuple[str, float]], *, title: str = "", width: int = 640, height: int = 180
) -> SafeString:
    """Vertical columns for a time series; axis labels are thinned out to stay readable."""
    bottom = height - 22
    top = max((value for _label, value in rows), default=0) or 1
    step = width / max(len(rows), 1)
    every = max(1, len(rows) // 12)
    body = [f'<line x1="0" y1="{bottom}" x2="{width}" y2="{bottom}" stroke="{AXIS}"></line>']
    for index, (label, value) in enumerate(rows):
        size = (bottom - 14) * value / top
        x = index * step + step * 0.15
        body.append(
            f'<rect x="{x:.1f}" y="{bottom - size:.1f}" width="{step * 0.7:.1f}" height="{size:.1f}" '
            f'fill="{BAR}"><title>{escape(str(label))} : {value:g}</title></rect>'
        )
        if index % every == 0:
            body.append(
                f'<text x="{x:.1f}" y="{bottom + 14}" font-size="10" fill="{INK}">{escape(str(label))}</text>'
            )
    return _svg(title, width, height, body)
