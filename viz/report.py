"""The review pack: one self-contained HTML file a panel can open anywhere, and the timeline page.

Sections: the review (title, period, agencies, counts); the timeline; the gaps, each with its
explanation, basis and links to its trigger and follow-up rows; which agencies held each gap's
trigger by its due date; contacts per agency per month (silences); the people around each child;
and the joint chronology as a table the page can search and filter. The chronology's records are embedded
once and shared by the timeline and the table.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import altair as alt

from jointchron.domain.text import visible
from jointchron.viz import sections
from jointchron.viz.data import ReviewData
from jointchron.viz.gap_findings import gaps_section
from jointchron.viz.heatmap import heatmap_chart, monthly_counts
from jointchron.viz.html import Page, asset, chart_div, chart_page, chart_payload
from jointchron.viz.kinds import kind_label, kind_order
from jointchron.viz.model import uk_date
from jointchron.viz.rows import lane_labels
from jointchron.viz.timeline import CANVAS_ABOVE, ENTRIES, LABEL_WIDTH, mark_count, timeline_chart

WIDTH = 1000
# What the page says about reading the interactive timeline (the still image carries no such hint).
HOW_TO_READ = (
    "Hover a mark or a gap for its details. Click a kind in the key to show only that kind (shift-click to "
    "add or remove kinds). Drag across the strip at the bottom to zoom the lanes and gaps; double-click it "
    "to see the whole period again."
)
SECTIONS = (
    ("review", "The review"),
    ("timeline", "Timeline"),
    ("gaps", "Gaps"),
    ("known-by", "Who held the trigger"),
    ("silences", "Contacts per month"),
    ("people", "People around each child"),
    ("chronology", "Joint chronology"),
)


def renderer_for(chart: alt.VConcatChart) -> str:
    """SVG for a readable page of marks; canvas above ~10,000 marks, where SVG slows to a crawl."""
    return "canvas" if mark_count(chart) > CANVAS_ABOVE else "svg"


def timeline(data: ReviewData, width: int = LABEL_WIDTH, interactive: bool = True) -> alt.VConcatChart:
    """The timeline; on a page it starts `width` px wide and then follows the page's width."""
    return timeline_chart(
        data.entries,
        data.gaps,
        data.lanes,
        data.circles,
        data.span,
        width=width,
        interactive=interactive,
        episodes=data.episodes,
    )


def timeline_html(data: ReviewData) -> str:
    """The `jointchron chart` page: the interactive timeline alone."""
    chart = timeline(data)
    about = f" · {data.focus} and connected adults" if data.focus else ""
    intro = f"{len(data.entries):,} entries, {len(data.gaps):,} gaps{about}. {HOW_TO_READ}"
    return chart_page(f"{data.facts.title}: timeline", chart, renderer_for(chart), intro, fit=LABEL_WIDTH)


def report_html(
    data: ReviewData, made: datetime.date | None = None, extra: Sequence[tuple[str, str, str]] = ()
) -> str:
    """The review pack as one HTML page; `extra`: further sections (anchor, title, escaped HTML), such as
    the panel's episodes, judgements and questions (jointchron/exports/pack.py)."""
    chart = timeline(data)
    timeline_payload = chart_payload(chart, renderer_for(chart), fit=LABEL_WIDTH)
    shared = {ENTRIES: timeline_payload["datasets"].pop(ENTRIES)}
    timeline_payload["datasets"][ENTRIES] = ENTRIES  # the page hands the shared rows to the chart
    facts = data.facts
    counts = monthly_counts(data.entries, data.lanes, facts.period_start, facts.period_end)
    circles = data.circles
    per_child = Counter(person for entry in data.entries for person in entry.get("subjects") or ())
    section_bodies = {
        "review": sections.summary(data.entries, data.gaps, data.lanes, data.people),
        "gaps": gaps_section(data.gaps, data.findings, data.rules, data.problems, data.entries, data.lanes),
        "known-by": sections.known_by_table(data.gaps, data.entries, data.lanes),
        "timeline": f'<p class="muted">{sections.esc(HOW_TO_READ)}</p>'
        + chart_div("timeline", "Timeline of the joint chronology by agency"),
        "silences": chart_div("silences", "Contacts per agency per month"),
        "people": sections.networks(sorted(circles), data.people, data.links, per_child),
        "chronology": sections.chronology_table(),
    }
    section_bodies.update({anchor: body for anchor, _, body in extra})
    shown = [*SECTIONS[:3], *((anchor, title) for anchor, title, _ in extra), *SECTIONS[3:]]
    body = (
        sections.header(facts, data.named, uk_date(made or datetime.date.today()), data.focus)
        + sections.contents(shown)
        + "<main>"
        + "".join(
            f'<section id="{anchor}" aria-labelledby="{anchor}-title"><h2 id="{anchor}-title">{sections.esc(title)}'
            f"</h2>{section_bodies[anchor]}</section>"
            for anchor, title in shown
        )
        + "</main>"
    )
    page_data: dict[str, Any] = {
        "charts": {"timeline": timeline_payload, "silences": chart_payload(heatmap_chart(counts, WIDTH))},
        "shared": shared,
        "table": {
            "agencies": list(lane_labels(data.lanes).values()),
            "kinds": [kind_label(k) for k in kind_order({str(e["kind"]) for e in data.entries})],
            "children": sorted(circles),
        },
    }
    return Page(
        title=f"{facts.title}: review pack", body=body, data=page_data, scripts=[asset("report.js")]
    ).render()


def write_timeline(data: ReviewData, path: Path, png: Path | None = None, svg: Path | None = None) -> None:
    """Writes the timeline page, and optionally a PNG and an SVG of the chart for a written report."""
    _write(path, timeline_html(data))
    if png is not None or svg is not None:
        spec = drawable(timeline(data, WIDTH, interactive=False).to_dict())
        import vl_convert

        if png is not None:
            png.parent.mkdir(parents=True, exist_ok=True)
            png.write_bytes(vl_convert.vegalite_to_png(spec, scale=2))
        if svg is not None:
            _write(svg, vl_convert.vegalite_to_svg(spec))


def write_report(
    data: ReviewData,
    path: Path,
    made: datetime.date | None = None,
    extra: Sequence[tuple[str, str, str]] = (),
) -> None:
    _write(path, report_html(data, made, extra))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def timeline_png(data: ReviewData, width: int = WIDTH) -> bytes:
    """The timeline as a still image for a written pack (Word, PDF), as `chart --png` draws it."""
    import vl_convert

    return bytes(
        vl_convert.vegalite_to_png(drawable(timeline(data, width, interactive=False).to_dict()), scale=2)
    )


def drawable(spec: Any) -> Any:
    """The chart's spec with control characters in its texts written out (`\\x1b`): a still image is drawn
    as SVG, which is XML and cannot hold them (the HTML page shows them inert as they are)."""
    if isinstance(spec, str):
        return visible(spec)
    if isinstance(spec, dict):
        return {key: drawable(value) for key, value in spec.items()}
    if isinstance(spec, list):
        return [drawable(value) for value in spec]
    return spec
