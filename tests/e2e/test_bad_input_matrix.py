"""The bad-input matrix of issue 3: each kind of bad input gives its documented report and exit status,
and the good rows of the same file are kept (docs/importing.md, "What happens to bad input").

Row problems: the row is rejected, named on the terminal and written to the rejects CSV with file,
sheet, row, column, value and reason; the other rows are imported; exit 3 (1 when no row was good).
File problems: one line on stderr, nothing imported, exit 1.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from support import JC

HEADER = ("date", "kind", "subjects", "summary", "reference")
GOOD = [
    ("12/09/2019", "incident", "Child A", "Good before.", "P1"),
    ("14/09/2019", "note", "Child B", "Good after.", "P3"),
]


def rejects_of(stderr: str) -> list[dict[str, str]]:
    line = next(line for line in stderr.splitlines() if line.startswith("Every rejected row"))
    with Path(line.rsplit(": ", 1)[1].strip()).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def summaries(jc: JC) -> list[str]:
    return [e["summary"] for e in json.loads(jc("chronology", "--format", "json").stdout)]


def with_bad_row(tmp_path: Path, bad: bytes) -> Path:
    """A CSV of two good rows around one bad line (line 3)."""
    lines = [",".join(HEADER).encode(), ",".join(GOOD[0]).encode(), bad, ",".join(GOOD[1]).encode()]
    path = tmp_path / "police.csv"
    path.write_bytes(b"\r\n".join(lines) + b"\r\n")
    return path


@pytest.mark.parametrize(
    ("bad", "column", "value", "reason"),
    [
        (b"31/02/2019,incident,Child A,Bad date.,P2", "date", "31/02/2019", "31/02/2019"),
        (b"13/09/2019,telephone call,Child A,Unknown kind.,P2", "kind", "telephone call", "unknown kind"),
        (
            b"13/09/2019,incident,Child A,Bad \xe9\xff byte.,P2",
            "summary",
            "Bad \\xe9\\xff byte.",
            "byte 0xe9",
        ),
        (
            b"13/09/2019,incident,Child A,Too,many,cells,P2",
            "",
            "13/09/2019 | incident | Child A | Too | many | cells | P2",
            "the row has 7 values but the header has 5 columns",
        ),
    ],
    ids=["bad date", "unknown kind without default", "undecodable byte", "ragged row"],
)
def test_a_bad_row_is_rejected_with_its_place_and_reason_and_the_good_rows_are_kept(
    people: JC, tmp_path: Path, bad: bytes, column: str, value: str, reason: str
) -> None:
    # One UTF-8 character in the file keeps it UTF-8 even with the stray bytes in the bad row.
    extract = with_bad_row(tmp_path, bad)
    extract.write_bytes(extract.read_bytes().replace(b"Good after.", "Good after – ok.".encode()))

    result = people("import", extract, "--agency", "police")

    assert result.exit_code == 3
    assert re.search(r"rows rejected\s*│\s*1\s", result.stderr)
    assert f"rejected: police.csv row 3{', column ' + repr(column) if column else ''}" in result.stderr
    [reject] = rejects_of(result.stderr)
    assert (reject["file"], reject["sheet"], reject["row"], reject["column"], reject["value"]) == (
        "police.csv",
        "",
        "3",
        column,
        value,
    )
    assert reason in reject["reason"]
    assert summaries(people) == ["Good before.", "Good after – ok."]


def test_a_bad_row_in_a_workbook_names_its_sheet_in_the_rejects_file(people: JC, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Contacts 2019"
    for row in (HEADER, GOOD[0], ("31/02/2019", "incident", "Child A", "Bad date.", "P2"), GOOD[1]):
        sheet.append(row)
    workbook.save(tmp_path / "police.xlsx")

    result = people("import", tmp_path / "police.xlsx", "--agency", "police")

    assert result.exit_code == 3
    [reject] = rejects_of(result.stderr)
    assert (reject["file"], reject["sheet"], reject["row"], reject["column"], reject["value"]) == (
        "police.xlsx",
        "Contacts 2019",
        "3",
        "date",
        "31/02/2019",
    )
    assert summaries(people) == ["Good before.", "Good after."]


def test_a_file_whose_every_row_is_bad_imports_nothing_and_exits_1(people: JC, tmp_path: Path) -> None:
    extract = tmp_path / "police.csv"
    extract.write_text(
        ",".join(HEADER) + "\n31/02/2019,incident,Child A,x,P1\n13/09/2019,nonsense,Child A,y,P2\n"
    )
    result = people("import", extract, "--agency", "police")
    assert result.exit_code == 1
    assert len(rejects_of(result.stderr)) == 2
    assert summaries(people) == []


def test_a_missing_required_column_is_one_line_naming_the_column_and_exit_1(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv("police.csv", ("date", "subjects", "summary"), [GOOD[0][:1] + GOOD[0][2:4]])
    result = people("import", extract, "--agency", "police")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: police.csv: no 'kind' column")
    assert "--map" in result.stderr and "Traceback" not in result.stderr
    assert summaries(people) == []


@pytest.mark.parametrize("content", [b"PK\x03\x04 not really a zip", b"", b"date,kind\n"])
def test_an_unreadable_workbook_is_one_line_and_exit_1(people: JC, tmp_path: Path, content: bytes) -> None:
    workbook = tmp_path / "police.xlsx"
    workbook.write_bytes(content)
    result = people("import", workbook, "--agency", "police")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: police.xlsx cannot be opened as a workbook")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert summaries(people) == []


def test_a_usage_error_exits_2_and_imports_nothing(people: JC, write_csv: Callable[..., Path]) -> None:
    extract = write_csv("police.csv", HEADER, GOOD)
    result = people("import", extract, "--agency", "police", "--map")
    assert result.exit_code == 2
    assert summaries(people) == []
