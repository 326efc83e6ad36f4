"""Joint entries read back from the read model: the merged chronology in business terms.

An `Entry` is what the panel reads as one line of the joint chronology: one event,
with every agency record that describes it. The gap rules and every output start here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb

from jointchron.domain.dates import FuzzyDate
from jointchron.domain.vocabulary import MEETING_KINDS
from jointchron.projections.people import canonical_people


@dataclass(frozen=True)
class SourceRecord:
    """One agency record behind an entry, and where a person can find it."""

    contact_id: str
    agency: str
    file: str
    sheet: str | None
    row: int
    reference: str
    practitioner: str
    summary: str
    detail: str
    outcome: str
    sender: str
    amended: bool
    withdrawn: bool
    no_longer_present: bool
    version: int
    extract_id: str = ""
    episode: str = ""


@dataclass(frozen=True)
class Entry:
    id: str
    date: FuzzyDate
    kind: str
    agencies: tuple[str, ...]
    tags: tuple[str, ...]
    subjects: tuple[str, ...]  # canonical person ids
    participants: tuple[str, ...]
    recipients: tuple[str, ...]
    sender: str
    sources: tuple[SourceRecord, ...]
    near_matches: tuple[str, ...] = field(default=())
    # The agencies' records of this one event disagree about who sent it to whom (see `disagree_on_direction`).
    direction_disagrees: bool = False

    @property
    def agency(self) -> str:
        return self.agencies[0]

    @property
    def day(self) -> datetime.date:
        return self.date.earliest

    @property
    def withdrawn(self) -> bool:
        return all(s.withdrawn for s in self.sources)

    @property
    def amended(self) -> bool:
        return any(s.amended for s in self.sources)

    @property
    def no_longer_present(self) -> bool:
        return all(s.no_longer_present for s in self.sources)

    @property
    def sort_key(self) -> tuple[datetime.date, str, str, str]:
        # Entries without a time sort before timed ones on the same day.
        return (self.date.earliest, self.date.time_text() or "", self.agency, self.id)


# Only the columns an entry needs, in the order `_entry` reads them, sorted so that the
# records of one entry are adjacent.
_COLUMNS = (
    "entry_id", "id", "agency", "file", "sheet", "row", "reference", "practitioner", "summary", "detail",
    "outcome", "sender", "amended", "withdrawn", "no_longer_present", "version", "date", "end_date",
    "precision", "time", "kind", "tags", "subjects", "participants", "recipients", "extract_id", "episode",
)  # fmt: skip
_QUERY = f"""
SELECT {", ".join("m.entry_id" if c == "entry_id" else "c." + c for c in _COLUMNS)}
FROM entry_members m JOIN contacts c ON c.id = m.contact_id
ORDER BY m.entry_id, c.agency, c.id
"""


def joint_entries(con: duckdb.DuckDBPyConnection, include_withdrawn: bool = False) -> list[Entry]:
    """Every entry of the joint chronology, in chronological order."""
    canonical = canonical_people(con)
    rows = con.execute(_QUERY).fetchall()
    near: dict[str, list[str]] = {}
    for entry_id, other in con.execute(
        "SELECT entry_id, other_entry_id FROM near_matches ORDER BY 1, 2"
    ).fetchall():
        near.setdefault(entry_id, []).append(other)
    entries: list[Entry] = []
    start = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index][0] != rows[start][0]:
            entries.append(_entry(rows[start:index], near, canonical))
            start = index
    if not include_withdrawn:
        entries = [e for e in entries if not e.withdrawn]
    entries.sort(key=lambda e: e.sort_key)
    return entries


def _union(lists: Iterable[Iterable[str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for items in lists for item in items))


def _entry(rows: list[tuple[Any, ...]], near: dict[str, list[str]], canonical: dict[str, str]) -> Entry:
    # Positions follow _COLUMNS.
    first = rows[0]
    sources = tuple(
        SourceRecord(r[1], r[2], r[3] or "", r[4], r[5], r[6] or "", r[7] or "", r[8] or "", r[9] or "",
                     r[10] or "", r[11], r[12], r[13], r[14], r[15], r[25] or "", r[26] or "")
        for r in rows
    )  # fmt: skip
    (entry_id, date, end_date, precision, kind) = (first[0], first[16], first[17], first[18], first[20])
    time = next((r[19] for r in rows if r[19]), None)
    fuzzy = FuzzyDate(date, end_date or date, precision, _clock(time) if time else None)
    if len(rows) == 1:
        subjects = tuple(dict.fromkeys(canonical.get(s, s) for s in first[22]))
        return Entry(entry_id, fuzzy, kind, (first[2],), tuple(first[21]), subjects, tuple(first[23]),
                     tuple(first[24]), first[11], sources, tuple(near.get(entry_id, ())))  # fmt: skip
    return Entry(
        id=entry_id,
        date=fuzzy,
        kind=kind,
        direction_disagrees=disagree_on_direction(kind, [(r[11], r[24]) for r in rows]),
        agencies=_union([s.agency] for s in sources),
        tags=_union(r[21] for r in rows),
        subjects=_union([canonical.get(s, s) for s in r[22]] for r in rows),
        participants=_union(r[23] for r in rows),
        recipients=_union(r[24] for r in rows),
        sender=sources[0].sender,
        sources=sources,
        near_matches=tuple(near.get(entry_id, ())),
    )


def disagree_on_direction(kind: str, directions: Sequence[tuple[str, Sequence[str]]]) -> bool:
    """Whether records of one event, as (sender, recipients), point opposite ways.

    Two records disagree when they name different senders and one names the other's sender as
    a recipient: the school's referral reads school -> csc, and a social-care record of it reads
    csc -> school. Who took part in a meeting has no direction.
    """
    if kind in MEETING_KINDS:
        return False
    return any(
        a_sender != b_sender and (a_sender in b_recipients or b_sender in a_recipients)
        for n, (a_sender, a_recipients) in enumerate(directions)
        for b_sender, b_recipients in directions[n + 1 :]
    )


def _clock(text: str) -> datetime.time:
    hours, minutes = text.split(":")
    return datetime.time(int(hours), int(minutes))


def entry_dates(con: duckdb.DuckDBPyConnection, entry: str) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day the contacts of an entry are dated (a period's end counts), or None."""
    row = con.execute(
        "SELECT min(c.date), max(coalesce(c.end_date, c.date)) FROM entry_members m "
        "JOIN contacts c ON c.id = m.contact_id WHERE m.entry_id = ?",
        [entry],
    ).fetchone()
    return None if row is None or row[0] is None else (row[0], row[1])
