"""The swimlane timeline: one lane per agency, a mark per entry, red bands for gaps, and an overview.

Design decision (DESIGN §10: a brush-driven x domain and scale-bound zoom cannot share one x scale):
the overview strip under the lanes carries an interval brush, and the brush *is* the main chart's x
domain. Drag across the strip to zoom the lanes to that stretch, drag the brush to pan, double-click
the strip to see the whole period again. The lanes themselves are not wheel-zoomable:
a panel driving one shared screen gets one obvious way to zoom, and the strip always shows where
the zoomed view sits in the whole period.

A merged entry (one event recorded by several agencies) is drawn in the lane of each agency that
recorded it, as a diamond; a single agency's record is a circle. A date known only to the month,
year or a range also gets a thin line over the days it may fall on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt

from jointchron.viz.model import Lane, ordered_lanes
from jointchron.viz.palette import (
    BACKGROUND,
    GAP_FILL,
    GAP_STROKE,
    MUTED_TEXT,
    TEXT,
    kind_colour,
    kind_order,
)
from jointchron.viz.rows import entry_rows, gap_rows, lane_labels, weekly_counts

ENTRIES = "entries"
GAPS = "gaps"
WEEKS = "weeks"
DATE_FORMAT = "%d/%m/%Y"
LANE_HEIGHT = 34
CANVAS_ABOVE = 10_000  # marks; above this the page draws on a canvas instead of SVG (DESIGN §10)

# Filters shared by the lanes' layers: the person and agency drop-downs (empty = everyone).
PERSON_FILTER = "person == '' || indexof(datum.f || '', '|' + person + '|') >= 0"
AGENCY_FILTER = "agency == '' || datum.lane == agency"
MERGED_LABEL = "datum.value == 1 ? 'several agencies' : 'one agency'"


def timeline_chart(
    entries: Sequence[Mapping[str, Any]],
    gaps: Sequence[Mapping[str, Any]],
    lanes: Sequence[Lane],
    circles: Mapping[str, Sequence[str]] | None = None,
    width: int = 1000,
) -> alt.VConcatChart:
    """The interactive timeline of `entries` (chronology records) and `gaps` (gap records)."""
    lanes = ordered_lanes(lanes)
    entry_data = entry_rows(entries, lanes, circles or {})
    gap_data = gap_rows(gaps, lanes)
    shown = {label for row in entry_data for label in row["a"]} | {row["lane"] for row in gap_data}
    labels = [label for label in lane_labels(lanes).values() if label in shown]
    labels += sorted(shown - set(labels))
    children = sorted(circles or {})
    kinds = kind_order({row["k"] for row in entry_data})

    person = alt.param(
        name="person",
        value="",
        bind=alt.binding_select(options=["", *children], labels=["All children", *children], name="Person "),
    )
    agency = alt.param(
        name="agency",
        value="",
        bind=alt.binding_select(options=["", *labels], labels=["All agencies", *labels], name="Agency "),
    )
    brush = alt.selection_interval(name="brush", encodings=["x"])
    chosen_kinds = alt.selection_point(name="kinds", fields=["k"], bind="legend")

    x = alt.X(
        "d:T",
        title=None,
        scale=alt.Scale(type="utc", domain=brush, padding=8),
        axis=alt.Axis(format=DATE_FORMAT, labelOverlap=True, grid=True),
    )
    y = alt.Y(
        "lane:N",
        title=None,
        sort=labels,
        scale=alt.Scale(domain=labels),
        axis=alt.Axis(labelLimit=220, labelFontSize=12),
    )

    bands = (
        alt.Chart(alt.NamedData(name=GAPS))
        .transform_filter(PERSON_FILTER)
        .transform_filter(AGENCY_FILTER)
        .mark_rect(fill=GAP_FILL, fillOpacity=0.16, stroke=GAP_STROKE, strokeWidth=1.5, clip=True)
        .encode(
            x=x,
            x2="due:T",
            y=y,
            tooltip=[
                alt.Tooltip("title:N", title="Gap"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("child:N", title="Child"),
                alt.Tooltip("who:N", title="Agency left out"),
                alt.Tooltip("wd:N", title="Trigger"),
                alt.Tooltip("wdue:N", title="Due"),
                alt.Tooltip("x:N", title="Why"),
            ],
        )
    )
    lane_rows = (
        alt.Chart(alt.NamedData(name=ENTRIES))
        .transform_flatten(["a"], as_=["lane"])
        .transform_filter(PERSON_FILTER)
        .transform_filter(AGENCY_FILTER)
        .transform_filter(chosen_kinds)
    )
    spans = (
        lane_rows.transform_filter("datum.e")
        .mark_rule(strokeWidth=2, color=MUTED_TEXT, opacity=0.7, clip=True)
        .encode(x=x, x2="e:T", y=y)
    )
    # Past ~10,000 marks the page draws on a canvas; the white outline that separates touching marks
    # would double the drawing work there, so only small charts get it.
    small = len(entry_data) <= CANVAS_ABOVE
    marks = (
        lane_rows.mark_point(
            filled=True,
            size=90,
            opacity=0.9,
            clip=True,
            stroke=BACKGROUND if small else alt.Undefined,
            strokeWidth=0.8 if small else alt.Undefined,
        )
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "k:N",
                title="Kind (click to filter)",
                scale=alt.Scale(domain=kinds, range=[kind_colour(k) for k in kinds]),
                legend=alt.Legend(columns=1, symbolType="circle", labelLimit=200),
            ),
            shape=alt.Shape(
                "m:N",
                title="Recorded by",
                scale=alt.Scale(domain=[0, 1], range=["circle", "diamond"]),
                legend=alt.Legend(labelExpr=MERGED_LABEL),
            ),
            tooltip=[
                alt.Tooltip("w:N", title="Date"),
                alt.Tooltip("ag:N", title="Agencies"),
                alt.Tooltip("k:N", title="Kind"),
                alt.Tooltip("p:N", title="About"),
                alt.Tooltip("s:N", title="Summary"),
                alt.Tooltip("src:N", title="Sources"),
            ],
        )
        .add_params(chosen_kinds)
        .properties(name="entry_marks")
    )
    main = alt.layer(bands, spans, marks).properties(
        width=width,
        height=max(LANE_HEIGHT * 2, LANE_HEIGHT * len(labels)),
        title=alt.Title(
            "Joint chronology by agency",
            subtitle="Red bands: a gap, from its trigger to the date "
            "action was due. Drag across the strip below to zoom.",
            anchor="start",
        ),
    )
    overview = (
        alt.Chart(alt.NamedData(name=WEEKS))
        .mark_bar(color=MUTED_TEXT)
        .encode(
            x=alt.X(
                "w:T",
                title="Entries per week: drag here to zoom the lanes above",
                scale=alt.Scale(type="utc"),
                axis=alt.Axis(format=DATE_FORMAT, labelOverlap=True),
            ),
            y=alt.Y("n:Q", title=None, axis=alt.Axis(tickCount=2)),
            tooltip=[
                alt.Tooltip("w:T", title="Week of", format=DATE_FORMAT),
                alt.Tooltip("n:Q", title="Entries"),
            ],
        )
        .add_params(brush)
        .properties(width=width, height=50, name="overview")
    )
    chart = styled(alt.vconcat(main, overview, spacing=12).add_params(person, agency))
    # Set after styling: Altair copies a chart on every change, and these may be 100,000 rows.
    chart.datasets = {ENTRIES: entry_data, GAPS: gap_data, WEEKS: weekly_counts(entries)}
    return chart


def styled(chart: alt.VConcatChart) -> alt.VConcatChart:
    """Readable type and dark text on white, for a shared screen and for print."""
    configured: alt.VConcatChart = (
        chart.configure(background=BACKGROUND, font="DejaVu Sans, Arial, sans-serif")
        .configure_axis(
            labelColor=TEXT,
            titleColor=TEXT,
            labelFontSize=11,
            titleFontSize=12,
            domainColor=MUTED_TEXT,
            tickColor=MUTED_TEXT,
            gridColor="#e6e6e6",
        )
        .configure_legend(labelColor=TEXT, titleColor=TEXT, labelFontSize=11, titleFontSize=12)
        .configure_title(color=TEXT, subtitleColor=MUTED_TEXT, fontSize=15)
        .configure_view(stroke="#cccccc")
    )
    return configured


def mark_count(chart: alt.VConcatChart) -> int:
    """How many marks the chart draws (entries in every lane they appear in, plus gap bands)."""
    datasets = getattr(chart, "datasets", None) or {}
    entries = datasets.get(ENTRIES, []) if isinstance(datasets, dict) else []
    gaps = datasets.get(GAPS, []) if isinstance(datasets, dict) else []
    return sum(len(row["a"]) for row in entries) + len(gaps)
