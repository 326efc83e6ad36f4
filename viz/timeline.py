"""The swimlane timeline: a lane per agency, a mark per entry, a row of bars per gap rule, and an overview.

- **Lanes**: one per agency; each entry is a mark in the lane of every agency that recorded it, coloured
  by its kind's family and shaped by its kind (`jointchron.viz.kinds`); a dark outline marks an entry
  merged from several agencies' records; a date known only to the month, year or a range also gets a
  thin line over the days it may fall on. Key entries (the triggers of gaps) are larger and named on
  the chart (`jointchron.viz.labels`).
- **Gaps**: under the lanes, one thin bar per finding from its trigger to the date action was due, in rows
  under each rule's title (`jointchron.viz.findings`), never on top of one another.
- **Overview**: entries per week over the whole span. On the page it carries an interval brush, and the
  brush is the lanes' and the gaps' x domain: drag across it to zoom, drag the brush to pan,
  double-click it to see the whole span again (`jointchron.viz.span`).

Every panel's x axis is the review period: filters change what is drawn, never the scale. The still image
(`interactive=False`) is the same chart without parameters and without any hint to click or drag.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt

from jointchron.viz.findings import BAR_HEIGHT, STATUS_LABELS, GapPanel, gap_panel
from jointchron.viz.kinds import kind_order, kind_style
from jointchron.viz.labels import LINE, MARK_ROOM, Labelled, key_entries, label_key_entries, under_titles
from jointchron.viz.model import Lane, ordered_lanes, uk_date
from jointchron.viz.palette import BACKGROUND, GAP_STATUS, MUTED_TEXT, TEXT
from jointchron.viz.panel_layers import (
    RING_REACH,
    episode_layers,
    panel_datasets,
    panel_legend,
    significant_layers,
)
from jointchron.viz.rows import entry_rows, lane_labels, weekly_counts
from jointchron.viz.span import BRUSH, BRUSH_FIELD, DATE_FORMAT, chart_span, outside, time_axis, time_scale

View = alt.Chart | alt.LayerChart | alt.FacetChart
ENTRIES = "entries"
NAMES = "key_names"
GAPS = "gaps"
GAP_TITLES = "gap_titles"
WEEKS = "weeks"
LABEL_WIDTH = 720  # the narrowest plot the page draws (a 1,280 px screen leaves about 860): labels and gap bars are placed for it
WIDTH = 1000  # the still image's plot width
MARK_SIZE = 80
KEY_MARK_SIZE = 170
CANVAS_ABOVE = 10_000  # marks; above this the page draws on a canvas instead of SVG (DESIGN §10)
LONG_SUMMARY = 600  # characters of a summary a tooltip shows; the rest is in the chronology

# Filters shared by the lanes' and the gaps' layers: the person and agency drop-downs (empty = everyone).
PERSON_FILTER = "person == '' || indexof(datum.f || '', '|' + person + '|') >= 0"
AGENCY_FILTER = "agency == '' || datum.lane == agency"
GAP_AGENCY_FILTER = "agency == '' || indexof(datum.ln || '', '|' + agency + '|') >= 0"


def timeline_chart(
    entries: Sequence[Mapping[str, Any]],
    gaps: Sequence[Mapping[str, Any]],
    lanes: Sequence[Lane],
    circles: Mapping[str, Sequence[str]] | None = None,
    span: tuple[datetime.date, datetime.date] | None = None,
    width: int = WIDTH,
    interactive: bool = True,
    episodes: Sequence[Mapping[str, Any]] = (),
) -> alt.VConcatChart:
    """The timeline of `entries` (chronology records) and `gaps` (gap records) over `span` (default: the
    records' own dates), `width` px wide; `interactive=False` for a still image."""
    span = span or chart_span(None, None, entries, gaps)
    lanes = ordered_lanes(lanes)
    entry_data = entry_rows(entries, lanes, circles or {})
    codes = lane_labels(lanes)
    shown = {label for row in entry_data for label in row["a"]}
    labels = [label for label in codes.values() if label in shown]
    labels += sorted(shown - set(labels))
    # The panel's episodes write their titles along the top lane: names keep out of their way.
    titles = [(datetime.date.fromisoformat(str(e["from"])[:10]), str(e["title"])) for e in episodes]
    reserved = under_titles(titles, labels[0], span, LABEL_WIDTH) if labels else []
    # A ring round a significant entry (viz.panel_layers) reaches further than any mark: names keep beyond it.
    room = max(MARK_ROOM, RING_REACH + 1) if any(e.get("significant") for e in entries) else MARK_ROOM
    keys = key_entries(entries, gaps)
    labelled = label_key_entries(entry_data, keys, codes, span, LABEL_WIDTH, reserved, room)
    panel = gap_panel(gaps, lanes, span, LABEL_WIDTH)
    long_summaries = any(len(str(row["s"])) > LONG_SUMMARY for row in entry_data)
    for row in entry_data:
        if len(str(row["s"])) > LONG_SUMMARY:
            row["tip"] = str(row["s"])[:LONG_SUMMARY] + "… (the whole text is in the chronology)"

    kinds = kind_order({str(e["kind"]) for e in entries})
    views: list[View] = [
        _lanes_view(
            entry_data,
            labels,
            kinds,
            span,
            width,
            interactive,
            labelled,
            outside(entries, span),
            long_summaries,
            panel_legend(episodes, entries),
        ),
        *([_gaps_view(panel, span, width, interactive)] if panel.bars else []),
        _overview(span, width, interactive),
    ]
    # Each panel's key sits beside it: concatenated views otherwise share colour and stroke scales, whose
    # keys Vega-Lite then puts beside the whole chart.
    chart = alt.vconcat(*views, spacing=14).resolve_scale(
        color="independent", shape="independent", stroke="independent", fill="independent", size="independent"
    )
    if interactive:
        children = sorted(circles or {})
        person = alt.param(
            name="person",
            value="",
            bind=alt.binding_select(
                options=["", *children], labels=["All children", *children], name="Person "
            ),
        )
        agency = alt.param(
            name="agency",
            value="",
            bind=alt.binding_select(options=["", *labels], labels=["All agencies", *labels], name="Agency "),
        )
        chart = chart.add_params(person, agency)
    chart = styled(chart)
    # Set after styling: Altair copies a chart on every change, and these may be 100,000 rows.
    chart.datasets = {
        ENTRIES: entry_data,
        NAMES: labelled.names,
        GAPS: panel.bars,
        GAP_TITLES: panel.titles,
        WEEKS: weekly_counts(entries, span),
        **panel_datasets(episodes, entries, lanes),
    }
    return chart


def lane_height_for(labelled: Labelled) -> int:
    """A lane tall enough for its names' tiers (one or two each side of the marks) and the room they keep."""
    pairs = 1 if labelled.tiers <= 2 else 2
    return int(2 * (labelled.room + pairs * LINE + 1))


def _subtitle(labelled: Labelled, left_out: int, span: tuple[datetime.date, datetime.date]) -> list[str]:
    lines = [
        "Colour: the kind's family; shape: the kind (see the key). A dark outline: recorded by several "
        "agencies. Larger, named marks: the entries that triggered a gap."
    ]
    notes = []
    if left_out:
        notes.append(
            f"{left_out:,} {'entry' if left_out == 1 else 'entries'} outside "
            f"{uk_date(span[0])} to {uk_date(span[1])} {'is' if left_out == 1 else 'are'} not drawn."
        )
    if labelled.unlabelled:
        many = labelled.unlabelled
        notes.append(f"{many:,} key {'entry is' if many == 1 else 'entries are'} drawn larger without a name "
                     "(no room beside the others).")  # fmt: skip
    return lines + ([" ".join(notes)] if notes else [])


def _lanes_view(
    rows: list[dict[str, Any]],
    labels: list[str],
    kinds: list[str],
    span: tuple[datetime.date, datetime.date],
    width: int,
    interactive: bool,
    labelled: Labelled,
    left_out: int,
    long_summaries: bool,
    legend: Sequence[str] = (),
) -> View:
    styles = {kind: kind_style(kind) for kind in kinds}
    x = alt.X("d:T", title=None, scale=time_scale(span, interactive), axis=time_axis())
    y = alt.Y(
        "lane:N",
        title=None,
        sort=labels,
        scale=alt.Scale(domain=labels),
        axis=alt.Axis(labelLimit=220, labelFontSize=12, labelPadding=6),
    )
    lane_rows = alt.Chart(alt.NamedData(name=ENTRIES)).transform_flatten(["a"], as_=["lane"])
    if interactive:
        chosen_kinds = alt.selection_point(name="kinds", fields=["k"], bind="legend")
        lane_rows = lane_rows.transform_filter(PERSON_FILTER).transform_filter(AGENCY_FILTER)
        lane_rows = lane_rows.transform_filter(chosen_kinds)
    if long_summaries:
        lane_rows = lane_rows.transform_calculate(summary="datum.tip || datum.s")
    spans = (
        lane_rows.transform_filter("datum.e")
        .mark_rule(strokeWidth=2, color=MUTED_TEXT, opacity=0.7, clip=True)
        .encode(x=x, x2="e:T", y=y)
    )
    # Past ~10,000 marks the page draws on a canvas; the outline that tells merged entries apart would
    # double the drawing work there, so only smaller charts get it.
    small = len(rows) <= CANVAS_ABOVE
    marks = lane_rows.mark_point(filled=True, opacity=1, clip=True, strokeWidth=1.4 if small else 0).encode(
        x=x,
        y=y,
        color=alt.Color(
            "k:N",
            title="Kind",
            scale=alt.Scale(domain=[styles[k].label for k in kinds], range=[styles[k].colour for k in kinds]),
            legend=alt.Legend(columns=1, labelLimit=260, symbolSize=110, symbolStrokeWidth=0, orient="right"),
        ),
        shape=alt.Shape(
            "k:N",
            title="Kind",
            scale=alt.Scale(domain=[styles[k].label for k in kinds], range=[styles[k].shape for k in kinds]),
        ),
        size=alt.condition("datum.key", alt.value(KEY_MARK_SIZE), alt.value(MARK_SIZE)),
        tooltip=[
            alt.Tooltip("w:N", title="Date"),
            alt.Tooltip("ag:N", title="Agencies"),
            alt.Tooltip("k:N", title="Kind"),
            alt.Tooltip("p:N", title="About"),
            alt.Tooltip("summary:N" if long_summaries else "s:N", title="Summary"),
            alt.Tooltip("src:N", title="Sources"),
        ],
    )
    if small:
        # The subtitle says what the outline means: a legend of its own would push the kinds' key aside.
        marks = marks.encode(
            stroke=alt.Stroke("m:N", scale=alt.Scale(domain=[0, 1], range=[BACKGROUND, TEXT]), legend=None)
        )
    marks = marks.properties(name="entry_marks")
    if interactive:
        marks = marks.add_params(chosen_kinds)
    # Key entries' names, each over a white halo (a wider white copy drawn first) so grid lines and
    # uncertain-date lines never run through the text; filtered as the marks are.
    named = alt.Chart(alt.NamedData(name=NAMES))
    if interactive:
        named = named.transform_filter(PERSON_FILTER).transform_filter(AGENCY_FILTER)
        named = named.transform_filter(chosen_kinds)
    named = named.encode(x=x, y=y, text="lbl:N")
    halo = _names(named, BACKGROUND, halo=True)
    text = _names(named, TEXT)
    lane_height = lane_height_for(labelled)
    return alt.layer(*episode_layers(x), spans, halo, text, marks, *significant_layers(x, y)).properties(
        width=width,
        height=max(lane_height * 2, lane_height * len(labels)),
        title=alt.Title(
            "Joint chronology by agency",
            subtitle=[*_subtitle(labelled, left_out, span), *legend],
            anchor="start",
        ),
    )


def _names(named: alt.Chart, colour: str, halo: bool = False) -> alt.Chart:
    """Key entries' names at the place and alignment `viz.labels` gave each (its offset and baseline)."""
    drawn: alt.Chart = named.mark_text(
        color=colour,
        stroke=colour if halo else alt.Undefined,
        strokeWidth=3 if halo else alt.Undefined,
        fontSize=11,
        lineHeight=LINE,
        baseline=alt.ExprRef("datum.lb"),
        dy=alt.ExprRef("datum.lt"),
        align=alt.ExprRef("datum.la"),
        clip=True,
    )
    return drawn


def _gaps_view(
    panel: GapPanel, span: tuple[datetime.date, datetime.date], width: int, interactive: bool
) -> View:
    x = alt.X("d:T", title=None, scale=time_scale(span, interactive), axis=time_axis(labels=False))
    rows = alt.Scale(domain=[0, panel.height], range=[0, panel.height])  # pixels from the panel's top
    y = alt.Y("y:Q", title=None, axis=None, scale=rows)
    statuses = [s for s in GAP_STATUS if any(bar["status"] == s for bar in panel.bars)]
    statuses += sorted({bar["status"] for bar in panel.bars} - set(statuses))
    shown = [STATUS_LABELS.get(s, s.capitalize()) for s in statuses]
    fills = [GAP_STATUS.get(s, GAP_STATUS["pattern"])[0] for s in statuses]
    strokes = [GAP_STATUS.get(s, GAP_STATUS["pattern"])[1] for s in statuses]
    bars = alt.Chart(alt.NamedData(name=GAPS))
    if interactive:
        bars = bars.transform_filter(PERSON_FILTER).transform_filter(GAP_AGENCY_FILTER)
    drawn = (
        bars.mark_rect(strokeWidth=1.2, clip=True)
        .encode(
            x=x,
            x2="due:T",
            y=y,
            y2="y2:Q",
            fill=alt.Fill(
                "sl:N",
                title="Gap",
                scale=alt.Scale(domain=shown, range=fills),
                legend=alt.Legend(orient="right", symbolType="square", symbolSize=120),
            ),
            stroke=alt.Stroke("sl:N", title="Gap", scale=alt.Scale(domain=shown, range=strokes)),
            tooltip=[
                alt.Tooltip("title:N", title="Gap"),
                alt.Tooltip("sl:N", title="Status"),
                alt.Tooltip("child:N", title="Children"),
                alt.Tooltip("act:N", title="Agency to act"),
                alt.Tooltip("who:N", title="Agency left out"),
                alt.Tooltip("wd:N", title="Trigger"),
                alt.Tooltip("wdue:N", title="Due"),
                alt.Tooltip("x:N", title="Why"),
            ],
        )
        .properties(name="gap_bars")
    )
    # A dark tick at each trigger, so that a gap due the next day still shows where it began.
    ticks = (
        bars.transform_calculate(mid="(datum.y + datum.y2) / 2")
        .mark_tick(orient="vertical", thickness=2, size=BAR_HEIGHT + 4, color=TEXT, clip=True)
        .encode(x=x, y=alt.Y("mid:Q", title=None, axis=None, scale=rows))
    )
    titles = (
        alt.Chart(alt.NamedData(name=GAP_TITLES))
        .mark_text(align="left", baseline="alphabetic", fontSize=11, color=TEXT, limit=LABEL_WIDTH - 16)
        .encode(x=alt.value(8), y=y, text="t:N")
        .properties(name="gap_titles")
    )
    return alt.layer(drawn, ticks, titles).properties(
        width=width,
        height=panel.height,
        title=alt.Title(
            "Gaps",
            subtitle="One bar per finding, from the entry that triggered it to the date action was due.",
            anchor="start",
            fontSize=13,
        ),
    )


def _overview(span: tuple[datetime.date, datetime.date], width: int, interactive: bool) -> View:
    title = "Entries per week" + (": drag across to zoom the lanes and gaps above" if interactive else "")
    overview: alt.Chart = (
        alt.Chart(alt.NamedData(name=WEEKS))
        .mark_bar(color=MUTED_TEXT, clip=True)
        .encode(
            x=alt.X("w:T", title=title, scale=time_scale(span, brushed=False), axis=time_axis(title=title)),
            y=alt.Y("n:Q", title=None, axis=alt.Axis(tickCount=2)),
            tooltip=[
                alt.Tooltip("w:T", title="Week of", format=DATE_FORMAT),
                alt.Tooltip("n:Q", title="Entries"),
            ],
        )
        .properties(width=width, height=50, name="overview")
    )
    if interactive:
        overview = overview.add_params(alt.selection_interval(name=BRUSH, encodings=["x"]))
    assert BRUSH_FIELD == "w"  # the brush's extent is named by this view's x field
    return overview


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
        .configure_legend(
            labelColor=TEXT,
            titleColor=TEXT,
            labelFontSize=11,
            titleFontSize=12,
            titleLimit=0,
            labelLimit=0,
            symbolLimit=0,  # Vega-Lite drops entries past 30 without a word
        )
        .configure_title(color=TEXT, subtitleColor=MUTED_TEXT, fontSize=15, subtitleFontSize=11)
        .configure_view(stroke="#cccccc")
    )
    return configured


def mark_count(chart: alt.VConcatChart) -> int:
    """How many marks the chart draws (entries in every lane they appear in, plus gap bars)."""
    datasets = getattr(chart, "datasets", None) or {}
    entries = datasets.get(ENTRIES, []) if isinstance(datasets, dict) else []
    gaps = datasets.get(GAPS, []) if isinstance(datasets, dict) else []
    return sum(len(row["a"]) for row in entries) + len(gaps)
