"""Joint entries read back from the read model: the merged chronology in business terms.

An `Entry` is what the panel reads as one line of the joint chronology: one event,
with every agency record that describes it. The gap rules and every output start here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb

from jointchron.domain.dates import FuzzyDate
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


_QUERY = """
SELECT m.entry_id, c.*
FROM entry_members m JOIN contacts c ON c.id = m.contact_id
ORDER BY m.entry_id, c.agency, c.id
"""


def joint_entries(con: duckdb.DuckDBPyConnection, include_withdrawn: bool = False) -> list[Entry]:
    """Every entry of the joint chronology, in chronological order."""
    canonical = canonical_people(con)
    cursor = con.execute(_QUERY)
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    near: dict[str, list[str]] = {}
    for entry_id, other in con.execute(
        "SELECT entry_id, other_entry_id FROM near_matches ORDER BY 1, 2"
    ).fetchall():
        near.setdefault(entry_id, []).append(other)
    entries: list[Entry] = []
    group: list[dict[str, Any]] = []
    for row in rows:
        if group and group[0]["entry_id"] != row["entry_id"]:
            entries.append(_entry(group, near, canonical))
            group = []
        group.append(row)
    if group:
        entries.append(_entry(group, near, canonical))
    if not include_withdrawn:
        entries = [e for e in entries if not e.withdrawn]
    entries.sort(key=lambda e: e.sort_key)
    return entries


def _union(lists: Iterable[Iterable[str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for items in lists for item in items))


def _entry(rows: list[dict[str, Any]], near: dict[str, list[str]], canonical: dict[str, str]) -> Entry:
    first = rows[0]
    sources = tuple(
        SourceRecord(
            contact_id=r["id"],
            agency=r["agency"],
            file=r["file"] or "",
            sheet=r["sheet"],
            row=r["row"],
            reference=r["reference"] or "",
            practitioner=r["practitioner"] or "",
            summary=r["summary"] or "",
            detail=r["detail"] or "",
            outcome=r["outcome"] or "",
            sender=r["sender"],
            amended=r["amended"],
            withdrawn=r["withdrawn"],
            no_longer_present=r["no_longer_present"],
            version=r["version"],
        )
        for r in rows
    )
    times = [r["time"] for r in rows if r["time"]]
    date = FuzzyDate.from_dict(
        {
            "date": first["date"].isoformat(),
            "end_date": first["end_date"] and first["end_date"].isoformat(),
            "precision": first["precision"],
            "time": times[0] if times else None,
        }
    )
    return Entry(
        id=first["entry_id"],
        date=date,
        kind=first["kind"],
        agencies=_union([s.agency] for s in sources),
        tags=_union(r["tags"] for r in rows),
        subjects=_union([canonical.get(s, s) for s in r["subjects"]] for r in rows),
        participants=_union(r["participants"] for r in rows),
        recipients=_union(r["recipients"] for r in rows),
        sender=sources[0].sender,
        sources=sources,
        near_matches=tuple(near.get(first["entry_id"], ())),
    )
