"""Reading rows from an agency's file: CSV (any common encoding and delimiter) or Excel.

Rows are streamed, never held whole. Each row carries the number a person sees: the
line of the CSV file where the record starts, or the Excel row. A cell that could not
be decoded is kept, marked, and its row reported, never silently dropped or altered.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, cast

from jointchron.importers.errors import FileError
from jointchron.importers.header_check import likeliest_header, refuse_unfound_header
from jointchron.importers.mapping import Mapping, Pattern

csv.field_size_limit(64 * 1024 * 1024)
# A cell longer than this is not a record (Excel's own limit is 32,767 characters; a pasted case note of a few
# hundred pages fits): its row is rejected, and the rejects file keeps the first 10,000 characters of it.
MAX_CELL_CHARS = 1_000_000
# Excel's own maximum: a header row wider than this is not an agency's extract.
MAX_COLUMNS = 16_384

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
HEADER_SEARCH_ROWS = 30
_UNDECODABLE = re.compile(r"[\udc80-\udcff]")
# A character above ASCII that UTF-8 really decoded (not a surrogate standing for a bad byte).
_DECODED_NON_ASCII = re.compile(r"[\u0080-\udc7f\udd00-\U0010ffff]")


class RawRow(NamedTuple):
    """A row as read (a tuple: one is made for every row of a file)."""

    sheet: str | None
    number: int
    values: list[object]
    problem: str | None = None  # set when the row could not be read as it stands
    raw: str = ""  # with a problem: the text of the line(s) as read, for the rejects file


@dataclass
class Sheet:
    name: str | None
    header_number: int
    headers: list[str]
    rows: Iterator[RawRow]
    # What the import report says about reading the file, as (kind, text): kind "read" and "skipped" name
    # sheets, "note" is a sentence (merged cells filled). A reader may add to it while its rows are read.
    notes: list[tuple[str, str]] = field(default_factory=list)


def undecodable(text: str) -> str | None:
    """The first byte in `text` that could not be decoded, as `0x81`, or None."""
    match = _UNDECODABLE.search(text)
    return f"0x{ord(match.group()) - 0xDC00:02x}" if match else None


# -- CSV ---------------------------------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    """`utf-8-sig` for a BOM, `utf-8` for a file with UTF-8 text in it, else `cp1252` (Excel on Windows).

    A file that is UTF-8 except for a stray byte stays UTF-8 (the row with the stray byte is
    reported); a file with no valid multi-byte UTF-8 at all but bytes above 0x7f is Windows-1252.
    """
    with path.open("rb") as handle:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        handle.seek(0)
        sample = handle.read(4096)
        if (utf16 := _utf16_without_bom(sample)) is not None:
            return utf16
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
        multibyte = bad = False
        while chunk := handle.read(1 << 20):
            text = decoder.decode(chunk)
            bad = bad or _UNDECODABLE.search(text) is not None
            multibyte = multibyte or (not text.isascii() and _DECODED_NON_ASCII.search(text) is not None)
            if multibyte:
                return "utf-8"
        return "cp1252" if bad else "utf-8"


def _utf16_without_bom(sample: bytes) -> str | None:
    """`utf-16-le`/`-be` for text saved as UTF-16 without a byte-order mark: every other byte a NUL."""
    even, odd = sample[0::2], sample[1::2]
    if len(odd) < 8:
        return None
    if odd.count(0) >= 0.9 * len(odd) and not even.count(0):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and not odd.count(0):
        return "utf-16-be"
    return None


def detect_delimiter(sample: str) -> str:
    """The separator that splits the most of the first lines into the same number of cells (`,` when none does).

    Several lines are looked at, not only the first: a title line above the header has none or
    other separators, and commas in free text vary from line to line where the separator does not.
    """
    # CSV lines end only at \r and \n; str.splitlines() would also break at \x0b, \x0c, \x1c-\x1e, \x85, \u2028…
    lines = [ln for ln in re.split(r"\r\n|\r|\n", sample) if ln.strip()][:HEADER_SEARCH_ROWS]
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t", "|"):
        counts = Counter(n for n in (_count_outside_quotes(ln, delimiter) for ln in lines) if n)
        if not counts:
            continue
        cells, lines_with = max(counts.items(), key=lambda item: (item[1], item[0]))
        if (lines_with, cells) > best_score:
            best, best_score = delimiter, (lines_with, cells)
    return best


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def csv_sheet(path: Path, mapping: Mapping, hints: tuple[Pattern, ...]) -> Sheet:
    encoding = detect_encoding(path) if mapping.encoding == "auto" else mapping.encoding
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise FileError(f"unknown encoding {encoding!r} in the mapping; use auto, utf-8 or cp1252") from None
    with path.open("r", encoding=encoding, errors="surrogateescape", newline="") as handle:
        sample = handle.read(65536)
    delimiters = [mapping.delimiter]
    if mapping.delimiter == "auto":
        # The likeliest first; then the others, since the header settles it (a quoted cell running
        # over several lines can make another separator look likelier line by line).
        delimiters = list(dict.fromkeys((detect_delimiter(sample), ",", ";", "\t", "|")))
    likeliest: list[RawRow] | None = None  # the first rows as the likeliest separator splits them
    for delimiter in delimiters:
        records = _csv_records(
            lambda: path.open("r", encoding=encoding, errors="surrogateescape", newline=""), delimiter
        )
        buffered: list[RawRow] = []
        for record in records:
            buffered.append(record)
            if is_header(record.values, hints):
                headers = [str(v).strip() for v in record.values]
                check_width(path.name, len(headers))
                return Sheet(None, record.number, headers, _rows_after(buffered[:-1], records, headers))
            if len(buffered) >= HEADER_SEARCH_ROWS:
                break
        records.close()
        likeliest = buffered if likeliest is None else likeliest
    refuse_unfound_header(mapping, likeliest_header(mapping, (r.values for r in likeliest or [])), path.name)
    raise FileError(no_header_message(path.name, hints))


def _rows_after(before: list[RawRow], records: Iterator[RawRow], headers: list[str]) -> Iterator[RawRow]:
    """The records below the header. A row with more filled cells than the header has is ragged and
    reported; one with fewer is read with the missing cells empty (Excel leaves trailing separators off)."""
    del before  # rows above the header are a title block, not records
    width = len(headers)
    for record in records:
        values = record.values
        if record.problem is _CELL_PROBLEM:
            yield cell_problem(record, headers)
            continue
        if record.problem is None and len(values) > width and any(str(v).strip() for v in values[width:]):
            yield RawRow(None, record.number, values,
                         f"the row has {len(values)} values but the header has {width} columns; "
                         "check the separators and quotes in this line")  # fmt: skip
            continue
        yield record


# A quoted cell running over more lines than this is a quote never closed, not a long note (a pasted
# case note may run to thousands of lines). It bounds the lines held to read again after such a quote.
MAX_RECORD_LINES = 100_000


class _RecordTooLong(Exception):
    pass


class _Lines:
    """The file's lines for the csv reader, keeping those of the record being read.

    When a record cannot be read, the lines after its first are given to the reader again, so
    that a quote left open in one line costs that line only, never the rows after it.
    """

    def __init__(self, handle: io.TextIOBase) -> None:
        self.handle = handle
        self.again: deque[str] = deque()
        self.record: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if len(self.record) >= MAX_RECORD_LINES:
            raise _RecordTooLong
        line = self.again.popleft() if self.again else next(self.handle)
        self.record.append(line)
        return line

    def read_again_after_first(self) -> None:
        self.again.extendleft(reversed(self.record[1:]))
        del self.record[1:]


def _csv_records(open_file: Callable[[], io.TextIOBase], delimiter: str) -> Generator[RawRow, None, None]:
    """Every record with the line it starts on; a record that cannot be read is kept as a problem row.

    The csv reader reads the file itself until a record cannot be read (or runs past
    MAX_RECORD_LINES); from that record on the file is read again line by line, so that a quote
    left open in one line costs that line only (`_careful_records`).
    """
    handle = open_file()
    start = 1  # the line the next record starts on
    try:
        # strict: a stray quote is reported rather than silently dropped, and a quote never closed is noticed.
        reader = csv.reader(handle, delimiter=delimiter, strict=True)
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error:
                break
            if reader.line_num - start >= MAX_RECORD_LINES:
                break
            text = "".join(values)
            if text and len(text) <= MAX_CELL_CHARS and "\x00" not in text and not text.isspace():
                yield _plain_row((None, start, values, None, ""))  # the usual record, made without a call
            elif (row := _row(start, values)) is not None:
                yield row
            start = reader.line_num + 1
    finally:
        handle.close()
    handle = open_file()
    for _ in range(start - 1):
        next(handle)
    yield from _careful_records(handle, delimiter, start)


def _careful_records(handle: io.TextIOBase, delimiter: str, line: int) -> Iterator[RawRow]:
    """`_csv_records` line by line from `line` on: a record that cannot be read is reported, its lines
    after the first are read again."""
    lines = _Lines(handle)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        while True:
            lines.record = []
            try:
                values = next(reader)
            except StopIteration:
                return
            except (csv.Error, _RecordTooLong) as error:
                spanned = len(lines.record) > 1
                if spanned:
                    lines.read_again_after_first()
                problem = (
                    "a quote opened in this line is never closed; check its quotes"
                    if spanned or "end of data" in str(error)
                    else f"the line cannot be read as CSV ({error}); check its quotes"
                )
                yield RawRow(None, line, [], problem, _raw("".join(lines.record)))
                line += len(lines.record)
                continue
            start, line = line, line + len(lines.record)
            if (row := _row(start, values)) is not None:
                yield row
    finally:
        handle.close()


# A RawRow from its fields, built by the tuple type itself (one is made for every record of a file).
_plain_row = functools.partial(tuple.__new__, RawRow)
# The problem of a row with a cell too long or holding a NUL, told in full once the header is known.
_CELL_PROBLEM = "a cell cannot be read"


def _row(number: int, values: list[str]) -> RawRow | None:
    """A record read as a row: None for one of empty or white-space cells only (a blank line, or separators
    alone); marked when one of its cells is too long or holds a NUL (see `cell_problem`)."""
    text = "".join(values)
    if not text or text.isspace():
        return None
    if (len(text) > MAX_CELL_CHARS or "\x00" in text) and has_cell_problem(values):
        return RawRow(None, number, cast(list[object], values), _CELL_PROBLEM)
    return RawRow(None, number, cast(list[object], values))


def has_cell_problem(values: Sequence[object]) -> bool:
    """A cell longer than MAX_CELL_CHARS, or holding a NUL character (which no text record holds)."""
    return any(isinstance(v, str) and (len(v) > MAX_CELL_CHARS or "\x00" in v) for v in values)


def cell_problem(row: RawRow, headers: Sequence[str]) -> RawRow:
    """The row rejected for its first cell that is too long or holds a NUL, the column named."""
    index, cell = next((i, v) for i, v in enumerate(row.values) if has_cell_problem([v]))
    header = headers[index] if index < len(headers) and headers[index] else f"column {index + 1}"
    text = str(cell)
    if len(text) > MAX_CELL_CHARS:
        problem = (f"the cell in column {header!r} holds {len(text):,} characters, more than the "
                   f"{MAX_CELL_CHARS:,} a cell may hold; shorten it or split the record")  # fmt: skip
    else:
        problem = (f"the cell in column {header!r} holds a NUL character (byte 0x00), which text never holds; "
                   "the file may be damaged, or be UTF-16 read as 8-bit text: check the extract")  # fmt: skip
    shown = " | ".join(str(v)[:2_000] for v in row.values).replace("\x00", "\\x00")
    return RawRow(row.sheet, row.number, [], problem, _raw(shown))


def check_width(name: str, columns: int) -> None:
    if columns > MAX_COLUMNS:
        raise FileError(f"{name}: the header row has {columns:,} columns, more than the {MAX_COLUMNS:,} "
                        "jointchron reads (Excel's own limit); remove the columns the mapping does not use")  # fmt: skip


def _raw(text: str) -> str:
    text = text.rstrip("\r\n")
    return text if len(text) <= 10_000 else text[:10_000] + "…"


# -- Excel -------------------------------------------------------------------------------------


def header_text(value: object) -> str:
    return "" if value is None else str(value).strip()


def filled(value: object) -> bool:
    return value is not None and str(value).strip() != ""


def is_header(values: Sequence[object], hints: tuple[Pattern, ...]) -> bool:
    return any(isinstance(v, str) and any(h.matches(v.strip()) for h in hints) for v in values)


def no_header_message(name: str, hints: tuple[Pattern, ...]) -> str:
    wanted = " or ".join(repr(h.text) for h in hints[:3])
    return (f"{name}: no header row with a {wanted} column in the first {HEADER_SEARCH_ROWS} rows; "
            "rename the column, or map it with --map (see the mapping format in docs/importing.md)")  # fmt: skip
