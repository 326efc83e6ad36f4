"""Real .xlsx files written by the tests (openpyxl), including formula cells with cached values.

openpyxl writes a formula without the value Excel would cache beside it; a workbook saved by
Excel carries both, and importers read the cached one. `cached` puts that value in, as Excel would.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import openpyxl


def write_workbook(
    path: Path,
    sheets: dict[str, Sequence[Sequence[object]]],
    cached: dict[tuple[str, str], float] | None = None,
    date_cells: dict[tuple[str, str], str] | None = None,
) -> Path:
    """Writes `sheets` ({title: rows}) to `path`; `cached[(title, "J2")]` is the cached value of a formula
    cell; `date_cells[(title, "J2")]` gives a cell a number format (e.g. "dd/mm/yyyy")."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    for (title, ref), number_format in (date_cells or {}).items():
        workbook[title][ref].number_format = number_format
    workbook.save(path)
    if cached:
        _add_cached_values(path, list(sheets), cached)
    return path


def _add_cached_values(path: Path, titles: list[str], cached: dict[tuple[str, str], float]) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    for (title, ref), value in cached.items():
        part = f"xl/worksheets/sheet{titles.index(title) + 1}.xml"
        xml = parts[part].decode("utf-8")
        cell = re.compile(rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)<v\s*(?:/>|></v>)')
        xml, count = cell.subn(lambda m, v=value: f"{m.group(1)}{m.group(2)}<v>{v}</v>", xml)
        assert count == 1, f"no formula cell {ref} in {title}"
        parts[part] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def text_row(number: int, values: Sequence[str]) -> str:
    """A sheet row of inline strings from column A, as <row> XML."""
    cells = "".join(text_cell(f"{column_letters(i + 1)}{number}", v) for i, v in enumerate(values) if v)
    return f'<row r="{number}">{cells}</row>'


def column_letters(n: int) -> str:
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def write_parts(path: Path, sheets: dict[str, Iterable[str]], states: dict[str, str] | None = None) -> Path:
    """Writes an .xlsx from its XML parts, as hostile or odd files are: `sheets` maps a sheet's name to the
    pieces of its worksheet XML (streamed into the zip, so a sheet may be large); `states` marks sheets
    "hidden" or "veryHidden"."""
    names = list(sheets)
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_SHEET_TYPE}"/>'
                        for n in range(1, len(names) + 1))  # fmt: skip
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    listed = "".join(
        f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"'
        + (f' state="{(states or {}).get(name)}"' if (states or {}).get(name) else "")
        + "/>"
        for n, name in enumerate(names, 1)
    )
    workbook = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                f'xmlns:r="{_RELS}"><sheets>{listed}</sheets></workbook>')  # fmt: skip
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{n}" Type="{_RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(names) + 1)
        )
        + "</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        target.writestr("[Content_Types].xml", content_types)
        target.writestr("_rels/.rels", root_rels)
        target.writestr("xl/workbook.xml", workbook)
        target.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        for n, name in enumerate(names, 1):
            with target.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as part:
                for piece in sheets[name]:
                    part.write(piece.encode("utf-8"))
    return path
