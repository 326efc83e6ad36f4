"""The sheets of an extract file, whatever it is: a CSV file is one sheet, a workbook has several.

Apart from `importers/tabular.py` (CSV and what every sheet shares) and `importers/workbook.py`
(Excel and OpenDocument workbooks), which builds on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from jointchron.importers.errors import FileError
from jointchron.importers.mapping import Mapping, Pattern
from jointchron.importers.tabular import EXCEL_SUFFIXES, Sheet, csv_sheet
from jointchron.importers.workbook import Workbook, excel_sheets


def open_sheets(path: Path, mapping: Mapping, header_hints: tuple[Pattern, ...],
                workbook: Workbook | None = None) -> Iterator[Sheet]:  # fmt: skip
    """Every sheet of the file that has a header row with one of `header_hints` (of `workbook` when given,
    already opened and checked)."""
    if not path.exists():
        raise FileError(f"{path} not found; check the file name")
    if not path.is_file():
        raise FileError(f"{path} is not a file")
    if path.suffix.lower() in EXCEL_SUFFIXES:
        yield from excel_sheets(workbook or Workbook(path), mapping, header_hints)
    else:
        yield csv_sheet(path, mapping, header_hints)
