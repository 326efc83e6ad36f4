"""An agency sends its extract again, revised: every row is new, amended, unchanged or no longer present.

Versions of one extract are the same agency's files read with the same mapping whose names differ
only by version or date markers (`police.csv`, `police v2.csv`), or a file named with --revises.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from support import JC, table_of

HEADER = ("date", "kind", "subjects", "summary", "reference")
FIRST = [
    ("12/09/2019", "incident", "Child A", "First.", "P1"),
    ("13/09/2019", "incident", "Child A", "Second.", "P2"),
    ("14/09/2019", "incident", "Child B", "Third.", "P3"),
]
REVISED = [
    ("12/09/2019", "incident", "Child A", "First.", "P1"),
    ("13/09/2019", "concern", "Child A", "Second, corrected.", "P2"),
    ("15/09/2019", "note", "Child B", "Fourth.", "P4"),
]


def entries(jc: JC) -> dict[str, dict[str, Any]]:
    """The chronology by source reference."""
    result = jc("chronology", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return {e["sources"][0]["reference"]: e for e in json.loads(result.stdout)}


def history(jc: JC, contact_id: str) -> list[dict[str, Any]]:
    result = jc("history", contact_id, "--format", "json")
    assert result.exit_code == 0, result.stderr
    versions: list[dict[str, Any]] = json.loads(result.stdout)
    return versions


def log_length(jc: JC) -> int:
    return len(json.loads(jc("log", "--format", "json").stdout))


def changes_of(stderr: str) -> list[dict[str, str]]:
    line = next(line for line in stderr.splitlines() if line.startswith("Every amended, no longer present"))
    with Path(line.rsplit(": ", 1)[1].strip()).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_revised_extract_reports_new_amended_unchanged_and_no_longer_present_rows(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    assert people("import", write_csv("police.csv", HEADER, FIRST), "--agency", "police").exit_code == 0
    before = entries(people)

    result = people("import", write_csv("police v2.csv", HEADER, REVISED), "--agency", "police")

    assert result.exit_code == 0, result.stderr
    assert table_of(result.stdout) == {"rows read": "3", "contacts imported": "1", "amended": "1", "unchanged": "1",
                     "no longer present": "1", "rows rejected": "0", "unresolved subjects": "0"}  # fmt: skip
    assert "Compared with the earlier version(s) of this extract: police.csv (imported " in result.stderr
    p2, p3 = before["P2"]["sources"][0]["contact_id"], before["P3"]["sources"][0]["contact_id"]
    assert (
        f"amended: contact {p2} (reference 'P2', police v2.csv row 3): kind, summary changed" in result.stderr
    )
    assert f"no longer present: contact {p3} (reference 'P3', was police.csv row 4)" in result.stderr
    assert [(c["change"], c["contact_id"], c["reference"], c["file"], c["row"], c["fields"])
            for c in changes_of(result.stderr)] == [
        ("amended", p2, "P2", "police v2.csv", "3", "kind;summary"),
        ("no_longer_present", p3, "P3", "police.csv", "4", ""),
    ]  # fmt: skip

    after = entries(people)
    assert [(r, e["kind"], e["summary"], e["status"]) for r, e in sorted(after.items())] == [
        ("P1", "incident", "First.", "recorded"),
        ("P2", "concern", "Second, corrected.", "amended"),
        ("P3", "incident", "Third.", "no_longer_present"),
        ("P4", "note", "Fourth.", "recorded"),
    ]
    assert after["P2"]["sources"][0]["contact_id"] == p2  # amended in place, never a duplicate
    versions = history(people, p2)
    assert [v["event"] for v in versions] == ["recorded", "amended"]
    assert versions[1]["changes"]["summary"] == {"from": "Second.", "to": "Second, corrected."}
    assert versions[1]["source"]["file"] == "police v2.csv"


def test_the_same_file_twice_changes_nothing_at_all(people: JC, write_csv: Callable[..., Path]) -> None:
    first = people("import", write_csv("police.csv", HEADER, FIRST), "--agency", "police")
    assert first.exit_code == 0
    revised = write_csv("police v2.csv", HEADER, REVISED)
    assert people("import", revised, "--agency", "police").exit_code == 0
    commands, before = log_length(people), entries(people)

    again = people("import", revised, "--agency", "police")

    assert again.exit_code == 0
    assert "This file was imported before: nothing new was added." in again.stderr
    assert "no longer present: contact" not in again.stderr and "amended: contact" not in again.stderr
    assert log_length(people) == commands  # no events, so not even an entry in the log
    assert entries(people) == before


def test_a_dry_run_of_a_revised_extract_reports_the_same_and_writes_nothing(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    assert people("import", write_csv("police.csv", HEADER, FIRST), "--agency", "police").exit_code == 0
    commands, before = log_length(people), entries(people)
    revised = write_csv("police v2.csv", HEADER, REVISED)

    dry = people("import", revised, "--agency", "police", "--dry-run")

    assert dry.exit_code == 0 and "dry run" in dry.stdout
    assert table_of(dry.stdout)["no longer present"] == "1" and table_of(dry.stdout)["amended"] == "1"
    p3 = before["P3"]["sources"][0]["contact_id"]
    assert f"no longer present: contact {p3}" in dry.stderr and "amended: contact" in dry.stderr
    assert log_length(people) == commands and entries(people) == before

    real = people("import", revised, "--agency", "police")
    assert real.stdout.replace(" — dry run", "") == dry.stdout.replace(" — dry run", "")


def test_a_row_back_in_a_later_extract_clears_its_flag(people: JC, write_csv: Callable[..., Path]) -> None:
    assert people("import", write_csv("police.csv", HEADER, FIRST), "--agency", "police").exit_code == 0
    assert people("import", write_csv("police v2.csv", HEADER, REVISED), "--agency", "police").exit_code == 0
    p3 = entries(people)["P3"]
    assert p3["status"] == "no_longer_present"

    third = people("import", write_csv("police v3.csv", HEADER, [*REVISED, FIRST[2]]), "--agency", "police")

    assert third.exit_code == 0
    contact = p3["sources"][0]["contact_id"]
    assert f"present again: contact {contact} (reference 'P3', police v3.csv row 5)" in third.stderr
    back = entries(people)["P3"]
    assert back["status"] == "recorded" and back["sources"][0]["file"] == "police v3.csv"
    assert [v["event"] for v in history(people, contact)][-2:] == ["no_longer_present", "reappeared"]


def test_another_file_of_the_same_agency_flags_nothing(people: JC, write_csv: Callable[..., Path]) -> None:
    assert people("import", write_csv("police.csv", HEADER, FIRST), "--agency", "police").exit_code == 0
    other = write_csv("police intelligence.csv", HEADER, [("20/09/2019", "note", "Mr D", "Intel.", "I1")])

    result = people("import", other, "--agency", "police")

    assert result.exit_code == 0 and "Compared with" not in result.stderr
    assert {e["status"] for e in entries(people).values()} == {"recorded"}


def test_revises_names_the_earlier_file_when_the_names_differ(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    assert people("import", write_csv("police.csv", HEADER, FIRST), "--agency", "police").exit_code == 0
    renamed = write_csv("Chronology for the review.csv", HEADER, REVISED)

    unknown = people("import", renamed, "--agency", "police", "--revises", "nothing.csv")
    assert unknown.exit_code == 1
    assert unknown.stderr == (
        "error: --revises: no extract of police called 'nothing.csv' was imported before (imported for police: "
        "police.csv); give one of those file names\n"
    )

    result = people("import", renamed, "--agency", "police", "--revises", "police")

    assert result.exit_code == 0, result.stderr
    assert entries(people)["P3"]["status"] == "no_longer_present"
    again = write_csv("Chronology for the review v2.csv", HEADER, REVISED[:2])
    chained = people("import", again, "--agency", "police")  # same series as the file it revised
    assert "Compared with the earlier version(s) of this extract: police.csv" in chained.stderr
    assert entries(people)["P4"]["status"] == "no_longer_present"


def test_a_rejected_row_is_not_taken_for_a_row_no_longer_present(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    assert people("import", write_csv("police.csv", HEADER, FIRST), "--agency", "police").exit_code == 0
    revised = [FIRST[0], ("31/02/2019", "incident", "Child A", "Second.", "P2"), FIRST[2]]

    result = people("import", write_csv("police v2.csv", HEADER, revised), "--agency", "police")

    assert result.exit_code == 3
    assert "no longer present: contact" not in result.stderr
    assert {e["status"] for e in entries(people).values()} == {"recorded"}


def test_a_revised_extract_none_of_whose_rows_could_be_read_flags_nothing(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    assert people("import", write_csv("police.csv", HEADER, FIRST), "--agency", "police").exit_code == 0
    broken = write_csv("police v2.csv", HEADER, [("2019-31-12", "incident", "Child A", "?", "P9")])

    result = people("import", broken, "--agency", "police")

    assert result.exit_code == 1
    assert {e["status"] for e in entries(people).values()} == {"recorded"}


def test_rows_without_references_are_matched_by_content(people: JC, write_csv: Callable[..., Path]) -> None:
    header = HEADER[:4]
    rows = [r[:4] for r in FIRST]
    assert people("import", write_csv("gp.csv", header, rows), "--agency", "gp").exit_code == 0
    changed = [rows[0], rows[1], ("14/09/2019", "incident", "Child B", "Third, reworded.")]

    result = people("import", write_csv("gp 2019-11-20.csv", header, changed), "--agency", "gp")

    assert result.exit_code == 0
    assert table_of(result.stdout)["contacts imported"] == table_of(result.stdout)["no longer present"] == "1"
    statuses = sorted(
        (e["summary"], e["status"]) for e in json.loads(people("chronology", "--format", "json").stdout)
    )
    assert statuses == [("First.", "recorded"), ("Second.", "recorded"), ("Third, reworded.", "recorded"),
                        ("Third.", "no_longer_present")]  # fmt: skip


def test_strict_with_a_bad_row_flags_nothing_and_keeps_no_changes_file(
    people: JC, write_csv: Callable[..., Path], store: Path
) -> None:
    assert people("import", write_csv("police.csv", HEADER, FIRST), "--agency", "police").exit_code == 0
    revised = [*REVISED, ("31/02/2019", "incident", "Child A", "Bad.", "P9")]

    result = people("import", write_csv("police v2.csv", HEADER, revised), "--agency", "police", "--strict")

    assert result.exit_code == 1 and "--strict" in result.stderr
    assert "no longer present: contact" not in result.stderr
    assert not (store / "changes").exists() or not list((store / "changes").iterdir())
    assert {e["status"] for e in entries(people).values()} == {"recorded"}
