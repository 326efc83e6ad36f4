"""Unresolved subjects: close matches suggested (names, and dates of birth when the extract gives them),
and `jointchron people merge` recording that two records are one person, which everything follows."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from support import JC

HEADER = ("date", "kind", "subjects", "summary", "reference")


def chronology(jc: JC, *args: str) -> list[dict[str, Any]]:
    result = jc("chronology", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    entries: list[dict[str, Any]] = json.loads(result.stdout)
    return entries


def unresolved(stderr: str) -> dict[str, str]:
    """Pseudonym given to each unresolved subject -> the close matches suggested ('' for none)."""
    found = re.findall(r"unresolved subject recorded as (Unconfirmed \w+)(?: \(close to: ([^)]*)\))?", stderr)
    return dict(found)


def test_a_misspelt_subject_is_suggested_its_close_match_and_a_date_of_birth_helps(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv("gp.csv", HEADER, [
        ("01/03/2019", "appointment", "Amy Smyth", "Seen.", "G1"),
        ("02/03/2019", "appointment", "Amelia Smith (01/02/2012)", "Seen.", "G2"),
        ("03/03/2019", "appointment", "Amelia Smith", "Seen.", "G3"),
        ("04/03/2019", "appointment", "Zack Q", "Seen.", "G4"),
    ])  # fmt: skip

    result = people("import", extract, "--agency", "gp")

    assert result.exit_code == 0
    suggestions = sorted(unresolved(result.stderr).values())
    # "Amelia Smith" alone is not close enough to Amy Smith; born on Child A's birthday, it is.
    assert suggestions == ["", "", "Child A", "Child A"]
    assert "Smyth" not in result.stderr + result.stdout and "Amelia" not in result.stderr + result.stdout


def test_a_subject_whose_date_of_birth_differs_from_the_register_is_not_taken_for_that_person(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv("gp.csv", HEADER, [
        ("01/03/2019", "appointment", "Amy Smith (01/02/2012)", "Same person.", "G1"),
        ("02/03/2019", "appointment", "Amy Smith, DOB 09/09/2009", "Another Amy Smith.", "G2"),
    ])  # fmt: skip

    result = people("import", extract, "--agency", "gp")

    assert result.exit_code == 0
    assert list(unresolved(result.stderr).values()) == ["Child A"]
    subjects = {e["summary"]: e["subjects"] for e in chronology(people)}
    assert subjects["Same person."] == ["Child A"]
    assert subjects["Another Child A."][0].startswith(
        "Unconfirmed "
    )  # the name is pseudonymised, the person kept apart


def test_merging_an_unconfirmed_record_into_a_registered_person_is_followed_by_the_chronology(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    gp = write_csv(
        "gp.csv", HEADER, [("12/09/2019", "strategy_discussion", "Aimee Smyth", "Discussed.", "G1")]
    )
    police = write_csv(
        "police.csv", HEADER, [("12/09/2019", "strategy_discussion", "Child A", "Held.", "P1")]
    )
    imported = people("import", gp, "--agency", "gp")
    assert people("import", police, "--agency", "police").exit_code == 0
    [pseudonym] = unresolved(imported.stderr)
    assert len(chronology(people)) == 2  # two people, so two entries

    result = people("people", "merge", pseudonym, "Child A", "--reason", "Same NHS number on the GP record")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Merged {pseudonym} into Child A: their records now show as Child A.\n"
    [entry] = chronology(people)
    assert entry["subjects"] == ["Child A"] and entry["agencies"] == ["gp", "police"]
    assert len(chronology(people, "--person", "Child A")) == 1
    [merge] = [
        e for e in json.loads(people("log", "--format", "json").stdout) if e["command"] == "people merge"
    ]
    assert "Same NHS" not in json.dumps(merge)  # the reason is free text: kept in the event, not in the log


def test_a_merge_that_cannot_be_made_says_why_in_one_line(people: JC, write_csv: Callable[..., Path]) -> None:
    extract = write_csv("gp.csv", HEADER, [("01/03/2019", "note", "Aimee Smyth", "x", "G1"),
                                           ("02/03/2019", "note", "A. Smyth", "y", "G2")])  # fmt: skip
    imported = people("import", extract, "--agency", "gp")
    pseudonym, other = unresolved(imported.stderr)

    nobody = people("people", "merge", "Jane Nobody", "Child A", "--reason", "r")
    assert nobody.exit_code == 1 and nobody.stderr.count("\n") == 1
    assert "the first person matches no one in the register" in nobody.stderr and "Jane" not in nobody.stderr
    backwards = people("people", "merge", "Child A", pseudonym, "--reason", "r")
    assert backwards.exit_code == 1
    assert f'jointchron people merge "{pseudonym}" "Child A"' in backwards.stderr
    assert people("people", "merge", pseudonym, "Child A").exit_code == 2  # --reason is required
    assert people("people", "merge", "Child A", "Child A", "--reason", "r").exit_code == 1
    assert people("people", "merge", pseudonym, "Child A", "--reason", "r").exit_code == 0
    twice = people("people", "merge", pseudonym, "Child B", "--reason", "r")
    assert twice.exit_code == 1 and "already merged" in twice.stderr

    assert people("people", "merge", other, "Child B", "--reason", "r").exit_code == 0
    assert {e["summary"]: e["subjects"] for e in chronology(people)} == {"x": ["Child A"], "y": ["Child B"]}


def test_a_merge_that_would_go_round_in_a_circle_is_refused(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv("gp.csv", HEADER, [("01/03/2019", "note", "Zed Q", "x", "G1"),
                                           ("02/03/2019", "note", "Zedd Queue", "y", "G2")])  # fmt: skip
    first, second = unresolved(people("import", extract, "--agency", "gp").stderr)
    assert people("people", "merge", first, second, "--reason", "same person").exit_code == 0

    circle = people("people", "merge", second, first, "--reason", "same person")

    assert circle.exit_code == 1
    assert (
        circle.stderr == "error: the second person record was itself merged into the first; nothing to do\n"
    )
    assert {tuple(e["subjects"]) for e in chronology(people)} == {(second,)}
