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
from jointchron.projections.gaps.engine import Assessment, DataProblem, Gap, assess
from jointchron.projections.gaps.explain import Explainer
from jointchron.projections.gaps.findings import Finding, finding_id, findings_of
from jointchron.projections.gaps.graph import Link, RelationshipGraph
from jointchron.projections.gaps.rule_words import describe_rule, not_assessable_why
from jointchron.projections.gaps.rulebook import Rulebook, load_rulebook
from jointchron.projections.gaps.summaries import finding_sentence, problem_sentence
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


@dataclass(frozen=True)
class GapReport:
    """Everything `jointchron gaps` and the review pack show: gaps, findings, the rules in force
    (with whether the records can support each), and the records that contradict themselves."""

    gaps: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    rules: list[dict[str, Any]]
    problems: list[dict[str, Any]]

    @property
    def not_assessable(self) -> list[dict[str, Any]]:
        return [r for r in self.rules if not r["assessable"]]

    def showing(self, gaps: list[dict[str, Any]]) -> GapReport:
        """The report with only these of its gaps (the panel's judgements on them), and their findings."""
        kept = {g["id"] for g in gaps}
        findings = [{**f, "gaps": [i for i in f["gaps"] if i in kept]} for f in self.findings]
        return GapReport(gaps, [f for f in findings if f["gaps"]], self.rules, self.problems)


def find_gaps(
    con: duckdb.DuckDBPyConnection,
    jurisdiction: str,
    period_start: datetime.date,
    period_end: datetime.date,
    query: GapsQuery,
) -> list[dict[str, Any]]:
    """Every gap the rulebook finds, as the JSON records of DESIGN §7, ordered by trigger date."""
    return gap_report(con, jurisdiction, period_start, period_end, query).gaps


def gap_report(
    con: duckdb.DuckDBPyConnection,
    jurisdiction: str,
    period_start: datetime.date,
    period_end: datetime.date,
    query: GapsQuery,
) -> GapReport:
    """The gaps, their findings, the rules in force and the data problems, for `query`."""
    severities = _severities(query.severity)
    rulebook = load_rulebook(query.rulebook, jurisdiction)
    with collector_paused():
        case = load_case(con, period_start, period_end)
        assessment = assess(rulebook, case)
    gaps = assessment.gaps
    if query.person:
        person = resolve_person(con, query.person)
        gaps = [g for g in gaps if person in (g.child, g.adult) or person in g.children]
    if severities:
        gaps = [g for g in gaps if g.rule.severity in severities]
    explainer = Explainer(rulebook, shown(case.people, query.named), case.agency_names, period_end)
    order = {rule.id: n for n, rule in enumerate(rulebook.rules)}
    with collector_paused():
        findings = findings_of(gaps, subject_child(con, case), order)
        return GapReport(
            gaps=[record(g, rulebook, explainer) for g in gaps],
            findings=[finding_record(f, rulebook, explainer) for f in findings],
            rules=_rules(rulebook, assessment),
            problems=[problem_record(p, explainer) for p in assessment.problems],
        )


def subject_child(con: duckdb.DuckDBPyConnection, case: Case) -> str | None:
    """The child the review is about: the one its title names (reviews are titled by the child's
    pseudonym, "Child Bk"), else the child most entries are about."""
    row = con.execute("SELECT title FROM review").fetchone()
    title = f" {row[0].casefold()} " if row and row[0] else ""
    children = [pid for pid, p in case.people.items() if p.role == "child" or p.dob is not None]
    named = [
        pid for pid in children if f" {case.people[pid].pseudonym.casefold()} " in title.replace("(", " ")
    ]
    if named:
        return sorted(named, key=lambda pid: -len(case.people[pid].pseudonym))[0]
    counts: dict[str, int] = {}
    for entry in case.entries:
        for person in entry.subjects:
            if person in case.people and case.graph.is_child(person, entry.date.earliest):
                counts[person] = counts.get(person, 0) + 1
    return min(counts, key=lambda pid: (-counts[pid], case.people[pid].pseudonym)) if counts else None


def _rules(rulebook: Rulebook, assessment: Assessment) -> list[dict[str, Any]]:
    unjudged = {rule.id for rule in assessment.not_assessable}
    return [
        {**r, "assessable": r["id"] not in unjudged,
         "why": not_assessable_why(rulebook.rule(r["id"]), rulebook) if r["id"] in unjudged else ""}
        for r in rules_in_force(rulebook)
    ]  # fmt: skip


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


def assessed_rules(
    con: duckdb.DuckDBPyConnection | None, rulebook: Rulebook, period: tuple[datetime.date, datetime.date]
) -> list[dict[str, Any]]:
    """The rules in force, each with `assessable` and `why`: judged against this review's records
    (`con`), or against none when there is no review yet."""
    if con is None:
        case = Case(entries=[], people={}, graph=RelationshipGraph([], {}), sectors={}, agency_names={},
                    period_start=period[0], period_end=period[1])  # fmt: skip
    else:
        with collector_paused():
            case = load_case(con, *period)
    with collector_paused():
        return _rules(rulebook, assess(rulebook, case))


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
        "finding": finding_id(rule.id, gap.trigger.id),
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


def finding_record(finding: Finding, rulebook: Rulebook, explainer: Explainer) -> dict[str, Any]:
    rule, person = finding.rule, explainer.person
    working = rule.within is None or rule.within.in_working_days
    dues = sorted(g.due for g in finding.gaps if g.due is not None)
    return {
        "id": finding.id,
        "rule": rule.id,
        "title": rule.title,
        "severity": rule.severity,
        "status": finding.status,
        "trigger": reference(finding.trigger),
        "children": [person(c) for c in finding.children],
        "adults": [person(a) for a in finding.adults],
        "agencies": list(finding.agencies),
        "due": dues[0].isoformat() if dues else None,
        "days_late": finding.days_late,
        "days_late_unit": ("working days" if working else "calendar days")
        if finding.days_late is not None
        else None,
        "date_uncertain": finding.date_uncertain,
        "explanation": finding_sentence(finding, explainer),
        "gaps": [g.id for g in finding.gaps],
        "statuses": {s: sum(1 for g in finding.gaps if g.status == s) for s in dict.fromkeys(
            g.status for g in finding.gaps)},
        "rulebook": rulebook.name,
    }  # fmt: skip


def problem_record(problem: DataProblem, explainer: Explainer) -> dict[str, Any]:
    return {
        "start": reference(problem.start),
        "end": reference(problem.end),
        "child": explainer.person(problem.child) if problem.child else None,
        "sources": [{"file": s.file, "sheet": s.sheet, "row": s.row} for s in problem.start.sources],
        "explanation": problem_sentence(problem, explainer),
    }
