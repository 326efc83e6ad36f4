"""The gaps report (DESIGN §7): read the case from the read model, run the rulebook, write records."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import duckdb

from jointchron.domain.errors import JointchronError
from jointchron.domain.person import Person
from jointchron.projections.chronology import agency_names, resolve_person
from jointchron.projections.collector import collector_paused
from jointchron.projections.entries import Entry, joint_entries
from jointchron.projections.gaps.casefile import Case
from jointchron.projections.gaps.engine import Gap, evaluate
from jointchron.projections.gaps.explain import Explainer, describe_rule
from jointchron.projections.gaps.graph import Link, RelationshipGraph
from jointchron.projections.gaps.rulebook import Rulebook, load_rulebook
from jointchron.projections.people import canonical_people, people

SEVERITIES: Final[tuple[str, ...]] = ("high", "medium", "low")


@dataclass(frozen=True)
class GapsQuery:
    rulebook: str | None = None  # a built-in name or a TOML file; default: the review's jurisdiction
    person: str | None = None
    severity: str | None = None  # one severity, or several separated by commas
    named: bool = False


def load_case(con: duckdb.DuckDBPyConnection, period_start: datetime.date, period_end: datetime.date) -> Case:
    """The case as the rules see it: joint entries, the register as canonical people, relationships."""
    canonical = canonical_people(con)
    everyone = {str(p.id): p for p in people(con)}
    persons: dict[str, Person] = {pid: p for pid, p in everyone.items() if canonical.get(pid, pid) == pid}
    # A merged person keeps the date of birth or role that only one of its records carried.
    for pid, person in everyone.items():
        target = persons.get(canonical.get(pid, pid))
        if target is None or target is person:
            continue
        update = {
            k: getattr(person, k)
            for k in ("dob", "role")
            if getattr(target, k) is None and getattr(person, k)
        }
        if update:
            persons[str(target.id)] = target.model_copy(update=update)
    links = [
        Link(canonical.get(a, a), relation, canonical.get(b, b), start, end)
        for a, relation, b, start, end in con.execute(
            "SELECT from_person, relation, to_person, from_date, to_date FROM relationships ORDER BY id"
        ).fetchall()
    ]
    return Case(
        entries=joint_entries(con),
        people=persons,
        graph=RelationshipGraph(links, persons),
        sectors=dict(con.execute("SELECT code, sector FROM agencies").fetchall()),
        agency_names=agency_names(con),
        period_start=period_start,
        period_end=period_end,
    )


def find_gaps(
    con: duckdb.DuckDBPyConnection,
    jurisdiction: str,
    period_start: datetime.date,
    period_end: datetime.date,
    query: GapsQuery,
) -> list[dict[str, Any]]:
    """Every gap the rulebook finds, as the JSON records of DESIGN §7, ordered by trigger date."""
    severities = _severities(query.severity)
    rulebook = load_rulebook(query.rulebook, jurisdiction)
    with collector_paused():
        case = load_case(con, period_start, period_end)
        gaps = evaluate(rulebook, case)
    if query.person:
        person = resolve_person(con, query.person)
        gaps = [g for g in gaps if person in (g.child, g.adult) or person in g.children]
    if severities:
        gaps = [g for g in gaps if g.rule.severity in severities]
    explainer = Explainer(rulebook, shown(case.people, query.named), case.agency_names, period_end)
    with collector_paused():
        return [record(g, rulebook, explainer) for g in gaps]


def shown(persons: Mapping[str, Person], named: bool) -> Callable[[str], str]:
    """How gaps name a person: as the chronology does (`Pseudonymiser.person`), without building its
    text-scrubbing pattern over every name in the register, which gaps never need."""

    def person(person_id: str) -> str:
        found = persons.get(person_id)
        if found is None:
            return "Unknown person"
        return found.names[0] if named and found.names else found.pseudonym

    return person


def rules_in_force(rulebook: Rulebook) -> list[dict[str, str]]:
    """Each rule in words (`jointchron rules`), with the rulebook it belongs to."""
    about = {"rulebook": rulebook.name, "rulebook_title": rulebook.title or rulebook.name}
    return [{**describe_rule(rule, rulebook), **about} for rule in rulebook.rules]


def _severities(text: str | None) -> set[str]:
    if not text:
        return set()
    chosen = {s.strip().lower() for s in text.split(",") if s.strip()}
    unknown = chosen - set(SEVERITIES)
    if unknown:
        raise JointchronError(
            f"unknown severity {sorted(unknown)[0]!r}; use {', '.join(SEVERITIES)} (or several, e.g. high,medium)"
        )
    return chosen


def reference(entry: Entry) -> dict[str, Any]:
    """How a gap points at an entry of the joint chronology (its `id`) and one agency record behind it."""
    return {
        "contact_id": entry.sources[0].contact_id,
        "entry_id": entry.id,
        "date": entry.date.iso(),
        "precision": entry.date.precision,
        "agency": entry.agency,
        "agencies": list(entry.agencies),
        "kind": entry.kind,
    }


def record(gap: Gap, rulebook: Rulebook, explainer: Explainer) -> dict[str, Any]:
    rule = gap.rule
    person = explainer.person
    working = rule.within is None or rule.within.in_working_days
    return {
        "id": gap.id,
        "rule": rule.id,
        "title": rule.title,
        "severity": rule.severity,
        "status": gap.status,
        "child": person(gap.child) if gap.child else None,
        "children": [person(c) for c in gap.children],
        "adult": person(gap.adult) if gap.adult else None,
        "agency": gap.agency,
        "trigger": reference(gap.trigger),
        "triggers": [reference(t) for t in gap.triggers],
        "due": gap.due.isoformat() if gap.due else None,
        "follow_up": reference(gap.follow_up) if gap.follow_up else None,
        "days_late": gap.days_late,
        "days_late_unit": ("working days" if working else "calendar days")
        if gap.days_late is not None
        else None,
        "missing": list(gap.missing),
        "date_uncertain": gap.date_uncertain,
        "explanation": explainer.sentence(gap),
        "basis": rule.basis,
        "rulebook": rulebook.name,
    }
