"""Excel workbooks and the dates agencies write, read through the whole import path."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path

from workbooks import write_workbook

from support import JC

HEADER = ["date", "kind", "subjects", "summary", "reference"]


def chronology(jc: JC) -> list[dict[str, object]]:
    result = jc("chronology", "--format", "json")
    assert result.exit_code == 0, result.stderr
    entries: list[dict[str, object]] = json.loads(result.stdout)
    return entries


def by_summary(entries: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {str(e["summary"]): e for e in entries}


def test_a_workbook_is_read_below_its_title_row_with_date_cells_serials_text_dates_and_cached_formulas(
    people: JC, tmp_path: Path
) -> None:
    workbook = write_workbook(
        tmp_path / "police.xlsx",
        {
            "Occurrences": [
                ["Police extract for the review: Operation Birch", None, None, None, None],
                [],
                HEADER,
                [datetime.datetime(2019, 9, 12, 14, 30), "incident", "Child A", "A datetime cell.", "P1"],
                [datetime.date(2019, 9, 13), "incident", "Child A", "A date cell.", "P2"],
                [43726, "incident", "Child A", "A serial number.", "P3"],
                ["19/09/2019 09:15", "incident", "Child A", "A text date.", "P4"],
                ["Sep 2019", "note", "Child B", "A month.", "P5"],
                ["=A5+7", "incident", "Child B", "A formula.", "P6"],
                [" ", None, "", None, None],
            ]
        },
        cached={("Occurrences", "A9"): 43728},
        date_cells={("Occurrences", "A9"): "dd/mm/yyyy", ("Occurrences", "A30"): "dd/mm/yyyy"},
    )

    result = people("import", workbook, "--agency", "police")

    assert result.exit_code == 0, result.stderr
    assert "│ rows read           │ 6 " in result.stdout
    entries = by_summary(chronology(people))
    assert (entries["A datetime cell."]["date"], entries["A datetime cell."]["time"]) == (
        "2019-09-12",
        "14:30",
    )
    assert entries["A date cell."]["date"] == "2019-09-13" and entries["A date cell."]["time"] is None
    assert entries["A serial number."]["date"] == "2019-09-18"
    assert (entries["A text date."]["date"], entries["A text date."]["time"]) == ("2019-09-19", "09:15")
    assert (entries["A month."]["date"], entries["A month."]["precision"]) == ("2019-09-01", "month")
    assert entries["A formula."]["date"] == "2019-09-20"
    sources = entries["A datetime cell."]["sources"]
    assert isinstance(sources, list) and sources[0]["sheet"] == "Occurrences" and sources[0]["row"] == 4


def test_a_mapping_picks_sheets_by_name_or_regex_and_reads_each_one(people: JC, tmp_path: Path) -> None:
    workbook = write_workbook(
        tmp_path / "school.xlsx",
        {
            "Cover": [["Read me first"]],
            "Attendance 2019": [HEADER, ["01/03/2019", "absence", "Child A", "Absent.", "S1"]],
            "Attendance 2020": [HEADER, ["02/03/2019", "absence", "Child B", "Absent too.", "S2"]],
            "Welfare": [HEADER, ["03/03/2019", "concern", "Child A", "Welfare concern.", "S3"]],
        },
    )
    mapping = tmp_path / "school.toml"
    mapping.write_text(
        '[source]\nagency = "school"\nsheet = ["Welfare", "/^attendance/i"]\n', encoding="utf-8"
    )

    result = people("import", workbook, "--map", mapping)

    assert result.exit_code == 0, result.stderr
    entries = chronology(people)
    assert sorted((str(e["summary"]), e["sources"][0]["sheet"]) for e in entries) == [  # type: ignore[index]
        ("Absent too.", "Attendance 2020"),
        ("Absent.", "Attendance 2019"),
        ("Welfare concern.", "Welfare"),
    ]


def test_a_file_that_is_not_a_workbook_is_one_line_and_exit_1(review: JC, tmp_path: Path) -> None:
    broken = tmp_path / "extract.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip file at all")

    result = review("import", broken, "--agency", "police")

    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "cannot be opened as a workbook" in result.stderr and "Traceback" not in result.stderr


def test_dates_are_read_by_the_listed_formats_then_uk_auto_detection_keeping_partial_precision(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    extract = write_csv("gp.csv", HEADER, [
        ("14 Nov 2018 10:20:00", "appointment", "Child A", "GP style.", "G1"),
        ("2018-11-15 08:05:00.000", "appointment", "Child A", "SQL datetime.", "G2"),
        ("16/11/2018 17:45", "appointment", "Child A", "Time without seconds.", "G3"),
        ("Nov 2018", "note", "Child A", "Month only.", "G4"),
        ("2019", "note", "Child A", "Year only.", "G5"),
        ("20181117", "note", "Child A", "Listed format.", "G6"),
        ("31/02/2019", "note", "Child A", "Impossible.", "G7"),
    ])  # fmt: skip
    mapping = tmp_path / "gp.toml"
    mapping.write_text('[source]\nagency = "gp"\ndate_format = ["%Y%m%d", "%d.%m.%Y"]\n', encoding="utf-8")

    result = people("import", extract, "--map", mapping)

    assert result.exit_code == 3
    assert "row 8, column 'date': the value is not a real date" in result.stderr
    entries = by_summary(chronology(people))
    got = {s: (e["date"], e["time"], e["precision"]) for s, e in entries.items()}
    assert got == {
        "GP style.": ("2018-11-14", "10:20", "day"),
        "SQL datetime.": ("2018-11-15", "08:05", "day"),
        "Time without seconds.": ("2018-11-16", "17:45", "day"),
        "Month only.": ("2018-11-01", None, "month"),
        "Year only.": ("2019-01-01", None, "year"),
        "Listed format.": ("2018-11-17", None, "day"),
    }
