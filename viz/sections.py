"""The review pack's sections as HTML markup. Every piece of data passes through `esc` on its way in."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from jointchron.viz.kinds import kind_label
from jointchron.viz.knowledge import known_by
from jointchron.viz.model import Lane, Link, PersonNode, ReviewFacts, uk_date
from jointchron.viz.people_svg import network_svg
from jointchron.viz.rows import lane_labels

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
MOST_NETWORKS = 24
SECTORS_SHOWN = {"social_care": "social care", "youth_justice": "youth justice"}


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _row(cells: Sequence[str], tag: str = "td") -> str:
    return "<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], caption: str = "", css: str = "") -> str:
    head = _row([esc(h) for h in headers], "th")
    cap = f'<caption class="muted">{esc(caption)}</caption>' if caption else ""
    body = "\n".join(_row(r) for r in rows)
    return f'<table class="{css}">{cap}<thead>{head}</thead><tbody>{body}</tbody></table>'


def header(facts: ReviewFacts, named: bool, made: str, focus: str | None) -> str:
    period = (
        f"{uk_date(facts.period_start)} to {uk_date(facts.period_end)}"
        if facts.period_start and facts.period_end
        else "not set"
    )
    privacy = (
        '<p class="status-missing">Contains real names (made with --named): keep it within the panel.</p>'
        if named
        else '<p class="muted">Pseudonymised: people are shown by pseudonym and names in text are replaced.</p>'
    )
    narrowed = f"<p>Narrowed to {esc(focus)} and the adults connected to them.</p>" if focus else ""
    return (
        f"<header><h1>{esc(facts.title)}</h1>"
        f"<p><strong>Review pack</strong> · jurisdiction: {esc(facts.jurisdiction.title() or '—')} · "
        f"period under review: {esc(period)} · made {esc(made)} by jointchron</p>{privacy}{narrowed}</header>"
    )


def contents(sections: Sequence[tuple[str, str]]) -> str:
    items = "".join(f'<li><a href="#{esc(anchor)}">{esc(title)}</a></li>' for anchor, title in sections)
    return f'<nav class="toc" aria-label="Contents"><ul>{items}</ul></nav>'


def summary(
    entries: Sequence[Mapping[str, Any]],
    gaps: Sequence[Mapping[str, Any]],
    lanes: Sequence[Lane],
    people: Sequence[PersonNode],
) -> str:
    records = sum(len(e.get("sources") or ()) for e in entries)
    merged = sum(1 for e in entries if len(e.get("agencies") or ()) > 1)
    discrepancies = sum(1 for e in entries if e.get("status") == "possible_discrepancy")
    children = sum(1 for p in people if p.role == "child")
    statuses = Counter(str(g.get("status")) for g in gaps)
    counts = [
        ("joint entries", len(entries)),
        ("agency records", records),
        ("merged from several agencies", merged),
        ("possible discrepancies", discrepancies),
        ("agencies", len({a for e in entries for a in e.get("agencies") or ()})),
        ("children", children),
        ("people", len(people)),
        ("gaps", len(gaps)),
        *((f"gaps {status}", n) for status, n in sorted(statuses.items())),
    ]
    tiles = "".join(f"<li><strong>{n:,}</strong>{esc(label)}</li>" for label, n in counts)
    per_agency = Counter(a for e in entries for a in e.get("agencies") or ())
    rows = [
        [esc(lane.name), esc(SECTORS_SHOWN.get(lane.sector, lane.sector)), f"{per_agency[lane.code]:,}"]
        for lane in lanes
    ]
    return f'<ul class="counts">{tiles}</ul><h3>Agencies</h3>' + _table(
        ["Agency", "Sector", "Entries recorded"], rows, css="agencies"
    )


def _link(
    index: Mapping[str, int], contact: Mapping[str, Any] | None, entries: Sequence[Mapping[str, Any]]
) -> str:
    if not contact:
        return "none"
    at = index.get(str(contact.get("contact_id")))
    text = esc(uk_date(contact.get("date")) or "?")
    if at is None:
        return text
    kind = esc(kind_label(str(contact.get("kind") or entries[at].get("kind") or "")))
    return f'<a href="#entry-{at}" data-entry="{at}">{text}</a> {kind}'


def ordered_gaps(gaps: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return sorted(
        gaps,
        key=lambda g: (
            SEVERITY_ORDER.get(str(g.get("severity")), 9),
            str((g.get("trigger") or {}).get("date") or ""),
            str(g.get("id")),
        ),
    )


def entry_positions(entries: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Contact id or entry id -> the entry's row in the chronology table."""
    found: dict[str, int] = {}
    for at, entry in enumerate(entries):
        if entry.get("id"):
            found[str(entry["id"])] = at
        for source in entry.get("sources") or ():
            found[str(source.get("contact_id"))] = at
    return found


def known_by_table(
    gaps: Sequence[Mapping[str, Any]], entries: Sequence[Mapping[str, Any]], lanes: Sequence[Lane]
) -> str:
    if not gaps:
        return "<p>No gaps to show.</p>"
    held = {str(k["gap"]): k for k in known_by(gaps, entries)}
    labels = lane_labels(lanes)
    rows = []
    for gap in ordered_gaps(gaps):
        known = held[str(gap.get("id"))]
        cells = [
            f'{esc(gap.get("title"))}<br><span class="muted">{esc(gap.get("child") or "")}</span>',
            esc(uk_date(known["by"]) or "—"),
        ]
        for lane in lanes:
            target = lane.code == gap.get("agency")
            if lane.code in known["held"]:
                cells.append('<span class="held">✓ held</span>')
            else:
                cells.append(
                    '<span class="not-held">✗ not held</span>' if target else '<span class="muted">–</span>'
                )
        rows.append(cells)
    return _table(
        ["Gap", "By (due date)", *(labels[lane.code] for lane in lanes)],
        rows,
        css="known-by",
        caption="An agency held the trigger if it recorded it, received it, sent it or took part in it, "
        "on or before the due date. ✗ marks the agency the gap says was not informed.",
    )


def networks(
    children: Sequence[str],
    people: Sequence[PersonNode],
    links: Sequence[Link],
    entry_counts: Mapping[str, int],
) -> str:
    if not children:
        return "<p>No child is registered in this review.</p>"
    chosen = sorted(children, key=lambda c: (-entry_counts.get(c, 0), c))[:MOST_NETWORKS]
    figures = "".join(
        f"<figure>{network_svg(child, people, links)}<figcaption>{esc(child)}</figcaption></figure>"
        for child in chosen
    )
    more = (
        f'<p class="muted">Showing the {MOST_NETWORKS} children with the most entries of {len(children)}.</p>'
        if len(children) > MOST_NETWORKS
        else ""
    )
    key = (
        '<p class="muted">Circles: children (filled). Squares: adults. Lines: recorded relationships, each named '
        "once; an arrow points from a parent or carer to the person they are parent of or care for.</p>"
    )
    return f'{key}<div class="networks">{figures}</div>{more}'


def chronology_table() -> str:
    """The searchable table's frame; the page's script fills it from the embedded entries."""
    return (
        '<div class="filters" role="search">'
        '<label for="filter-text">Search<input id="filter-text" type="search" size="30" '
        'placeholder="words in the summary, people, sources"></label>'
        '<label for="filter-agency">Agency<select id="filter-agency"><option value="">All agencies</option>'
        "</select></label>"
        '<label for="filter-kind">Kind<select id="filter-kind"><option value="">All kinds</option></select></label>'
        '<label for="filter-person">Person<select id="filter-person"><option value="">All children</option>'
        "</select></label>"
        '<button type="button" id="filter-clear">Clear filters</button></div>'
        '<p id="chronology-count" aria-live="polite"></p>'
        '<table class="chronology"><thead><tr><th>Date</th><th>Agencies</th><th>Kind</th><th>About</th>'
        "<th>Summary</th><th>Sources</th><th>Status</th></tr></thead>"
        '<tbody id="chronology-rows"></tbody></table>'
        '<button type="button" id="chronology-more" hidden>Show more</button>'
        "<noscript><p>The chronology table needs JavaScript; the same records are in chronology.csv.</p></noscript>"
    )
