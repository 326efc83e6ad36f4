"""Rows of an agency's file, mapped to canonical contacts (DESIGN §4, §6)."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pydantic import ValidationError

from jointchron.domain.application import ContactDraft
from jointchron.domain.contact import ContactContent
from jointchron.domain.dates import FuzzyDate
from jointchron.domain.errors import InvalidDate
from jointchron.domain.vocabulary import KNOWN_AGENCIES, MEETING_KINDS, agency_code, tag
from jointchron.importers.errors import FileError, RowError
from jointchron.importers.mapping import LIST_FIELDS, Mapping, Pattern, normalise
from jointchron.importers.precision import declared_precision
from jointchron.importers.tabular import RawRow, Sheet, undecodable

# Resolves a subject as written in an extract to a person id (registering an unconfirmed person if need be).
SubjectResolver = Callable[[str], str]
_AGENCY_NAMES = {normalise(a.name): a.code for a in KNOWN_AGENCIES.values()}
_AGENCY_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# The common `14:30` / `14:30:15` time cell, read without building a date string.
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.]\d{2})?$")


@dataclass(frozen=True)
class Columns:
    """Which header positions feed each canonical field, for one sheet."""

    positions: dict[str, tuple[int, ...]]
    headers: list[str]

    @classmethod
    def locate(cls, sheet: Sheet, mapping: Mapping, file: str) -> Columns:
        positions: dict[str, tuple[int, ...]] = {}
        for field, patterns in mapping.columns.items():
            found = tuple(i for i, h in enumerate(sheet.headers) if any(p.matches(h) for p in patterns))
            if found:
                # kind: the first filled of its columns (a GP extract's CTV3 term, else its SNOMED term)
                positions[field] = (
                    found if field in LIST_FIELDS or field in ("summary", "kind") else found[:1]
                )
        required = ["date"] if not mapping.events else []
        if mapping.default_kind is None and not mapping.events:
            required.append("kind")
        for field in required:
            if field not in positions:
                wanted = " or ".join(repr(p.text) for p in mapping.columns.get(field, (Pattern(field),)))
                where = f" (sheet {sheet.name!r})" if sheet.name else ""
                raise FileError(
                    f"{file}{where}: no {wanted} column for the {field}; the headers are "
                    f"{', '.join(repr(h) for h in sheet.headers if h)[:300]}. Rename the column or map it with --map"
                )
        return cls(positions, sheet.headers)

    def cell(self, row: RawRow, field: str) -> tuple[str, object]:
        """(header, value) of the first filled column for `field`; ('', None) when unmapped or empty."""
        for i in self.positions.get(field, ()):
            value = row.values[i] if i < len(row.values) else None
            if _filled(value):
                return self.headers[i], value
        first = self.positions.get(field, ())
        return (self.headers[first[0]] if first else "", None)

    def cells(self, row: RawRow, field: str) -> list[tuple[str, str]]:
        found = []
        for i in self.positions.get(field, ()):
            value = row.values[i] if i < len(row.values) else None
            if _filled(value):
                found.append((self.headers[i], _text(value)))
        return found


class ContactMapper:
    """Turns the rows of one sheet into contact drafts, or row errors naming column and value."""

    def __init__(self, mapping: Mapping, agency: str, file: str, resolve: SubjectResolver) -> None:
        self.mapping = mapping
        self.agency = agency
        self.file = file
        self.resolve = resolve
        self.seen: Counter[str] = Counter()

    def drafts(self, sheet: Sheet, columns: Columns, row: RawRow) -> Iterator[ContactDraft]:
        if row.problem:
            raise RowError("", readable(row.raw or " | ".join(_text(v) for v in row.values)), row.problem)
        for header, value in zip(columns.headers, row.values, strict=False):
            if isinstance(value, str) and (byte := undecodable(value)):
                raise RowError(header, readable(value),
                               f"byte {byte} cannot be read in this file's encoding; save the file as UTF-8 "
                               "or set [source] encoding")  # fmt: skip
        yield from self._contacts(sheet, columns, row)

    def _contacts(self, sheet: Sheet, columns: Columns, row: RawRow) -> Iterator[ContactDraft]:
        """The contacts a row holds: one here; wide rows (`[[events]]`, importers/wide.py) hold several."""
        yield self._draft(sheet, columns, row)

    def _draft(self, sheet: Sheet, columns: Columns, row: RawRow) -> ContactDraft:
        m = self.mapping
        date = self._date(columns, row, "date", required=True)
        assert date is not None
        time_header, time_value = columns.cell(row, "time")
        if time_value is not None and date.time is None and date.precision in ("day", "approximate"):
            date = self._with_time(date, time_header, time_value)
        if "date_precision" in columns.positions:
            date = declared_precision(date, *columns.cell(row, "date_precision"), m)
        end = self._date(columns, row, "end_date", required=False)
        if end is not None and end.latest != date.latest:
            if end.latest < date.earliest:
                raise RowError(
                    columns.cell(row, "end_date")[0], end.display(), "the end date is before the date"
                )
            date = FuzzyDate(date.earliest, end.latest, "range", None)
        kind_header, kind_value = columns.cell(row, "kind")
        kind_text = _text(kind_value)
        kind = m.kind_of(kind_text) if kind_value is not None else m.default_kind
        if kind is None:
            raise RowError(kind_header or "kind", kind_text,
                           "unknown kind; map it in [kinds] of a mapping file, or set a default there")  # fmt: skip
        summary = " ".join(value for _, value in columns.cells(row, "summary"))
        tags = [*m.tags_for(kind_text)] if kind_value is not None else []
        content = self._content(
            columns, row, date, kind, [*tags, *self._row_tags(columns, row, summary)], summary,
            participants=self._agencies(columns, row, "participants"),
            recipients=self._agencies(columns, row, "recipients"),
            senders=self._agencies(columns, row, "sender"),
            date_header=columns.cell(row, "date")[0],
        )  # fmt: skip
        return ContactDraft(content=content, identity=self._identity(content, row), file=self.file,
                            sheet=sheet.name, row=row.number, row_hash=_row_hash(row))  # fmt: skip

    def _row_tags(self, columns: Columns, row: RawRow, summary: str) -> list[str]:
        """Tags from the tags column (through [tags]) and from the summary (through [summary_tags])."""
        tags: list[str] = []
        for header, value in columns.cells(row, "tags"):
            for item in _split(value):
                if not tag(item):
                    raise RowError(header, item, "a tag needs letters or digits")
                tags += self.mapping.tags_for(item) or [tag(item)]
        return tags + list(self.mapping.tags_for_summary(summary))

    def _content(self, columns: Columns, row: RawRow, date: FuzzyDate, kind: str, tags: list[str], summary: str,
                 participants: list[str], recipients: list[str], senders: list[str],
                 date_header: str) -> ContactContent:  # fmt: skip
        """The canonical contact of one row (or one event of a wide row), validated.

        Applies DESIGN §6's rules on agencies: `other_agencies` are participants of a meeting and
        recipients otherwise; the recording agency took part in a meeting it records; a record of
        something another agency sent was sent to the recording agency.
        """
        others = self._agencies(columns, row, "other_agencies")
        if kind in MEETING_KINDS:
            participants = [*participants, *others, self.agency]
        else:
            recipients = [*recipients, *others]
        sender = senders[0] if senders else self.agency
        if sender != self.agency and not recipients:
            recipients = [self.agency]
        recorded = self._date(columns, row, "recorded", required=False)
        fields = {
            "agency": self.agency, "date": date.earliest, "end_date": date.latest if date.latest != date.earliest else None,
            "precision": date.precision, "time": date.time_text(), "recorded": recorded.earliest if recorded else None,
            "kind": kind, "tags": tuple(dict.fromkeys(t for t in tags if t)), "subjects": tuple(dict.fromkeys(
                self.resolve(s) for _, value in columns.cells(row, "subjects") for s in _split(value))),
            "participants": tuple(dict.fromkeys(participants)), "recipients": tuple(dict.fromkeys(recipients)),
            "sender": sender, "summary": summary, "detail": _text(columns.cell(row, "detail")[1]),
            "practitioner": _text(columns.cell(row, "practitioner")[1]),
            "reference": _text(columns.cell(row, "reference")[1]), "outcome": _text(columns.cell(row, "outcome")[1]),
        }  # fmt: skip
        try:
            return ContactContent(**fields)
        except ValidationError as error:
            problem = error.errors()[0]
            field = str(problem["loc"][0]) if problem["loc"] else ""
            where = (
                date_header
                if field in ("date", "end_date", "precision", "time")
                else columns.cell(row, field)[0]
            )
            raise RowError(where or field, _text(fields.get(field, "")), problem["msg"]) from None

    def _identity(self, content: ContactContent, row: RawRow) -> str:
        """The source's own reference; without one, the row's content and how often it was seen."""
        if content.reference:
            return f"ref:{content.reference}"
        key = json.dumps(content.model_dump(mode="json", exclude={"agency"}), sort_keys=True)
        self.seen[key] += 1
        digest = hashlib.sha256(key.encode()).hexdigest()[:32]
        return f"content:{digest}:{self.seen[key]}"

    def _date(self, columns: Columns, row: RawRow, field: str, required: bool) -> FuzzyDate | None:
        header, value = columns.cell(row, field)
        if value is None:
            if required:
                raise RowError(header or field, "", "no date given; every row needs the date it happened")
            return None
        try:
            return FuzzyDate.from_value(value, self.mapping.date_formats)
        except InvalidDate as error:
            raise RowError(header, _text(value), str(error)) from None

    def _with_time(self, date: FuzzyDate, header: str, value: object) -> FuzzyDate:
        if isinstance(value, datetime.time):
            clock = value.replace(second=0, microsecond=0)
        elif isinstance(value, datetime.datetime):
            clock = value.time().replace(second=0, microsecond=0)
        elif (match := _CLOCK.match(_text(value))) and int(match[1]) < 24 and int(match[2]) < 60:
            clock = datetime.time(int(match[1]), int(match[2]))
        else:
            try:
                clock = FuzzyDate.parse(f"{date.earliest:%d/%m/%Y} {_text(value)}").time or datetime.time(
                    0, 0
                )
            except InvalidDate:
                raise RowError(header, _text(value), "not a time; write it as HH:MM, e.g. 14:30") from None
        return FuzzyDate(
            date.earliest, date.latest, date.precision, clock if clock != datetime.time(0, 0) else None
        )

    def _agencies(self, columns: Columns, row: RawRow, field: str) -> list[str]:
        return [
            code for header, value in columns.cells(row, field) for code in self._agency_codes(header, value)
        ]

    def _agency_codes(self, header: str, value: str) -> list[str]:
        """The agencies one cell names (`;`-separated), through [agencies], agency names and codes."""
        codes = []
        for item in _split(value):
            code = self.mapping.agency_of(item)
            if code == "":
                continue  # mapped in [agencies] to no agency: a member of the public, anonymous
            code = code or _AGENCY_NAMES.get(normalise(item))
            if code is None:
                # Free text never becomes a new agency: a code is one lower-case word (idva, yot).
                if not _AGENCY_CODE.match(item.strip().lower()):
                    raise RowError(header, item, "not an agency code; map it in [agencies] of a mapping file")
                code = agency_code(item)
            codes.append(code)
        return codes


def readable(text: str) -> str:
    """The text with each byte that could not be decoded written as `\\x81`, the rest as it was."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def row_reference(columns: Columns, row: RawRow) -> str:
    """The source's own reference for a row, as written, even when the row cannot be imported."""
    return readable(_text(columns.cell(row, "reference")[1]))


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _filled(value: object) -> bool:
    return value is not None and (not isinstance(value, str) or value.strip() != "")


def _text(value: object) -> str:
    if value.__class__ is str:
        # Most cells are already clean: skip the split and join.
        clean = value.isascii() and "  " not in value and "\n" not in value and "\t" not in value
        if clean and value == value.strip():
            return value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return (
        " ".join(str(value).split()) if isinstance(value, str) and "\n" not in value else str(value).strip()
    )


def _row_hash(row: RawRow) -> str:
    return hashlib.sha256(
        "\x1f".join(v if v.__class__ is str else _text(v) for v in row.values).encode(
            "utf-8", "surrogateescape"
        )
    ).hexdigest()
