"""Exports for the written review: XLSX, DOCX and Markdown, opened with the libraries that read them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from support import JC

COLUMNS = ("date", "time", "kind", "subjects", "summary", "reference", "practitioner", "tags", "participants")
FORMULAS = ('=HYPERLINK("http://x","click")', "+44 7700 900123", "-1+2", "@SUM(A1)", "\tindented", "\rreturn")


@pytest.fixture
def case(people: JC, write_csv: Callable[..., Path]) -> JC:
    police = write_csv("police.csv", COLUMNS, [
        ("10/03/2019", "23:40", "incident", "Amy Smith", "Dan Brown seen at Amy's home.", "P-1", "DC 4471 Patel",
         "domestic_abuse", ""),
        ("12/03/2019", "", "strategy_discussion", "Child A", "Strategy discussion.", "P-2", "", "", "csc"),
        *[(f"{d:02d}/04/2019", "", "note", "Child B", text, f"P-F{d}", "", "", "") for d, text in enumerate(FORMULAS, 1)],
    ])  # fmt: skip
    csc = write_csv("csc.csv", COLUMNS, [
        ("12/03/2019", "", "strategy_discussion", "Child A", "Meeting held.", "C-1", "SW Okafor", "", "police"),
        ("Jun 2019", "", "note", "Child A", "Review in June.", "C-2", "", "", ""),
    ])  # fmt: skip
    for file, agency in ((police, "police"), (csc, "csc")):
        result = people("import", file, "--agency", agency)
        assert result.exit_code == 0, result.stderr
    return people


def test_the_workbook_has_a_frozen_filtered_header_and_one_colour_per_agency(
    case: JC, tmp_path: Path
) -> None:
    result = case("chronology", "--format", "xlsx", "-o", tmp_path / "c.xlsx")

    assert result.exit_code == 0, result.stderr
    book = load_workbook(tmp_path / "c.xlsx")
    assert book.sheetnames == ["Chronology", "Gaps", "About"]
    sheet = book["Chronology"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:Q{sheet.max_row}"
    header = [c.value for c in sheet[1]]
    assert header[:7] == ["Date", "Time", "When", "Agency", "Kind", "Subjects", "Summary"]
    assert sheet.column_dimensions["G"].width == 60
    rows = [dict(zip(header, (c for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == 9
    fills = {r["Agency"].value: r["Summary"].fill.fgColor.rgb for r in rows}
    assert len(set(fills.values())) == 2 and fills["Police"] != fills["Children's Social Care"]
    first = rows[0]
    assert (
        first["Date"].value.date().isoformat() == "2019-03-10" and first["Date"].number_format == "dd/mm/yyyy"
    )
    assert first["Summary"].value == "Mr D seen at Child A's home."
    assert first["Source"].value == "police.csv row 2 (ref P-1, DC 4471 Patel)"
    month = next(r for r in rows if r["When"].value == "Jun 2019")
    assert month["Date"].number_format == "mmm yyyy"
    about = {row[0].value: row[1].value for row in book["About"].iter_rows(max_row=6)}
    assert about["Review"] == "Test review" and about["Period under review"] == "01/01/2019 to 31/12/2019"


def test_no_spreadsheet_cell_can_run_as_a_formula(case: JC, tmp_path: Path) -> None:
    assert case("chronology", "--format", "xlsx", "-o", tmp_path / "c.xlsx").exit_code == 0
    as_csv = case("chronology", "--format", "csv")

    book = load_workbook(tmp_path / "c.xlsx")
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    assert all(c.data_type == "s" for c in cells if isinstance(c.value, str))
    assert not any(str(c.value).startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    summaries = {c.value for c in cells if c.column == 7}
    assert '\'=HYPERLINK("http://x","click")' in summaries and "'@SUM(A1)" in summaries
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for v in r.values())


def test_the_gaps_sheet_lists_the_gaps_the_rules_find(case: JC, tmp_path: Path) -> None:
    assert case("chronology", "--format", "xlsx", "-o", tmp_path / "c.xlsx").exit_code == 0
    found = json.loads(case("gaps", "--format", "json").stdout)

    sheet = load_workbook(tmp_path / "c.xlsx")["Gaps"]
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["title", "severity", "status", "child", "agency"] and "explanation" in header
    assert sheet.max_row == len(found) + 1 and sheet.freeze_panes == "A2"


def test_the_word_document_is_a_landscape_composite_chronology(case: JC, tmp_path: Path) -> None:
    result = case("chronology", "--format", "docx", "-o", tmp_path / "c.docx")

    assert result.exit_code == 0, result.stderr
    document = Document(str(tmp_path / "c.docx"))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Test review"
    assert "Period under review: 01/01/2019 to 31/12/2019" in paragraphs[1]
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Date", "Agency", "Event", "Source", "Panel's analysis"]
    assert len(table.rows) == 10
    first = [c.text for c in table.rows[1].cells]
    assert first[0] == "10/03/2019 23:40" and first[1] == "Police"
    assert "Incident (Child A)" in first[2] and "Mr D seen at Child A's home." in first[2]
    merged = [c.text for c in table.rows[2].cells]
    assert merged[1] == "Children's Social Care, Police" and "csc.csv, row 2" in merged[3]
    assert "Amy" not in "\n".join(c.text for row in table.rows for c in row.cells)


def test_markdown_is_one_table_that_no_cell_can_break(case: JC) -> None:
    result = case("chronology", "--format", "md")

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "# Test review"
    table = [line for line in lines if line.startswith("|")]
    assert table[0] == "| Date | Agency | Event | Source | Analysis |" and len(table) == 11
    assert all(line.replace("\\|", "").count("|") == 6 for line in table)
    assert "**Incident** (Child A): Mr D seen at Child A's home." in result.stdout


def test_a_binary_format_needs_an_output_file(case: JC) -> None:
    result = case("chronology", "--format", "docx")

    assert result.exit_code == 2 and "-o chronology.docx" in result.stderr


def test_a_published_export_has_months_no_practitioners_and_no_references(case: JC, tmp_path: Path) -> None:
    records = json.loads(case("chronology", "--format", "json", "--publish").stdout)
    assert case("chronology", "--format", "docx", "--publish", "-o", tmp_path / "p.docx").exit_code == 0

    first = records[0]
    assert (first["date"], first["precision"], first["time"], first["display_date"]) == (
        "2019-03-01", "month", None, "Mar 2019"
    )  # fmt: skip
    sources = [s for r in records for s in r["sources"]]
    assert all(s["practitioner"] == "" and s["reference"] == "" for s in sources)
    text = "\n".join(c.text for row in Document(str(tmp_path / "p.docx")).tables[0].rows for c in row.cells)
    assert "Patel" not in text and "Okafor" not in text and "10/03/2019" not in text and "Mar 2019" in text
    assert "Prepared for publication" in "\n".join(
        p.text for p in Document(str(tmp_path / "p.docx")).paragraphs
    )


def test_named_and_publish_cannot_be_combined(case: JC) -> None:
    result = case("chronology", "--named", "--publish")

    assert result.exit_code == 2 and "cannot be combined" in result.stderr
