"""An independent reading of DESIGN §7 (England), as issue 14 updated it, over a synthetic review.

Written from DESIGN §3-§7, issue 14 and the README's description of the rules, never from the engine's
code or rulebook: the differential harness compares what this judge and `jointchron gaps` find. Each
choice DESIGN leaves open is marked "reading:" with the words it rests on.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import holidays
from differential.synthetic import Record, Review

D = dt.date
SECTORS = {"csc": "social_care", "mash": "social_care", "early_help": "social_care", "police": "police",
           "gp": "health", "hv": "health", "hospital": "health", "camhs": "health", "school": "education",
           "nursery": "education", "probation": "probation", "housing": "housing", "yot": "youth_justice"}  # fmt: skip
MEETINGS = ("strategy_discussion", "meeting", "conference")
HARM_TAGS = {"sexual_abuse", "physical_abuse", "serious_harm"}
ADULT_KINDS = ("investigation", "arrest", "bail", "charge", "conviction", "incident", "notification")
ADULT_TAGS = {"sexual_abuse", "iioc", "physical_abuse", "domestic_abuse", "violence"}
ACTING = ("assessment_start", "strategy_discussion", "s47_start")
# The evidence each rule needs: with no entry of these kinds in the review it is not assessable (§7).
EVIDENCE = {
    "strategy-after-harm": ("strategy_discussion",),
    "minutes-to-participants": ("minutes_shared",),
    "referral-decision": ("decision",),
    "referrer-feedback": ("decision", "information_shared", "minutes_shared"),
    "assessment-timescale": ("assessment_end",),
    "assessment-multi-agency-input": ("information_request", "information_shared"),
    "icpc-timescale": ("conference", "s47_end"),
    "connected-children": ("strategy_discussion", "referral", "assessment_start", "s47_start", "decision"),
    "info-not-shared": ("notification", "information_shared", "referral", "minutes_shared", *MEETINGS),
}


def sector(agency: str) -> str:
    return SECTORS.get(agency, "other")


@dataclass
class Entry:
    """One joint chronology entry: records of the same kind, day and overlapping subjects (DESIGN §8)."""

    day: D
    kind: str
    subjects: set[str]
    agencies: set[str] = field(default_factory=set)
    participants: set[str] = field(default_factory=set)
    received: set[str] = field(default_factory=set)  # agency codes, or "social_care" for "no destination"
    senders: set[str] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)

    def add(self, r: Record) -> None:
        self.subjects |= set(r.subjects)
        self.agencies.add(r.agency)
        self.tags |= set(r.tags)
        sender = r.sender or r.agency
        self.senders.add(sender)
        if r.kind in MEETINGS:  # the recording agency took part in a meeting it records
            self.participants |= {*r.participants, r.agency}
        if r.recipients:
            self.received |= set(r.recipients)
        elif sender != r.agency or r.kind == "minutes_shared":  # "received from", and "minutes received"
            self.received.add(r.agency)
        elif r.kind in ("referral", "notification"):  # names no destination: taken as sent to social care
            self.received.add("social_care")

    def by_social_care(self) -> bool:
        return any(sector(a) == "social_care" for a in self.agencies)

    def to_social_care(self) -> bool:
        return any(a == "social_care" or sector(a) == "social_care" for a in self.received)


@dataclass
class Gap:
    rule: str
    child: str | tuple[str, ...] | None  # the children of the meeting for the meeting rules
    adult: str | None
    agency: str | None
    status: str
    triggers: list[D]
    due: D | None = None
    follow_up: D | None = None
    days_late: int | None = None
    missing: tuple[str, ...] = ()


@dataclass
class Item:
    """One trigger as one work item sees it: its deadline and the first follow-up that counts for it."""

    day: D
    due: D
    answer: D | None


class Judge:
    def __init__(self, review: Review) -> None:
        self.review = review
        years = range(review.start.year - 2, review.end.year + 2)
        self.bank = holidays.country_holidays("GB", subdiv="ENG", years=years)
        self.people = {p.pseudonym: p for p in review.people}
        self.entries = _joint_entries([r for r in review.records if r.day <= review.end])

    # -- calendar --------------------------------------------------------------------------------------

    def working_day(self, day: D) -> bool:
        return day.weekday() < 5 and day not in self.bank

    def add_working(self, day: D, n: int) -> D:
        step = 1 if n >= 0 else -1
        while n:
            day += dt.timedelta(days=step)
            if self.working_day(day):
                n -= step
        return day

    def working_between(self, after: D, upto: D) -> int:
        return sum(self.working_day(after + dt.timedelta(days=i)) for i in range(1, (upto - after).days + 1))

    def is_child(self, who: str, day: D) -> bool:
        person = self.people.get(who)
        return person is not None and _months_before(day, 18 * 12) < person.dob

    def children(self, e: Entry) -> list[str]:
        return sorted(s for s in e.subjects if self.is_child(s, e.day))

    def in_period(self, e: Entry) -> bool:
        return self.review.start <= e.day <= self.review.end

    def first(self, since: D, test: Callable[[Entry], bool]) -> D | None:
        return min((e.day for e in self.entries if e.day >= since and test(e)), default=None)

    def knew(self, agency: str, child: str, day: D) -> bool:
        """The agency's own records show the child in the 12 months before `day`. Readings: "had contact"
        is the README's "whose own records show the child"; a record of the trigger's own day counts (the
        agency that referred the child the day an assessment starts knows the child)."""
        since = _months_before(day, 12)
        return any(
            agency in e.agencies and child in e.subjects and since <= e.day <= day for e in self.entries
        )

    def connected(self, adult: str, day: D, hops: int = 2) -> set[str]:
        """Persons within `hops` relationships of the adult on `day` (links hold from `since` to `until`,
        both days included), either way round."""
        near: dict[str, set[str]] = defaultdict(set)
        for link in self.review.links:
            if (link.since is None or link.since <= day) and (link.until is None or day <= link.until):
                near[link.a].add(link.b)
                near[link.b].add(link.a)
        reached, frontier = {adult}, {adult}
        for _ in range(hops):
            frontier = {n for p in frontier for n in near[p]} - reached
            reached |= frontier
        return reached - {adult}

    # -- verdicts --------------------------------------------------------------------------------------

    def assessable(self) -> dict[str, bool]:
        """Whether any extract records the rule's evidence at all, whatever the dates: an extract holding
        an assessment end after the period's end does record ends ("no extract (...) records at all")."""
        everything = _joint_entries(self.review.records)
        kinds = {e.kind for e in everything}
        found = {rule: bool(kinds & set(needs)) for rule, needs in EVIDENCE.items()}
        found["strategy-attendance"] = any(
            e.kind == "strategy_discussion" and len(e.participants) >= 2 for e in everything
        )
        found["repeat-referrals"] = True
        return found

    def gaps(self) -> list[Gap]:
        can = self.assessable()
        return [g for rule, judge in RULES.items() if can[rule] for g in judge(self)]

    def fold(self, rule: str, key: tuple[str | tuple[str, ...] | None, str | None, str | None],
             items: Iterable[Item], *, once: bool = False) -> list[Gap]:  # fmt: skip
        """DESIGN §7 "Folding": a later trigger joins an open gap only when it is itself unanswered in its own
        window; one answered in time is never listed. `once`: the adult rules, judged from the first trigger.
        Reading: a trigger whose window ends after the period is not yet due, so it neither opens nor joins."""
        child, adult, agency = key
        found: list[Gap] = []
        for n, item in enumerate(sorted(items, key=lambda i: i.day)):
            unanswered = item.due <= self.review.end and (item.answer is None or item.answer > item.due)
            if once and n == 0 and not unanswered:
                return []
            if not unanswered:
                continue
            last = found[-1] if found else None
            if last and (last.follow_up is None or last.follow_up > item.day):
                last.triggers.append(item.day)
            elif not (once and found):
                late = item.answer is not None
                days = max(1, self.working_between(item.due, item.answer)) if item.answer else None
                found.append(Gap(rule, child, adult, agency, "late" if late else "missing", [item.day],
                                 item.due, item.answer, days))  # fmt: skip
        return found


def _joint_entries(records: list[Record]) -> list[Entry]:
    """Same kind, same day, overlapping subjects: one entry (joined transitively)."""
    groups: dict[tuple[str, D], list[Entry]] = defaultdict(list)
    for r in sorted(records, key=lambda r: (r.day, r.agency, r.reference)):
        bucket = groups[(r.kind, r.day)]
        touching = [e for e in bucket if e.subjects & set(r.subjects)]
        entry = touching[0] if touching else Entry(r.day, r.kind, set())
        for other in touching[1:]:
            for attr in ("subjects", "agencies", "participants", "received", "senders", "tags"):
                getattr(entry, attr).update(getattr(other, attr))
            bucket.remove(other)
        if not touching:
            bucket.append(entry)
        entry.add(r)
    return sorted((e for bucket in groups.values() for e in bucket), key=lambda e: e.day)


def _months_after(day: D, months: int) -> D:
    return _months_before(day, -months)


def _months_before(day: D, months: int) -> D:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return D(y, m + 1, d)
        except ValueError:
            continue
    raise AssertionError(day)


# -- the England rules (DESIGN §7's table), one function each ----------------------------------------------


def strategy_after_harm(j: Judge) -> list[Gap]:
    """Disclosure/injury, or harm-tagged police-type records, about a child: a strategy discussion about
    the child within 3 working days; one in the 3 working days before counts (already in hand)."""
    items: dict[str, list[Item]] = defaultdict(list)
    for e in j.entries:
        harm = e.kind in ("disclosure", "injury") or (
            e.kind in ("investigation", "arrest", "incident", "concern", "notification")
            and e.tags & HARM_TAGS
        )
        if harm and j.in_period(e):
            for c in j.children(e):
                since = j.add_working(e.day, -3)
                answer = j.first(since, lambda x, c=c: x.kind == "strategy_discussion" and c in x.subjects)
                items[c].append(Item(e.day, j.add_working(e.day, 3), answer))
    return [g for c, found in items.items() for g in j.fold("strategy-after-harm", (c, None, None), found)]


def strategy_attendance(j: Judge) -> list[Gap]:
    found = []
    for e in j.entries:
        if e.kind == "strategy_discussion" and j.in_period(e):
            present = {sector(a) for a in e.participants}
            missing = tuple(s for s in ("social_care", "police", "health") if s not in present)
            if missing:
                found.append(Gap("strategy-attendance", tuple(j.children(e)), None, None, "incomplete", [e.day],
                                 missing=missing))  # fmt: skip
    return found


def minutes_to_participants(j: Judge) -> list[Gap]:
    """Each participant outside social care receives minutes about the same child(ren) within 5 working
    days; folded by (the meeting's subjects, agency). Reading: "the same child(ren)" is any of them."""
    items: dict[tuple[tuple[str, ...], str], list[Item]] = defaultdict(list)
    for e in j.entries:
        if e.kind == "strategy_discussion" and j.in_period(e):
            for a in sorted(x for x in e.participants if sector(x) != "social_care"):
                answer = j.first(e.day, lambda x, a=a, e=e: x.kind == "minutes_shared" and a in x.received
                                 and bool(x.subjects & e.subjects))  # fmt: skip
                items[(tuple(j.children(e)), a)].append(Item(e.day, j.add_working(e.day, 5), answer))
    return [
        g for (cs, a), found in items.items() for g in j.fold("minutes-to-participants", (cs, None, a), found)
    ]


def _referrals(j: Judge, e: Entry) -> bool:
    return (e.kind == "referral" and e.to_social_care()) or e.kind == "contact_received"


def referral_decision(j: Judge) -> list[Gap]:
    """A decision by social care within 1 working day; an assessment, strategy discussion or s47 enquiry by
    social care in that window decides too; `nfa` is a decision. Late, only a recorded decision counts."""
    items: dict[str, list[Item]] = defaultdict(list)
    for e in j.entries:
        if _referrals(j, e) and j.in_period(e) and "nfa" not in e.tags:
            for c in j.children(e):
                due = j.add_working(e.day, 1)

                def decided(x: Entry, c: str = c) -> bool:
                    return x.kind == "decision" and x.by_social_care() and c in x.subjects

                acted = j.first(
                    e.day, lambda x, c=c: x.kind in ACTING and x.by_social_care() and c in x.subjects
                )
                answer = j.first(e.day, decided)
                if acted is not None and acted <= due and (answer is None or answer > due):
                    answer = acted
                items[c].append(Item(e.day, due, answer))
    return [g for c, found in items.items() for g in j.fold("referral-decision", (c, None, None), found)]


def referrer_feedback(j: Judge) -> list[Gap]:
    """Every agency outside social care that sent or recorded the referral hears within 5 working days
    (README: also a contact_received by social care from a sender). Reading: DESIGN judges it "for each
    referring agency", so once per referral and agency, about any of the referral's children; folded by
    (the referral's children, agency) as the meeting rule is."""
    items: dict[tuple[tuple[str, ...], str], list[Item]] = defaultdict(list)
    for e in j.entries:
        referral = e.kind == "referral" and e.to_social_care()
        if not (j.in_period(e) and (referral or (e.kind == "contact_received" and e.by_social_care()))):
            continue
        for a in sorted(x for x in e.senders | e.agencies if sector(x) != "social_care"):
            answer = j.first(e.day, lambda x, a=a, e=e: x.kind in ("decision", "information_shared",
                             "minutes_shared") and a in x.received and bool(x.subjects & e.subjects))  # fmt: skip
            items[(tuple(j.children(e)), a)].append(Item(e.day, j.add_working(e.day, 5), answer))
    return [g for (cs, a), found in items.items() for g in j.fold("referrer-feedback", (cs, None, a), found)]


def _paired(j: Judge, starts: str, ends: Callable[[Entry], bool]) -> dict[str, list[tuple[D, D | None]]]:
    """Per child, each start with the end that answers it: every end answers the earliest start about that
    child still open on its day (DESIGN §7 "Each work item answers itself"); None: never ended."""
    per_child: dict[str, list[tuple[D, D | None]]] = {}
    children = {c for e in j.entries if e.kind == starts for c in j.children(e)}
    for c in children:
        opened = sorted(e.day for e in j.entries if e.kind == starts and c in e.subjects)
        pairs: dict[int, D] = {}
        for end in sorted(e.day for e in j.entries if ends(e) and c in e.subjects):
            waiting = [i for i, day in enumerate(opened) if i not in pairs and day <= end]
            if waiting:
                pairs[waiting[0]] = end
        per_child[c] = [(day, pairs.get(i)) for i, day in enumerate(opened)]
    return per_child


def assessment_timescale(j: Judge) -> list[Gap]:
    found = []
    for c, pairs in _paired(j, "assessment_start", lambda e: e.kind == "assessment_end").items():
        items = [Item(s, j.add_working(s, 45), end) for s, end in pairs if j.review.start <= s]
        found += j.fold("assessment-timescale", (c, None, None), items)
    return found


def assessment_multi_agency_input(j: Judge) -> list[Gap]:
    """Each agency outside social care that knew the child in the 12 months before the start is asked, or
    shares, about the child before the assessment ends (else 45 working days). Reading (README): one in
    the month before the start counts."""
    found = []
    for c, pairs in _paired(j, "assessment_start", lambda e: e.kind == "assessment_end").items():
        items: dict[str, list[Item]] = defaultdict(list)
        for s, end in pairs:
            if s < j.review.start:
                continue
            for a in sorted({x for e in j.entries for x in e.agencies if sector(x) != "social_care"}):
                if j.knew(a, c, s):
                    answer = j.first(_months_before(s, 1), lambda x, a=a, c=c: c in x.subjects and (
                        (x.kind == "information_request" and a in x.received)
                        or (x.kind == "information_shared" and a in x.senders)))  # fmt: skip
                    items[a].append(Item(s, end or j.add_working(s, 45), answer))
        for a, agency_items in items.items():
            found += j.fold("assessment-multi-agency-input", (c, None, a), agency_items)
    return found


def icpc_timescale(j: Judge) -> list[Gap]:
    def answers(e: Entry) -> bool:
        return (e.kind == "conference" and "icpc" in e.tags) or (e.kind == "s47_end" and "no_icpc" in e.tags)

    found = []
    for c, pairs in _paired(j, "s47_start", answers).items():
        items = [Item(s, j.add_working(s, 15), end) for s, end in pairs if j.review.start <= s]
        found += j.fold("icpc-timescale", (c, None, None), items)
    return found


def _adult_triggers(j: Judge) -> list[tuple[Entry, str, str]]:
    """(trigger, adult, connected child): tagged records about an adult, children within 2 hops that day
    other than the trigger's own subjects."""
    found = []
    for e in j.entries:
        if e.kind in ADULT_KINDS and e.tags & ADULT_TAGS and j.in_period(e):
            for adult in sorted(s for s in e.subjects if s in j.people and not j.is_child(s, e.day)):
                for c in sorted(j.connected(adult, e.day) - e.subjects):
                    if j.is_child(c, e.day):
                        found.append((e, adult, c))
    return found


def connected_children(j: Judge) -> list[Gap]:
    items: dict[tuple[str, str], list[Item]] = defaultdict(list)
    pair_first: dict[tuple[str, str], D] = {}
    for e, adult, c in _adult_triggers(j):
        since = pair_first.setdefault((adult, c), e.day)
        answer = j.first(since, lambda x, c=c: x.kind in EVIDENCE["connected-children"] and c in x.subjects)
        items[(adult, c)].append(Item(e.day, j.add_working(e.day, 10), answer))
    return [g for (adult, c), found in items.items()
            for g in j.fold("connected-children", (c, adult, None), found, once=True)]  # fmt: skip


def info_not_shared(j: Judge) -> list[Gap]:
    """Once per (adult, child, agency), from the first trigger at which the agency (not the trigger's) knew
    the child; told about the adult or the child at any time since the pair's first trigger: no gap."""
    items: dict[tuple[str, str, str], list[Item]] = defaultdict(list)
    pair_first: dict[tuple[str, str], D] = {}
    agencies = sorted({a for e in j.entries for a in e.agencies})
    for e, adult, c in _adult_triggers(j):
        since = pair_first.setdefault((adult, c), e.day)
        for a in agencies:
            if a in e.agencies or not j.knew(a, c, e.day):
                continue

            def told(x: Entry, a: str = a, adult: str = adult, c: str = c) -> bool:
                about = bool(x.subjects & {adult, c})
                sent = x.kind in ("notification", "information_shared", "referral", "minutes_shared")
                return about and ((sent and a in x.received) or (x.kind in MEETINGS and a in x.participants))

            items[(adult, c, a)].append(Item(e.day, j.add_working(e.day, 10), j.first(since, told)))
    return [g for (adult, c, a), found in items.items()
            for g in j.fold("info-not-shared", (c, adult, a), found, once=True)]  # fmt: skip


def repeat_referrals(j: Judge) -> list[Gap]:
    """3 or more referrals to social care about the child within 12 months (earlier ones count); near
    matches a day apart are one referral only when they share a sender. Reading (DESIGN is silent on
    which referrals a pattern lists): every referral inside some 12 months that hold three, one gap per
    run of them no more than 12 months apart, raised where the run reaches into the period."""
    found = []
    per_child: dict[str, list[Entry]] = defaultdict(list)
    for e in j.entries:
        if e.kind == "referral" and e.to_social_care():
            for c in j.children(e):
                per_child[c].append(e)
    for c, referrals in per_child.items():
        kept: list[D] = []
        last: Entry | None = None
        for e in referrals:
            if not (last and (e.day - last.day).days == 1 and e.senders & last.senders):
                kept.append(e.day)
            last = e
        inside = [d for d in kept if any(
            sum(w <= x <= _months_after(w, 12) for x in kept) >= 3 for w in kept if w <= d <= _months_after(w, 12)
        )]  # fmt: skip
        run: list[D] = []
        for d in [*inside, None]:
            if run and (d is None or d > _months_after(run[-1], 12)):
                if run[-1] >= j.review.start:
                    found.append(Gap("repeat-referrals", c, None, None, "pattern", run))
                run = []
            if d is not None:
                run.append(d)
    return found


RULES: dict[str, Callable[[Judge], list[Gap]]] = {
    "strategy-after-harm": strategy_after_harm,
    "strategy-attendance": strategy_attendance,
    "minutes-to-participants": minutes_to_participants,
    "referral-decision": referral_decision,
    "referrer-feedback": referrer_feedback,
    "assessment-timescale": assessment_timescale,
    "assessment-multi-agency-input": assessment_multi_agency_input,
    "icpc-timescale": icpc_timescale,
    "connected-children": connected_children,
    "info-not-shared": info_not_shared,
    "repeat-referrals": repeat_referrals,
}
