"""Where each canonical field is in a sheet's header row, and a row's filled cells by field."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from jointchron.importers.cells import SINGLE_VALUED, Cells, filled
from jointchron.importers.errors import FileError
from jointchron.importers.header_check import check_headers
from jointchron.importers.mapping import LIST_FIELDS, Mapping, Pattern
from jointchron.importers.tabular import RawRow, Sheet


@dataclass(frozen=True)
class Columns:
    """Which header positions feed each canonical field, for one sheet."""

    positions: dict[str, tuple[int, ...]]
    headers: list[str]
    # (field, position, header) of every mapped column, fields in mapping order; the last position
    _slots: tuple[tuple[str, int, str], ...] = dataclasses.field(init=False, repr=False, compare=False)
    _last: int = dataclasses.field(init=False, repr=False, compare=False)
    # Single-valued fields read from more than one column (rows are checked to give them one value).
    several: tuple[str, ...] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        slots = tuple((name, i, self.headers[i]) for name, found in self.positions.items() for i in found)
        object.__setattr__(self, "_slots", slots)
        object.__setattr__(self, "_last", max((i for _, i, _ in slots), default=-1))
        several = tuple(f for f in SINGLE_VALUED if len(self.positions.get(f, ())) > 1)
        object.__setattr__(self, "several", several)

    @classmethod
    def locate(cls, sheet: Sheet, mapping: Mapping, file: str) -> Columns:
        check_headers(mapping, sheet.headers, file + (f" (sheet {sheet.name!r})" if sheet.name else ""))
        positions: dict[str, tuple[int, ...]] = {}
        for field, patterns in mapping.columns.items():
            found = tuple(i for i, h in enumerate(sheet.headers) if any(p.matches(h) for p in patterns))
            if found:
                # kind: the first filled of its columns (a GP extract's CTV3 term, else its SNOMED term)
                # A mapping file's columns are all read (importers/header_check.py): one value from two
                # columns of a single-valued field is refused a row at a time (`one_value_each`).
                several = field in LIST_FIELDS or field in ("summary", "kind") or mapping.headers_checked
                positions[field] = found if several else found[:1]
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

    def filled(self, row: RawRow) -> Cells:
        """Every mapped field's filled cells, as (header, value) in column order: one pass over the row."""
        values = row.values
        found: Cells = {}
        if len(values) <= self._last:
            return self._filled_short(values)
        for field, i, header in self._slots:
            value = values[i]
            if value.__class__ is str:
                if not value or value.isspace():
                    continue
            elif value is None or (isinstance(value, str) and value.isspace()):
                continue
            if field in found:
                found[field].append((header, value))
            else:
                found[field] = [(header, value)]
        return found

    def _filled_short(self, values: list[object]) -> Cells:
        """`filled` for a row shorter than the header row (its missing cells are empty)."""
        found: Cells = {}
        for field, i, header in self._slots:
            if i < len(values) and filled(value := values[i]):
                found.setdefault(field, []).append((header, value))
        return found

    def unread(self) -> list[str]:
        """The headers no mapped field reads, in column order."""
        read = {i for found in self.positions.values() for i in found}
        return [h for i, h in enumerate(self.headers) if h and i not in read]

    def header(self, field: str) -> str:
        """The header of the field's first column, for a message about an empty cell; '' when unmapped."""
        first = self.positions.get(field, ())
        return self.headers[first[0]] if first else ""

    def cell(self, row: RawRow, field: str) -> tuple[str, object]:
        """(header, value) of the first filled column for `field`; ('', None) when unmapped or empty."""
        for i in self.positions.get(field, ()):
            value = row.values[i] if i < len(row.values) else None
            if filled(value):
                return self.headers[i], value
        first = self.positions.get(field, ())
        return (self.headers[first[0]] if first else "", None)
