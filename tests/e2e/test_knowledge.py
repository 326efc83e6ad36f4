"""Who knew what, when: `chronology --known-by AGENCY --at DATE` and the `knowledge` matrix."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from support import JC

COLUMNS = ("date", "time", "kind", "subjects", "summary", "reference", "participants", "recipients", "sender",
           "tags", "practitioner")  # fmt: skip


@pytest.fixture
def case(people: JC, write_csv: Callable[..., Path]) -> JC:
    """Five agencies: police tell CSC, school refers to CSC, CSC holds a strategy discussion with police and GP."""
    extracts = {
        "police": [
            ("10/03/2019", "23:40", "incident", "Amy Smith", "Domestic incident at Amy's home.", "P-1", "", "", "",
             "domestic_abuse", "PC 2210 Hughes"),
            ("11/03/2019", "", "notification", "Amy Smith", "PPN sent to CSC.", "P-2", "", "csc", "", "", ""),
        ],
        "csc": [
            ("12/03/2019", "", "contact_received", "Child A", "Referral from the school.", "C-1", "", "", "school",
             "", ""),
            ("15/03/2019", "", "strategy_discussion", "Child A", "Strategy discussion.", "C-2", "police;gp", "", "",
             "", ""),
        ],
        "school": [("20/03/2019", "", "concern", "Child A", "Amy upset in class.", "S-1", "", "", "", "", "")],
        "gp": [("01/04/2019", "", "appointment", "Child A", "Seen for a cough.", "G-1", "", "", "", "", "Dr Rahman")],
        "probation": [("Mar 2019", "", "note", "Mr D", "Supervision began.", "N-1", "", "", "", "", "")],
    }  # fmt: skip
    for agency, rows in extracts.items():
        result = people("import", write_csv(f"{agency}.csv", COLUMNS, rows), "--agency", agency)
        assert result.exit_code == 0, result.stderr
    return people


def held(jc: JC, *args: str) -> list[dict[str, Any]]:
    result = jc("chronology", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    entries: list[dict[str, Any]] = json.loads(result.stdout)
    return entries


def test_an_agency_held_its_own_records_and_those_sent_to_it_by_the_date(case: JC) -> None:
    csc = held(case, "--known-by", "csc", "--at", "14/03/2019")

    # The notification was sent to CSC; the contact is its own; the strategy discussion was later.
    assert [e["kind"] for e in csc] == ["notification", "contact_received"]


def test_an_agency_held_the_meetings_it_took_part_in(case: JC) -> None:
    assert [e["kind"] for e in held(case, "--known-by", "gp", "--at", "31/03/2019")] == [
        "strategy_discussion"
    ]
    assert held(case, "--known-by", "gp", "--at", "14/03/2019") == []


def test_an_agency_held_what_it_sent(case: JC) -> None:
    school = held(case, "--known-by", "school", "--at", "31/03/2019")

    assert [e["kind"] for e in school] == ["contact_received", "concern"]


def test_without_a_date_the_view_is_everything_the_agency_ever_held(case: JC) -> None:
    police = held(case, "--known-by", "police")

    assert [e["kind"] for e in police] == ["incident", "notification", "strategy_discussion"]


def test_an_uncertain_date_that_may_be_before_the_date_is_kept_and_flagged(case: JC) -> None:
    probation = held(case, "--known-by", "probation", "--at", "10/03/2019")

    assert [(e["kind"], e["precision"]) for e in probation] == [("note", "month")]
    assert "date_uncertain" in probation[0]["flags"]


def test_the_knowledge_view_is_pseudonymised_in_every_format(case: JC) -> None:
    for fmt in ("table", "json", "csv", "md"):
        result = case("chronology", "--known-by", "police", "--format", fmt)
        assert result.exit_code == 0, result.stderr
        assert "Amy" not in result.stdout and "Child A" in result.stdout


def test_an_unknown_agency_is_one_line_naming_the_agencies(case: JC) -> None:
    result = case("chronology", "--known-by", "nhs", "--at", "31/03/2019")

    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "no agency 'nhs'" in result.stderr and "police" in result.stderr


def test_a_date_without_an_agency_is_a_usage_error(case: JC) -> None:
    result = case("chronology", "--at", "31/03/2019")

    assert result.exit_code == 2 and "--known-by" in result.stderr


def test_the_knowledge_matrix_shows_how_each_agency_held_each_key_entry(case: JC) -> None:
    result = case("knowledge", "--at", "16/03/2019", "--format", "json")

    assert result.exit_code == 0, result.stderr
    matrix = json.loads(result.stdout)
    assert matrix["at"] == "2019-03-16"
    assert [a["code"] for a in matrix["agencies"]] == ["csc", "gp", "police", "probation", "school"]
    # Key entries only (the PPN is a notification without a harm tag; the appointment came later).
    rows = {e["kind"]: e for e in matrix["entries"]}
    assert list(rows) == ["incident", "strategy_discussion"]
    assert rows["incident"]["held"]["police"] == ["own"] and rows["incident"]["held_by"] == ["police"]
    assert rows["strategy_discussion"]["held"] == {
        "csc": ["own", "participant"], "gp": ["participant"], "police": ["participant"], "probation": [],
        "school": [],
    }  # fmt: skip
    assert rows["incident"]["summary"] == "Domestic incident at Child A's home."


def test_the_knowledge_matrix_as_csv_and_table(case: JC) -> None:
    as_csv = case("knowledge", "--at", "16/03/2019", "--format", "csv")
    table = case("knowledge", "--at", "16/03/2019")

    assert as_csv.exit_code == 0 and table.exit_code == 0, as_csv.stderr + table.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["kind"] for r in rows] == ["incident", "strategy_discussion"]
    assert rows[1]["gp"] == "took part" and rows[1]["csc"] == "own+took part" and rows[1]["school"] == ""
    assert "P it took part" in table.stdout and "Amy" not in table.stdout + as_csv.stdout
