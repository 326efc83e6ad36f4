"""The chronology as an Excel workbook: one row per entry, a sheet of gaps, a sheet about the review.

Every text cell is written as text (never a formula), and a value that would start a formula
in a spreadsheet (`=`, `+`, `-`, `@`, tab, carriage return) is neutralised as in the CSV.
"""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jointchron.domain.text import neutralise, visible
from jointchron.exports.documents import ChronologyDocument

_HEADER_FILL = PatternFill("solid", fgColor="404040")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")

Column = tuple[str, float, Callable[[dict[str, Any], ChronologyDocument], object]]


def _join(values: Sequence[object]) -> str:
    return "; ".join(str(v) for v in values)


# The first PRINTED columns are what a printed (or PDF) copy shows, on landscape pages one column wide.
CHRONOLOGY_COLUMNS: tuple[Column, ...] = (
    ("Date", 11, lambda r, d: datetime.date.fromisoformat(r["date"])),
    ("Time", 6, lambda r, d: r["time"] or ""),
    ("When", 14, lambda r, d: r["display_date"]),
    ("Agency", 18, lambda r, d: _join([d.agency(a) for a in r["agencies"]])),
    ("Kind", 19, lambda r, d: r["kind"]),
    ("Subjects", 16, lambda r, d: _join(r["subjects"])),
    ("Summary", 60, lambda r, d: r["summary"]),
    ("Outcome", 18, lambda r, d: r["outcome"]),
    ("Status", 12, lambda r, d: r["status"]),
    ("Significant", 11, lambda r, d: "yes" if r.get("significant") else ""),
    ("Analysis", 40, lambda r, d: r.get("analysis") or ""),
    ("Source", 32, lambda r, d: "\n".join(d.source_lines(r))),
    ("Tags", 18, lambda r, d: _join(r["tags"])),
    ("Participants", 16, lambda r, d: _join(r["participants"])),
    ("Recipients", 16, lambda r, d: _join(r["recipients"])),
    ("Sender", 10, lambda r, d: r["sender"]),
    ("Entry id", 38, lambda r, d: r["id"]),
)
PRINTED = 12
_WRAPPED = {
    "Analysis",
    "Summary",
    "Outcome",
    "Source",
    "Subjects",
    "Agency",
    "Kind",
    "Tags",
    "Participants",
    "Recipients",
}
_LINE_HEIGHT = 12.75  # points, one line of 10-11 pt text

# Gap fields in the order a panel reads them (DESIGN §7), the printed ones first; any others follow.
GAP_PRINTED = ("title", "severity", "status", "child", "agency", "trigger", "due", "follow_up", "days_late",
               "explanation")  # fmt: skip
GAP_ORDER = (*GAP_PRINTED, "judgement", "missing", "date_uncertain", "rule", "basis", "id")
_GAP_WIDTHS = {
    "judgement": 40,
    "title": 28,
    "explanation": 70,
    "basis": 40,
    "trigger": 24,
    "follow_up": 24,
    "id": 38,
}


def text_cell(ws: Worksheet, row: int, column: int, value: str) -> None:
    """A cell that holds `value` as text: neutralised, without characters Excel refuses."""
    cell = ws.cell(row=row, column=column)
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", neutralise(value))
    cell.data_type = "s"


def write_cell(ws: Worksheet, row: int, column: int, value: object) -> None:
    if isinstance(value, datetime.date):
        ws.cell(row=row, column=column, value=value)
    elif isinstance(value, bool) or value is None:
        text_cell(ws, row, column, "" if value is None else ("yes" if value else "no"))
    elif isinstance(value, int | float):
        ws.cell(row=row, column=column, value=value)
    else:
        text_cell(ws, row, column, str(value))


def header(ws: Worksheet, titles: Sequence[str], widths: Sequence[float]) -> None:
    for i, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        text_cell(ws, 1, i, title)
        cell = ws.cell(row=1, column=i)
        cell.fill, cell.font = _HEADER_FILL, _HEADER_FONT
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4


def date_format(record: dict[str, Any]) -> str:
    """A day shows as a day; a date known to the month or year (or published) shows as that."""
    start, end = record["date"], record["end_date"]
    if end is None or end == start:
        return "dd/mm/yyyy"
    first, last = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return "yyyy"
    next_month = (last + datetime.timedelta(days=1)).day == 1
    if first.day == 1 and next_month and (first.year, first.month) == (last.year, last.month):
        return "mmm yyyy"
    return "dd/mm/yyyy"


def fit_row(ws: Worksheet, row: int, texts: Sequence[tuple[str, float]]) -> None:
    """Sets the row tall enough for its wrapped text: spreadsheets do not always do so on opening."""
    lines = 1
    for text, width in texts:
        chars = max(1, int(width * 1.1))
        lines = max(lines, sum(max(1, -(-len(part) // chars)) for part in text.split("\n")))
    ws.row_dimensions[row].height = _LINE_HEIGHT * lines + 2


def write_xlsx(doc: ChronologyDocument, path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Chronology"
    header(ws, [c[0] for c in CHRONOLOGY_COLUMNS], [c[1] for c in CHRONOLOGY_COLUMNS])
    colours = doc.colours()
    fills = {code: PatternFill("solid", fgColor=colour) for code, colour in colours.items()}
    for row, record in enumerate(doc.records, start=2):
        fill = fills.get(record["agency"])
        wrapped: list[tuple[str, float]] = []
        for column, (title, width, value_of) in enumerate(CHRONOLOGY_COLUMNS, start=1):
            value = value_of(record, doc)
            write_cell(ws, row, column, value)
            cell = ws.cell(row=row, column=column)
            cell.alignment = _WRAP if title in _WRAPPED else _TOP
            if title in _WRAPPED:
                wrapped.append((str(value), width))
            if fill is not None:
                cell.fill = fill
        fit_row(ws, row, wrapped)
        ws.cell(row=row, column=1).number_format = date_format(record)
    last_row = max(1, len(doc.records) + 1)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(CHRONOLOGY_COLUMNS))}{last_row}"
    ws.print_area = f"A1:{get_column_letter(PRINTED)}{last_row}"
    if doc.gaps is not None:
        _gaps_sheet(wb.create_sheet("Gaps"), doc.gaps)
    _about_sheet(wb.create_sheet("About"), doc, colours)
    wb.properties.title = visible(doc.title)  # a property is XML too: no control character raw
    wb.properties.creator = "jointchron"
    wb.properties.lastModifiedBy = "jointchron"
    # Built in memory and written in one go: a failed write leaves no half-built zip behind (exports/files.py).
    buffer = io.BytesIO()
    wb.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def _gap_value(value: Any) -> object:
    if isinstance(value, dict) and "decision" in value:  # the panel's judgement
        review = " (needs review: its evidence changed)" if value.get("needs_review") else ""
        return f"{value['decision']}: {value['reason']}{review}"
    if isinstance(value, dict):
        parts = [str(value[k]) for k in ("date", "agency", "kind") if value.get(k)]
        return " ".join(parts) if parts else json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "; ".join(str(_gap_value(v)) for v in value)
    return value


def _gaps_sheet(ws: Worksheet, gaps: list[dict[str, Any]]) -> None:
    keys = [k for k in GAP_ORDER if any(k in g for g in gaps) or k in GAP_PRINTED]
    keys += [k for g in gaps for k in g if k not in keys and k not in ("triggers",)]
    keys = list(dict.fromkeys(keys))
    header(ws, keys, [_GAP_WIDTHS.get(k, 14) for k in keys])
    for row, gap in enumerate(gaps, start=2):
        wrapped: list[tuple[str, float]] = []
        for column, key in enumerate(keys, start=1):
            value = _gap_value(gap.get(key))
            write_cell(ws, row, column, value)
            ws.cell(row=row, column=column).alignment = _WRAP
            if key in GAP_PRINTED:
                wrapped.append(("" if value is None else str(value), _GAP_WIDTHS.get(key, 14)))
        fit_row(ws, row, wrapped)
    last_row = max(1, len(gaps) + 1)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{last_row}"
    ws.print_area = f"A1:{get_column_letter(sum(1 for k in keys if k in GAP_PRINTED))}{last_row}"


def _about_sheet(ws: Worksheet, doc: ChronologyDocument, colours: dict[str, str]) -> None:
    rows: list[tuple[str, str]] = [
        ("Review", doc.title),
        ("Period under review", doc.period),
        ("Privacy", doc.note),
        ("Selection", doc.selection or "the whole joint chronology"),
        ("Entries", str(len(doc.records))),
        ("Prepared", f"{doc.made:%d/%m/%Y} by jointchron"),
    ]
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 90
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for i, (label, value) in enumerate(rows, start=1):
        text_cell(ws, i, 1, label)
        ws.cell(row=i, column=1).font = Font(bold=True)
        text_cell(ws, i, 2, value)
    start = len(rows) + 2
    text_cell(ws, start, 1, "Agency colours")
    ws.cell(row=start, column=1).font = Font(bold=True)
    for i, (code, colour) in enumerate(colours.items(), start=start + 1):
        text_cell(ws, i, 1, code)
        text_cell(ws, i, 2, doc.agency(code))
        ws.cell(row=i, column=2).fill = PatternFill("solid", fgColor=colour)
