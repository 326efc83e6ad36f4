"""What became of every row of a file: the import report and the rejects CSV."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from jointchron.domain.extract import ImportCounts

# Columns whose values are personal data: the terminal shows where, the rejects file shows what.
PERSONAL_COLUMNS = ("subject", "name", "from", "to", "summary", "detail", "note", "dob", "identifier", "patient",
                    "person", "child", "practitioner", "text")  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Rejection:
    file: str
    sheet: str | None
    row: int
    column: str
    value: str
    reason: str

    def line(self) -> str:
        """One line for the terminal, with personal values left to the rejects file."""
        where = f"{self.file}" + (f" sheet {self.sheet!r}" if self.sheet else "") + f" row {self.row}"
        column = f", column {self.column!r}" if self.column else ""
        personal = any(word in self.column.lower() for word in PERSONAL_COLUMNS)
        value = (
            " (value in the rejects file)"
            if personal
            else (f", value {self.value[:60]!r}" if self.value else "")
        )
        return f"{where}{column}{value}: {self.reason}"


@dataclass
class ImportReport:
    file: str
    agency: str = ""
    counts: ImportCounts = field(default_factory=ImportCounts)
    rejections: list[Rejection] = field(default_factory=list)
    unresolved: dict[str, list[str]] = field(default_factory=dict)  # pseudonym given -> suggested pseudonyms
    new_agencies: list[str] = field(default_factory=list)
    already_imported: bool = False
    dry_run: bool = False
    strict: bool = False
    rejects_file: Path | None = None
    amended_ids: list[str] = field(default_factory=list)
    no_longer_present_ids: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 all rows imported, 3 imported with rejected rows, 1 nothing imported (DESIGN §6)."""
        if not self.rejections:
            return 0
        if self.strict or self.counts.read <= len({(r.sheet, r.row) for r in self.rejections}):
            return 1
        return 3


def neutralise(value: str) -> str:
    """A cell that a spreadsheet will show as text, never run as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def write_rejects(path: Path, rejections: list[Rejection]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "sheet", "row", "column", "value", "reason"])
        for r in rejections:
            writer.writerow([neutralise(r.file), neutralise(r.sheet or ""), r.row, neutralise(r.column),
                             neutralise(r.value), neutralise(r.reason)])  # fmt: skip
