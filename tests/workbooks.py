"""Real .xlsx files written by the tests (openpyxl), including formula cells with cached values.

openpyxl writes a formula without the value Excel would cache beside it; a workbook saved by
Excel carries both, and importers read the cached one. `cached` puts that value in, as Excel would.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
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
