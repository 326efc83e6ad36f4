"""`jointchron chart` and `jointchron report` as a panel's officer runs them (files checked, no browser)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from support import JC

EXTRACT = ("date", "kind", "subjects", "summary", "recipients")
ROWS = [
    ("04/03/2019", "disclosure", "Amy Smith", "Amy told her teacher about Dan Brown.", ""),
    ("05/03/2019", "referral", "Child A", "School referred Child A.", "csc"),
    ("01/04/2019", "appointment", "Child B", "Seen for a cough.", ""),
]


def page_data(path: Path) -> dict[str, Any]:
    found = re.search(
        r'<script type="application/json" id="jc-data">(.*?)</script>', path.read_text("utf-8"), re.S
    )
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def entry_count(chart: dict[str, Any]) -> int:
    return int(chart["datasets"]["entries"]["packed"])


def test_chart_writes_a_narrowed_timeline_and_still_images(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    assert people("import", write_csv("school.csv", EXTRACT, ROWS), "--agency", "school").exit_code == 0

    result = people(
        "chart", "-o", tmp_path / "all.html", "--png", tmp_path / "t.png", "--svg", tmp_path / "t.svg"
    )
    assert result.exit_code == 0, result.stderr
    assert entry_count(page_data(tmp_path / "all.html")["charts"]["timeline"]) == 3
    assert (tmp_path / "t.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in (tmp_path / "t.svg").read_text("utf-8")[:500]

    narrowed = people("chart", "-o", tmp_path / "b.html", "--person", "Child B", "--from", "01/03/2019")
    assert narrowed.exit_code == 0, narrowed.stderr
    assert entry_count(page_data(tmp_path / "b.html")["charts"]["timeline"]) == 1
    html = (tmp_path / "all.html").read_text("utf-8")
    assert "Amy" not in html and "Dan Brown" not in html  # pseudonymised by default


def test_report_names_people_only_when_asked(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    assert people("import", write_csv("school.csv", EXTRACT, ROWS), "--agency", "school").exit_code == 0
    assert people("report", "-o", tmp_path / "report.html").exit_code == 0
    assert "Amy Smith" not in (tmp_path / "report.html").read_text("utf-8")
    assert people("report", "-o", tmp_path / "named.html", "--named").exit_code == 0
    named = (tmp_path / "named.html").read_text("utf-8")
    assert "Amy Smith" in named and "Contains real names" in named


def test_an_unknown_person_is_one_line_that_says_what_to_do(people: JC, tmp_path: Path) -> None:
    result = people("chart", "-o", tmp_path / "x.html", "--person", "Nobody Known")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "pseudonym" in result.stderr
    assert not (tmp_path / "x.html").exists()


def test_chart_and_report_help_give_an_example(jc: JC) -> None:
    for command in ("chart", "report"):
        result = jc(command, "--help")
        assert result.exit_code == 0 and "Example:" in result.stdout
