"""A mapping file names the columns, sheets and event dates of one file: each must be there, once (issue 12 §1).

Otherwise the import stops before anything is stored, in one line naming the mapping key, the
header it wanted, the file's headers and the closest of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from workbooks import write_workbook

from processes import events_held, spawn
from support import JC

HEADER = ("Date", "Type", "Subject", "Details")
ROWS = [("12/09/2019", "incident", "Child A", "Seen at school.")]


def mapping(tmp_path: Path, text: str, name: str = "police.toml") -> Path:
    path = tmp_path / name
    path.write_text('[source]\nagency = "police"\n' + text, encoding="utf-8")
    return path


def refused_in_one_line(result: object) -> str:
    assert result.exit_code == 1, result.stdout + result.stderr  # type: ignore[attr-defined]
    line: str = result.stderr  # type: ignore[attr-defined]
    assert line.startswith("error: ") and line.count("\n") == 1, line
    return line


def test_a_mapped_column_the_file_lacks_stops_the_import_and_names_the_closest_header(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    extract = write_csv("police.csv", HEADER, ROWS)
    toml = mapping(
        tmp_path, '[columns]\ndate = "Date"\nkind = "Type"\nsubjects = "Subject"\nsummary = "Detail"\n'
    )

    line = refused_in_one_line(people("import", extract, "--map", toml))

    assert '[columns] summary = "Detail" matches no column; did you mean "Details"?' in line
    assert '"Date", "Type", "Subject", "Details"' in line  # the file's headers
    assert json.loads(people("chronology", "--format", "json").stdout) == []
    assert json.loads(people("extracts", "--format", "json").stdout) == []


def test_a_mapped_regex_matching_two_headers_stops_the_import(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    extract = write_csv("police.csv", ("Date", "Type", "Subject 1", "Subject 2", "Details"),
                        [("12/09/2019", "incident", "Child A", "Child B", "Seen.")])  # fmt: skip
    toml = mapping(
        tmp_path, '[columns]\ndate = "Date"\nkind = "Type"\nsubjects = "/^subject/i"\nsummary = "Details"\n'
    )

    line = refused_in_one_line(people("import", extract, "--map", toml))

    assert '[columns] subjects = "/^subject/i" matches 2 columns ("Subject 1", "Subject 2")' in line
    assert json.loads(people("chronology", "--format", "json").stdout) == []


def test_every_column_a_mapping_names_is_read_when_all_are_there(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    extract = write_csv("police.csv", ("Date", "Type", "Subject 1", "Subject 2", "Details"),
                        [("12/09/2019", "incident", "Child A", "Child B", "Seen.")])  # fmt: skip
    toml = mapping(tmp_path, '[columns]\ndate = "date"\nkind = "/^type$/i"\nsubjects = ["Subject 1", "Subject 2"]\n'
                             'summary = "Details"\n')  # fmt: skip

    assert people("import", extract, "--map", toml).exit_code == 0

    [entry] = json.loads(people("chronology", "--format", "json").stdout)
    assert entry["subjects"] == ["Child A", "Child B"] and entry["summary"] == "Seen."


def test_an_events_date_column_the_file_lacks_stops_the_import(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    extract = write_csv("csc.csv", ("Child", "Date of referral", "Assessment start"),
                        [("Child A", "01/03/2019", "04/03/2019")])  # fmt: skip
    toml = tmp_path / "csc.toml"
    toml.write_text('[source]\nagency = "csc"\n[columns]\nsubjects = "Child"\n'
                    '[[events]]\ndate = "Date of referral"\nkind = "referral"\n'
                    '[[events]]\ndate = "Assessment start date"\nkind = "assessment_start"\n')  # fmt: skip

    line = refused_in_one_line(people("import", extract, "--map", toml))

    assert '[[events]] #2 (assessment_start) date = "Assessment start date" matches no column' in line
    assert 'did you mean "Assessment start"?' in line
    assert json.loads(people("chronology", "--format", "json").stdout) == []


def test_a_summary_placeholder_naming_no_column_stops_the_import(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    extract = write_csv(
        "csc.csv", ("Child", "Date of referral", "Referral Source"), [("Child A", "01/03/2019", "School")]
    )
    toml = tmp_path / "csc.toml"
    toml.write_text('[source]\nagency = "csc"\n[columns]\nsubjects = "Child"\n'
                    '[[events]]\ndate = "Date of referral"\nkind = "referral"\nsummary = "Referral from {Source}"\n')  # fmt: skip

    line = refused_in_one_line(people("import", extract, "--map", toml))

    assert '(referral) summary {Source} = "Source" matches no column; did you mean "Referral Source"?' in line


def test_a_sheets_table_naming_no_sheet_of_the_workbook_stops_the_import(people: JC, tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "csc.xlsx", {
        "Referrals": [("Child", "Date of referral"), ("Child A", "01/03/2019")],
        "Assessments": [("Child", "Start"), ("Child A", "04/03/2019")],
    })  # fmt: skip
    toml = tmp_path / "csc.toml"
    toml.write_text('[source]\nagency = "csc"\n[columns]\nsubjects = "Child"\n'
                    '[[sheets]]\nname = "Referrals"\n[[sheets.events]]\ndate = "Date of referral"\nkind = "referral"\n'
                    '[[sheets]]\nname = "Assesments"\n[[sheets.events]]\ndate = "Start"\nkind = "assessment_start"\n')  # fmt: skip

    line = refused_in_one_line(people("import", book, "--map", toml))

    assert '[[sheets]] name = "Assesments" matches no sheet; did you mean "Assessments"?' in line
    assert '"Referrals", "Assessments"' in line
    assert json.loads(people("chronology", "--format", "json").stdout) == []


def test_a_column_missing_from_a_later_sheet_stores_nothing_of_the_sheets_before_it(
    people: JC, store: Path, tmp_path: Path
) -> None:
    # The first sheet alone fills several batches of one row: it would be recorded before the second is read.
    rows = [("Child A", f"{day:02d}/03/2019", f"Referral {day}") for day in range(1, 21)]
    book = write_workbook(tmp_path / "csc.xlsx", {
        "2019": [("Child", "Date", "Summary"), *rows],
        "2020": [("Child", "Date", "Sumary"), ("Child A", "01/03/2020", "Referral")],
    })  # fmt: skip
    toml = tmp_path / "csc.toml"
    toml.write_text('[source]\nagency = "csc"\n[columns]\nsubjects = "Child"\ndate = "Date"\nsummary = "Summary"\n'
                    '[kinds]\ndefault = "referral"\n')  # fmt: skip
    before = events_held(store)

    running = spawn(store, "import", book, "--map", toml, JOINTCHRON_BATCH_SIZE="1")
    _, stderr = running.communicate()

    assert running.returncode == 1, stderr
    assert "sheet '2020'" in stderr and 'did you mean "Sumary"?' in stderr
    assert events_held(store) == before


def test_a_profile_still_reads_a_workbook_with_only_some_of_its_lists(people: JC, tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "annex_a.xlsx", {
        "List 3": [("Child Unique ID", "Date of referral", "Referral Source"), ("CH1", "01/03/2019", "Police")],
    })  # fmt: skip

    result = people("import", book, "--profile", "annex-a")

    assert result.exit_code == 0, result.stderr
    assert [e["kind"] for e in json.loads(people("chronology", "--format", "json").stdout)] == ["referral"]


def test_a_column_of_a_canonical_file_that_is_no_canonical_field_is_named_in_the_report(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv("police.csv", ("date", "kind", "subjects", "summary", "Details"),
                        [("12/09/2019", "incident", "Child A", "Seen.", "At school, with bruising.")])  # fmt: skip

    result = people("import", extract, "--agency", "police")

    assert result.exit_code == 0
    assert "not read: column 'Details' is not a canonical field; did you mean \"detail\"?" in result.stderr


def test_a_sheet_a_mapping_file_names_without_its_header_row_stops_the_import(
    people: JC, tmp_path: Path
) -> None:
    book = write_workbook(tmp_path / "csc.xlsx", {
        "Referrals": [("Child", "Date of referral"), ("Child A", "01/03/2019")],
        "Assessments": [("Notes only",), ("Child A started 04/03/2019",)],
    })  # fmt: skip
    toml = tmp_path / "csc.toml"
    toml.write_text('[source]\nagency = "csc"\n[columns]\nsubjects = "Child"\n'
                    '[[sheets]]\nname = "Referrals"\n[[sheets.events]]\ndate = "Date of referral"\nkind = "referral"\n'
                    '[[sheets]]\nname = "Assessments"\n[[sheets.events]]\ndate = "Start"\nkind = "assessment_start"\n')  # fmt: skip

    line = refused_in_one_line(people("import", book, "--map", toml))

    assert "(sheet 'Assessments'): no header row with a 'Start' column" in line
    assert json.loads(people("chronology", "--format", "json").stdout) == []


def test_a_mapped_date_column_the_file_lacks_is_named_with_the_closest_header_in_csv_and_workbooks(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    # The mapped date marks the header row: with it misnamed, no row is the header, yet the key is named.
    extract = write_csv("police.csv", HEADER, ROWS)
    titled = tmp_path / "titled.csv"
    titled.write_text("Northshire Police extract\n\n" + extract.read_text(encoding="utf-8"), encoding="utf-8")
    book = write_workbook(tmp_path / "police.xlsx", {"Notes": [("Exported 01/10/2019",)],
                                                     "Contacts": [("Police extract",), (), HEADER, *ROWS]})  # fmt: skip
    toml = mapping(tmp_path, '[columns]\ndate = "Datum"\nkind = "Type"\nsubjects = "Subject"\n'
                             'summary = "Details"\n')  # fmt: skip

    for path, where in (
        (extract, "police.csv"),
        (titled, "titled.csv"),
        (book, "police.xlsx (sheet 'Contacts')"),
    ):
        line = refused_in_one_line(people("import", path, "--map", toml))
        assert f'{where}: [columns] date = "Datum" matches no column; did you mean "Date"?' in line
        assert '"Date", "Type", "Subject", "Details"' in line
    assert json.loads(people("extracts", "--format", "json").stdout) == []


def test_the_only_events_date_column_the_file_lacks_is_named_with_the_closest_header(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    extract = write_csv("csc.csv", ("Child", "Date of referral"), [("Child A", "01/03/2019")])
    book = write_workbook(
        tmp_path / "csc.xlsx", {"Referrals": [("Child", "Date of referral"), ("Child A", "01/03/2019")]}
    )
    toml = tmp_path / "csc.toml"
    toml.write_text('[source]\nagency = "csc"\n[columns]\nsubjects = "Child"\n'
                    '[[events]]\ndate = "/^referral date$/i"\nkind = "referral"\n')  # fmt: skip
    sheets = tmp_path / "sheets.toml"
    sheets.write_text('[source]\nagency = "csc"\n[columns]\nsubjects = "Child"\n[[sheets]]\nname = "Referrals"\n'
                      '[[sheets.events]]\ndate = "Referral date"\nkind = "referral"\n')  # fmt: skip

    for path, toml_file in ((extract, toml), (book, toml), (book, sheets)):
        line = refused_in_one_line(people("import", path, "--map", toml_file))
        assert "[[events]] #1 (referral) date = " in line and 'did you mean "Date of referral"?' in line
        assert '"Child", "Date of referral"' in line
    assert json.loads(people("chronology", "--format", "json").stdout) == []


def test_a_source_sheet_or_roles_kind_naming_nothing_is_refused_with_the_closest(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    book = write_workbook(
        tmp_path / "csc.xlsx", {"Referrals": [("Child", "Date"), ("Child A", "01/03/2019")]}
    )
    sheet = tmp_path / "sheet.toml"
    sheet.write_text('[source]\nagency = "csc"\nsheet = "Referals"\n[columns]\nsubjects = "Child"\ndate = "Date"\n'
                     '[kinds]\ndefault = "referral"\n')  # fmt: skip
    roles = tmp_path / "roles.toml"
    roles.write_text('[source]\nagency = "csc"\n[columns]\nsubjects = "Child"\ndate = "Date"\n'
                     '[kinds]\ndefault = "referral"\n[roles]\nreferal = "sender"\n')  # fmt: skip

    line = refused_in_one_line(people("import", book, "--map", sheet))
    assert (
        "[source] sheet = 'Referals' names no sheet; did you mean \"Referrals\"? Its sheets are 'Referrals'"
        in line
    )
    line = refused_in_one_line(people("import", book, "--map", roles))
    assert "[roles] key = 'referal' is not a kind; did you mean \"referral\"?" in line
    assert json.loads(people("extracts", "--format", "json").stdout) == []
