"""A chunk of a sheet's rows mapped column by column: each distinct value of a column once.

Extracts repeat a few thousand values in their date, time, kind, tag, agency and subject columns.
Each distinct value is converted, checked with pydantic and written as JSON once; a row's contact
is then its cells' fragments joined, in `ContactContent`'s field order: the bytes pydantic writes
for the whole contact. A row with anything unusual (a cell refused, no subject, no reference, an
end date, a problem found by the reader) goes through the row mapper (importers/contacts.py) in
its turn, so that its draft or its refusal is the one that mapper gives, and so is the order in
which new people and agencies are first named. Mappings whose fields need a row's cells together
(`[[events]]`, declared precisions, `other_agencies`, summary tags, a field read from several
columns), typed cells (a workbook's numbers and dates) and chunks with undecodable bytes are read
by the row mapper alone. tests/integration/test_columnar_import.py imports files both ways and
compares what is stored, byte for byte.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any, cast

from pydantic import TypeAdapter, ValidationError
from pydantic_core import to_json

from jointchron.domain.contact import ContactContent
from jointchron.domain.dates import FuzzyDate
from jointchron.domain.drafts import ContactDraft
from jointchron.domain.vocabulary import MEETING_KINDS
from jointchron.importers.cells import cell_text, clock_of, unique
from jointchron.importers.columns import Columns
from jointchron.importers.contacts import MEMO_SIZE, ContactMapper
from jointchron.importers.errors import RowError
from jointchron.importers.tabular import RawRow, Sheet, undecodable

# Fields this path reads, each from one column. Any other mapped field sends the sheet to the row mapper.
_READ = frozenset(("date", "time", "end_date", "recorded", "kind", "tags", "subjects", "participants",
                   "recipients", "sender", "summary", "detail", "practitioner", "reference", "outcome",
                   "episode"))  # fmt: skip
_TEXT_FIELDS = ("summary", "detail", "practitioner", "reference", "outcome", "episode")
_PARTIES = ("participants", "recipients", "sender")
# What `cell_text` tidies in ASCII text cells (joined by NUL): white space other than one space between words.
_UNTIDY = ("  ", " \x00", "\x00 ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")
# pydantic's own checks of the constrained fields, run once per distinct value.
_CHECKS: dict[str, Callable[[object], object]] = {
    name: TypeAdapter(cast(Any, ContactContent.model_fields[name].annotation)).validate_python
    for name in ("agency", "precision", "time", "kind", "tags", "participants")
}
# What a distinct value this path does not map gives: the rows holding it go to the row mapper.
_ROW = None


def reads_columns(mapper: ContactMapper, columns: Columns) -> bool:
    """Whether this sheet's rows can be mapped column by column (else the row mapper reads them all)."""
    m = mapper.mapping
    positions = columns.positions
    return (
        type(mapper) is ContactMapper and not m.events and not m.summary_tags
        and set(positions) <= _READ and {"date", "subjects", "reference"} <= set(positions)
        and all(len(found) == 1 for found in positions.values()) and _checked("agency", mapper.agency)
    )  # fmt: skip


@dataclass
class Mapped:
    """What a chunk of rows gave, in file order: its drafts, and each refused row with why."""

    drafts: list[ContactDraft] = field(default_factory=list)
    refused: list[tuple[RawRow, RowError]] = field(default_factory=list)

    def add(self, row: RawRow, outcome: list[ContactDraft] | RowError) -> None:
        if isinstance(outcome, RowError):
            self.refused.append((row, outcome))
        else:
            self.drafts += outcome


class ColumnarMapper:
    """Maps chunks of one sheet's rows column by column, sharing the row mapper's memory of values."""

    def __init__(self, mapper: ContactMapper, sheet: Sheet, columns: Columns) -> None:
        self.mapper, self.sheet, self.columns = mapper, sheet, columns
        self.position = {name: found[0] for name, found in columns.positions.items()}
        self.header = {name: columns.headers[i] for name, i in self.position.items()}
        self.width = max(self.position.values()) + 1
        self._head = b'{"agency":' + to_json(mapper.agency) + b',"date":'
        # Fragments of distinct values, by column, for the whole sheet (MEMO_SIZE values at most each).
        self._known: dict[str, dict[Any, Any]] = {
            name: {} for name in ("date", "time", "recorded", "kind name", "kind", "parties", "subjects")
        }

    def map(self, rows: Sequence[RawRow]) -> Mapped:
        """The drafts and refusals of a chunk of rows (one sheet's), in file order."""
        mapped = Mapped()
        joined = _joined(rows)
        values = [row.values for row in rows]
        if min(map(len, values)) < self.width:
            values = [v if len(v) >= self.width else [*v, *repeat("", self.width - len(v))] for v in values]
        cells: dict[str, list[Any]] = {name: [v[i] for v in values] for name, i in self.position.items()}
        if undecodable("".join(joined)) or not all(
            all(map(str.__instancecheck__, c)) for c in cells.values()
        ):
            for row in rows:
                mapped.add(row, self._by_row(row))
            return mapped
        n = len(rows)
        fragments, references, parties = self._fragments(cells, n)
        hard = {i for i, parts in enumerate(zip(*fragments, strict=True)) if _ROW in parts}
        hard.update(i for i, row in enumerate(rows) if row.problem)
        hard.update(i for i, reference in enumerate(references) if not reference)
        if "end_date" in cells:
            hard.update(i for i, cell in enumerate(cells["end_date"]) if cell and not cell.isspace())
        subjects, by_row = self._subjects_in_order(rows, cells["subjects"], hard, parties)
        keep: Sequence[int] = range(n)
        if hard:
            keep = [i for i in range(n) if i not in hard]
            fragments = [[column[i] for i in keep] for column in fragments]
            subjects = [subjects[i] for i in keep]
            references, joined = [references[i] for i in keep], [joined[i] for i in keep]
        head, recorded, kinds, parties, *texts = fragments
        contents = list(map(b"".join, zip(head, recorded, kinds, subjects, parties, *texts, strict=True)))
        hashes = [hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest() for text in joined]
        m = self.mapper
        fields = zip(repeat(m.agency), contents, ["ref:" + r for r in references], repeat(m.file),
                     repeat(self.sheet.name), [rows[i].number for i in keep], hashes)  # fmt: skip
        drafts = list(map(_draft, fields))
        if not hard:
            mapped.drafts = drafts
            return mapped
        fast = iter(drafts)
        for i, row in enumerate(rows):
            mapped.add(row, by_row[i] if i in hard else [next(fast)])
        return mapped

    def _by_row(self, row: RawRow) -> list[ContactDraft] | RowError:
        try:
            return self.mapper.drafts(self.sheet, self.columns, row)
        except RowError as error:
            return error

    def _fragments(self, cells: dict[str, list[Any]], n: int) -> tuple[list[list[Any]], list[str], list[Any]]:
        """The JSON of each row's contact, field by field but its subjects; each row's reference; and
        each row's participants, recipients and sender with the codes they name."""
        dates = self._column("date", cells["date"], self._date)
        if "time" in cells:
            times = self._column("time", cells["time"], self._time)
            head = [
                None if d is None or (t := d[1] or times[i]) is None else d[0] + t
                for i, d in enumerate(dates)
            ]
        else:
            head = [None if d is None else d[0] + d[1] for d in dates]
        recorded: list[bytes | None] = [b',"recorded":null'] * n
        if "recorded" in cells:
            recorded = self._column("recorded", cells["recorded"], self._recorded)
        kind_cells = cells.get("kind", [""] * n)
        kinds = self._column(
            "kind", list(zip(kind_cells, cells.get("tags", [""] * n), strict=True)), self._kind
        )
        named = zip(kind_cells, *(cells.get(name, [""] * n) for name in _PARTIES), strict=True)
        parties = self._column("parties", list(named), self._parties)
        references: list[str] = []
        texts = []
        for name in _TEXT_FIELDS:
            key = b',"%s":' % name.encode()
            column = cells.get(name)
            if column is None:
                texts.append([key + b'""'] * n)
                continue
            if _untidy(column):
                column = list(map(cell_text, column))
            texts.append([key + text for text in map(to_json, column)])
            if name == "reference":
                references = column
        texts.append([b"}"] * n)
        written = [None if p is None else p[0] for p in parties]
        return [head, recorded, kinds, written, *texts], references, parties

    def _column(self, name: str, cells: Sequence[Hashable], convert: Callable[[Any], Any]) -> list[Any]:
        """Each cell's converted value: each distinct value converted once (remembered, MEMO_SIZE at most)."""
        known = self._known[name]
        found = {}
        for value in dict.fromkeys(cells):
            if value in known:
                found[value] = known[value]
            else:
                found[value] = converted = convert(value)
                if len(known) < MEMO_SIZE:
                    known[value] = converted
        return list(map(found.__getitem__, cells))

    def _date(self, value: str) -> tuple[bytes, bytes | None] | None:
        """The date's JSON up to its time, and its time unless the time column gives it."""
        if not value or value.isspace():
            return _ROW  # no date
        date = self._convert("date", "date", value, self.mapper._read_date)
        if date is _ROW or not _checked("precision", date.precision):
            return _ROW
        end = b"null" if date.latest == date.earliest else to_json(date.latest)
        head = self._head + to_json(date.earliest) + b',"end_date":' + end + b',"precision":'
        head += to_json(date.precision) + b',"time":'
        if date.time is None and "time" in self.position and date.takes_time:
            return head, None
        clock = b"null" if date.time is None else _clock(date.time)
        return _ROW if clock is None else (head, clock)

    def _time(self, value: str) -> bytes | None:
        if not value or value.isspace():
            return b"null"
        clock = self._convert("time", "time", value, clock_of)
        if clock is None:
            return b"null"
        return _ROW if clock is _REFUSED else _clock(clock)

    def _recorded(self, value: str) -> bytes | None:
        if not value or value.isspace():
            return b',"recorded":null'
        date: FuzzyDate | None = self._convert("date", "recorded", value, self.mapper._read_date)
        return _ROW if date is None else b',"recorded":' + to_json(date.earliest)

    def _kind_name(self, cell: str) -> tuple[str, tuple[str, ...]] | None:
        """The kind a kind cell names and the tags [tags] gives it (the mapping's default for none)."""
        if cell and not cell.isspace():
            found = self._convert("kind", "kind", cell, self.mapper._kind)
            return _ROW if found is _ROW or not _checked("kind", found[0]) else found
        default = self.mapper.mapping.default_kind
        return _ROW if default is None or not _checked("kind", default) else (default, ())

    def _kind(self, cells: tuple[str, str]) -> bytes | None:
        """The kind's and tags' JSON of a (kind, tags) pair of cells."""
        kind_cell, tag_cell = cells
        found: tuple[str, tuple[str, ...]] | None = self._column("kind name", [kind_cell], self._kind_name)[0]
        if found is _ROW:
            return _ROW
        kind, tags = found
        if tag_cell and not tag_cell.isspace():
            more: tuple[str, ...] | None = self._convert("tags", "tags", tag_cell, self.mapper._tag_cell)
            if more is _ROW:
                return _ROW
            tags = (*tags, *more)
        tags = unique(tags)
        return (
            _ROW if not _checked("tags", tags) else b',"kind":' + to_json(kind) + b',"tags":' + to_json(tags)
        )

    def _parties(self, cells: tuple[str, str, str, str]) -> tuple[bytes, tuple[str, ...]] | None:
        """A row's participants, recipients and sender (DESIGN §6), and the codes it names, in the
        row mapper's order."""
        kind_cell, *named = cells
        kind: tuple[str, tuple[str, ...]] | None = self._column("kind name", [kind_cell], self._kind_name)[0]
        if kind is None:
            return _ROW
        found = []
        for name, cell in zip(_PARTIES, named, strict=True):
            codes: tuple[str, ...] | None = (
                ()
                if not cell or cell.isspace()
                else self._convert("agencies", name, cell, self.mapper._agency_cell)
            )
            if codes is _ROW:
                return _ROW
            found.append(list(codes))
        participants, recipients, senders = found
        agency = self.mapper.agency
        if kind[0] in MEETING_KINDS:
            participants.append(agency)
        if len(senders) > 1 and len(unique(senders)) > 1:
            return _ROW
        sender = senders[0] if senders else agency
        if sender != agency and not recipients:
            recipients = [agency]
        took_part, sent_to = unique(participants), unique(recipients)
        if not _checked("participants", (*took_part, *sent_to, sender)):
            return _ROW
        written = (b',"participants":' + to_json(took_part) + b',"recipients":' + to_json(sent_to)
                   + b',"sender":' + to_json(sender))  # fmt: skip
        return written, (agency, sender, *took_part, *sent_to)

    def _convert(self, memo: str, name: str, value: str, convert: Callable[[str, object], Any]) -> Any:
        """The row mapper's conversion of a cell (remembered in its memo); _ROW when it refuses it."""
        try:
            found = self.mapper._memo(memo, self.header.get(name, name), value, convert)
        except RowError:
            return _REFUSED if memo == "time" else _ROW
        return found

    def _subjects_in_order(self, rows: Sequence[RawRow], cells: list[str], hard: set[int],
                           parties: Sequence[Any]) -> tuple[list[Any], dict[int, list[ContactDraft] | RowError]]:  # fmt: skip
        """Each row's subjects' JSON, resolved in file order (new people are first named in that order),
        and what the row mapper makes of each row of `hard`, in its turn (adding to `hard` the rows
        that name no one)."""
        known, subject = self._known["subjects"], self._subject
        codes = self.mapper.agencies_named
        by_row: dict[int, list[ContactDraft] | RowError] = {}
        found: list[Any]
        if not hard:
            found = [known[c] if c in known else subject(c) for c in cells]
            if _ROW not in found:
                for _, named in dict.fromkeys(parties):
                    codes.update(dict.fromkeys(named))
                return found, by_row
            hard.update(i for i, written in enumerate(found) if written is _ROW)
        else:
            found = [known[c] if i not in hard and c in known else _UNREAD for i, c in enumerate(cells)]
        for i, row in enumerate(rows):
            if i not in hard:
                if found[i] is _UNREAD:
                    found[i] = subject(cells[i])
                if found[i] is _ROW:
                    hard.add(i)
            if i in hard:
                by_row[i] = self._by_row(row)
            else:
                codes.update(dict.fromkeys(parties[i][1]))
        return found, by_row

    def _subject(self, cell: str) -> bytes | None:
        if not cell or cell.isspace():
            return _ROW
        ids = self.mapper._memo("subjects", self.header["subjects"], cell, self.mapper._subject_cell)
        written = _ROW if not ids else b',"subjects":' + to_json(ids)
        known = self._known["subjects"]
        if len(known) < MEMO_SIZE:
            known[cell] = written
        return written


# A time cell refused: only the rows whose date takes its time from the time column go to the row mapper.
_REFUSED = object()
_UNREAD = object()


# A ContactDraft from its fields, built by the tuple type itself (one is made for every row).
_draft = functools.partial(tuple.__new__, ContactDraft)


def _clock(clock: Any) -> bytes | None:
    text = f"{clock.hour:02d}:{clock.minute:02d}"
    return to_json(text) if _checked("time", text) else _ROW


def _untidy(cells: list[str]) -> bool:
    """Whether `cell_text` may change any of these text cells: white space other than one space between
    words, or text beyond ASCII (whose white space is many characters)."""
    text = "\x00".join(cells)
    ends = text[:1] + text[-1:]
    return not text.isascii() or " " in ends or any(space in text for space in _UNTIDY)


def _checked(name: str, value: object) -> bool:
    try:
        _CHECKS[name](value)
    except ValidationError:
        return False
    return True


def _joined(rows: Sequence[RawRow]) -> list[str]:
    """Each row's cells joined as the row mapper hashes them."""
    try:
        return ["\x1f".join(row.values) for row in rows]  # type: ignore[arg-type]  # a CSV row: all text
    except TypeError:
        return ["\x1f".join(v if v.__class__ is str else cell_text(v) for v in row.values) for row in rows]
