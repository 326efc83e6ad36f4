"""Running a rulebook over a case: triggers, whom each concerns, the follow-up, and the gaps left.

Each rule is judged on joint entries, so a meeting three agencies recorded is one meeting with
all their participants. A trigger opens a question for each child (and agency) it concerns; the
first matching follow-up answers it, on time or late; none before the review period ended leaves
it missing. A piece of work (an assessment, a section 47 enquiry) is answered only by its own end
(pairing.py). A trigger answered in time is never part of a gap; one itself unanswered in its
own window, while an earlier gap for the same rule and key is still open, joins that gap rather
than opening another: a panel reads one gap with three concerns behind it, not three gaps.
Uncertain dates get the benefit of the doubt: the deadline runs from the latest day a trigger
can have been, a follow-up counts from the earliest day it can have been. A rule whose evidence
no extract of the review records at all is not assessable and raises nothing: not recorded is
not the same as not done.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from jointchron.projections.entries import Entry
from jointchron.projections.gaps.casefile import Case, CaseIndex
from jointchron.projections.gaps.graph import Step
from jointchron.projections.gaps.outcomes import Assessment, DataProblem, Gap, Status
from jointchron.projections.gaps.pairing import Pairing, pair
from jointchron.projections.gaps.patterns import repeated
from jointchron.projections.gaps.rulebook import Evidence, Expectation, Rule, Rulebook, Trigger
from jointchron.projections.gaps.workdays import Calendar

__all__ = ["Assessment", "DataProblem", "Gap", "Status", "assess", "evaluate"]


@dataclass(frozen=True)
class _Target:
    child: str | None
    children: tuple[str, ...]
    adult: str | None = None
    agency: str | None = None
    path: tuple[Step, ...] = ()


@dataclass
class _Question:
    """One (rule, child, agency) question while it is open: the gap it left, and when it was answered."""

    gap: Gap | None
    answered: datetime.date | None = None

    def open_on(self, day: datetime.date) -> bool:
        return self.gap is not None and (self.answered is None or day < self.answered)


@dataclass
class _Evaluation:
    rulebook: Rulebook
    case: Case
    index: CaseIndex = field(init=False)
    calendar: Calendar = field(init=False)
    problems: dict[tuple[str, str], DataProblem] = field(init=False, default_factory=dict)
    _children: dict[str, tuple[str, ...]] = field(init=False, default_factory=dict)
    _closing: dict[str, tuple[Expectation, ...]] = field(init=False, default_factory=dict)
    _starts: dict[str, dict[str, list[Entry]]] = field(init=False, default_factory=dict)
    _pairings: dict[tuple[str, str, str], Pairing] = field(init=False, default_factory=dict)
    _first_of_pair: dict[tuple[str, str | None, str | None], datetime.date] = field(
        init=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        self.index = CaseIndex(self.case)
        self.calendar = Calendar(self.rulebook.calendar)

    # -- triggers and whom they concern -----------------------------------------------------------------

    def triggers(self, rule: Rule, history: bool = False) -> list[Entry]:
        """Entries that set the rule off within the review period (`history`: also any before it)."""
        kinds = (
            set() if any(not t.kinds for t in rule.trigger) else {k for t in rule.trigger for k in t.kinds}
        )
        return [
            e
            for e in self.index.of_kinds(kinds)
            if (self.case.in_period(e) or (history and e.date.earliest <= self.case.period_end))
            and any(self.sets_off(t, e) for t in rule.trigger)
        ]

    def sets_off(self, trigger: Trigger, entry: Entry) -> bool:
        if not self.looks_like(trigger, entry):
            return False
        if trigger.about == "child":
            return bool(self.children_of(entry))
        if trigger.about == "adult":
            return bool(self.adults_of(entry))
        return True

    def looks_like(self, match: Trigger | Expectation | Evidence, entry: Entry) -> bool:
        if match.kinds and entry.kind not in match.kinds:
            return False
        tags = set(entry.tags)
        if match.tags_any and tags.isdisjoint(match.tags_any):
            return False
        if match.tags_all and not tags.issuperset(match.tags_all):
            return False
        if match.tags_none and not tags.isdisjoint(match.tags_none):
            return False
        if match.recorded_by and not any(self.case.sector(a) in match.recorded_by for a in entry.agencies):
            return False
        return not (match.sent_to and self.case.sent_to_sectors(entry).isdisjoint(match.sent_to))

    def assessable(self, rule: Rule) -> bool:
        """Whether any extract of the review records any of the rule's evidence at all (on any date)."""
        return not rule.evidence or any(self._recorded(needed) for needed in rule.evidence)

    def _recorded(self, needed: Evidence) -> bool:
        participants = self.case.participants
        return any(
            self.looks_like(needed, e) and len(participants(e)) >= needed.participants
            for e in self.index.of_kinds(needed.kinds)
        )

    def own_end(
        self, rule: Rule, trigger: Entry, child: str, ends: tuple[Expectation, ...]
    ) -> tuple[Entry | None, bool]:
        """The end of the piece of work `trigger` starts for `child` (or None), and whether its own
        record ends before it starts: a data problem, noted here, that no rule judges."""
        key = (rule.id, child, "|".join(k for e in ends for k in e.kinds))
        pairing = self._pairings.get(key)
        if pairing is None:
            found: dict[str, Entry] = {}
            for expectation in ends:
                for kind in expectation.kinds:
                    for entry in self.index.about(child, kind):
                        if entry.date.earliest <= self.case.period_end and self.looks_like(
                            expectation, entry
                        ):
                            found[entry.id] = entry
            ordered = sorted(found.values(), key=lambda e: e.sort_key)
            pairing = self._pairings[key] = pair(self._starts_of(rule).get(child, []), ordered)
        wrong = pairing.ends_before_start.get(trigger.id)
        if wrong is not None:
            self.problems.setdefault((trigger.id, wrong.id), DataProblem(trigger, wrong, child))
        return pairing.end_of.get(trigger.id), wrong is not None

    def _starts_of(self, rule: Rule) -> dict[str, list[Entry]]:
        """The rule's triggers about each child, before the review period too: an end of the
        period may belong to a piece of work started before it."""
        found = self._starts.get(rule.id)
        if found is None:
            found = self._starts[rule.id] = {}
            for trigger in self.triggers(rule, history=True):
                for child in self.children_of(trigger):
                    found.setdefault(child, []).append(trigger)
        return found

    def days_of(self, entry: Entry) -> tuple[datetime.date, ...]:
        date = entry.date
        return (date.earliest,) if date.earliest == date.latest else (date.earliest, date.latest)

    def children_of(self, entry: Entry) -> tuple[str, ...]:
        """Subjects who are children on the entry's day (on every day it may have been)."""
        found = self._children.get(entry.id)
        if found is None:
            days, graph = self.days_of(entry), self.case.graph
            found = tuple(p for p in entry.subjects if all(graph.is_child(p, d) for d in days))
            self._children[entry.id] = found
        return found

    def adults_of(self, entry: Entry) -> tuple[str, ...]:
        days, graph = self.days_of(entry), self.case.graph
        return tuple(p for p in entry.subjects if all(graph.is_adult(p, d) for d in days))

    def targets(self, rule: Rule, trigger: Entry) -> Iterator[_Target]:
        each = rule.for_each
        children = self.children_of(trigger)
        bases: list[_Target]
        if each.children == "entry":
            bases = [_Target(children[0] if children else None, children)]
        elif each.children == "subjects":
            bases = [_Target(c, (c,)) for c in children]
        else:
            bases = []
            for adult in self.adults_of(trigger):
                linked = self.case.graph.connected_children(adult, self.days_of(trigger), each.hops)
                bases += [
                    _Target(c, (c,), adult=adult, path=path)
                    for c, path in sorted(linked.items())
                    if c not in trigger.subjects
                ]
        if each.once_per_pair:
            for base in bases:  # the pair's first trigger, whether or not any agency knew the child then
                self._first_of_pair.setdefault((rule.id, base.adult, base.child), trigger.date.earliest)
        if each.agencies == "none":
            yield from bases
            return
        since = self.calendar.before(trigger.date.earliest, each.knew_within)
        for base in bases:
            for code in sorted(self.agencies_for(rule, trigger, base, since)):
                yield _Target(base.child, base.children, base.adult, code, base.path)

    def agencies_for(self, rule: Rule, trigger: Entry, target: _Target, since: datetime.date) -> set[str]:
        each = rule.for_each
        if each.agencies == "participants":
            found = set(self.case.participants(trigger))
        elif each.agencies == "referrer":
            found = set(self.case.senders(trigger)) | set(trigger.agencies)
        else:
            found = set()
            for child in target.children:
                found |= self.index.agencies_that_knew(child, since, trigger.date.latest, besides=trigger)
        found = {code for code in found if self.case.sector(code) not in each.exclude_sectors}
        if each.exclude_trigger_agencies:
            found -= set(trigger.agencies)
        return found

    # -- the three kinds of check ---------------------------------------------------------------------------

    def follow_ups(self, rule: Rule) -> list[Gap]:
        gaps: list[Gap] = []
        questions: dict[tuple[object, str | None, str | None], _Question] = {}
        for trigger in self.triggers(rule):
            for target in self.targets(rule, trigger):
                key = (self._whom(rule, trigger, target), target.agency, target.adult)
                question = questions.get(key)
                gap_open = question is not None and question.open_on(trigger.date.earliest)
                if question is not None and rule.for_each.once_per_pair and not gap_open:
                    continue  # the link was judged at the first trigger that made it
                own = self.judge(rule, trigger, target)
                if own.gap is None:
                    # Answered in time (or not yet due): never part of a gap. A pair's first
                    # judgement stands for its later triggers.
                    questions.setdefault(key, own)
                    continue
                if gap_open:
                    assert question is not None and question.gap is not None
                    question.gap.triggers.append(trigger)
                    question.gap.date_uncertain |= own.gap.date_uncertain
                    continue
                questions[key] = own
                gaps.append(own.gap)
        return gaps

    @staticmethod
    def _whom(rule: Rule, trigger: Entry, target: _Target) -> object:
        # A rule judged per entry (a meeting's minutes, a referral's feedback) folds by the entry's
        # subjects; the others by the child.
        return tuple(sorted(trigger.subjects)) if rule.for_each.children == "entry" else target.child

    def judge(self, rule: Rule, trigger: Entry, target: _Target) -> _Question:
        """This trigger for this target on its own: answered in time, not yet due, or a gap."""
        case, calendar = self.case, self.calendar
        start = trigger.date.earliest
        if rule.for_each.once_per_pair:
            # An agency told about the adult or the child since the pair's first trigger already knows.
            start = min(start, self._first_of_pair.get((rule.id, target.adult, target.child), start))
        if rule.already_in_hand is not None:
            start = calendar.before(start, rule.already_in_hand)
        closed_by = None
        if rule.until and target.child is not None:
            closing = self._closing.setdefault(rule.id, (Expectation(kinds=rule.until),))
            closed_by, contradicted = self.own_end(rule, trigger, target.child, closing)
            if contradicted:
                return _Question(None)
        if closed_by is not None:
            due = closed_by.date.latest
        elif rule.within is not None:
            due = calendar.after(trigger.date.latest, rule.within)
        else:
            due = case.period_end
        if rule.work_item and target.child is not None:
            follow_up, contradicted = self.own_end(rule, trigger, target.child, rule.expect)
            if contradicted:
                return _Question(None)
        else:
            follow_up = self._first_answer(rule, trigger, target, start, due)
        answered = follow_up.date.earliest if follow_up is not None else None
        if follow_up is not None and follow_up.date.earliest <= due:
            return _Question(None, answered)
        if follow_up is None and due > case.period_end:
            return _Question(None)  # not yet due when the records stop: nothing to judge
        working = rule.within.in_working_days if rule.within is not None else True
        uncertain = any(e is not None and e.date.is_uncertain for e in (trigger, follow_up, closed_by))
        gap = Gap(
            rule=rule, status="late" if follow_up else "missing", trigger=trigger, triggers=[trigger],
            child=target.child, children=target.children, adult=target.adult, agency=target.agency,
            path=target.path, due=due, follow_up=follow_up, closed_by=closed_by,
            days_late=calendar.lateness(due, follow_up.date.earliest, working) if follow_up else None,
            missing=(target.agency,) if target.agency else (), date_uncertain=uncertain,
        )  # fmt: skip
        return _Question(gap, answered)

    def _first_answer(
        self, rule: Rule, trigger: Entry, target: _Target, start: datetime.date, due: datetime.date
    ) -> Entry | None:
        """The follow-up: an answer in time of any expected kind, else the first of the rule's evidence."""

        def first(expectations: Sequence[Expectation], end: datetime.date) -> Entry | None:
            return self.index.first(
                expectations, lambda x: self.about(x, trigger, target), target.agency, start, end,
                lambda e, x: e.id != trigger.id and self.looks_like(x, e),
            )  # fmt: skip

        evidence = tuple(x for x in rule.expect if not x.in_time_only)
        if len(evidence) < len(rule.expect):
            timely = first(rule.expect, min(due, self.case.period_end))
            if timely is not None:
                return timely
        return first(evidence, self.case.period_end)

    def about(self, expectation: Expectation, trigger: Entry, target: _Target) -> Sequence[str] | None:
        """Whom a follow-up must be about, for this expectation and target (None: anyone)."""
        if expectation.about == "any":
            return None
        if expectation.about == "child" and target.child is not None:
            return (target.child,)
        if expectation.about == "child_or_adult" and target.child is not None:
            return tuple(p for p in (target.child, target.adult) if p is not None)
        # About the trigger's subjects (and entry-level targets): an entry about nobody binds nobody.
        return trigger.subjects or None

    def attendance(self, rule: Rule) -> list[Gap]:
        gaps = []
        for trigger in self.triggers(rule):
            present = {self.case.sector(a) for a in self.case.participants(trigger)}
            missing = tuple(s for s in rule.requires_sectors if s not in present)
            if not missing:
                continue
            children = self.children_of(trigger)
            gaps.append(Gap(rule=rule, status="incomplete", trigger=trigger, triggers=[trigger],
                            child=children[0] if children else None, children=children, missing=missing,
                            date_uncertain=trigger.date.is_uncertain))  # fmt: skip
        return gaps

    def patterns(self, rule: Rule) -> list[Gap]:
        per_child: dict[str, list[Entry]] = {}
        # Referrals before the period under review still count towards a pattern within it.
        for trigger in self.triggers(rule, history=True):
            for child in self.children_of(trigger):
                per_child.setdefault(child, []).append(trigger)
        return repeated(rule, per_child, self.calendar, self.case)


def assess(rulebook: Rulebook, case: Case) -> Assessment:
    """Every gap the rulebook finds in the case, ordered by trigger date, then rule, child and agency;
    the rules the records cannot support; and the records that contradict themselves."""
    run = _Evaluation(rulebook, case)
    gaps: list[Gap] = []
    not_assessable: list[Rule] = []
    order = {rule.id: n for n, rule in enumerate(rulebook.rules)}
    for rule in rulebook.rules:
        if not run.assessable(rule):
            not_assessable.append(rule)
        elif rule.check == "attendance":
            gaps += run.attendance(rule)
        elif rule.check == "pattern":
            gaps += run.patterns(rule)
        else:
            gaps += run.follow_ups(rule)
    gaps.sort(
        key=lambda g: (g.trigger.sort_key, order[g.rule.id], g.child or "", g.adult or "", g.agency or "")
    )
    problems = sorted(run.problems.values(), key=lambda p: (p.start.sort_key, p.end.sort_key))
    return Assessment(gaps, not_assessable, problems)


def evaluate(rulebook: Rulebook, case: Case) -> list[Gap]:
    """Every gap the rulebook finds in the case, ordered by trigger date, then rule, child and agency."""
    return assess(rulebook, case).gaps
