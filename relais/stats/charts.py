"""Server-rendered SVG charts (the same markup in pages and PDF reports); the data table goes beside."""

from dataclasses import dataclass


@dataclass
class Bar:
    label: str
    value: float
    x: float
    y: float
    width: float
    height: float


def horizontal_bars(rows: list[tuple[str, float]], *, width: int = 480, bar: int = 18, gap: int = 6) -> dict:
    """Bars sorted as given, label on the left, value at the end of the bar."""
    label_width, value_width = 190, 50
    top = max((value for _label, value in rows), default=0) or 1
    room = width - label_width - value_width
    bars = [
        Bar(str(label), value, label_width, index * (bar + gap), room * value / top, bar)
        for index, (label, value) in enumerate(rows)
    ]
    return {
        "width": width,
        "height": max(len(rows) * (bar + gap), bar),
        "bars": bars,
        "label_x": label_width - 6,
    }


def columns(rows: list[tuple[str, float]], *, width: int = 640, height: int = 180) -> dict:
    """Vertical columns for a time series; the axis labels are thinned out to stay readable."""
    bottom = height - 22
    top = max((value for _label, value in rows), default=0) or 1
    step = width / max(len(rows), 1)
    every = max(1, len(rows) // 12)
    bars = [
        Bar(
            str(label) if index % every == 0 else "",
            value,
            index * step + step * 0.15,
            bottom - (bottom - 14) * value / top,
            step * 0.7,
            (bottom - 14) * value / top,
        )
        for index, (label, value) in enumerate(rows)
    ]
    return {"width": width, "height": height, "bars": bars, "bottom": bottom, "top": top}
