"""Contacts per agency per month: the heat map that shows silences.

Counts are made here, in Python, one cell per agency and month (a few hundred rows whatever the
size of the review), and every month of the period is present, so a month in which an agency
recorded nothing shows as an empty white cell rather than disappearing.
"""

from __future__ import annotations

import datetime
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt

from jointchron.viz.model import Lane, ordered_lanes
from jointchron.viz.palette import CELL_EDGE, HEAT_SCHEME, SILENCE, TEXT, contrast
from jointchron.viz.rows import lane_labels
from jointchron.viz.timeline import styled

MONTHS = "months"
NO_CONTACT = "none"


def _month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], _month(first)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def monthly_counts(
    entries: Sequence[Mapping[str, Any]],
    lanes: Sequence[Lane],
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> list[dict[str, Any]]:
    """One row per lane and month from `start` to `end` (default: the entries' span): lane, month, n.

    An entry merged from several agencies' records counts once in each of their lanes.
    """
    lanes = ordered_lanes(lanes)
    labels = lane_labels(lanes)
    days = [datetime.date.fromisoformat(e["date"][:10]) for e in entries]
    if not days and (start is None or end is None):
        return []
    first = start or min(days)
    last = end or max(days)
    counts: Counter[tuple[str, datetime.date]] = Counter()
    for entry, day in zip(entries, days, strict=True):
        for code in entry.get("agencies") or [entry["agency"]]:
            counts[(code, _month(day))] += 1
    codes = [lane.code for lane in lanes] + sorted({c for c, _ in counts} - {lane.code for lane in lanes})
    return [
        {"lane": labels.get(code, code), "m": f"{month:%m/%Y}", "n": counts[(code, month)]}
        for code in codes
        for month in _months(first, last)
    ]


def contact_levels(peak: int) -> list[tuple[int, int]]:
    """Bands of monthly counts, widening as they go (1-2, 3-5, …) so a busy month does not wash out the rest."""
    bands, low = [], 1
    for k in range(1, len(HEAT_SCHEME) + 1):
        if low > peak:
            break
        high = max(low, math.ceil(peak ** (k / len(HEAT_SCHEME))))
        bands.append((low, high))
        low = high + 1
    return bands


def _level_name(band: tuple[int, int]) -> str:
    return str(band[0]) if band[0] == band[1] else f"{band[0]}–{band[1]}"


def heatmap_chart(counts: Sequence[Mapping[str, Any]], width: int = 1000) -> alt.VConcatChart:
    """The heat map of `monthly_counts` rows: agencies down, months across, an empty cell for no contact."""
    lanes = list(dict.fromkeys(row["lane"] for row in counts))
    months = list(dict.fromkeys(row["m"] for row in counts))
    bands = contact_levels(max([int(row["n"]) for row in counts] or [1]))
    colours = [
        HEAT_SCHEME[round(i * (len(HEAT_SCHEME) - 1) / max(1, len(bands) - 1))] for i in range(len(bands))
    ]
    names = [NO_CONTACT, *(_level_name(b) for b in bands)]
    fills = [SILENCE, *colours]
    ink = {
        name: ("#ffffff" if contrast(fill, "#ffffff") >= contrast(fill, TEXT) else TEXT)
        for name, fill in zip(names, fills, strict=True)
    }
    rows = []
    for row in counts:
        n = int(row["n"])
        name = NO_CONTACT if n == 0 else next(_level_name(b) for b in bands if b[0] <= n <= b[1])
        rows.append({**row, "lv": name, "ink": ink[name]})
    base = alt.Chart(alt.NamedData(name=MONTHS)).encode(
        x=alt.X(
            "m:O",
            title=None,
            sort=months,
            axis=alt.Axis(labelAngle=0 if len(months) <= 18 else -45, labelOverlap=True),
        ),
        y=alt.Y("lane:N", title=None, sort=lanes, axis=alt.Axis(labelLimit=220)),
        tooltip=[
            alt.Tooltip("lane:N", title="Agency"),
            alt.Tooltip("m:N", title="Month"),
            alt.Tooltip("n:Q", title="Contacts"),
        ],
    )
    cells = base.mark_rect(stroke=CELL_EDGE, strokeWidth=0.5).encode(
        color=alt.Color(
            "lv:N",
            title="Contacts that month",
            scale=alt.Scale(domain=names, range=fills),
            legend=alt.Legend(symbolType="square", symbolStrokeColor=CELL_EDGE),
        )
    )
    labels = (
        base.transform_filter("datum.n > 0")
        .mark_text(fontSize=9)
        .encode(text=alt.Text("n:Q"), color=alt.Color("ink:N", scale=None))
    )
    step = max(14, min(60, width // max(1, len(months))))
    chart = alt.vconcat(
        alt.layer(cells, labels).properties(
            width=alt.Step(step),
            height=alt.Step(22),
            title=alt.Title(
                "Contacts per agency per month",
                subtitle="An empty cell: the agency recorded no contact that month.",
                anchor="start",
            ),
        )
    )
    chart = styled(chart)
    chart.datasets = {MONTHS: rows}
    return chart
