"""Rows of an agency's file, mapped to canonical contacts (DESIGN §4, §6)."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import ValidationError

from jointchron.domain.agencies import AgencyBook
from jointchron.domain.contact import ContactContent, content_problem
from jointchron.domain.contact_details import holds_contact_details
from jointchron.domain.dates import FuzzyDate
from jointchron.domain.drafts import ContactDraft
from jointchron.domain.errors import InvalidDate
from jointchron.domain.vocabulary import MEETING_KINDS, agency_code, tag
from jointchron.importers.cells import (
    Cells,
    cell_text,
    clock_of,
    first_text,
    one_value_each,
    readable,
    split_items,
    summary_of,
    unique,
)
from jointchron.importers.columns import Columns
from jointchron.importers.errors import RowError
from jointchron.importers.mapping import Mapping
from jointchron.importers.precision import declared_precision
from jointchron.importers.roles import other_agencies_role
from jointchron.importers.tabular import RawRow, Sheet, undecodable
from jointchron.store.contact_encoding import fields_json

# Resolves a subject as written in an extract to a person id (registering an unconfirmed person if need be).
SubjectResolver = Callable[[str], str]
_AGENCY_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# Distinct values remembered per converted column (a column of unique values stops filling its memo here).
MEMO_SIZE = 50_000
_MISSING = object()
_T = TypeVar("_T")
# pydantic's own validator of a contact, called without model_validate's wrapper: it runs once a row.
_validate_content = ContactContent.__pydantic_validator__.validate_python


class ContactMapper:
    """Turns the rows of one sheet into contact drafts, or row errors naming column and value.

    Extracts repeat the same few thousand values in their kind, date, time, agency and subject
    columns; each distinct value is converted (or refused) once per import and remembered.
    """

    def __init__(self, mapping: Mapping, agency: str, file: str, resolve: SubjectResolver,
                 agencies: AgencyBook | None = None) -> None:  # fmt: skip
        self.mapping = mapping
        self.agency = agency
        self.file = file
        self.resolve = resolve
        self.book = agencies or AgencyBook()
        recorder = self.book.get(agency)
        self.recorder_sector = recorder.sector if recorder is not None else "other"
        # Rows read with no subject at all (imported only with [source] subjects_optional = true).
        self.without_subjects = 0
        self._last_without: tuple[str | None, int] | None = None
        self.seen: Counter[str] = Counter()
        # Kinds, precisions, times and tags pydantic-core accepted in a contact (see _checked).
        self._valid: dict[str, set[object]] = {name: set() for name in ("kind", "precision", "time", "tags")}
        # The agency codes it accepted, in the order first named: every code a drafted contact names,
        # for the import to register.
        self.agencies_named: dict[str, None] = {}
        self._memos: dict[str, dict[tuple[str, object], Any]] = {
            name: {} for name in ("date", "time", "kind", "tags", "agencies", "subjects")
        }

    def drafts(self, sheet: Sheet, columns: Columns, row: RawRow) -> list[ContactDraft]:
        """The contacts one row holds, or a RowError naming the column and value that stop it."""
        if row.problem:
            raise RowError("", readable(row.raw or " | ".join(cell_text(v) for v in row.values)), row.problem)
        try:
            joined = "\x1f".join(row.values)  # type: ignore[arg-type]  # a CSV row: all text
        except TypeError:  # a workbook row: numbers and dates too
            joined = "\x1f".join(v if v.__class__ is str else cell_text(v) for v in row.values)
        if undecodable(joined):
            for header, value in zip(columns.headers, row.values, strict=False):
                if isinstance(value, str) and (byte := undecodable(value)):
                    raise RowError(header, readable(value),
                                   f"byte {byte} cannot be read in this file's encoding; save the file as UTF-8 "
                                   "or set [source] encoding")  # fmt: skip
        row_hash = hashlib.sha256(joined.encode("utf-8", "surrogateescape")).hexdigest()
        return self._contacts(sheet, columns, row, row_hash)

    def _contacts(self, sheet: Sheet, columns: Columns, row: RawRow, row_hash: str) -> list[ContactDraft]:
        """The contacts a row holds: one here; wide rows (`[[events]]`, importers/wide.py) hold several."""
        return [self._draft(sheet, columns, row, row_hash)]

    def _draft(self, sheet: Sheet, columns: Columns, row: RawRow, row_hash: str) -> ContactDraft:
        m = self.mapping
        cells = columns.filled(row)
        if columns.several:
            one_value_each(cells, columns.several)
        date = self._date(cells, "date")
        if date is None:
            raise RowError(
                columns.header("date") or "date", "", "no date given; every row needs the date it happened"
            )
        clock = date.time
        if clock is None and "time" in cells and date.takes_time:
            clock = self._memo("time", *cells["time"][0], clock_of)
        if "date_precision" in columns.positions:
            date = declared_precision(date.at(clock), *columns.cell(row, "date_precision"), m)
            clock = date.time
        if "end_date" in cells:
            end = self._date(cells, "end_date")
            if end is not None and end.latest != date.latest:
                if end.latest < date.earliest:
                    raise RowError(cells["end_date"][0][0], end.display(), "the end date is before the date")
                date, clock = FuzzyDate(date.earliest, end.latest, "range", None), None
        if "kind" in cells:
            kind, tags = self._memo("kind", *cells["kind"][0], self._kind)
        elif m.default_kind is not None:
            kind, tags = m.default_kind, ()
        else:
            raise RowError(columns.header("kind") or "kind", "",
                           "unknown kind; map it in [kinds] of a mapping file, or set a default there")  # fmt: skip
        summary = summary_of(cells)
        if "tags" in cells or m.summary_tags:
            tags = (*tags, *self._row_tags(cells, summary))
        content = self._content(
            cells, columns, row, date, clock, kind, tags, summary, participants=self._agencies(cells, "participants"),
            recipients=self._agencies(cells, "recipients"), senders=self._agencies(cells, "sender"),
            date_header=cells["date"][0][0],
        )  # fmt: skip
        return self._drafted(content, self._identity(content, row), sheet, row, row_hash)

    def _drafted(self, content: dict[str, Any], identity: str, sheet: Sheet, row: RawRow,
                 row_hash: str) -> ContactDraft:  # fmt: skip
        """The draft of a validated contact."""
        return ContactDraft(
            self.agency, fields_json(content), identity, self.file, sheet.name, row.number, row_hash
        )

    def _kind(self, header: str, value: object) -> tuple[str, tuple[str, ...]]:
        """The canonical kind a kind cell names, and the tags [tags] gives that text."""
        text = cell_text(value)
        kind = self.mapping.kind_of(text)
        if kind is None:
            raise RowError(
                header, text, "unknown kind; map it in [kinds] of a mapping file, or set a default there"
            )
        return kind, self.mapping.tags_for(text)

    def _row_tags(self, cells: Cells, summary: str) -> list[str]:
        """Tags from the tags column (through [tags]) and from the summary (through [summary_tags])."""
        tags: list[str] = []
        for header, value in cells.get("tags", ()):
            tags += self._memo("tags", header, value, self._tag_cell)
        if self.mapping.summary_tags:
            tags += self.mapping.tags_for_summary(summary)
        return tags

    def _tag_cell(self, header: str, value: object) -> tuple[str, ...]:
        tags: list[str] = []
        for item in split_items(cell_text(value)):
            if not tag(item):
                raise RowError(header, item, "a tag needs letters or digits")
            if holds_contact_details(item):
                raise RowError(header, item, "a tag holds an e-mail address or a telephone number; keep contact "
                                             "details out of tags (a tag is shown in every output)")  # fmt: skip
            tags += self.mapping.tags_for(item) or [tag(item)]
        return tuple(tags)

    def _content(self, cells: Cells, columns: Columns, row: RawRow, date: FuzzyDate, clock: datetime.time | None,
                 kind: str, tags: Sequence[str], summary: str, participants: list[str], recipients: list[str],
                 senders: list[str], date_header: str) -> dict[str, Any]:  # fmt: skip
        """The canonical contact of one row (or one event of a wide row), validated: `ContactContent`'s fields.

        Applies DESIGN §6's rules on agencies: `other_agencies` are participants of a meeting and
        recipients otherwise; the recording agency took part in a meeting it records; a record of
        something another agency sent was sent to the recording agency.
        """
        sender_header = "sender"
        if "other_agencies" in cells:
            others = self._agencies(cells, "other_agencies")
            role = other_agencies_role(kind, self.recorder_sector, self.mapping.roles)
            if role == "participants":
                participants = [*participants, *others]
            elif role == "sender":
                senders, sender_header = [*senders, *others], cells["other_agencies"][0][0]
            else:
                recipients = [*recipients, *others]
        if kind in MEETING_KINDS:
            participants = [*participants, self.agency]
        if len(senders) > 1 and len(named := unique(senders)) > 1:
            header = cells["sender"][0][0] if "sender" in cells else sender_header
            raise RowError(header, "; ".join(named),
                           f"a {kind.replace('_', ' ')} comes from one agency, and this row names {len(named)} as "
                           "its sender; keep one, or map the others as recipients or participants")  # fmt: skip
        sender = senders[0] if senders else self.agency
        subjects = self._subjects(cells)
        if not subjects:
            self._no_subject((row.sheet, row.number), columns)
        if sender != self.agency and not recipients:
            recipients = [self.agency]
        recorded = self._date(cells, "recorded") if "recorded" in cells else None
        fields: dict[str, Any] = {
            "agency": self.agency, "date": date.earliest, "end_date": date.latest if date.latest != date.earliest else None,
            "precision": date.precision, "time": None if clock is None else f"{clock.hour:02d}:{clock.minute:02d}",
            "recorded": recorded.earliest if recorded else None, "kind": kind, "tags": unique(tags),
            "subjects": subjects, "participants": unique(participants),
            "recipients": unique(recipients), "sender": sender, "summary": summary, "detail": first_text(cells, "detail"),
            "practitioner": first_text(cells, "practitioner"), "reference": first_text(cells, "reference"),
            "outcome": first_text(cells, "outcome"), "episode": first_text(cells, "episode"),
        }  # fmt: skip
        if not self._checked(fields):
            try:
                _validate_content(fields)
            except ValidationError as error:
                problem = error.errors()[0]
                field = str(problem["loc"][0]) if problem["loc"] else ""
                where = (
                    date_header
                    if field in ("date", "end_date", "precision", "time")
                    else columns.cell(row, field)[0]
                )
                raise RowError(
                    where or field, cell_text(problem["input"]), content_problem(problem)
                ) from None
            valid = self._valid
            valid["kind"].add(fields["kind"])
            valid["precision"].add(fields["precision"])
            valid["time"].add(fields["time"])
            valid["tags"].update(fields["tags"])
            self.agencies_named.update(
                dict.fromkeys(
                    (fields["agency"], fields["sender"], *fields["participants"], *fields["recipients"])
                )
            )
        return fields

    def _no_subject(self, where: tuple[str | None, int], columns: Columns) -> None:
        """A row about no one: counted, and rejected unless the mapping says subjects may be empty."""
        if where != self._last_without:  # a wide row's events are one row
            self.without_subjects += 1
            self._last_without = where
        if not self.mapping.subjects_optional:
            raise RowError(columns.header("subjects") or "subjects", "",
                           "no subject: the row names no one it is about; fill in the subject, or set "
                           "[source] subjects_optional = true if records about no one belong in the review")  # fmt: skip

    def _checked(self, fields: dict[str, Any]) -> bool:
        """Whether every constrained value of a row's contact was validated on an earlier row.

        pydantic-core validates a contact the first time it holds a new kind, precision, time, tag or
        agency code; the values it accepted are remembered, and a row made only of those is not
        validated again (its dates, text and subject ids have their types by construction). This
        leaves a few set lookups on the import's hottest line (tests/unit/test_row_mapping.py).
        """
        valid = self._valid
        codes, tags = self.agencies_named, valid["tags"]
        return (
            fields["kind"] in valid["kind"] and fields["precision"] in valid["precision"]
            and fields["time"] in valid["time"] and fields["agency"] in codes and fields["sender"] in codes
            and all(v in tags for v in fields["tags"]) and all(v in codes for v in fields["participants"])
            and all(v in codes for v in fields["recipients"])
        )  # fmt: skip

    def _subjects(self, cells: Cells) -> tuple[str, ...]:
        found = [
            self._memo("subjects", header, value, self._subject_cell)
            for header, value in cells.get("subjects", ())
        ]
        if len(found) == 1:
            return found[0]
        return tuple(dict.fromkeys(s for ids in found for s in ids))

    def _subject_cell(self, header: str, value: object) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.resolve(s) for s in split_items(cell_text(value))))

    def _identity(self, content: dict[str, Any], row: RawRow) -> str:
        """The source's own reference; without one, the row's content and how often it was seen."""
        if content["reference"]:
            return f"ref:{content['reference']}"
        written = json.loads(fields_json(content))  # as `ContactContent.model_dump(mode="json")` gives it
        del written["agency"]
        if not written.get("episode"):
            del written["episode"]  # identities of contacts imported before episodes existed stay the same
        key = json.dumps(written, sort_keys=True)
        self.seen[key] += 1
        digest = hashlib.sha256(key.encode()).hexdigest()[:32]
        return f"content:{digest}:{self.seen[key]}"

    def _date(self, cells: Cells, field: str) -> FuzzyDate | None:
        found = cells.get(field)
        return None if found is None else self._memo("date", *found[0], self._read_date)

    def _read_date(self, header: str, value: object) -> FuzzyDate:
        try:
            return FuzzyDate.from_value(value, self.mapping.date_formats)
        except InvalidDate as error:
            raise RowError(header, cell_text(value), str(error)) from None

    def _with_time(self, date: FuzzyDate, header: str, value: object) -> FuzzyDate:
        return date.at(self._memo("time", header, value, clock_of))

    def _agencies(self, cells: Cells, field: str) -> list[str]:
        found = cells.get(field)
        if found is None:
            return []
        return [code for cell in found for code in self._memo("agencies", *cell, self._agency_cell)]

    def _agency_cell(self, header: str, value: object) -> tuple[str, ...]:
        return tuple(self._agency_codes(header, cell_text(value)))

    def _agency_codes(self, header: str, value: str) -> list[str]:
        """The agencies one cell names (`;`-separated), through [agencies], agency names and codes."""
        codes = []
        for item in split_items(value):
            code = self.mapping.agency_of(item)
            if code == "":
                continue  # mapped in [agencies] to no agency: a member of the public, anonymous
            code = code or self.book.code_named(item)
            if code is None:
                # Free text never becomes a new agency, nor does a code the review does not know.
                written = item.strip().lower()
                if not _AGENCY_CODE.match(written) or agency_code(item) not in self.book:
                    what = (
                        "an agency code this review knows"
                        if _AGENCY_CODE.match(written)
                        else "an agency code"
                    )
                    raise RowError(header, item, f"not {what}{self.book.hint(item)} Map it in [agencies] of a "
                                                 "mapping file, or register it with `jointchron agencies add`")  # fmt: skip
                code = agency_code(item)
            codes.append(code)
        return codes

    def _memo(self, name: str, header: str, value: object, convert: Callable[[str, object], _T]) -> _T:
        """`convert(header, value)`, remembered for text cells (a refusal too: it is raised again)."""
        if value.__class__ is not str:
            return convert(header, value)
        table = self._memos[name]
        key = (header, value)
        found = table.get(key, _MISSING)
        if found is _MISSING:
            try:
                found = convert(header, value)
            except RowError as error:
                found = _Refusal(error.column, error.value, error.reason)
            if len(table) < MEMO_SIZE:
                table[key] = found
        if found.__class__ is _Refusal:
            raise RowError(found.column, found.value, found.reason)
        return found  # type: ignore[no-any-return]  # what `convert` gave for this value


@dataclass(frozen=True, slots=True)
class _Refusal:
    """A cell value refused once, remembered so that it is refused the same way again."""

    column: str
    value: str
    reason: str


def row_reference(columns: Columns, row: RawRow) -> str:
    """The source's own reference for a row, as written, even when the row cannot be imported."""
    return readable(cell_text(columns.cell(row, "reference")[1]))
