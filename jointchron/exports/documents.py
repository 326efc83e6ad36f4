"""What the written review is given: the chronology as a document, and the knowledge matrix.

Both are built from the read model through the same pseudonymiser as every other output,
so the exporters (XLSX, DOCX, Markdown) never see a real name unless `--named` asked for it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Literal

from jointchron.projections.chronology import ChronologyQuery, agency_names, pseudonymiser, record, select
from jointchron.projections.knowledge import HOW_ORDER, How, matrix, possibly_later
from jointchron.projections.privacy import Pseudonymiser, published
from jointchron.service.review_store import Store

Mode = Literal["pseudonymised", "named", "published"]

# One light fill per agency (spreadsheet rows, Word cells), in the order of the agencies' codes.
PALETTE = (
    "DCE9F7",
    "FCE4D6",
    "E2EFDA",
    "FFF2CC",
    "EDE1F5",
    "DDEBF7",
    "F8CBAD",
    "C6E0B4",
    "FFE699",
    "D9D2E9",
    "F4E1E8",
    "D0F0EF",
)
HOW_LABELS: dict[How, str] = {
    "own": "own",
    "sender": "sent",
    "recipient": "received",
    "participant": "took part",
}


def mode_of(named: bool, publish: bool) -> Mode:
    return "published" if publish else "named" if named else "pseudonymised"


MODE_NOTES: dict[Mode, str] = {
    "pseudonymised": "Pseudonymised: people are shown by pseudonym; identifiers are hidden.",
    "named": "NAMED: contains real names. Not for circulation beyond the review panel.",
    "published": "Prepared for publication: pseudonymised, dates to the month, no practitioners' names.",
}


def agency_colours(codes: list[str] | tuple[str, ...]) -> dict[str, str]:
    return {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(sorted(codes))}


@dataclass(frozen=True)
class ChronologyDocument:
    title: str
    period_start: datetime.date
    period_end: datetime.date
    mode: Mode
    selection: str
    records: list[dict[str, Any]]
    agency_names: dict[str, str]
    gaps: list[dict[str, Any]] | None = None
    made: datetime.date = field(default_factory=datetime.date.today)

    @property
    def period(self) -> str:
        return f"{self.period_start:%d/%m/%Y} to {self.period_end:%d/%m/%Y}"

    @property
    def note(self) -> str:
        return MODE_NOTES[self.mode]

    def agency(self, code: str) -> str:
        return self.agency_names.get(code, code)

    def source_lines(self, record: dict[str, Any], row: str = " row") -> list[str]:
        """Where each of a record's sources can be found: file, sheet and row, its reference and practitioner,
        and its agency when there are several. `row` joins the file to the row number."""
        lines = []
        for s in record["sources"]:
            where = s["file"] + (f" [{s['sheet']}]" if s["sheet"] else "") + f"{row} {s['row']}"
            extra = ", ".join(x for x in (s["reference"] and f"ref {s['reference']}", s["practitioner"]) if x)
            agency = f"{self.agency(s['agency'])}: " if len(record["sources"]) > 1 else ""
            lines.append(f"{agency}{where}" + (f" ({extra})" if extra else ""))
        return lines

    def colours(self) -> dict[str, str]:
        return agency_colours(list(self.agency_names))


def selection_text(query: ChronologyQuery, names: dict[str, str]) -> str:
    """The query in words, for the heading of a document."""
    parts = []
    if query.known_by:
        by = f" by {query.at:%d/%m/%Y}" if query.at else ""
        parts.append(f"What {names.get(query.known_by, query.known_by)} held{by}")
    if query.agency:
        parts.append(f"records of {names.get(query.agency, query.agency)}")
    if query.date_from or query.date_to:
        start = f"{query.date_from:%d/%m/%Y}" if query.date_from else "the start"
        end = f"{query.date_to:%d/%m/%Y}" if query.date_to else "the end"
        parts.append(f"from {start} to {end}")
    if query.include_withdrawn:
        parts.append("withdrawn records included")
    return "; ".join(parts)


def chronology_document(store: Store, query: ChronologyQuery, with_gaps: bool = True) -> ChronologyDocument:
    review = store.review()
    records = store.entries(query)
    views = store.views()
    names = agency_names(views)
    privacy = pseudonymiser(views, named=query.named, publish=query.publish)
    return ChronologyDocument(
        title=privacy.text(review.title),
        period_start=review.period_start,
        period_end=review.period_end,
        mode=mode_of(query.named, query.publish),
        selection=selection_text(query, names),
        records=records,
        agency_names=names,
        gaps=gaps_of(store, query, privacy) if with_gaps else None,
    )


def gaps_of(store: Store, query: ChronologyQuery, privacy: Pseudonymiser) -> list[dict[str, Any]]:
    """The gaps the review's rulebook finds, shown as the chronology is (named, or fit to publish)."""
    found = store.gap_records(person=query.person, named=query.named)
    return [published(g, privacy) for g in found] if query.publish else found


def knowledge(
    store: Store,
    at: datetime.date | None,
    named: bool = False,
    publish: bool = False,
    person: str | None = None,
) -> dict[str, Any]:
    """Agency × key entry at a date: for every key entry that had happened, how each agency held it."""
    store.review()
    views = store.views()
    names = agency_names(views)
    codes = sorted(names)
    privacy = pseudonymiser(views, named=named, publish=publish)
    entries = select(views, ChronologyQuery(person=person))
    rows = []
    for entry, held in matrix(entries, codes, at):
        shown = record(entry, privacy, names)
        rows.append(
            {
                "id": shown["id"],
                "date": shown["date"],
                "display_date": shown["display_date"],
                "precision": shown["precision"],
                "kind": shown["kind"],
                "tags": shown["tags"],
                "agencies": shown["agencies"],
                "subjects": shown["subjects"],
                "summary": shown["summary"],
                "possibly_later": possibly_later(entry, at),
                "held": {code: list(ways) for code, ways in held.items()},
                "held_by": [code for code, ways in held.items() if ways],
            }
        )
    return {
        "at": at.isoformat() if at else None,
        "mode": mode_of(named, publish),
        "agencies": [{"code": c, "name": names[c]} for c in codes],
        "entries": rows,
    }


def held_label(ways: list[str]) -> str:
    ordered = [w for w in HOW_ORDER if w in ways]
    return "+".join(HOW_LABELS[w] for w in ordered)


HELD_LETTERS: dict[str, str] = {"own": "O", "sender": "S", "recipient": "R", "participant": "P"}
HELD_LEGEND = "O its own record; S it sent it; R it received it; P it took part"


def held_letters(ways: list[str]) -> str:
    """The compact form for a terminal: `O`, `R`, `OP`."""
    return "".join(HELD_LETTERS[w] for w in HOW_ORDER if w in ways)
