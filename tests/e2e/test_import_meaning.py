"""An import keeps what a file means: who sent a record to whom, how much of a date it gives, whom it is about.

Issue 12 §6 (the direction of `other_agencies`), §7 (partial dates in `date_format`) and §8
(rows about no one).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from workbooks import write_workbook

from support import JC, table_of

CSC_HEADER = ("Date", "Type", "Child", "Summary", "Other agencies")


def csc_mapping(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "csc.toml"
    path.write_text('[source]\nagency = "csc"\n[columns]\ndate = "Date"\nkind = "Type"\nsubjects = "Child"\n'
                    'summary = "Summary"\nother_agencies = "Other agencies"\n' + extra)  # fmt: skip
    return path


def chronology(jc: JC) -> list[dict[str, Any]]:
    result = jc("chronology", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return list(json.loads(result.stdout))


def test_other_agencies_on_a_social_care_referral_is_the_referrer_and_the_referral_gaps_are_found(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    extract = write_csv("csc.csv", CSC_HEADER, [
        ("04/03/2019", "referral", "Child A", "Referral about bruising.", "school"),
        ("05/03/2019", "contact_received", "Child B", "Call about Child B.", "police"),
        ("06/03/2019", "strategy_discussion", "Child A", "Strategy discussion.", "police; health"),
        ("07/03/2019", "information_request", "Child A", "Asked the GP.", "gp"),
        # Evidence that decisions and feedback are recorded at all, about another child.
        ("01/04/2019", "decision", "Child B", "NFA.", ""),
        ("02/04/2019", "information_shared", "Child B", "Told the police.", "police"),
    ])  # fmt: skip

    assert people("import", extract, "--map", csc_mapping(tmp_path)).exit_code == 0

    entries = {e["kind"]: e for e in chronology(people)}
    assert (entries["referral"]["sender"], entries["referral"]["recipients"]) == ("school", ["csc"])
    assert (entries["contact_received"]["sender"], entries["contact_received"]["recipients"]) == (
        "police",
        ["csc"],
    )
    assert entries["strategy_discussion"]["participants"] == ["police", "health", "csc"]
    assert (entries["information_request"]["sender"], entries["information_request"]["recipients"]) == (
        "csc",
        ["gp"],
    )
    found = json.loads(people("gaps", "--format", "json").stdout)
    referral = [g for g in found if g["trigger"]["kind"] == "referral"]
    assert {g["rule"] for g in referral} >= {"referral-decision", "referrer-feedback"}
    assert [g["agency"] for g in referral if g["rule"] == "referrer-feedback"] == ["school"]


def test_roles_in_a_mapping_set_the_part_other_agencies_played_per_kind(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    extract = write_csv(
        "csc.csv", CSC_HEADER, [("04/03/2019", "referral", "Child A", "Referred to CAMHS.", "camhs")]
    )
    toml = csc_mapping(tmp_path, '[roles]\nreferral = "recipients"\n')

    assert people("import", extract, "--map", toml).exit_code == 0

    [entry] = chronology(people)
    assert (entry["sender"], entry["recipients"]) == ("csc", ["camhs"])


def test_a_role_that_is_not_a_part_is_refused_naming_the_parts(people: JC, tmp_path: Path,
                                                               write_csv: Callable[..., Path]) -> None:  # fmt: skip
    extract = write_csv("csc.csv", CSC_HEADER, [("04/03/2019", "referral", "Child A", "x", "camhs")])
    result = people("import", extract, "--map", csc_mapping(tmp_path, '[roles]\nreferral = "receiver"\n'))
    assert result.exit_code == 1
    assert (
        "[roles] referral = 'receiver': other_agencies is one of sender, recipients, participants"
        in result.stderr
    )


def test_records_of_one_event_that_disagree_about_its_direction_are_flagged_as_a_discrepancy(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    school = write_csv("school.csv", ("date", "kind", "subjects", "summary", "recipients"),
                       [("04/03/2019", "referral", "Child A", "Referred to children's services.", "csc")])  # fmt: skip
    csc = write_csv(
        "csc.csv", CSC_HEADER, [("04/03/2019", "referral", "Child A", "Referral logged.", "school")]
    )
    assert people("import", school, "--agency", "school").exit_code == 0
    # A social-care mapping that reads its "Other agencies" as where the referral went: csc -> school.
    assert (
        people("import", csc, "--map", csc_mapping(tmp_path, '[roles]\nreferral = "recipients"\n')).exit_code
        == 0
    )

    [entry] = chronology(people)

    assert entry["agencies"] == ["csc", "school"]
    assert entry["status"] == "possible_discrepancy" and "direction_disagrees" in entry["flags"]


def test_records_of_one_event_that_agree_about_its_direction_are_one_entry_without_a_flag(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    school = write_csv("school.csv", ("date", "kind", "subjects", "summary", "recipients"),
                       [("04/03/2019", "referral", "Child A", "Referred to children's services.", "csc")])  # fmt: skip
    csc = write_csv(
        "csc.csv", CSC_HEADER, [("04/03/2019", "referral", "Child A", "Referral logged.", "school")]
    )
    assert people("import", school, "--agency", "school").exit_code == 0
    assert people("import", csc, "--map", csc_mapping(tmp_path)).exit_code == 0

    [entry] = chronology(people)

    assert entry["agencies"] == ["csc", "school"] and entry["status"] == "recorded"
    assert (entry["sender"], entry["recipients"]) == ("school", ["csc"])


FORMATS = 'date_format = ["%d %b %Y %H:%M:%S", "%b %Y", "%Y"]\n'


def gp_mapping(tmp_path: Path) -> Path:
    path = tmp_path / "gp.toml"
    path.write_text('[source]\nagency = "gp"\n' + FORMATS +
                    '[columns]\ndate = "Date"\nkind = "Type"\nsubjects = "Patient"\nsummary = "Note"\n')  # fmt: skip
    return path


def dates_of(jc: JC) -> list[tuple[str, str, str | None, str | None]]:
    return [(e["date"], e["precision"], e["end_date"], e["time"]) for e in chronology(jc)]


GP_ROWS = [
    ("12 Mar 2019 14:30:00", "appointment", "Child A", "Seen."),
    ("Nov 2019", "note", "Child A", "Bruising noted at some point in November."),
    ("2019", "note", "Child A", "Some time that year."),
]
EXPECTED = [
    ("2019-01-01", "year", "2019-12-31", None),
    ("2019-03-12", "day", None, "14:30"),
    ("2019-11-01", "month", "2019-11-30", None),
]


def test_a_date_format_without_a_day_gives_month_or_year_precision_in_a_csv_file(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    extract = write_csv("gp.csv", ("Date", "Type", "Patient", "Note"), GP_ROWS)
    assert people("import", extract, "--map", gp_mapping(tmp_path)).exit_code == 0
    assert dates_of(people) == EXPECTED


def test_a_date_format_without_a_day_gives_month_or_year_precision_in_a_workbook(
    people: JC, tmp_path: Path
) -> None:
    book = write_workbook(tmp_path / "gp.xlsx", {"Events": [("Date", "Type", "Patient", "Note"), *GP_ROWS]})
    assert people("import", book, "--map", gp_mapping(tmp_path)).exit_code == 0
    assert dates_of(people) == EXPECTED


def test_a_date_format_without_a_day_gives_month_precision_in_wide_rows(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    extract = write_csv("csc.csv", ("Child", "Referred", "Assessed"), [("Child A", "Nov 2019", "2019")])
    toml = tmp_path / "csc.toml"
    toml.write_text('[source]\nagency = "csc"\n' + FORMATS + '[columns]\nsubjects = "Child"\n'
                    '[[events]]\ndate = "Referred"\nkind = "referral"\n'
                    '[[events]]\ndate = "Assessed"\nkind = "assessment_start"\n')  # fmt: skip

    assert people("import", extract, "--map", toml).exit_code == 0

    assert dates_of(people) == [
        ("2019-01-01", "year", "2019-12-31", None),
        ("2019-11-01", "month", "2019-11-30", None),
    ]


def test_an_excel_date_cell_formatted_as_a_month_or_a_year_keeps_that_precision(
    people: JC, tmp_path: Path
) -> None:
    # Excel stores `Nov 2019` typed into a cell as the day 01/11/2019, shown through the format mmm-yy.
    rows = [("Date", "Type", "Patient", "Note"),
            (datetime.datetime(2019, 3, 12, 14, 30), "appointment", "Child A", "Seen."),
            (datetime.datetime(2019, 11, 1), "note", "Child A", "Bruising noted at some point in November."),
            (datetime.datetime(2019, 1, 1), "note", "Child A", "Some time that year.")]  # fmt: skip
    book = write_workbook(tmp_path / "gp.xlsx", {"Events": rows}, date_cells={
        ("Events", "A2"): "dd/mm/yyyy hh:mm", ("Events", "A3"): "mmm-yy", ("Events", "A4"): "yyyy",
    })  # fmt: skip
    toml = tmp_path / "gp.toml"
    toml.write_text('[source]\nagency = "gp"\n[columns]\ndate = "Date"\nkind = "Type"\nsubjects = "Patient"\n'
                    'summary = "Note"\n')  # fmt: skip

    assert people("import", book, "--map", toml).exit_code == 0

    assert dates_of(people) == EXPECTED


NO_SUBJECT = [
    ("12/09/2019", "incident", "Child A", "About Child A."),
    ("13/09/2019", "incident", "", "About no one."),
    ("14/09/2019", "incident", " ; ", "About no one either."),
]


def test_a_row_with_no_subject_is_counted_and_rejected(people: JC, write_csv: Callable[..., Path]) -> None:
    extract = write_csv("police.csv", ("date", "kind", "subjects", "summary"), NO_SUBJECT)

    result = people("import", extract, "--agency", "police")

    assert result.exit_code == 3
    assert table_of(result.stderr)["rows without a subject"] == "2"
    assert "police.csv row 3, column 'subjects'" in result.stderr and "no subject" in result.stderr
    assert [e["summary"] for e in chronology(people)] == ["About Child A."]


def test_rows_with_no_subject_are_imported_and_counted_when_the_mapping_allows_it(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    extract = write_csv("police.csv", ("date", "kind", "subjects", "summary"), NO_SUBJECT)
    toml = tmp_path / "police.toml"
    toml.write_text("[source]\nsubjects_optional = true\n")

    result = people("import", extract, "--agency", "police", "--map", toml)

    assert result.exit_code == 0, result.stderr
    assert table_of(result.stdout)["rows without a subject"] == "2"
    assert [e["subjects"] for e in chronology(people)] == [["Child A"], [], []]


@pytest.mark.parametrize("mapper", ["rows", "columns"])
def test_a_time_is_kept_only_on_a_single_day_and_an_approximate_year_with_a_time_still_reads_back(
    people: JC, write_csv: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, mapper: str
) -> None:
    monkeypatch.setenv("JOINTCHRON_MAPPER", mapper)
    extract = write_csv("police.csv", ("date", "time", "kind", "subjects", "summary", "reference"), [
        ("c. 2019", "10:30", "note", "Child A", "Some time in 2019.", "P1"),
        ("c. 12/03/2019", "10:30", "note", "Child A", "About the 12th.", "P2"),
        ("Nov 2019", "09:15", "note", "Child A", "In November.", "P3"),
    ])  # fmt: skip

    assert people("import", extract, "--agency", "police").exit_code == 0

    found = {e["summary"]: (e["date"], e["precision"], e["time"]) for e in chronology(people)}
    assert found == {
        "Some time in 2019.": ("2019-01-01", "approximate", None),
        "About the 12th.": ("2019-03-12", "approximate", "10:30"),
        "In November.": ("2019-11-01", "month", None),
    }
