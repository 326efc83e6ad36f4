"""What a workbook would cost to read, found before the spreadsheet reader is given it.

python-calamine reads a sheet whole: it inflates the sheet's XML and then allocates one slot for
every cell of the rectangle from its first to its last filled cell. A 3 MB zip whose sheet
inflates to gigabytes, or a 5 KB sheet with a cell at A1 and another at XFD1048576 (17 billion
slots), would take the machine's memory or abort the process. So, before calamine opens a
workbook:

- the zip's declared sizes are checked (MAX_PART_BYTES a part, MAX_WORKBOOK_BYTES in all), and
  every part calamine reads is inflated once here, through Python's zipfile, which stops at the
  declared size and fails the part's CRC when the data goes on past it (a lying header);
- each sheet to be read is scanned for the rectangle of its filled cells, refused past
  MAX_SHEET_CELLS, and for formula cells whose result was never saved (which calamine would read
  as empty).

The scan is one pass of RE2 (a fixed set of patterns, matched at hundreds of MB/s) when the sheet
declares its size (`<dimension ref="A1:T20001"/>`, as Excel, LibreOffice and openpyxl write) and no
cell lies beyond it. Otherwise, or when the sheet has formulas, the sheet is walked with expat, cell
by cell, as calamine would place them (a cell's `r`, else the one after the last).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from xml.parsers import expat

import re2
from defusedxml import ElementTree

from jointchron.importers.errors import FileError

MAX_PART_BYTES = 1 << 30  # one part (a sheet, the shared strings) inflated
MAX_WORKBOOK_BYTES = 2 << 30  # every part calamine reads, inflated
MAX_SHEET_CELLS = 20_000_000  # rows x columns from A1 to the last filled cell: 1,000,000 rows of 20 columns
_SMALL_PART = 16 << 20  # workbook.xml and its relationships are read whole here
_CHUNK = 1 << 20
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = _REL + "/officeDocument"


@dataclass
class SheetScan:
    """What the scan of one sheet found: how far its cells reach, and its formulas with no saved result."""

    rows: int  # the last row (1-based) and column holding a cell, at most (from A1)
    columns: int
    # Excel row number -> (0-based column, cell reference) of each formula cell with no saved result.
    uncalculated: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    part: str = ""  # the sheet's part in the zip


def check_workbook(path: str, name: str, sheets: list[str]) -> dict[str, SheetScan]:
    """Refuses (FileError, one line) a zip whose parts inflate past the limits, or a sheet of `sheets` whose
    cells reach past MAX_SHEET_CELLS; returns what the scan of each of those sheets found."""
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileError(f"{name} cannot be opened as a workbook (its zip is damaged); save it again as .xlsx "
                        "and retry") from None  # fmt: skip
    with package:
        infos = package.infolist()
        for info in infos:
            if info.file_size > MAX_PART_BYTES:
                raise FileError(_too_large(name, f"its part {info.filename}", info.file_size, MAX_PART_BYTES))
        total = sum(i.file_size for i in infos if _read_by_calamine(i.filename))
        if total > MAX_WORKBOOK_BYTES:
            raise FileError(_too_large(name, "its parts", total, MAX_WORKBOOK_BYTES))
        parts = _sheet_parts(package, name)
        wanted = {parts[s]: s for s in sheets if s in parts}
        scans: dict[str, SheetScan] = {}
        for info in infos:
            if info.filename in wanted:
                sheet = wanted[info.filename]
                scans[sheet] = _scan_sheet(package, info, name, sheet)
                scans[sheet].part = info.filename
            elif _read_by_calamine(info.filename) and not info.filename.startswith("xl/worksheets/"):
                for _ in _inflated(package, info, name):
                    pass
        return scans


def _read_by_calamine(part: str) -> bool:
    return part.endswith((".xml", ".rels", ".bin"))


def _too_large(name: str, what: str, size: int, limit: int) -> str:
    return (f"{name}: {what} would inflate to {size / (1 << 30):.1f} GB, more than the {limit >> 30} GB "
            "jointchron reads from a workbook (a zip bomb, or far larger than an extract): refused before "
            "reading; save the records in a new workbook or as CSV")  # fmt: skip


def _inflated(package: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> Iterator[bytes]:
    """The part's bytes, a chunk at a time; a part longer than its header says fails its CRC here."""
    try:
        with package.open(info) as handle:
            while chunk := handle.read(_CHUNK):
                yield chunk
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        NotImplementedError,
        ValueError,
    ) as error:
        raise FileError(f"{name} cannot be opened as a workbook: its part {info.filename} is damaged "
                        f"({error}); save it again as .xlsx and retry") from None  # fmt: skip


def _sheet_parts(package: zipfile.ZipFile, name: str) -> dict[str, str]:
    """Sheet name -> its part in the zip, from the workbook and its relationships."""
    try:
        roots = ElementTree.fromstring(_small(package, "_rels/.rels", name))
        target = next((r.get("Target", "") for r in roots.iter(f"{{{_PACKAGE_REL}}}Relationship")
                       if r.get("Type") == _OFFICE_DOCUMENT), "xl/workbook.xml")  # fmt: skip
        workbook_part = _resolve("", target)
        folder = str(PurePosixPath(workbook_part).parent)
        rels_part = f"{folder}/_rels/{PurePosixPath(workbook_part).name}.rels"
        relations = {r.get("Id"): _resolve(folder, r.get("Target", ""))
                     for r in ElementTree.fromstring(_small(package, rels_part, name)).iter(f"{{{_PACKAGE_REL}}}Relationship")}  # fmt: skip
        workbook = ElementTree.fromstring(_small(package, workbook_part, name))
    except FileError:
        raise
    except Exception:  # defusedxml refusals and broken XML: the workbook's own parts cannot be trusted
        raise FileError(f"{name} cannot be opened as a workbook (its list of sheets cannot be read); save it "
                        "again as .xlsx and retry") from None  # fmt: skip
    parts: dict[str, str] = {}
    for sheet in workbook.iter(f"{{{_MAIN}}}sheet"):
        part = relations.get(sheet.get(f"{{{_REL}}}id"))
        if part is not None:
            parts[sheet.get("name", "")] = part
    return parts


def _small(package: zipfile.ZipFile, part: str, name: str) -> bytes:
    try:
        info = package.getinfo(part)
    except KeyError:
        raise FileError(f"{name} cannot be opened as a workbook (it has no {part}); save it again as .xlsx "
                        "and retry") from None  # fmt: skip
    if info.file_size > _SMALL_PART:
        raise FileError(_too_large(name, f"its part {part}", info.file_size, _SMALL_PART))
    return b"".join(_inflated(package, info, name))


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = [p for p in folder.split("/") if p]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


# -- the scan of a sheet ---------------------------------------------------------------------------------

# An attribute whose name is not `r`; a tag of only such attributes is a cell or row placed by position.
_NOT_R = r"\s+(?:[^\sr=/>][^\s=/>]*|r[^\s=/>]+)\s*=\s*(?:\"[^\"]*\"|'[^']*')"
_PREFIX = r"(?:[A-Za-z_][\w.-]*:)?"
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref\s*=\s*[\"']([A-Za-z]{1,3}[0-9]{1,7}(?::[A-Za-z]{1,3}[0-9]{1,7})?)[\"']")  # fmt: skip
_REF = re.compile(r"([A-Za-z]{0,3})([0-9]+)")
# A cell's column letters, and its row digits, from its `r` (every cell has one when these are used).
_CELL_COLUMN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\s[^>]*?\br\s*=\s*[\"']([A-Za-z]{1,3})[0-9]")
_CELL_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\s[^>]*?\br\s*=\s*[\"'][A-Za-z]{1,3}([0-9]{1,7})[\"']")
# Patterns of the one-pass scan, by what their match means.
_FIXED = {
    "cell without r": rf"<{_PREFIX}c(?:{_NOT_R})*\s*/?>",
    "row without r": rf"<{_PREFIX}row(?:{_NOT_R})*\s*/?>",
    "formula": rf"<{_PREFIX}f[\s/>]",
    "doctype": r"<!DOCTYPE",
}


def _scan_sheet(package: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, sheet: str) -> SheetScan:
    declared: tuple[int, int] | None = None
    matcher: _Matcher | None = None
    found: set[str] = set()
    tail = b""
    columns: set[bytes] = set()  # without a declared size: every cell's column letters and row digits
    rows: set[bytes] = set()
    for chunk in _inflated(package, info, name):
        if matcher is None:  # the first chunk: the <dimension> is written before the cells
            dimension = _DIMENSION.search(chunk.split(b"<sheetData", 1)[0])
            declared = _extent(dimension.group(1).decode()) if dimension else None
            matcher = _Matcher(declared)
        # Matched up to the last "<": a tag cut by the chunk's end is matched whole with the next chunk.
        data = tail + chunk
        cut = data.rfind(b"<")
        text, tail = (data[:cut], data[cut:]) if cut > 0 else (b"", data)
        if len(tail) > _CHUNK:  # a tag or a text a megabyte long: read cell by cell below
            found.add("long tag")
            text, tail = data, b""
        found |= matcher.match(text)
        if declared is None:
            columns.update(_CELL_COLUMN.findall(text))
            rows.update(_CELL_ROW.findall(text))
    if matcher is not None:
        found |= matcher.match(tail)
        if declared is None:
            columns.update(_CELL_COLUMN.findall(tail))
            rows.update(_CELL_ROW.findall(tail))
    if declared is None and not found:  # no size declared, every cell placed by its `r`: how far they reach
        declared = (
            max(map(int, rows), default=0),
            max((column_number(c.decode()) for c in columns), default=0),
        )
    if "doctype" in found:
        raise FileError(
            f"{name}: sheet {sheet!r} declares a DTD, which no spreadsheet program writes; refused"
        )
    # Declared within the limit, no cell beyond it or placed by position, no formula: the declared size bounds it.
    # Otherwise the walk finds how far the filled cells reach (a sheet may declare formatting far past them).
    bounded = declared is not None and declared[0] * declared[1] <= MAX_SHEET_CELLS and not found
    scan = SheetScan(*declared) if declared is not None and bounded else _walk(package, info, name, sheet)
    if scan.rows * scan.columns > MAX_SHEET_CELLS:
        reach = f"{_column_name(scan.columns)}{scan.rows}"
        raise FileError(f"{name}: sheet {sheet!r} has cells out to {reach} ({scan.rows:,} rows by "
                        f"{scan.columns:,} columns), more than the {MAX_SHEET_CELLS:,} cells jointchron reads "
                        "from a sheet; delete the rows and columns beyond the records, or save the records "
                        "in a new workbook")  # fmt: skip
    return scan


class _Matcher:
    """The one-pass scan's patterns in one RE2 set: fixed ones, and refs beyond the declared size."""

    def __init__(self, declared: tuple[int, int] | None) -> None:
        self.names = list(_FIXED)
        patterns = list(_FIXED.values())
        if declared is not None:
            rows, columns = declared
            quote = "[\"']"
            self.names += ["beyond rows", "beyond columns"]
            patterns += [rf"\sr\s*=\s*{quote}[A-Za-z]*(?:{_greater_number(rows)}){quote}",
                         rf"\sr\s*=\s*{quote}(?:{_greater_column(columns)})[0-9]"]  # fmt: skip
        options = re2.Options()
        options.log_errors = False
        options.case_sensitive = False
        self.set = re2.Set.SearchSet(options)
        for pattern in patterns:
            self.set.Add(pattern)
        self.set.Compile()

    def match(self, text: bytes) -> set[str]:
        hits = self.set.Match(text) if text else None
        return {self.names[i] for i in hits} if isinstance(hits, list) else set()


def _greater_number(n: int) -> str:
    """A regex for decimal numbers greater than `n` (more digits, or as many and larger); leading zeros count
    as digits, so a padded number may be taken for a larger one (the walk then reads it exactly)."""
    return _greater(str(n), "0123456789")


def _greater_column(n: int) -> str:
    return _greater(_column_name(n), "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _greater(text: str, alphabet: str) -> str:
    klass = f"[{alphabet[0]}-{alphabet[-1]}]"
    choices = [f"{klass}{{{len(text) + 1},}}"]
    for i, char in enumerate(text):
        above = alphabet[alphabet.index(char) + 1 :]
        if above:
            rest = f"{klass}{{{len(text) - i - 1}}}" if i < len(text) - 1 else ""
            choices.append(f"{re2.escape(text[:i])}[{above[0]}-{above[-1]}]{rest}")
    return "|".join(choices)


def _column_name(n: int) -> str:
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    """A cell reference's column letters as a number (A is 1), for any number of letters."""
    n = 0
    for char in letters.upper():
        n = n * 26 + ord(char) - 64
    return n


def _extent(ref: str) -> tuple[int, int]:
    end = ref.split(":")[-1]
    match = _REF.fullmatch(end)
    assert match is not None
    return int(match.group(2)), column_number(match.group(1))


def _walk(package: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, sheet: str) -> SheetScan:
    """The sheet cell by cell: how far its filled cells reach, and its formulas with no saved result."""
    walk = _Walk()
    parser = expat.ParserCreate()
    parser.buffer_text = True

    def refuse(*_args: object) -> None:
        raise ValueError("a DTD, which no spreadsheet program writes")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler, parser.EndElementHandler = walk.start, walk.end
    parser.CharacterDataHandler = walk.text
    try:
        for chunk in _inflated(package, info, name):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except (expat.ExpatError, ValueError) as error:
        raise FileError(
            f"{name}: sheet {sheet!r} cannot be read ({error}); save the workbook again and retry"
        ) from None
    return SheetScan(walk.max_row, walk.max_column, walk.uncalculated)


class _Walk:
    """Places cells as calamine does: a cell's `r`, else the column after the last cell and the row after the
    last row. A cell counts as filled when it holds a <v> or an inline string."""

    def __init__(self) -> None:
        self.row = 0  # 0-based, as calamine counts
        self.column = 0
        self.max_row = self.max_column = 0
        self.uncalculated: dict[int, list[tuple[int, str]]] = {}
        self.cell: tuple[int, int] | None = None
        self.cell_type = ""
        self.value: str | None = None
        self.formula = self.inline = False
        self.in_value = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = tag.rsplit(":", 1)[-1]
        if local == "row":
            if (r := attrs.get("r")) is not None:
                self.row = int(r) - 1 if r.isdigit() else self.row
        elif local == "c":
            position = (self.row, self.column)
            if (r := attrs.get("r")) is not None and (match := _REF.fullmatch(r)) and match.group(1):
                position = (int(match.group(2)) - 1, column_number(match.group(1)) - 1)
                self.column = position[1]
            self.cell, self.cell_type = position, attrs.get("t", "")
            self.value, self.formula, self.inline = None, False, False
        elif self.cell is not None:
            if local == "v":
                self.value, self.in_value = self.value or "", True
            elif local == "f":
                self.formula = True
            elif local == "is":
                self.inline = True

    def text(self, data: str) -> None:
        if self.in_value and self.value is not None:
            self.value += data

    def end(self, tag: str) -> None:
        local = tag.rsplit(":", 1)[-1]
        if local == "v":
            self.in_value = False
        elif local == "row":
            self.row += 1
            self.column = 0
        elif local == "c" and self.cell is not None:
            row, column = self.cell
            if self.value is not None or self.inline:
                self.max_row, self.max_column = max(self.max_row, row + 1), max(self.max_column, column + 1)
            no_result = self.value is None or (self.value == "" and self.cell_type != "str")
            if self.formula and no_result and not self.inline:
                self.uncalculated.setdefault(row + 1, []).append(
                    (column, f"{_column_name(column + 1)}{row + 1}")
                )
            self.cell = None
            self.column += 1
