"""Excel date cells whose number format shows only a month or a year (issue 12 §7).

Excel keeps every date as a day: typed as `Nov 2018`, a date is stored as 01/11/2018 with the
number format `mmm-yy`, and shown as the month. The spreadsheet reader (python-calamine) gives the
day and not the format, so the chronology would claim a day nobody recorded. Here the workbook's
styles are read for the number formats that show a year but no day, then the sheet's XML for the
cells styled with one of them; the workbook reader gives those cells as the text the format
shows (`Nov 2018`, `2018`), which reads with month or year precision, as the same text in a CSV
file does.

Only cells placed by their reference (`r="B7"`, as Excel, LibreOffice and openpyxl write them) are
found; the sheet is matched in one pass of RE2, and only when the styles hold such a format.
"""

from __future__ import annotations

import calendar
import datetime
import re
import zipfile
from typing import Literal

import re2
from defusedxml import DefusedXmlException, ElementTree

from jointchron.importers.xlsx_guard import column_number

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CHUNK = 1 << 20
_STYLES_LIMIT = 16 << 20  # a workbook's styles are kilobytes; larger ones are not looked at
# Built-in number formats (ECMA-376 §18.8.30) that show a date without its day: 17 is `mmm-yy`, what Excel
# gives a cell typed as `Nov 2018`.
_BUILT_IN = {17: "mmm-yy"}
# A cell tag styled with one of `styles`: `<c r="B7" s="5" t="n">` (attributes in any order).
_CELL = rb"<(?:[A-Za-z_][\w.-]*:)?c\s[^>]*\bs\s*=\s*[\"'](?:%s)[\"'][^>]*>"
_REF = re.compile(rb"\br\s*=\s*[\"']([A-Za-z]{1,3})([0-9]{1,7})[\"']")
_STYLE = re.compile(rb"\bs\s*=\s*[\"']([0-9]{1,9})[\"']")

Shown = Literal["month", "year"]


def format_shows(code: str) -> Shown | None:
    """`month` or `year` for a number format that shows a year but no day (`mmm yyyy`, `yyyy`); else None."""
    # Quoted text, escaped characters, [colours] and [conditions] are not date parts.
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.', "", code.split(";", 1)[0]).lower()
    if "y" not in bare or "d" in bare or "h" in bare or "s" in bare:
        return None
    return "month" if "m" in bare else "year"


def partial_date_cells(path: str, sheet_part: str) -> dict[tuple[int, int], Shown]:
    """(Excel row number, 0-based column) -> what the cell's date format shows, for the sheet's cells whose
    number format shows a year but no day. Empty when the workbook has no such format."""
    with zipfile.ZipFile(path) as package:
        styles = _partial_styles(package)
        if not styles:
            return {}
        wanted = {str(s).encode() for s in styles}
        cells = re2.compile(_CELL % b"|".join(sorted(wanted)))
        found: dict[tuple[int, int], Shown] = {}
        tail = b""
        with package.open(sheet_part) as handle:
            while chunk := handle.read(_CHUNK):
                data = tail + chunk
                cut = data.rfind(b"<")
                text, tail = (data[:cut], data[cut:]) if cut > 0 else (b"", data)
                if len(tail) > _CHUNK:  # a text a megabyte long, not a tag: no cell tag is cut in it
                    text, tail = data, b""
                _cells(cells.findall(text) if text else [], wanted, styles, found)
        _cells(cells.findall(tail) if tail else [], wanted, styles, found)
        return found


def shown_as(value: object, shown: Shown) -> object:
    """The text a date cell's format shows (`Nov 2018`, `2018`); any other value as it is."""
    if not isinstance(value, datetime.date):
        return value
    return f"{calendar.month_abbr[value.month]} {value.year}" if shown == "month" else str(value.year)


def _cells(
    tags: list[bytes], wanted: set[bytes], styles: dict[int, Shown], found: dict[tuple[int, int], Shown]
) -> None:
    for tag in tags:
        style = _STYLE.search(tag)
        if style is None or style.group(1) not in wanted:
            continue
        ref = _REF.search(tag)
        if ref is not None:
            found[(int(ref.group(2)), column_number(ref.group(1).decode()) - 1)] = styles[int(style.group(1))]


def _partial_styles(package: zipfile.ZipFile) -> dict[int, Shown]:
    """Cell style index -> what its number format shows, for the styles showing a year but no day."""
    part = next((i for i in package.infolist() if i.filename.lower().endswith("styles.xml")), None)
    if part is None or part.file_size > _STYLES_LIMIT:
        return {}
    try:
        root = ElementTree.fromstring(package.read(part))
    except (ElementTree.ParseError, DefusedXmlException):  # damaged: its dates are read as the days they hold
        return {}
    codes = dict(_BUILT_IN)
    for fmt in root.iter(f"{_MAIN}numFmt"):
        if (number := fmt.get("numFmtId", "")).isdigit():
            codes[int(number)] = fmt.get("formatCode", "")
    cell_formats = root.find(f"{_MAIN}cellXfs")
    styles: dict[int, Shown] = {}
    for index, xf in enumerate(cell_formats if cell_formats is not None else ()):
        number = xf.get("numFmtId", "0")
        if number.isdigit() and (shown := format_shows(codes.get(int(number), ""))) is not None:
            styles[index] = shown
    return styles
