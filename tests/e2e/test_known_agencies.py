"""Agencies must be known, and one file is one agency's records (issue 12 §2–§5).

A code is known when it is built in or registered with `jointchron agencies add`; anything else
is refused with the closest known code. `--agency` may not contradict the mapping, the same
file may not be imported as two agencies' records, and a field that holds one value may not
be given several.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from processes import events_held
from support import JC

HEADER = ("date", "kind", "subjects", "summary", "reference")
ROWS = [("12/09/2019", "incident", "Child A", "Seen.", "P1")]


def one_line_error(result: object) -> str:
    assert result.exit_code == 1, result.stdout + result.stderr  # type: ignore[attr-defined]
    line: str = result.stderr  # type: ignore[attr-defined]
    assert line.startswith("error: ") and line.count("\n") == 1, line
    return line


def rejected(result: Any) -> list[tuple[str, str, str]]:
    """(row, column, value) of each row in the rejects file the import names: the terminal never shows a
    value (it can be anyone's name), the rejects file does."""
    path = Path(result.stderr.rsplit("with its value and reason: ", 1)[1].split()[0])
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [(r["row"], r["column"], r["value"]) for r in csv.DictReader(f)]


def codes(jc: JC) -> dict[str, dict[str, object]]:
    return {a["code"]: a for a in json.loads(jc("agencies", "list", "--format", "json").stdout)}


def test_a_misspelt_agency_code_is_refused_with_the_closest_known_one_and_nothing_is_stored(
    people: JC, store: Path, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv("police.csv", HEADER, ROWS)
    before = events_held(store)

    line = one_line_error(people("import", extract, "--agency", "polcie"))

    assert "unknown agency 'polcie'; did you mean \"police\"?" in line
    assert "jointchron agencies add" in line
    assert events_held(store) == before
    assert "polcie" not in codes(people)


def test_an_agency_registered_with_agencies_add_is_accepted_with_its_name_and_sector(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    added = people("agencies", "add", "northshire_yjs", "--name", "Northshire Youth Justice", "--sector",
                   "youth_justice")  # fmt: skip
    assert added.exit_code == 0, added.stderr

    extract = write_csv("yjs.csv", (*HEADER, "recipients"), [(*ROWS[0], "northshire_yjs")])
    result = people("import", extract, "--agency", "police")

    assert result.exit_code == 0, result.stderr
    listed = codes(people)
    assert listed["northshire_yjs"] == {"code": "northshire_yjs", "name": "Northshire Youth Justice",
                                        "sector": "youth_justice", "built_in": False, "registered": True}  # fmt: skip
    assert listed["police"]["built_in"] is True and listed["gp"]["registered"] is False
    [entry] = json.loads(people("chronology", "--format", "json").stdout)
    assert entry["recipients"] == ["northshire_yjs"]


def test_registering_an_agency_twice_or_with_an_unknown_sector_is_refused(people: JC) -> None:
    assert people("agencies", "add", "idva2", "--name", "IDVA North", "--sector", "other").exit_code == 0
    again = one_line_error(people("agencies", "add", "idva2", "--name", "IDVA South", "--sector", "other"))
    assert "already registered" in again and "IDVA North" in again
    wrong = one_line_error(
        people("agencies", "add", "police", "--name", "Northshire Police", "--sector", "health")
    )
    assert "built-in agency of sector police" in wrong
    assert people("agencies", "add", "x1", "--name", "X", "--sector", "army").exit_code == 2


def test_an_unknown_agency_code_in_a_cell_rejects_the_row_with_the_closest_known_code(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv("police.csv", (*HEADER, "recipients"), [
        ("12/09/2019", "notification", "Child A", "Told the school.", "P1", "scool"),
        ("13/09/2019", "notification", "Child A", "Told the GP.", "P2", "gp"),
    ])  # fmt: skip

    result = people("import", extract, "--agency", "police")

    assert result.exit_code == 3
    assert "police.csv row 2, column 'recipients'" in result.stderr
    assert rejected(result) == [("2", "recipients", "scool")]
    assert 'did you mean "school"?' in result.stderr
    assert [e["summary"] for e in json.loads(people("chronology", "--format", "json").stdout)] == [
        "Told the GP."
    ]
    assert "scool" not in codes(people)


def test_an_agency_code_a_mapping_names_must_be_known_too(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    extract = write_csv(
        "police.csv", ("Date", "Type", "Subject", "Shared"), [("12/09/2019", "incident", "Child A", "Kids")]
    )
    toml = tmp_path / "police.toml"
    toml.write_text('[source]\nagency = "police"\n[columns]\ndate = "Date"\nkind = "Type"\nsubjects = "Subject"\n'
                    'recipients = "Shared"\n[agencies]\n"Kids" = "csx"\n')  # fmt: skip

    line = one_line_error(people("import", extract, "--map", toml))

    assert "[agencies] 'Kids' = 'csx' is not an agency this review knows; did you mean \"csc\"?" in line


def test_agency_contradicting_the_mappings_agency_is_refused_naming_both(
    people: JC, store: Path, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    extract = write_csv("school.csv", HEADER, ROWS)
    toml = tmp_path / "school.toml"
    toml.write_text('[source]\nagency = "school"\n')
    before = events_held(store)

    line = one_line_error(people("import", extract, "--agency", "csc", "--map", toml))

    assert "--agency csc contradicts the mapping school" in line and "agency is school" in line
    assert events_held(store) == before
    assert people("import", extract, "--map", toml).exit_code == 0
    assert people("import", extract, "--agency", "school", "--map", toml).exit_code == 0


def test_the_same_file_is_not_imported_as_a_second_agencys_records(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv("school.csv", HEADER, ROWS)
    assert people("import", extract, "--agency", "school").exit_code == 0

    line = one_line_error(people("import", extract, "--agency", "csc"))

    assert "school.csv was imported before as school's records (school.csv, " in line
    assert [e["agencies"] for e in json.loads(people("chronology", "--format", "json").stdout)] == [
        ["school"]
    ]
    assert json.loads(people("extracts", "--format", "json").stdout)[0]["agency"] == "school"


def test_a_file_imported_under_the_wrong_agency_can_be_withdrawn_and_imported_again_for_the_right_one(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv("school.csv", HEADER, ROWS)
    assert people("import", extract, "--agency", "csc").exit_code == 0
    [wrong] = json.loads(people("extracts", "--format", "json").stdout)

    assert (
        people("withdraw", "--extract", wrong["id"][:8], "--reason", "school records, not ours").exit_code
        == 0
    )
    result = people("import", extract, "--agency", "school")

    assert result.exit_code == 0, result.stderr
    assert [e["agencies"] for e in json.loads(people("chronology", "--format", "json").stdout)] == [
        ["school"]
    ]


def test_a_sender_cell_naming_several_agencies_rejects_the_row_with_the_reason(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv("csc.csv", (*HEADER, "sender"), [
        ("12/09/2019", "referral", "Child A", "Referred.", "R1", "school; gp; police"),
        ("13/09/2019", "referral", "Child A", "Referred again.", "R2", "school"),
    ])  # fmt: skip

    result = people("import", extract, "--agency", "csc")

    assert result.exit_code == 3
    assert "csc.csv row 2, column 'sender'" in result.stderr
    assert rejected(result) == [("2", "sender", "school; gp; police")]
    assert "comes from one agency" in result.stderr
    [entry] = json.loads(people("chronology", "--format", "json").stdout)
    assert entry["sender"] == "school" and entry["summary"] == "Referred again."


def test_two_columns_of_a_single_valued_field_giving_different_values_reject_the_row(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    extract = write_csv("police.csv", ("Date", "Type", "Subject", "Occurrence", "Crime ref"), [
        ("12/09/2019", "incident", "Child A", "OC1", "CR9"),
        ("13/09/2019", "incident", "Child A", "OC2", ""),
    ])  # fmt: skip
    toml = tmp_path / "police.toml"
    toml.write_text('[source]\nagency = "police"\n[columns]\ndate = "Date"\nkind = "Type"\nsubjects = "Subject"\n'
                    'reference = ["Occurrence", "Crime ref"]\n')  # fmt: skip

    result = people("import", extract, "--map", toml)

    assert result.exit_code == 3
    assert "row 2, column 'Crime ref'" in result.stderr and "reference takes one value" in result.stderr
    assert rejected(result) == [("2", "Crime ref", "CR9")]
    assert [
        e["sources"][0]["reference"]
        for e in json.loads(people("chronology", "--format", "json", "--named").stdout)
    ] == ["OC2"]


def test_an_amendment_naming_an_unknown_agency_is_refused_with_the_closest_known_one(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    assert people("import", write_csv("police.csv", HEADER, ROWS), "--agency", "police").exit_code == 0
    [entry] = json.loads(people("chronology", "--format", "json").stdout)

    line = one_line_error(
        people("amend", entry["id"], "--set", "recipients=scool", "--reason", "told the school")
    )

    assert "--set recipients: unknown agency 'scool'; did you mean \"school\"?" in line
    assert "scool" not in codes(people)
    assert (
        people("amend", entry["id"], "--set", "recipients=school", "--reason", "told the school").exit_code
        == 0
    )


def test_a_built_in_agency_the_records_name_is_listed_as_built_in_not_as_registered(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv("police.csv", (*HEADER, "recipients"), [(*ROWS[0], "school")])
    assert people("import", extract, "--agency", "police").exit_code == 0

    listed = codes(people)

    assert [(listed[c]["built_in"], listed[c]["registered"]) for c in ("police", "school")] == [
        (True, False)
    ] * 2
    line = one_line_error(
        people("agencies", "add", "school", "--name", "Northshire Academy", "--sector", "education")
    )
    assert (
        "'school' is a built-in agency (School, sector education) that this review's records already name"
        in line
    )
    assert codes(people)["school"]["name"] == "School"


@pytest.mark.parametrize(("column", "kind", "value", "closest"), [
    ("sender", "referral", "scool", "school"),
    ("participants", "meeting", "csc; polcie", "police"),
    ("other_agencies", "strategy_discussion", "helth", "health"),
])  # fmt: skip
def test_an_unknown_agency_code_in_any_agency_column_rejects_the_row_with_the_closest_known_code(
    people: JC, write_csv: Callable[..., Path], column: str, kind: str, value: str, closest: str
) -> None:
    extract = write_csv("csc.csv", (*HEADER, column), [
        ("12/09/2019", kind, "Child A", "Named an agency wrongly.", "R1", value),
        ("13/09/2019", kind, "Child A", "Named it rightly.", "R2", closest),
    ])  # fmt: skip

    result = people("import", extract, "--agency", "csc")

    assert result.exit_code == 3
    assert (
        f"csc.csv row 2, column '{column}'" in result.stderr and f'did you mean "{closest}"?' in result.stderr
    )
    assert rejected(result) == [("2", column, value.split("; ")[-1])]  # the code that is not known
    assert [e["summary"] for e in json.loads(people("chronology", "--format", "json").stdout)] == [
        "Named it rightly."
    ]
    assert value.split("; ")[-1] not in codes(people)


@pytest.mark.parametrize(("column", "value", "listed"), [
    ("recipients", "School, GP", "school; gp"),
    ("sender", "school / police", "school; police"),
])  # fmt: skip
def test_agencies_listed_with_another_separator_than_a_semicolon_reject_the_row_saying_how_to_list_them(
    people: JC, write_csv: Callable[..., Path], column: str, value: str, listed: str
) -> None:
    extract = write_csv(
        "csc.csv", (*HEADER, column), [("12/09/2019", "referral", "Child A", "Told.", "R1", value)]
    )

    result = people("import", extract, "--agency", "csc")

    assert result.exit_code == 1
    assert f'it names 2 agencies: separate them with ";" ({listed})' in result.stderr
    assert "did you mean" not in result.stderr
    assert rejected(result) == [("2", column, value)]
