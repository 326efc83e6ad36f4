"""Findings (issue 14): the gaps one trigger left, across children, adults and agencies, read as one
failure: `jointchron gaps --by finding` as a table, JSON and CSV, and the review pack's gaps section."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from gapcase import evidence, record, relate, row

from jointchron.cli import main
from support import JC

Write = Callable[..., Path]


def cli(*args: str | Path) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("demo") / "demo"
    built = cli("demo", "--directory", where)
    assert built.exit_code == 0, built.stderr
    return where


def findings_of(store: Path, *args: str) -> list[dict[str, Any]]:
    result = cli("--store", store, "gaps", "--by", "finding", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def test_one_finding_gathers_a_triggers_gaps_across_children_and_agencies(
    people: JC, write_csv: Write
) -> None:
    relate(people, write_csv, [("Mr D", "partner_of", "Ms C"), ("Ms C", "parent_of", "Child A"),
                               ("Ms C", "parent_of", "Child B")])  # fmt: skip
    record(
        people, write_csv, "school", [row("10/01/2019", "absence"), row("11/01/2019", "absence", "Child B")]
    )
    record(people, write_csv, "gp", [row("12/01/2019", "appointment", "Child B")])
    record(people, write_csv, "police", [row("15/04/2019", "arrest", "Mr D", tags="iioc")])
    # The GP is told about Child B, late; the school never hears anything.
    record(people, write_csv, "csc", [row("20/05/2019", "information_shared", "Child B", recipients="gp")])
    evidence(people, write_csv, "strategy_discussion")

    gaps = json.loads(people("gaps", "--format", "json").stdout)
    findings = json.loads(people("gaps", "--by", "finding", "--format", "json").stdout)

    shared = [g for g in gaps if g["rule"] == "info-not-shared"]
    [finding] = [f for f in findings if f["rule"] == "info-not-shared"]
    assert sorted((g["child"], g["agency"], g["status"]) for g in shared) == [
        ("Child A", "school", "missing"), ("Child B", "gp", "late"), ("Child B", "school", "missing"),
    ]  # fmt: skip
    assert sorted(finding["gaps"]) == sorted(g["id"] for g in shared)
    assert {g["finding"] for g in shared} == {finding["id"]}
    assert finding["status"] == "missing" and finding["days_late"] == max(g["days_late"] or 0 for g in shared)
    assert sorted(finding["children"]) == ["Child A", "Child B"] and sorted(finding["agencies"]) == [
        "gp",
        "school",
    ]
    assert finding["adults"] == ["Mr D"] and finding["trigger"]["date"] == "2019-04-15"
    sentence = finding["explanation"]
    for name in ("Mr D", "Child A", "Child B", "School", "GP", "none was recorded", "working days late"):
        assert name in sentence, name
    assert sentence.endswith(".") and sentence.count(". ") == 0
    again = json.loads(people("gaps", "--by", "finding", "--format", "json").stdout)
    assert [f["id"] for f in again] == [f["id"] for f in findings]


def test_the_demo_lists_fewer_findings_than_gaps_the_subject_child_first(demo: Path) -> None:
    store = demo / "store"
    gaps = json.loads(cli("--store", store, "gaps", "--format", "json").stdout)
    findings = findings_of(store)

    assert len(findings) < len(gaps)
    assert sorted(i for f in findings for i in f["gaps"]) == sorted(g["id"] for g in gaps)
    about_bk = ["Child Bk" in f["children"] for f in findings]
    assert about_bk == sorted(about_bk, reverse=True)  # the review's child (its title names her) first
    first = [f["trigger"]["date"] for f in findings if "Child Bk" in f["children"]]
    assert first == sorted(first)
    rank = {"missing": 0, "late": 1, "incomplete": 2, "pattern": 3}
    for finding in findings:
        members = [g for g in gaps if g["id"] in finding["gaps"]]
        assert finding["status"] == min((g["status"] for g in members), key=rank.__getitem__)
        assert {g["rule"] for g in members} == {finding["rule"]}
        assert {g["trigger"]["entry_id"] for g in members} == {finding["trigger"]["entry_id"]}


def test_findings_as_a_table_and_as_csv(demo: Path, tmp_path: Path) -> None:
    store = demo / "store"
    findings = findings_of(store)
    table = cli("--store", store, "gaps", "--by", "finding")
    as_csv = cli("--store", store, "gaps", "--by", "finding", "--format", "csv", "-o", tmp_path / "f.csv")

    assert table.exit_code == 0 and as_csv.exit_code == 0
    assert f"{len(findings)} findings" in table.stderr and "┃ finding" in table.stdout
    rows = list(csv.DictReader(io.StringIO((tmp_path / "f.csv").read_text(encoding="utf-8-sig"))))
    assert [r["id"] for r in rows] == [f["id"] for f in findings]
    assert [int(r["gap_count"]) for r in rows] == [len(f["gaps"]) for f in findings]


def test_the_review_pack_shows_findings_each_opening_to_its_gaps_and_each_basis_once(demo: Path) -> None:
    page = (demo / "report.html").read_text(encoding="utf-8")
    section = page[page.index('<section id="gaps"') :]
    section = section[: section.index("</section>")]
    findings = findings_of(demo / "store")
    rules = json.loads(cli("--store", demo / "store", "rules", "--format", "json").stdout)

    assert section.count('<details class="finding"') == len(findings)
    for rule in rules:
        assert section.count(rule["basis"].replace("'", "&#x27;")) == 1, rule["id"]
    assert len(re.findall(r'<table class="gaps">', section)) == len(findings)
