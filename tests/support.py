"""Helpers shared by the tests (importable as `support`: tests/ is on the test path)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


JC = Callable[..., Run]

PEOPLE_HEADER = ("person_id", "pseudonym", "role", "names", "dob", "identifiers")
PEOPLE = (
    ("P1", "Child A", "child", "Amy Smith;Amy Jones", "01/02/2012", "nhs:9434765919;la:CH1"),
    ("P2", "Child B", "child", "Ben Smith", "03/04/2015", "la:CH2"),
    ("P3", "Ms C", "adult", "Carol Smith", "05/06/1985", ""),
    ("P4", "Mr D", "adult", "Dan Brown", "07/08/1980", "pnc:80/1234A"),
)


def write_rows(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]], encoding: str = "utf-8",
               delimiter: str = ",") -> Path:  # fmt: skip
    """Writes a CSV file: the header, then the rows."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def table_of(shown: str) -> dict[str, str]:
    """The summary table of an import report, label -> count."""
    cells = [line.split("│") for line in shown.splitlines() if line.count("│") == 3]
    return {c[1].strip(): c[2].strip() for c in cells}
