"""The review pack in Word and PDF: findings with the panel's judgements, episodes, notes, questions, timeline.

The PDF's pages are rendered to PNG with poppler's pdftoppm (installed by .ci/run) and checked for
their orientation and for ink; scripts/check-office-exports renders the Word pack with LibreOffice.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from PIL import Image

from support import JC

HEADER = ("date", "time", "kind", "subjects", "summary", "reference", "other_agencies")
Write = Callable[..., Path]
pytestmark = pytest.mark.slow


@pytest.fixture
def panel(people: JC, write_csv: Write) -> tuple[JC, dict[str, str]]:
    """Two agencies' records, two gaps, and the panel's work on them: notes, a mark, an episode,
    one gap accepted and one dismissed, a question answered and one open, a note on a withdrawn entry."""
    police = [
        ("11/03/2019", "10:00", "disclosure", "Child A", "Amy Smith told PC Ray about Dan Brown.", "P1", ""),
        ("02/09/2019", "", "injury", "Child B", "Ben Smith bruised arm.", "P2", ""),
        ("20/05/2019", "", "note", "Child A", "Duplicate entry keyed twice.", "P3", ""),
    ]
    school = [("11/03/2019", "", "disclosure", "Child A", "Told her teacher.", "S1", "")]
    # CSC records strategy discussions (about an adult here), so the records can show whether one followed.
    csc = [("01/12/2019", "", "strategy_discussion", "Ms C", "Strategy meeting.", "C1", "")]
    for agency, rows in (("police", police), ("school", school), ("csc", csc)):
        assert people("import", write_csv(f"{agency}.csv", HEADER, rows), "--agency", agency).exit_code == 0
    entries = {
        e["summary"][:12]: e["id"] for e in json.loads(people("chronology", "--format", "json").stdout)
    }
    disclosure = next(i for s, i in entries.items() if "Police" in s or "Amy" in s or "Child A told" in s)
    duplicate = entries["Duplicate en"]
    gaps = {g["child"]: g["id"] for g in json.loads(people("gaps", "--format", "json").stdout)}
    steps = [
        ("note", disclosure, "Amy Smith named Dan Brown to two agencies the same day", "--by", "Panel chair"),
        ("mark", disclosure, "--significant", "--reason", "first disclosure"),
        ("episode", "add", "Disclosure in March", "--from", "01/03/2019", "--to", "31/03/2019",
         "--summary", "Child A told police and school"),
        ("gaps", "judge", gaps["Child A"], "--accept", "--reason", "no strategy discussion followed"),
        ("gaps", "judge", gaps["Child B"], "--dismiss", "--reason", "strategy discussion held by phone"),
        ("question", "police", "Why was no strategy discussion held?", "--about", disclosure),
        ("note", duplicate, "Looks keyed twice"),
        ("withdraw", duplicate, "--reason", "keyed twice"),
    ]  # fmt: skip
    for step in steps:
        result = people(*step)
        assert result.exit_code == 0, (step, result.stderr)
    episode = json.loads(people("episode", "list", "--format", "json").stdout)[0]["id"]
    assert people("episode", "note", episode, "Two agencies heard it; neither called CSC").exit_code == 0
    return people, {"disclosure": disclosure, "accepted": gaps["Child A"], "dismissed": gaps["Child B"]}


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils (pdftoppm, pdftotext)")
def test_the_pdf_pack_holds_the_panels_work_and_its_chronology_pages_are_landscape(
    panel: tuple[JC, dict[str, str]], tmp_path: Path
) -> None:
    jc, _ = panel

    result = jc("report", "-o", tmp_path / "pack.pdf")

    assert result.exit_code == 0, result.stderr
    text = " ".join(pdf_text(tmp_path / "pack.pdf").split())
    for shown in ("Test review", "Findings", "Panel: accepted: no strategy discussion followed",
                  "Key practice episodes", "Disclosure in March", "Two agencies heard it; neither called CSC",
                  "Child A named Mr D to two agencies the same day", "Significant", "Joint chronology",
                  "Timeline", "Open questions to agencies", "Why was no strategy discussion held?",
                  "Notes on withdrawn entries", "Looks keyed twice"):  # fmt: skip
        assert shown in text, shown
    assert "strategy discussion held by phone" not in text  # the dismissed gap left the findings
    for name in ("Amy", "Smith", "Dan Brown"):
        assert name not in text
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(tmp_path / "pack.pdf"), str(tmp_path / "page")], check=True
    )
    pages = [Image.open(p).convert("L") for p in sorted(tmp_path.glob("page-*.png"))]
    assert pages[0].width < pages[0].height  # the front page is portrait
    wide = [p for p in pages if p.width > p.height]
    assert len(wide) >= 2  # the chronology and the timeline
    assert all(p.getextrema()[0] < 100 for p in pages)  # every page has ink on it


def test_the_word_pack_holds_the_findings_episodes_chronology_timeline_and_questions(
    panel: tuple[JC, dict[str, str]], tmp_path: Path
) -> None:
    jc, _ = panel

    result = jc("report", "-o", tmp_path / "pack.docx")

    assert result.exit_code == 0, result.stderr
    assert "2 findings" not in result.stderr and "1 gaps in 1 findings" in result.stderr
    document = Document(str(tmp_path / "pack.docx"))
    headings = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert headings[:3] == ["Test review", "Findings", headings[2]] and "Key practice episodes" in headings
    assert {
        "Joint chronology",
        "Timeline",
        "Open questions to agencies",
        "Notes on withdrawn entries",
    } <= set(headings)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Panel: accepted: no strategy discussion followed" in text
    assert "Two agencies heard it; neither called CSC" in text and "Looks keyed twice" in text
    assert "strategy discussion held by phone" not in text
    assert [s.orientation for s in document.sections] == [
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.LANDSCAPE,
        WD_ORIENT.PORTRAIT,
    ]
    [table] = document.tables
    assert [c.text for c in table.rows[0].cells][-1] == "Panel's analysis"
    significant = next(r for r in table.rows[1:] if "Significant" in r.cells[0].text)
    assert significant.cells[4].text.startswith("Child A named Mr D")
    assert len(document.inline_shapes) == 1  # the timeline
    assert "Amy" not in text + "\n".join(c.text for r in table.rows for c in r.cells)


def test_the_pack_narrows_to_a_person_and_a_period(panel: tuple[JC, dict[str, str]], tmp_path: Path) -> None:
    jc, _ = panel

    result = jc(
        "report",
        "-o",
        tmp_path / "pack.docx",
        "--person",
        "Child A",
        "--from",
        "01/03/2019",
        "--to",
        "30/04/2019",
    )

    assert result.exit_code == 0, result.stderr
    document = Document(str(tmp_path / "pack.docx"))
    [table] = document.tables
    assert len(table.rows) == 2  # the header and the one disclosure (two agencies' records)
    assert "Selection: from 01/03/2019 to 30/04/2019; about Child A" in "\n".join(
        p.text for p in document.paragraphs
    )


def test_the_interactive_report_gains_the_panels_sections(
    panel: tuple[JC, dict[str, str]], tmp_path: Path
) -> None:
    jc, _ = panel

    assert jc("report", "-o", tmp_path / "report.html").exit_code == 0

    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    for anchor in ("findings", "episodes", "questions"):
        assert f'id="{anchor}-title"' in page
    assert "Two agencies heard it; neither called CSC" in page and "no strategy discussion followed" in page


@pytest.mark.parametrize("name", ["pack.txt", "pack.doc", "pack"])
def test_a_pack_with_a_suffix_it_cannot_write_is_refused_and_nothing_is_written(
    review: JC, tmp_path: Path, name: str
) -> None:
    result = review("report", "-o", tmp_path / name)

    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "name it .html, .docx or .pdf" in result.stderr
    assert not (tmp_path / name).exists()


def test_the_demo_holds_the_panels_notes_an_episode_a_judged_gap_and_a_question(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from jointchron.cli import main

    def run(*args: str) -> str:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    run("demo", "--directory", str(tmp_path / "demo"))
    store = ("--store", str(tmp_path / "demo" / "store"))

    significant = json.loads(run(*store, "chronology", "--significant", "--format", "json"))
    assert [e["kind"] for e in significant] == ["incident", "decision"]
    assert "NFA without asking the school" in significant[1]["analysis"]
    [episode] = json.loads(run(*store, "episode", "list", "--format", "json"))
    assert episode["title"] == "Domestic incident and the MASH decision" and len(episode["entries"]) == 7
    judged = [g for g in json.loads(run(*store, "gaps", "--format", "json")) if g["judgement"]]
    assert [g["judgement"]["decision"] for g in judged] == ["accepted"]
    assert [q["agency"] for q in json.loads(run(*store, "questions", "--open", "--format", "json"))] == [
        "csc"
    ]
    assert "Three agencies held part of the picture" in (tmp_path / "demo" / "report.html").read_text("utf-8")
