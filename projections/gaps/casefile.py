"""The case as the gap rules see it: joint entries, who took part in each, and indexes to find them.

Rules ask the same few questions many thousands of times ("the first strategy discussion about
this child on or after this day", "which agencies' own records show this child in the year
before"), so entries are indexed by person and kind once, each list sorted by date, and every
question is a binary search plus a short scan rather than a pass over the whole chronology.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from jointchron.domain.person import Person
from jointchron.domain.vocabulary import MEETING_KINDS, agency
from jointchron.projections.entries import Entry
from jointchron.projections.gaps.graph import RelationshipGraph
from jointchron.projections.gaps.rulebook import Expectation

Role = str  # "recipient" | "participant" | "sender"


@dataclass(frozen=True, slots=True)
class Roles:
    """The agencies an entry involves, by role (worked out once per entry: rules ask again and again)."""

    participants: frozenset[str]
    receivers: frozenset[str]
    senders: frozenset[str]


@dataclass
class Case:
    """Everything one evaluation needs, read once from the read model."""

    entries: Sequence[Entry]  # joint entries in chronological order
    people: Mapping[str, Person]  # canonical person id -> person
    graph: RelationshipGraph
    sectors: Mapping[str, str]  # agency code -> sector
    agency_names: Mapping[str, str]
    period_start: datetime.date
    period_end: datetime.date
    _roles: dict[str, Roles] = field(default_factory=dict, repr=False)

    def sector(self, code: str) -> str:
        # An agency first named in a participants or recipients column is registered with its sector;
        # anything else is judged as the vocabulary would file it (`other` when unknown).
        return self.sectors.get(code) or agency(code).sector

    def in_period(self, entry: Entry) -> bool:
        return entry.date.latest >= self.period_start and entry.date.earliest <= self.period_end

    def roles(self, entry: Entry) -> Roles:
        found = self._roles.get(entry.id)
        if found is None:
            found = self._roles[entry.id] = Roles(self._participants(entry), self._receivers(entry),
                                                  frozenset(s.sender or s.agency for s in entry.sources))  # fmt: skip
        return found

    def participants(self, entry: Entry) -> frozenset[str]:
        """Agencies that took part: those named, and for a meeting every agency that recorded it."""
        return self.roles(entry).participants

    def receivers(self, entry: Entry) -> frozenset[str]:
        """Agencies it was sent to: named recipients, and agencies that recorded receiving it."""
        return self.roles(entry).receivers

    def senders(self, entry: Entry) -> frozenset[str]:
        """Agencies it came from: each record's sender (its own agency unless it says otherwise)."""
        return self.roles(entry).senders

    def _participants(self, entry: Entry) -> frozenset[str]:
        if entry.kind in MEETING_KINDS:
            return frozenset(entry.participants) | frozenset(entry.agencies)
        return frozenset(entry.participants)

    def _receivers(self, entry: Entry) -> frozenset[str]:
        found = set(entry.recipients)
        found.update(s.agency for s in entry.sources if s.sender and s.sender != s.agency)
        if entry.kind == "minutes_shared" and not entry.recipients:
            # Minutes come from the chair in social care; another agency's record of minutes, naming
            # no recipient, is its record of receiving them ("Minutes received").
            found.update(a for a in entry.agencies if self.sector(a) != "social_care")
        return frozenset(found)

    def sent_to_sectors(self, entry: Entry) -> frozenset[str]:
        receivers = self.receivers(entry)
        if not receivers:
            # A referral or notification that names no destination is, in a safeguarding chronology,
            # one to children's social care: that is where the records of the other agencies go.
            return frozenset({"social_care"})
        return frozenset(self.sector(a) for a in receivers)

    def holds(self, entry: Entry, role: Role, code: str) -> bool:
        if role == "recipient":
            return code in self.receivers(entry)
        if role == "participant":
            return code in self.participants(entry)
        return code in self.senders(entry)


@dataclass
class _Sorted:
    """Entries known to the day, sorted with their day numbers; and the few with uncertain dates."""

    days: list[int] = field(default_factory=list)
    certain: list[Entry] = field(default_factory=list)
    uncertain: list[Entry] = field(default_factory=list)


def _sorted(entries: Iterable[Entry]) -> _Sorted:
    result = _Sorted()
    for entry in entries:  # already in chronological order
        if entry.date.is_uncertain:
            result.uncertain.append(entry)
        else:
            result.certain.append(entry)
            result.days.append(entry.date.earliest.toordinal())
    return result


class CaseIndex:
    def __init__(self, case: Case) -> None:
        self.case = case
        self._by_person: dict[str, list[Entry]] = {}
        for entry in case.entries:
            for person in entry.subjects:
                self._by_person.setdefault(person, []).append(entry)
        # Built on first use, for the people and kinds the rules ask about.
        self._kinds_of: dict[str, dict[str, _Sorted]] = {}
        self._everyone: dict[tuple[str, Role | None, str | None], _Sorted] = {}
        self._known: dict[str, dict[str, list[int]]] = {}

    def of_kinds(self, kinds: Iterable[str]) -> list[Entry]:
        """Entries of any of `kinds` (all entries when none are given), in chronological order."""
        wanted = set(kinds)
        return [e for e in self.case.entries if not wanted or e.kind in wanted]

    def first(
        self,
        expectations: Sequence[Expectation],
        people: Callable[[Expectation], Sequence[str] | None],
        agency_code: str | None,
        start: datetime.date,
        end: datetime.date,
        accept: Callable[[Entry, Expectation], bool],
    ) -> Entry | None:
        """The earliest entry that meets any expectation and could fall from `start` to `end`.

        `people(expectation)` names whom it must be about (None: anyone); `agency_code` must take
        part as the expectation's `agency_as` says. An uncertain date counts if any day of it falls
        in the window: the benefit of the doubt goes to the agencies.
        """
        best: Entry | None = None
        lo, hi = start.toordinal(), end.toordinal()
        holds = self.case.holds
        for expectation in expectations:
            role = None if expectation.agency_as == "none" or agency_code is None else expectation.agency_as

            def bound(entry: Entry, x: Expectation = expectation, role: Role | None = role) -> bool:
                return (role is None or holds(entry, role, agency_code or "")) and accept(entry, x)

            about = people(expectation)
            for kind in expectation.kinds:
                if about is None:
                    lists = [self._of_everyone(kind, role, agency_code)]
                else:
                    lists = [held for p in about if (held := self._about(p).get(kind)) is not None]
                for entries in lists:
                    found = self._first_in(entries, lo, hi, start, bound)
                    if found is not None and (best is None or found.sort_key < best.sort_key):
                        best = found
                        hi = min(hi, found.date.earliest.toordinal())
        return best

    def about(self, person: str, kind: str) -> list[Entry]:
        """Entries of `kind` about `person`, in chronological order."""
        held = self._about(person).get(kind)
        if held is None:
            return []
        return sorted((*held.certain, *held.uncertain), key=lambda e: e.sort_key)

    def agencies_that_knew(
        self, person: str, start: datetime.date, end: datetime.date, besides: Entry
    ) -> set[str]:
        """Agencies whose own records show `person` from `start` to `end`, other than the entry `besides`."""
        known = self._known.get(person)
        if known is None:
            known = {}
            for entry in self._by_person.get(person, ()):
                for code in entry.agencies:
                    known.setdefault(code, []).append(entry.date.earliest.toordinal())
            self._known[person] = known
        lo, hi = start.toordinal(), end.toordinal()
        own = (
            besides.date.earliest.toordinal()
            if person in besides.subjects and lo <= besides.date.earliest.toordinal() <= hi
            else None
        )
        found = set()
        for code, days in known.items():
            count = bisect.bisect_right(days, hi) - bisect.bisect_left(days, lo)
            if own is not None and code in besides.agencies:
                count -= 1
            if count > 0:
                found.add(code)
        return found

    def _about(self, person: str) -> dict[str, _Sorted]:
        found = self._kinds_of.get(person)
        if found is None:
            grouped: dict[str, list[Entry]] = {}
            for entry in self._by_person.get(person, ()):
                grouped.setdefault(entry.kind, []).append(entry)
            found = self._kinds_of[person] = {kind: _sorted(entries) for kind, entries in grouped.items()}
        return found

    def _of_everyone(self, kind: str, role: Role | None, code: str | None) -> _Sorted:
        key = (kind, role, code)
        found = self._everyone.get(key)
        if found is None:
            holds = self.case.holds
            found = self._everyone[key] = _sorted(
                e
                for e in self.case.entries
                if e.kind == kind and (role is None or holds(e, role, code or ""))
            )
        return found

    @staticmethod
    def _first_in(
        entries: _Sorted, lo: int, hi: int, start: datetime.date, accept: Callable[[Entry], bool]
    ) -> Entry | None:
        best: Entry | None = None
        index = bisect.bisect_left(entries.days, lo)
        while index < len(entries.days) and entries.days[index] <= hi:
            if accept(entries.certain[index]):
                best = entries.certain[index]
                break
            index += 1
        for entry in entries.uncertain:
            if entry.date.latest < start or entry.date.earliest.toordinal() > hi:
                continue
            if (best is None or entry.sort_key < best.sort_key) and accept(entry):
                best = entry
        return best
