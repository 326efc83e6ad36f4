"""The stretch of time the timeline spans, and the date axis every panel of it shares.

The axis spans the review period (or the `--from`/`--to` window the chart was asked for), whatever the
filters show: a person, agency or kind filter changes which marks are drawn, never the scale, so the
lanes, the gaps and the overview stay aligned and a still image ends at the period's end. The one
thing that moves the lanes' axis is the brush on the overview strip (DESIGN §10: a brush-driven domain
and scale-bound zoom cannot share a scale, so there is no wheel zoom); when the brush is cleared the
axis is the whole span again.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt

DATE_FORMAT = "%d/%m/%Y"
EDGE = 8  # px between the plot's edge and the first or last day, so a mark there is drawn whole
BRUSH = "brush"
BRUSH_FIELD = "w"  # the overview's field, by which Vega-Lite names the brush's extent


def chart_span(
    start: datetime.date | None,
    end: datetime.date | None,
    entries: Sequence[Mapping[str, Any]] = (),
    gaps: Sequence[Mapping[str, Any]] = (),
) -> tuple[datetime.date, datetime.date]:
    """`start`..`end` (the review period or the asked-for window); a missing end is taken from the records'
    dates, and with no records either, the current calendar year."""
    if start is not None and end is not None:
        return (start, end) if start <= end else (end, start)
    days = [datetime.date.fromisoformat(str(e["date"])[:10]) for e in entries if e.get("date")]
    days += [
        datetime.date.fromisoformat(str((g.get("trigger") or {}).get("date"))[:10])
        for g in gaps
        if (g.get("trigger") or {}).get("date")
    ]
    if start is not None:
        days.append(start)
    if end is not None:
        days.append(end)
    if not days:
        year = datetime.date.today().year
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    first, last = min(days), max(days)
    return (first, last) if first < last else (first, first + datetime.timedelta(days=1))


def outside(entries: Sequence[Mapping[str, Any]], span: tuple[datetime.date, datetime.date]) -> int:
    """How many entries fall outside the span (they are not drawn; the subtitle says so)."""
    first, last = span[0].isoformat(), span[1].isoformat()
    return sum(1 for e in entries if not first <= str(e["date"])[:10] <= last)


def _utc(day: datetime.date) -> alt.DateTime:
    return alt.DateTime(year=day.year, month=day.month, date=day.day, utc=True)


def time_scale(span: tuple[datetime.date, datetime.date], brushed: bool) -> alt.Scale:
    """The span as a fixed domain; with `brushed`, the overview's brush overrides it while it is set."""
    return alt.Scale(
        type="utc",
        domain=[_utc(span[0]), _utc(span[1])],
        domainRaw=alt.ExprRef(f'{BRUSH}["{BRUSH_FIELD}"]') if brushed else alt.Undefined,
        range=[EDGE, alt.ExprRef(f"width - {EDGE}")],
        padding=0,
        nice=False,
    )


def time_axis(labels: bool = True, title: str | None = None) -> alt.Axis:
    return alt.Axis(
        format=DATE_FORMAT,
        tickCount=alt.ExprRef("ceil(width / 110)"),  # about a tick per 110 px, however wide the page
        labelOverlap=True,
        grid=True,
        labels=labels,
        ticks=labels,
        domain=labels,
        title=title,
    )
