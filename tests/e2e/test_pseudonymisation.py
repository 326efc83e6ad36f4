"""Pseudonymised by default, everywhere: a register whose names are ordinary words or parts of other
names, and a realistic multi-agency case (the demo) in every output, where no real name may appear."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from jointchron.cli import main
from support import JC, PEOPLE_HEADER

OVERLAPPING = (
    ("P1", "Child W", "child", "Will May", "01/02/2012", "nhs:943 476 5919"),
    ("P2", "Ms G", "adult", "Grace Brown;Grace Hope", "", ""),
    ("P3", "Ms A", "adult", "Ann Lee", "", ""),
    ("P4", "Ms E", "adult", "Anne Hill", "", ""),
    ("P5", "Child J", "child", "Jo Green", "", ""),
    ("P6", "Ms K", "adult", "Joanne Khan", "", ""),
)
ROWS = (
    ("Will May", "Will May said he will attend the review in May; WILL MAY seen at home on 3 May."),
    (
        "Grace Brown",
        "Grace Brown's brown coat was found; a grace period was agreed; we hope Grace will call.",
    ),
    ("Ann Lee", "Ann and Anne met Jo and Joanne; ann's bag was left at the hill farm; JOANNE phoned."),
    ("Jo Green", "NHS number 9434765919 given by Jo; Mrs Hill's neighbour saw Jo's bike."),
)


def test_names_that_are_ordinary_words_or_parts_of_other_names_are_replaced_carefully(
    review: JC, write_csv: Callable[..., Path]
) -> None:
    assert review("people", "import", write_csv("people.csv", PEOPLE_HEADER, OVERLAPPING)).exit_code == 0
    extract = write_csv("school.csv", ("date", "kind", "subjects", "summary"),
                        [(f"0{i}/03/2019", "note", subject, text) for i, (subject, text) in enumerate(ROWS, 1)])  # fmt: skip
    assert review("import", extract, "--agency", "school").exit_code == 0

    shown = [e["summary"] for e in json.loads(review("chronology", "--format", "json").stdout)]
    named = [e["summary"] for e in json.loads(review("chronology", "--format", "json", "--named").stdout)]

    assert shown == [
        "Child W said he will attend the review in May; Child W seen at home on 3 May.",
        "Ms G's brown coat was found; a grace period was agreed; we hope Ms G will call.",
        "Ms A and Ms E met Child J and Ms K; Ms A's bag was left at the hill farm; Ms K phoned.",
        "NHS number [identifier] given by Child J; Mrs Ms E's neighbour saw Child J's bike.",
    ]
    assert named == [text for _, text in ROWS]


def cli(*args: str | Path) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def real_names(people_file: Path) -> tuple[list[str], list[str]]:
    """Every name part of the demo's register, and every identifier value with its spaces removed."""
    with people_file.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = sorted(
        {part for r in rows for name in r["names"].split(";") for part in name.split() if len(part) > 2}
    )
    identifiers = sorted(
        {i.partition(":")[2].replace(" ", "") for r in rows for i in r["identifiers"].split(";") if i}
    )
    return names, identifiers


def leaks(text: str, names: list[str], identifiers: list[str]) -> list[str]:
    found = [n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.IGNORECASE)]
    compact = re.sub(r"[\s-]", "", text)
    return found + [i for i in identifiers if i.lower() in compact.lower()]


def test_no_real_name_appears_in_any_default_output_of_a_multi_agency_case(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    assert cli("demo", "--directory", demo).exit_code == 0
    store = demo / "store"
    names, identifiers = real_names(demo / "data" / "people.csv")
    assert "Maggie" in names and "Doyle" in names and "9434765919" in identifiers

    outputs: dict[str, str] = {}
    for fmt in ("table", "json", "csv", "md"):
        outputs[f"chronology {fmt}"] = cli(
            "--store", store, "chronology", "--format", fmt, "--include-withdrawn"
        ).stdout
    for fmt in ("table", "json", "csv"):
        outputs[f"knowledge {fmt}"] = cli("--store", store, "knowledge", "--format", fmt).stdout
        outputs[f"gaps {fmt}"] = cli("--store", store, "gaps", "--format", fmt).stdout
    entries = json.loads(outputs["chronology json"])
    for entry in entries[:8]:
        outputs[f"history {entry['id']}"] = cli("--store", store, "history", entry["id"]).stdout
        outputs[f"history json {entry['id']}"] = cli(
            "--store", store, "history", entry["id"], "--format", "json"
        ).stdout
    assert cli("--store", store, "chronology", "--format", "xlsx", "-o", tmp_path / "c.xlsx").exit_code == 0
    assert cli("--store", store, "chronology", "--format", "docx", "-o", tmp_path / "c.docx").exit_code == 0
    book = load_workbook(tmp_path / "c.xlsx")
    outputs["xlsx"] = "\n".join(str(c.value) for s in book for row in s.iter_rows() for c in row if c.value)
    document = Document(str(tmp_path / "c.docx"))
    outputs["docx"] = "\n".join([p.text for p in document.paragraphs] +
                                [c.text for t in document.tables for row in t.rows for c in row.cells])  # fmt: skip
    for command in ("chart", "report"):
        assert cli("--store", store, command, "-o", tmp_path / f"{command}.html").exit_code == 0
        outputs[command] = (tmp_path / f"{command}.html").read_text(encoding="utf-8")
    outputs["demo files"] = (demo / "chronology.csv").read_text(encoding="utf-8-sig") + (
        demo / "chronology.json"
    ).read_text(encoding="utf-8")

    assert all(outputs.values()), [k for k, v in outputs.items() if not v]
    assert len(entries) >= 30 and "Child Bk" in outputs["docx"] and "Child Bk" in outputs["xlsx"]
    assert {k: leaks(v, names, identifiers) for k, v in outputs.items() if leaks(v, names, identifiers)} == {}

    named = cli("--store", store, "chronology", "--format", "json", "--named").stdout
    assert "Maggie" in named and "Darren" in named
