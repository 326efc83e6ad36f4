"""Reading an Excel workbook's sheets as rows, safely and saying what was done.

Before the spreadsheet reader (python-calamine) is given a file, the file is looked at: a
password-protected workbook, a text (CSV) or HTML file saved with an Excel suffix, and a zip whose
sheets would inflate or spread past the limits (importers/xlsx_guard.py) are refused in one line,
so that nothing is read from them. Then each sheet is read a row at a time:

- a hidden or very hidden sheet is read only when the mapping names it (`[source] sheet`, a
  profile's `[[sheets]]`); otherwise it is skipped, and the import report says so;
- a merged range below the header row holds its value in its first cell only: the value is filled
  into every cell of the range, and the report says which ranges were filled;
- a formula cell whose result was never saved (a workbook written by a program that does not
  calculate) rejects its row, naming the cell, rather than being read as empty;
- a date cell whose number format shows only its month or year (`mmm-yy`, what Excel makes of
  `Nov 2018` typed in) is read as the text it shows, so it keeps that precision
  (importers/xlsx_date_formats.py).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jointchron.domain.suggest import did_you_mean
from jointchron.importers.errors import FileError
from jointchron.importers.header_check import header_score, refuse_unfound_header
from jointchron.importers.mapping import Mapping, Pattern
from jointchron.importers.tabular import (
    HEADER_SEARCH_ROWS,
    RawRow,
    Sheet,
    cell_problem,
    check_width,
    filled,
    has_cell_problem,
    header_text,
    is_header,
    no_header_message,
)
from jointchron.importers.xlsx_date_formats import Shown, partial_date_cells, shown_as
from jointchron.importers.xlsx_guard import SheetScan, check_workbook

# The first bytes of a zip (xlsx, xlsm, xlsb, ods) and of an OLE compound file (xls, or an encrypted xlsx).
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SCANNED = (".xlsx", ".xlsm")  # OOXML sheets, whose XML the guard scans


@dataclass
class SheetRows:
    """One sheet, ready to be read: its visibility, and its rows numbered as Excel numbers them."""

    name: str
    visibility: str  # "" visible, "hidden", "very hidden"
    rows: Iterator[tuple[int, list[object]]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    scan: SheetScan | None = None
    start_column: int = 0
    # (Excel row number, 0-based column) -> what a date cell's number format shows, when not its day
    partial_dates: dict[tuple[int, int], Shown] = field(default_factory=dict)


class Workbook:
    """An Excel workbook, checked before it is read (see the module's docstring)."""

    def __init__(self, path: Path) -> None:
        self.path, self.name = path, path.name
        _sniff(path)
        from python_calamine import CalamineWorkbook, PasswordError

        self._scans: dict[str, SheetScan] = {}
        self._checked: set[str] = set()
        try:
            self._book = CalamineWorkbook.from_path(str(path))
        except PasswordError:
            raise FileError(_encrypted(path.name)) from None
        except BaseException as error:  # the reader raises its own types, and panics, for broken files
            if isinstance(error, KeyboardInterrupt | SystemExit):
                raise
            raise FileError(
                f"{path.name} cannot be opened as a workbook; save it again as .xlsx and retry"
            ) from None
        self.sheet_names: list[str] = list(self._book.sheet_names)
        self._visibility = {m.name: _visibility(m.visible) for m in self._book.sheets_metadata}

    def visibility(self, sheet: str) -> str:
        return self._visibility.get(sheet, "")

    def check(self, sheets: Sequence[str]) -> None:
        """Refuses the workbook (FileError) when one of these sheets is too large to read; call before any row
        is read, so that nothing is imported from a workbook refused part-way."""
        todo = [s for s in sheets if s not in self._checked]
        if todo and self.path.suffix.lower() in _SCANNED:
            self._scans.update(check_workbook(str(self.path), self.name, todo))
        self._checked.update(todo)

    def sheet(self, name: str) -> SheetRows:
        self.check([name])
        try:
            sheet = self._book.get_sheet_by_name(name)
            merged = list(sheet.merged_cell_ranges or [])
            start = sheet.start
        except BaseException as error:
            if isinstance(error, KeyboardInterrupt | SystemExit):
                raise
            raise FileError(
                f"sheet {name!r} of {self.name} cannot be read; save the workbook again and retry"
            ) from None
        rows = _numbered(name, self.name, sheet.iter_rows())
        scan = self._scans.get(name)
        partial = partial_date_cells(str(self.path), scan.part) if scan is not None and scan.part else {}
        return SheetRows(name, self.visibility(name), rows, merged, scan, start[1] if start else 0, partial)


def _numbered(sheet: str, file: str, rows: Iterator[list[Any]]) -> Iterator[tuple[int, list[object]]]:
    """(Excel row number, values): calamine's rows start at row 1 (rows above the first filled one are empty)."""
    try:
        yield from enumerate(rows, start=1)
    except BaseException as error:
        if isinstance(error, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        raise FileError(
            f"sheet {sheet!r} of {file} cannot be read; save the workbook again and retry"
        ) from None


def _visibility(value: object) -> str:
    text = str(value).rsplit(".", 1)[-1]
    return {"Hidden": "hidden", "VeryHidden": "very hidden"}.get(text, "")


def _encrypted(name: str) -> str:
    return (f"{name} is password-protected (encrypted), so it cannot be read; open it in Excel, remove the "
            "password (File > Info > Protect Workbook > Encrypt with Password, clear it), save it and import it "
            "again")  # fmt: skip


def _sniff(path: Path) -> None:
    """Refuses a file that is not a workbook whatever its suffix says, naming what it is."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as error:
        raise FileError(
            f"{path.name} cannot be read ({error.strerror}); check the path and permissions"
        ) from None
    suffix = path.suffix.lower()
    if head.startswith(_ZIP) or (head.startswith(_OLE) and suffix == ".xls"):
        return
    if head.startswith(_OLE):
        # An .xlsx saved with a password is an OLE file holding the encrypted package; so is an old .xls.
        if "EncryptedPackage".encode("utf-16-le") in _whole(path):
            raise FileError(_encrypted(path.name))
        raise FileError(f"{path.name} cannot be opened as a workbook: it is an Excel 97-2003 workbook (.xls) "
                        f"named {suffix}; rename it to {path.stem}.xls, or save it again as .xlsx, and import it "
                        "again")  # fmt: skip
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text[:200].lower().startswith((b"<!doctype html", b"<html", b"<table")):
        raise FileError(f"{path.name} cannot be opened as a workbook: it is a web page (HTML), although it is "
                        f"named {suffix}; open it in Excel and save it as .xlsx, then import that")  # fmt: skip
    if _looks_like_text(head):
        raise FileError(f"{path.name} cannot be opened as a workbook: it is a text (CSV) file, although it is "
                        f"named {suffix}; rename it to {path.stem}.csv and import it again")  # fmt: skip
    what = "it is empty" if not head else "it holds neither an .xlsx nor an .xls"
    raise FileError(f"{path.name} cannot be opened as a workbook ({what}); save it again as .xlsx and retry")


def _whole(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(
            64 << 20
        )  # an encrypted workbook's directory is near its start; this bounds the look


def _looks_like_text(head: bytes) -> bool:
    """Text in a common encoding: decodes, and is nearly all printable (a character cut at the end aside)."""
    cut = head.rfind(b"\n")
    sample = head[:cut] if cut > 0 else head
    for encoding in ("utf-8", "utf-16", "cp1252"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text and sum(1 for c in text if c.isprintable() or c in "\r\n\t") >= 0.95 * len(text):
            return True
    return False


def merged_fill(
    sheet: SheetRows, header_number: int
) -> tuple[dict[int, list[tuple[int, int, int]]], list[str]]:
    """For each row below the header, the (column, source row, source column) of merged cells to fill, and
    the notes for the import report. Ranges at or above the header row (titles, grouped headers) are left."""
    fills: dict[int, list[tuple[int, int, int]]] = {}
    notes: list[str] = []
    for (top, left), (bottom, right) in sheet.merged:
        first_row = top + 1  # Excel numbering
        if first_row <= header_number or (top, left) == (bottom, right):
            continue
        for row, column in itertools.product(range(top, bottom + 1), range(left, right + 1)):
            if (row, column) != (top, left):
                fills.setdefault(row + 1, []).append(
                    (column - sheet.start_column, first_row, left - sheet.start_column)
                )
        cells = f"{_name(left)}{top + 1}:{_name(right)}{bottom + 1}"
        rows = f"rows {top + 1}–{bottom + 1}" if bottom > top else f"row {top + 1}"
        notes.append(f"sheet {sheet.name!r}: the merged cells {cells} hold one value, filled into each of "
                     f"their cells ({rows})")  # fmt: skip
    return fills, notes


def _name(column: int) -> str:
    letters, n = "", column + 1
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def excel_sheets(book: Workbook, mapping: Mapping, hints: tuple[Pattern, ...]) -> Iterator[Sheet]:
    """Every sheet of the workbook to be read that has a header row with one of `hints`, with the import
    report's notes: which sheets were read, which were not and why, which merged cells were filled."""
    names = book.sheet_names
    notes: list[tuple[str, str]] = []
    if mapping.sheets:
        wanted = [
            n for n in names if any(Pattern.parse(s, "[source] sheet").matches(n) for s in mapping.sheets)
        ]
        if not wanted:
            hint = did_you_mean(mapping.sheets[0].strip("/"), names) or "."
            raise FileError(f"{book.name}: [source] sheet = {', '.join(map(repr, mapping.sheets))} names no sheet"
                            f"{hint} Its sheets are {', '.join(map(repr, names))}")  # fmt: skip
    else:
        wanted = [n for n in names if not book.visibility(n)]
        notes += [("skipped", f"{n!r} ({book.visibility(n)}: name it in [source] sheet to read it)")
                  for n in names if book.visibility(n)]  # fmt: skip
    book.check(wanted)  # every sheet to be read, before the first row of any is
    last: Sheet | None = None
    likeliest: tuple[tuple[int, int], str, list[object]] | None = None  # the row likeliest to be a header
    for name in wanted:
        sheet = book.sheet(name)
        head = list(itertools.islice(sheet.rows, HEADER_SEARCH_ROWS))
        found = next(((i, n, v) for i, (n, v) in enumerate(head) if is_header(v, hints)), None)
        if found is None:
            notes.append(("skipped", f"{name!r} (no header row in its first {HEADER_SEARCH_ROWS} rows)"))
            for _, values in head if mapping.headers_checked else ():
                score = header_score(mapping, values)
                if score[0] and (likeliest is None or score > likeliest[0]):
                    likeliest = (score, name, values)
            continue
        index, number, values = found
        headers = [header_text(v) for v in values]
        check_width(f"{book.name} sheet {name!r}", len(headers))
        fills, merged = merged_fill(sheet, number)
        shown = f"{name!r} ({sheet.visibility})" if sheet.visibility else repr(name)
        notes += [("read", shown), *(("note", text) for text in merged)]
        rows = _records(sheet, headers, itertools.chain(head[index + 1 :], sheet.rows), fills)
        last = Sheet(name, number, headers, rows, notes)
        notes = last.notes  # notes of sheets found later go with this one's, read when the file is done
        yield last
    if last is None:
        if likeliest is not None:
            _, name, values = likeliest
            refuse_unfound_header(mapping, [header_text(v) for v in values], f"{book.name} (sheet {name!r})")
        hidden = [n for n in names if book.visibility(n) and n not in wanted]
        also = f"; its hidden sheets {', '.join(map(repr, hidden))} were not read" if hidden else ""
        raise FileError(no_header_message(book.name, hints) + also)


def _records(sheet: SheetRows, headers: list[str], rows: Iterator[tuple[int, list[object]]],
             fills: dict[int, list[tuple[int, int, int]]]) -> Iterator[RawRow]:  # fmt: skip
    """The rows below the header: merged cells filled, rows with a formula never calculated or a cell that
    cannot be read marked with the problem."""
    uncalculated = sheet.scan.uncalculated if sheet.scan else {}
    sources: dict[tuple[int, int], object] = {}
    wanted = {(r, c) for cells in fills.values() for _, r, c in cells}
    partial: dict[int, list[tuple[int, Shown]]] = {}
    for (r, c), shown in sheet.partial_dates.items():
        partial.setdefault(r, []).append((c - sheet.start_column, shown))
    for number, values in rows:
        for column, shown in partial.get(number, ()):
            if 0 <= column < len(values):
                values[column] = shown_as(values[column], shown)
        if wanted:
            for r, c in wanted:
                if r == number:
                    sources[(r, c)] = values[c] if 0 <= c < len(values) else ""
            for column, r, c in fills.get(number, ()):
                if 0 <= column < len(values) and not filled(values[column]):
                    values[column] = sources.get((r, c), "")
        if not any(filled(c) for c in values):
            continue
        row = RawRow(sheet.name, number, values)
        if number in uncalculated:
            cells = [(ref, headers[i]) for column, ref in uncalculated[number]
                     if 0 <= (i := column - sheet.start_column) < len(headers) and headers[i]]  # fmt: skip
            if cells:
                ref, header = cells[0]
                yield RawRow(sheet.name, number, values,
                             f"cell {ref} (column {header!r}) holds a formula whose result was never saved (the "
                             "workbook was written by a program that does not calculate); open the workbook in "
                             "Excel or LibreOffice, save it, and import it again")  # fmt: skip
                continue
        yield cell_problem(row, headers) if has_cell_problem(values) else row
