"""Everything a chart or the review pack shows, read once from the read model.

The only module of `viz` that touches DuckDB; it goes through the projection queries and hands
the rest of the package plain values (entry and gap records, lanes, people, relationships).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import duckdb

from jointchron.projections.agencies import review_agencies
from jointchron.projections.chronology import ChronologyQuery, chronology, resolve_person
from jointchron.projections.panel import read_panel
from jointchron.projections.people import canonical_people, people, relationships
from jointchron.projections.privacy import Pseudonymiser
from jointchron.projections.review import review_record
from jointchron.viz.model import Lane, Link, PersonNode, ReviewFacts, ordered_lanes
from jointchron.viz.network import circles
from jointchron.viz.span import chart_span


@dataclass(frozen=True)
class ReviewData:
    facts: ReviewFacts
    lanes: list[Lane]
    entries: list[dict[str, Any]]
    gaps: list[dict[str, Any]]
    people: list[PersonNode]
    links: list[Link]
    named: bool = False
    focus: str | None = None  # the person the data was narrowed to, as shown
    window: tuple[datetime.date | None, datetime.date | None] = (None, None)  # --from, --to

    @functools.cached_property
    def span(self) -> tuple[datetime.date, datetime.date]:
        """What the timeline spans: the asked-for window, else the review period (see viz.span)."""
        return chart_span(
            self.window[0] or self.facts.period_start,
            self.window[1] or self.facts.period_end,
            self.entries,
            self.gaps,
        )

    # The panel's key practice episodes, as shown.
    episodes: list[dict[str, Any]] = field(default_factory=list)
    # The findings grouping `gaps`, the rules in force (each assessable or not) and the data problems.
    findings: list[dict[str, Any]] = field(default_factory=list)
    rules: list[dict[str, Any]] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)

    @functools.cached_property
    def circles(self) -> dict[str, list[str]]:
        """Each child and the adults connected to them (the person filter)."""
        return circles(self.people, self.links)


def review_facts(con: duckdb.DuckDBPyConnection) -> ReviewFacts:
    row = review_record(con)
    if row is None:
        return ReviewFacts("Review", "", None, None)
    return ReviewFacts(str(row[0]), str(row[1]), row[2], row[3])


def lanes(con: duckdb.DuckDBPyConnection) -> list[Lane]:
    return ordered_lanes(Lane(str(c), str(n or c), str(s or "other")) for c, n, s in review_agencies(con))


def register(
    con: duckdb.DuckDBPyConnection, named: bool, on: datetime.date | None
) -> tuple[list[PersonNode], list[Link], Pseudonymiser]:
    """People as shown (pseudonym or name) with their role in the period, and their relationships."""
    canonical = canonical_people(con)
    everyone = people(con)
    privacy = Pseudonymiser(everyone, canonical, named=named)
    nodes = [
        PersonNode(privacy.person(str(p.id)), p.role_on(on) if on else p.role)
        for p in everyone
        if canonical.get(str(p.id), str(p.id)) == str(p.id)
    ]
    links = [
        Link(privacy.person(a), str(relation), privacy.person(b)) for a, relation, b in relationships(con)
    ]
    return nodes, links, privacy


def gather(
    con: duckdb.DuckDBPyConnection,
    query: ChronologyQuery,
    gaps: Sequence[Mapping[str, Any]] = (),
    findings: Sequence[Mapping[str, Any]] = (),
    rules: Sequence[Mapping[str, Any]] = (),
    problems: Sequence[Mapping[str, Any]] = (),
) -> ReviewData:
    """The review's entries for `query` (its person: the person's circle, not only their own
    entries), its gaps (and the findings that group them) narrowed the same way, the rules in force,
    and the people around the children."""
    facts = review_facts(con)
    nodes, links, privacy = register(con, query.named, facts.period_start)
    facts = replace(facts, title=privacy.text(facts.title))  # the page's <title> and heading
    entries = chronology(con, replace(query, person=None))
    chosen = [dict(g) for g in gaps]
    focus = None
    if query.person:
        focus = privacy.person(resolve_person(con, query.person))
        circle = {focus, *circles(nodes, links).get(focus, [])}
        entries = [e for e in entries if circle & set(e["subjects"])]
        ids = {s["contact_id"] for e in entries for s in e["sources"]}
        # A gap about a child belongs to that child's chart; one about no child, to its trigger's.
        chosen = [
            g
            for g in chosen
            if (g["child"] in circle if g.get("child") else (g.get("trigger") or {}).get("contact_id") in ids)
        ]
    if query.agency:
        chosen = [
            g for g in chosen if query.agency in (g.get("agency"), (g.get("trigger") or {}).get("agency"))
        ]
    if query.date_from:
        start = query.date_from.isoformat()
        chosen = [
            g for g in chosen if str(g.get("due") or (g.get("trigger") or {}).get("date") or "") >= start
        ]
    if query.date_to:
        end = query.date_to.isoformat()
        chosen = [g for g in chosen if str((g.get("trigger") or {}).get("date") or "") <= end]
    kept = {g["id"] for g in chosen}
    grouped = [dict(f) for f in findings if kept.intersection(f["gaps"])]
    window = (query.date_from, query.date_to)
    data = ReviewData(facts, lanes(con), entries, chosen, nodes, links, query.named, focus, window,
                      episodes_shown(con, privacy))  # fmt: skip
    return replace(
        data, findings=grouped, rules=[dict(r) for r in rules], problems=[dict(p) for p in problems]
    )


def episodes_shown(con: duckdb.DuckDBPyConnection, privacy: Pseudonymiser) -> list[dict[str, Any]]:
    """The panel's episodes not withdrawn, titles and summaries as every other text is shown."""
    panel = read_panel(con)
    return [
        {"id": e.id, "title": privacy.text(e.title), "summary": privacy.text(e.summary),
         "from": e.date_from.isoformat(), "to": e.date_to.isoformat()}
        for e in sorted(panel.episodes.values(), key=lambda e: e.date_from)
        if e.withdrawn is None
    ]  # fmt: skip
