"""Wide rows: one row of an extract holding several dated events (`[[events]]`, e.g. Annex A).

An Annex A row is a child and a list of dates: referral, assessment started, assessment
authorised. Each `[[events]]` table turns one of those dates into a contact, only when its date
cell is filled (and its `when` condition holds). A bad date in any of them rejects the whole
row, so a row is never half imported.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from jointchron.domain.agencies import AgencyBook
from jointchron.domain.dates import FuzzyDate
from jointchron.domain.drafts import ContactDraft
from jointchron.domain.errors import InvalidDate
from jointchron.importers.cells import Cells, first_text, one_value_each, summary_of
from jointchron.importers.cells import cell_text as _text
from jointchron.importers.columns import Columns
from jointchron.importers.contacts import ContactMapper, SubjectResolver
from jointchron.importers.errors import RowError
from jointchron.importers.mapping import EventSpec, Mapping, Pattern, TagRule
from jointchron.importers.tabular import RawRow, Sheet
from jointchron.importers.templates import fill_template


def find_column(headers: list[str], patterns: tuple[Pattern, ...]) -> int | None:
    """The first header matching the first pattern that matches any: exact names before regex fallbacks."""
    for pattern in patterns:
        for index, header in enumerate(headers):
            if header and pattern.matches(header):
                return index
    return None


def cell_text(value: object) -> str:
    """A cell as a person reads it: dates day first, whole numbers without `.0`."""
    if isinstance(value, datetime.datetime):
        return f"{value:%d/%m/%Y %H:%M}" if value.time() != datetime.time() else f"{value:%d/%m/%Y}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return _text(value)


@dataclass(frozen=True)
class _EventColumns:
    """Where one [[events]] table finds its cells in one sheet."""

    spec: EventSpec
    date: int | None
    time: int | None
    when: int | None
    rules: tuple[tuple[int | None, TagRule], ...]
    placeholders: dict[str, int | None]
    sender: int | None
    recipients: tuple[int | None, ...]
    participants: tuple[int | None, ...]

    @classmethod
    def locate(cls, spec: EventSpec, headers: list[str]) -> _EventColumns:
        return cls(
            spec=spec,
            date=find_column(headers, spec.date),
            time=find_column(headers, spec.time),
            when=find_column(headers, spec.when) if spec.when else None,
            rules=tuple((find_column(headers, r.column), r) for r in spec.tags_when),
            placeholders={name: find_column(headers, p) for name, p in spec.placeholders.items()},
            sender=find_column(headers, spec.sender_column) if spec.sender_column else None,
            recipients=tuple(find_column(headers, c) for c in spec.recipient_columns),
            participants=tuple(find_column(headers, c) for c in spec.participant_columns),
        )

    def happens(self, row: RawRow) -> bool:
        """Its date cell is filled, and its `when` column (if any) is filled or matches `when_value`."""
        if not _cell_text(row, self.date):
            return False
        if not self.spec.when:
            return True
        condition = _cell_text(row, self.when)
        if self.spec.when_value is None:
            return bool(condition)
        return bool(condition) and self.spec.when_value.matches(condition)

    def rule_tags(self, row: RawRow) -> list[str]:
        found: list[str] = []
        for index, rule in self.rules:
            text = _cell_text(row, index)
            if text and (rule.value is None or rule.value.matches(text)):
                found += rule.tags
        return found

    def summary(self, row: RawRow) -> str:
        return fill_template(self.spec.summary, lambda name: _cell_text(row, self.placeholders.get(name)))


class WideRowMapper(ContactMapper):
    """One contact per [[events]] table whose date cell is filled; the row's other columns are shared."""

    def __init__(self, mapping: Mapping, agency: str, file: str, resolve: SubjectResolver,
                 agencies: AgencyBook | None = None) -> None:  # fmt: skip
        super().__init__(mapping, agency, file, resolve, agencies)
        self._layouts: dict[tuple[str | None, tuple[str, ...]], list[_EventColumns]] = {}
        self._identities: Counter[str] = Counter()

    def _contacts(self, sheet: Sheet, columns: Columns, row: RawRow, row_hash: str) -> list[ContactDraft]:
        layout = self._layout(sheet, columns)
        cells = columns.filled(row)
        if columns.several:
            one_value_each(cells, columns.several)
        # Built whole before any is handed on: one bad event rejects the row, never part of it.
        return [
            self._event(sheet, columns, cells, row, row_hash, event) for event in layout if event.happens(row)
        ]

    def _layout(self, sheet: Sheet, columns: Columns) -> list[_EventColumns]:
        key = (sheet.name, tuple(columns.headers))
        if key not in self._layouts:
            self._layouts[key] = [_EventColumns.locate(spec, columns.headers) for spec in self.mapping.events]
        return self._layouts[key]

    def _event(self, sheet: Sheet, columns: Columns, cells: Cells, row: RawRow, row_hash: str,
               event: _EventColumns) -> ContactDraft:  # fmt: skip
        m, spec = self.mapping, event.spec
        assert event.date is not None  # happens() is true only with a filled date cell
        header, value = columns.headers[event.date], row.values[event.date]
        try:
            date = FuzzyDate.from_value(value, m.date_formats)
        except InvalidDate as error:
            raise RowError(header, cell_text(value), str(error)) from None
        clock = _cell(row, event.time)
        if _cell_text(row, event.time) and date.time is None and date.takes_time:
            assert event.time is not None
            date = self._with_time(date, columns.headers[event.time], clock)
        summary = event.summary(row) if spec.summary else summary_of(cells)
        content = self._content(
            cells, columns, row, date, date.time, spec.kind, [*spec.tags, *event.rule_tags(row), *self._row_tags(cells, summary)],
            summary,
            participants=[*spec.participants, *self._cell_agencies(columns, row, event.participants),
                          *self._agencies(cells, "participants")],
            recipients=[*spec.recipients, *self._cell_agencies(columns, row, event.recipients),
                        *self._agencies(cells, "recipients")],
            senders=[*((spec.sender,) if spec.sender else ()),
                     *self._cell_agencies(columns, row, (event.sender,) if spec.sender_column else ()),
                     *self._agencies(cells, "sender")],
            date_header=header,
        )  # fmt: skip
        return self._drafted(content, self._event_identity(cells, row_hash, spec, date), sheet, row, row_hash)

    def _cell_agencies(self, columns: Columns, row: RawRow, indexes: tuple[int | None, ...]) -> list[str]:
        return [
            code
            for index in indexes
            if index is not None and (text := _cell_text(row, index))
            for code in self._agency_codes(columns.headers[index], text)
        ]

    def _event_identity(self, cells: Cells, row_hash: str, spec: EventSpec, date: FuzzyDate) -> str:
        """Stable across revised extracts: the list, the record (reference or subjects), the event and its date.

        A second identical event in the same file (the same child referred twice on one day)
        gets its own identity by order of appearance, so no row is folded into another.
        """
        record = first_text(cells, "reference")
        record = record or ";".join(_text(value) for _, value in cells.get("subjects", ())) or row_hash
        key = "|".join(("wide", self.mapping.label, record, spec.kind, spec.date[0].text, date.iso()))
        self._identities[key] += 1
        count = self._identities[key]
        return key if count == 1 else f"{key}|{count}"


def _cell(row: RawRow, index: int | None) -> object:
    if index is None or index >= len(row.values):
        return None
    return row.values[index]


def _cell_text(row: RawRow, index: int | None) -> str:
    return cell_text(_cell(row, index))
