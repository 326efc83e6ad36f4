"""Undo and inspect (issue 12): the imports a review holds, withdrawing one whole, and the people register.

Also §10: unconfirmed people's pseudonyms are unique in a review and stable across rebuilds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from jointchron.domain.person import person_id
from jointchron.domain.register import name_key
from support import JC

HEADER = ("date", "kind", "subjects", "summary", "reference")


def extracts(jc: JC) -> list[dict[str, Any]]:
    result = jc("extracts", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return list(json.loads(result.stdout))


def summaries(jc: JC, *options: str) -> list[str]:
    return [e["summary"] for e in json.loads(jc("chronology", "--format", "json", *options).stdout)]


def test_extracts_lists_each_import_with_its_agency_file_fingerprint_rows_time_and_author(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    police = write_csv("police.csv", HEADER, [("12/09/2019", "incident", "Child A", "Seen.", "P1"),
                                              ("13/09/2019", "bogus", "Child A", "Bad kind.", "P2")])  # fmt: skip
    gp = write_csv("gp.csv", HEADER, [("14/09/2019", "appointment", "Child B", "Seen.", "G1")])
    assert people("import", police, "--agency", "police", "--by", "Analyst One").exit_code == 3
    assert people("import", gp, "--agency", "gp", "--by", "Analyst Two").exit_code == 0

    listed = extracts(people)

    assert [(e["agency"], e["file"], e["rows"], e["by"], e["contacts"]) for e in listed] == [
        ("police", "police.csv", 2, "Analyst One", 1),
        ("gp", "gp.csv", 1, "Analyst Two", 1),
    ]
    assert listed[0]["sha256"] == hashlib.sha256(police.read_bytes()).hexdigest()
    assert all(len(e["id"]) == 36 and e["imported_at"].startswith("20") for e in listed)
    table = people("extracts")
    assert table.exit_code == 0 and listed[0]["id"][:8] in table.stdout and "2 imports" in table.stdout


def test_extracts_shows_each_imports_agency_and_file_whole_in_an_eighty_column_terminal(
    people: JC, write_csv: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    school = write_csv("school.csv", HEADER, [("12/09/2019", "concern", "Child A", "Worried.", "S1")])
    assert people("import", school, "--agency", "school").exit_code == 0

    shown = people("extracts").stdout

    assert max(len(line) for line in shown.splitlines()) <= 80
    [row] = [line.split() for line in shown.splitlines() if line.startswith(extracts(people)[0]["id"][:8])]
    assert row[1:3] == ["school", "school.csv"]


def test_withdraw_extract_withdraws_every_contact_of_one_import_and_reinstate_extract_brings_them_back(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    wrong = write_csv("school.csv", HEADER, [("12/09/2019", "concern", "Child A", "Worried.", "S1"),
                                             ("13/09/2019", "absence", "Child A", "Absent.", "S2")])  # fmt: skip
    kept = write_csv("gp.csv", HEADER, [("14/09/2019", "appointment", "Child A", "Seen by GP.", "G1")])
    assert people("import", wrong, "--agency", "csc").exit_code == 0
    assert people("import", kept, "--agency", "gp").exit_code == 0
    school_import = extracts(people)[0]["id"]

    result = people("withdraw", "--extract", school_import[:8], "--reason", "school records imported as csc")

    assert result.exit_code == 0, result.stderr
    assert "Withdrew 2 contacts" in result.stdout
    assert summaries(people) == ["Seen by GP."]
    withdrawn = json.loads(people("chronology", "--format", "json", "--include-withdrawn").stdout)
    contact = next(e for e in withdrawn if e["summary"] == "Worried.")["sources"][0]["contact_id"]
    history = json.loads(people("history", contact, "--format", "json").stdout)
    assert (history[-1]["event"], history[-1]["reason"]) == ("withdrawn", "school records imported as csc")
    assert extracts(people)[0]["withdrawn"] == 2
    again = people("withdraw", "--extract", school_import, "--reason", "again")
    assert again.exit_code == 1 and "already withdrawn" in again.stderr

    back = people("reinstate", "--extract", school_import[:8], "--reason", "withdrawn in error")

    assert back.exit_code == 0, back.stderr
    assert summaries(people) == ["Worried.", "Absent.", "Seen by GP."]


def test_withdraw_extract_refuses_an_unknown_import_and_a_contact_and_extract_together(people: JC) -> None:
    unknown = people("withdraw", "--extract", "deadbeef", "--reason", "x")
    assert unknown.exit_code == 1 and "no import has id deadbeef" in unknown.stderr
    assert unknown.stderr.count("\n") == 1
    both = people("withdraw", "1b9d6bcd", "--extract", "deadbeef", "--reason", "x")
    assert both.exit_code == 2
    neither = people("withdraw", "--reason", "x")
    assert neither.exit_code == 2


def test_people_list_shows_the_register_and_the_unconfirmed_people_pseudonymised_unless_named(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv(
        "police.csv", HEADER, [("12/09/2019", "incident", "Child A; Zed Quinn", "Seen.", "P1")]
    )
    assert people("import", extract, "--agency", "police").exit_code == 0

    everyone = json.loads(people("people", "list", "--format", "json").stdout)
    unconfirmed = json.loads(people("people", "list", "--unconfirmed", "--format", "json").stdout)
    named = json.loads(people("people", "list", "--unconfirmed", "--format", "json", "--named").stdout)

    assert [(p["pseudonym"], p["role"], p["confirmed"]) for p in everyone][:4] == [
        ("Child A", "child", True), ("Child B", "child", True), ("Mr D", "adult", True), ("Ms C", "adult", True),
    ]  # fmt: skip
    [stranger] = unconfirmed
    assert stranger["pseudonym"].startswith("Unconfirmed ") and stranger["confirmed"] is False
    assert stranger["contacts"] == 1
    assert "names" not in stranger and "Quinn" not in people("people", "list").stdout
    assert named[0]["names"] == ["Zed Quinn"]


def _colliding_names(count: int) -> list[str]:
    """`count` names of which at least two share the first six hex digits of their person id."""
    seen: dict[str, str] = {}
    n = 0
    while True:
        n += 1
        name = f"Child Number{n}"
        code = person_id(f"unconfirmed:{name_key(name)}").hex[:6]
        if code in seen:
            names = [seen[code], name]
            return names + [f"Other Child{i}" for i in range(count - 2)]
        seen[code] = name


def test_unconfirmed_people_get_unique_pseudonyms_that_a_rebuild_keeps(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    children = [f"Census Child{i}" for i in range(600)]
    extract = write_csv("census.csv", HEADER, [("12/09/2019", "referral", c, "Referred.", f"R{i}")
                                               for i, c in enumerate(children)])  # fmt: skip
    assert people("import", extract, "--agency", "csc").exit_code == 0

    shown = [e["subjects"][0] for e in json.loads(people("chronology", "--format", "json").stdout)]

    assert len(shown) == 600 and len(set(shown)) == 600
    assert people("rebuild").exit_code == 0
    assert [e["subjects"][0] for e in json.loads(people("chronology", "--format", "json").stdout)] == shown


def test_an_unconfirmed_person_whose_code_another_already_has_gets_a_longer_one(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    first, second = _colliding_names(2)
    for n, name in enumerate((first, second)):
        extract = write_csv(f"police{n}.csv", HEADER, [("12/09/2019", "incident", name, "Seen.", f"P{n}")])
        assert people("import", extract, "--agency", "police").exit_code == 0

    listed = [e["subjects"][0] for e in json.loads(people("chronology", "--format", "json").stdout)]

    assert len(set(listed)) == 2
    assert sorted(len(p) for p in listed) == [len("Unconfirmed ") + 6, len("Unconfirmed ") + 7]
