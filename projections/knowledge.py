"""Who knew what, when (DESIGN §8): the chronology as one agency held it on a given date.

An agency held an entry by a date when the entry had happened by then (its earliest possible
day is on or before the date) and the agency:

- recorded it itself (`own`),
- sent it (`sender`: another agency recorded it as received from this one),
- was sent it (`recipient`), or
- took part in it (`participant`: meetings, strategy discussions, conferences).

An entry whose date is uncertain and could fall after the date (a month, a range) is counted
as held and marked `possibly_later`: the panel decides, the tool does not hide it.
A merged entry counts as held when the agency held any of its records: it is one event.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Final, Literal

from jointchron.projections.entries import Entry

How = Literal["own", "sender", "recipient", "participant"]
HOW_ORDER: Final[tuple[How, ...]] = ("own", "sender", "recipient", "participant")

# What a panel asks "who knew?" about: harm, the police process, and child-protection decisions.
KEY_KINDS: Final[frozenset[str]] = frozenset(
    {
        "disclosure",
        "injury",
        "incident",
        "investigation",
        "arrest",
        "bail",
        "charge",
        "conviction",
        "referral",
        "strategy_discussion",
        "s47_start",
        "conference",
        "decision",
    }
)
# Any other entry with one of these tags is key too (the harm tags the gap rules trigger on).
KEY_TAGS: Final[frozenset[str]] = frozenset(
    {
        "sexual_abuse",
        "physical_abuse",
        "emotional_abuse",
        "neglect",
        "serious_harm",
        "iioc",
        "domestic_abuse",
        "violence",
        "exploitation",
        "cse",
        "cce",
        "safeguarding",
        "child_protection",
    }
)


def how_held(entry: Entry, agency: str) -> tuple[How, ...]:
    """Every way `agency` held `entry` (empty when it never did), in the order of `HOW_ORDER`."""
    ways: list[How] = []
    if agency in entry.agencies:
        ways.append("own")
    if any(s.sender == agency and s.agency != agency for s in entry.sources):
        ways.append("sender")  # another agency's record of what this one sent it
    if agency in entry.recipients:
        ways.append("recipient")
    if agency in entry.participants:
        ways.append("participant")
    return tuple(ways)


def happened_by(entry: Entry, at: datetime.date | None) -> bool:
    return at is None or entry.date.earliest <= at


def possibly_later(entry: Entry, at: datetime.date | None) -> bool:
    """The entry's date is uncertain and may fall after `at`."""
    return at is not None and entry.date.earliest <= at < entry.date.latest


def held_by(entry: Entry, agency: str, at: datetime.date | None = None) -> bool:
    """Whether `agency` held `entry` by the date `at` (by any date when `at` is None)."""
    return happened_by(entry, at) and bool(how_held(entry, agency))


def known_by(entries: Iterable[Entry], agency: str, at: datetime.date | None = None) -> list[Entry]:
    """The entries `agency` held by `at`, in the order given."""
    return [e for e in entries if held_by(e, agency, at)]


def holders(entry: Entry, agencies: Iterable[str], at: datetime.date | None = None) -> list[str]:
    """Which of `agencies` held `entry` by `at`: "who held the trigger information by the due date"."""
    return [a for a in agencies if held_by(entry, a, at)]


def is_key(entry: Entry) -> bool:
    return entry.kind in KEY_KINDS or not KEY_TAGS.isdisjoint(entry.tags)


def key_entries(entries: Iterable[Entry], at: datetime.date | None = None) -> list[Entry]:
    """The key entries that had happened by `at`."""
    return [e for e in entries if is_key(e) and happened_by(e, at)]


def matrix(
    entries: Sequence[Entry], agencies: Sequence[str], at: datetime.date | None = None
) -> list[tuple[Entry, dict[str, tuple[How, ...]]]]:
    """Agency × key entry: for each key entry that had happened by `at`, how each agency held it."""
    return [(e, {a: how_held(e, a) for a in agencies}) for e in key_entries(entries, at)]
