"""The walkthrough (README.md, docs/index.md), end to end through the CLI on real store files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from support import JC

CANONICAL = (
    "date",
    "time",
    "kind",
    "subjects",
    "summary",
    "reference",
    "participants",
    "recipients",
    "sender",
    "tags",
)


def test_a_canonical_extract_becomes_a_pseudonymised_joint_chronology(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    police = write_csv("police.csv", CANONICAL, [
        ("12/09/2019", "14:30", "strategy_discussion", "Amy Smith", "Strategy discussion about Amy Smith.", "P-1",
         "csc;gp", "", "", "sexual_abuse"),
        ("10/09/2019", "", "incident", "Dan Brown;Amy Smith", "Dan Brown seen at the address.", "P-2", "", "", "", ""),
    ])  # fmt: skip
    csc = write_csv("csc.csv", CANONICAL, [
        ("12/09/2019", "", "strategy_discussion", "Child A", "Strategy meeting held.", "C-1", "police", "", "", ""),
    ])  # fmt: skip
    assert people("import", police, "--agency", "police").exit_code == 0
    assert people("import", csc, "--agency", "csc").exit_code == 0

    result = people("chronology", "--format", "json")

    assert result.exit_code == 0, result.stderr
    entries = json.loads(result.stdout)
    assert [e["kind"] for e in entries] == ["incident", "strategy_discussion"]
    meeting = entries[1]
    assert meeting["agencies"] == ["csc", "police"]
    assert sorted(meeting["participants"]) == ["csc", "gp", "police"]
    assert meeting["subjects"] == ["Child A"]
    assert meeting["date"] == "2019-09-12" and meeting["time"] == "14:30" and meeting["precision"] == "day"
    assert {s["file"] for s in meeting["sources"]} == {"police.csv", "csc.csv"}
    assert {s["row"] for s in meeting["sources"]} == {2}
    assert "Amy" not in result.stdout and "Dan Brown" not in result.stdout
    assert "Mr D seen at the address." in result.stdout


def test_importing_the_same_file_twice_adds_nothing(people: JC, write_csv: Callable[..., Path]) -> None:
    extract = write_csv("gp.csv", ("date", "kind", "subjects", "summary"), [
        ("01/03/2019", "appointment", "Child A", "Seen."),
        ("01/03/2019", "appointment", "Child A", "Seen."),
        ("02/03/2019", "missed_appointment", "Child B", "Did not attend."),
    ])  # fmt: skip
    first = people("import", extract, "--agency", "gp")
    again = people("import", extract, "--agency", "gp")

    assert first.exit_code == 0 and again.exit_code == 0
    entries = json.loads(people("chronology", "--format", "json").stdout)
    assert len(entries) == 3
    assert "unchanged" in again.stdout and "imported before" in again.stderr
