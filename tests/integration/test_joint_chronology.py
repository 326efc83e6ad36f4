"""Merging agency records into joint entries, on a real store (SQLite event log, DuckDB read model)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from support import JC

HEADER = ("date", "time", "kind", "subjects", "summary", "reference", "other_agencies", "sender")


def entries(jc: JC, *args: str) -> list[dict[str, Any]]:
    result = jc("chronology", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    records: list[dict[str, Any]] = json.loads(result.stdout)
    return records


def load(jc: JC, write_csv: Callable[..., Path], agency: str, rows: list[tuple[str, ...]]) -> None:
    result = jc("import", write_csv(f"{agency}.csv", HEADER, rows), "--agency", agency)
    assert result.exit_code == 0, result.stderr


def test_one_event_recorded_by_three_agencies_is_one_entry_with_three_sources(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    load(
        people,
        write_csv,
        "police",
        [("12/09/2019", "10:00", "strategy_discussion", "Child A", "Police view.", "P1", "csc", "")],
    )
    load(
        people,
        write_csv,
        "csc",
        [("12/09/2019", "", "strategy_discussion", "Amy Smith;Child B", "CSC view.", "C1", "police;gp", "")],
    )
    load(
        people,
        write_csv,
        "gp",
        [("12/09/2019", "", "Strategy Discussion", "nhs:9434765919", "GP joined.", "G1", "", "")],
    )

    [entry] = entries(people)

    assert entry["agencies"] == ["csc", "gp", "police"]
    assert sorted(entry["participants"]) == ["csc", "gp", "police"]
    assert entry["subjects"] == ["Child A", "Child B"]
    assert entry["time"] == "10:00"
    assert entry["summary"].count(":") == 3 and "Police: Police view." in entry["summary"]
    assert len(entry["sources"]) == 3 and entry["status"] == "recorded" and "merged" in entry["flags"]


def test_records_of_the_same_agency_on_the_same_day_stay_separate(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    load(people, write_csv, "gp", [
        ("01/03/2019", "09:00", "appointment", "Child A", "Morning.", "G1", "", ""),
        ("01/03/2019", "15:00", "appointment", "Child A", "Afternoon.", "G2", "", ""),
    ])  # fmt: skip
    assert len(entries(people)) == 2


def test_records_about_different_children_stay_separate(people: JC, write_csv: Callable[..., Path]) -> None:
    load(people, write_csv, "police", [("12/09/2019", "", "incident", "Child A", "x", "P1", "", "")])
    load(people, write_csv, "csc", [("12/09/2019", "", "incident", "Child B", "y", "C1", "", "")])
    assert len(entries(people)) == 2


def test_a_near_match_one_day_apart_is_kept_apart_and_flagged(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    load(
        people,
        write_csv,
        "police",
        [("14/03/2019", "", "incident", "Child A", "Police: 14th.", "P1", "", "")],
    )
    load(
        people,
        write_csv,
        "school",
        [("15/03/2019", "", "incident", "Child A", "School: 15th.", "S1", "", "")],
    )
    first, second = entries(people)
    assert first["status"] == second["status"] == "possible_discrepancy"
    assert first["near_matches"] == [second["id"]] and second["near_matches"] == [first["id"]]


def test_uncertain_dates_are_never_merged_and_keep_their_precision(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    load(
        people,
        write_csv,
        "police",
        [("Oct 2019", "", "concern", "Child A", "Sometime in October.", "P1", "", "")],
    )
    load(people, write_csv, "csc", [("Oct 2019", "", "concern", "Child A", "Also October.", "C1", "", "")])
    records = entries(people)
    assert [(r["date"], r["end_date"], r["precision"]) for r in records] == [
        ("2019-10-01", "2019-10-31", "month")
    ] * 2


def test_the_chronology_is_ordered_by_date_then_time_then_agency(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    load(people, write_csv, "school", [
        ("02/03/2019", "", "absence", "Child A", "a", "S1", "", ""),
        ("01/03/2019", "14:00", "concern", "Child A", "b", "S2", "", ""),
    ])  # fmt: skip
    load(people, write_csv, "gp", [
        ("01/03/2019", "09:00", "appointment", "Child A", "c", "G1", "", ""),
        ("01/03/2019", "", "note", "Child A", "d", "G2", "", ""),
    ])  # fmt: skip
    load(people, write_csv, "csc", [("01/03/2019", "14:00", "visit", "Child A", "e", "C1", "", "")])
    assert [r["summary"] for r in entries(people)] == ["d", "c", "e", "b", "a"]


def test_a_record_received_from_another_agency_lists_this_agency_as_recipient(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    load(
        people,
        write_csv,
        "csc",
        [("11/03/2019", "", "contact_received", "Child A", "PPN.", "C1", "", "police")],
    )
    [entry] = entries(people)
    assert entry["sender"] == "police" and entry["recipients"] == ["csc"]


def test_filters_select_by_person_agency_and_period(people: JC, write_csv: Callable[..., Path]) -> None:
    load(people, write_csv, "gp", [
        ("01/03/2019", "", "appointment", "Child A", "a", "G1", "", ""),
        ("01/06/2019", "", "appointment", "Child B", "b", "G2", "", ""),
    ])  # fmt: skip
    load(people, write_csv, "school", [("01/07/2019", "", "absence", "Child B", "c", "S1", "", "")])
    assert [r["summary"] for r in entries(people, "--person", "child b")] == ["b", "c"]
    assert [r["summary"] for r in entries(people, "--agency", "school")] == ["c"]
    assert [r["summary"] for r in entries(people, "--from", "01/04/2019", "--to", "30/06/2019")] == ["b"]


def test_an_unknown_person_filter_is_one_line_without_the_name(people: JC) -> None:
    result = people("chronology", "--person", "Jane Nobody")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "Jane" not in result.stderr
