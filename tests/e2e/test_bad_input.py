"""Bad input gets a clear one-line answer, the good rows are kept, and nothing is lost."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from support import JC

HEADER = ("date", "kind", "subjects", "summary", "reference")


def rejects_of(stderr: str) -> list[dict[str, str]]:
    line = next(line for line in stderr.splitlines() if line.startswith("Every rejected row"))
    path = Path(line.rsplit(": ", 1)[1].strip())
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_missing_file_is_one_line_and_exit_1(review: JC, tmp_path: Path) -> None:
    result = review("import", tmp_path / "nowhere.csv", "--agency", "police")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr + result.stdout


def test_bad_rows_are_reported_and_written_to_a_rejects_file_while_good_rows_are_kept(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv("police.csv", HEADER, [
        ("12/09/2019", "incident", "Child A", "Good row.", "P1"),
        ("12/13/2019", "incident", "Child A", "Month 13.", "P2"),
        ("13/09/2019", "telephone call", "Child A", "Unknown kind.", "P3"),
        ("31/02/2019", "incident", "Child A", "No such day.", "P4"),
        ("", "incident", "Child A", "No date.", "P5"),
        ("14/09/2019", "note", "Child B", "Another good row.", "P6"),
    ])  # fmt: skip

    result = people("import", extract, "--agency", "police")

    assert result.exit_code == 3
    rejects = rejects_of(result.stderr)
    assert [(r["file"], r["row"], r["column"], r["value"]) for r in rejects] == [
        ("police.csv", "3", "date", "12/13/2019"),
        ("police.csv", "4", "kind", "telephone call"),
        ("police.csv", "5", "date", "31/02/2019"),
        ("police.csv", "6", "date", ""),
    ]
    assert all(r["reason"] for r in rejects)
    assert "rejected: police.csv row 3, column 'date': the value is not a real date" in result.stderr
    kept = json.loads(people("chronology", "--format", "json").stdout)
    assert [e["summary"] for e in kept] == ["Good row.", "Another good row."]


def test_a_file_where_every_row_is_bad_imports_nothing_and_exits_1(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv("bad.csv", HEADER, [("32/01/2019", "incident", "Child A", "x", "1")])
    result = people("import", extract, "--agency", "police")
    assert result.exit_code == 1
    assert json.loads(people("chronology", "--format", "json").stdout) == []


def test_strict_imports_nothing_when_any_row_is_bad(people: JC, write_csv: Callable[..., Path]) -> None:
    extract = write_csv("police.csv", HEADER, [
        ("12/09/2019", "incident", "Child A", "Good.", "P1"),
        ("12/09/2019", "nonsense", "Child A", "Bad.", "P2"),
    ])  # fmt: skip
    result = people("import", extract, "--agency", "police", "--strict")
    assert result.exit_code == 1 and "--strict" in result.stderr
    assert json.loads(people("chronology", "--format", "json").stdout) == []
    assert people("import", extract, "--agency", "police").exit_code == 3


def test_a_dry_run_reports_and_writes_nothing(people: JC, write_csv: Callable[..., Path]) -> None:
    extract = write_csv("police.csv", HEADER, [("12/09/2019", "incident", "Child A", "Good.", "P1")])
    result = people("import", extract, "--agency", "police", "--dry-run")
    assert result.exit_code == 0 and "dry run" in result.stdout
    assert json.loads(people("chronology", "--format", "json").stdout) == []


def test_personal_values_stay_out_of_the_terminal_but_are_in_the_rejects_file(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    relationships = write_csv("rel.csv", ("from", "relation", "to", "from_date", "to_date", "source", "note"), [
        ("Child A", "child_of", "Ms C", "", "", "", ""),
        ("Jane Nobody", "partner_of", "Ms C", "", "", "", ""),
    ])  # fmt: skip
    result = people("relationships", "import", relationships)
    assert result.exit_code == 3
    assert "matches no one" in result.stderr and "Jane" not in result.stderr + result.stdout
    [reject] = rejects_of(result.stderr)
    assert (reject["row"], reject["column"], reject["value"]) == ("3", "from", "Jane Nobody")


def test_free_text_is_never_taken_for_an_agency_code(people: JC, write_csv: Callable[..., Path]) -> None:
    extract = write_csv("gp.csv", ("date", "kind", "subjects", "summary", "recipients"), [
        ("01/03/2019", "referral", "Child A", "ok", "Somebody's Clinic"),
        ("01/03/2019", "visit", "Child A", "ok", "School Nursing"),
    ])  # fmt: skip
    result = people("import", extract, "--agency", "gp")
    assert result.exit_code == 3 and "not an agency code" in result.stderr
    [entry] = json.loads(people("chronology", "--format", "json").stdout)
    assert entry["recipients"] == ["school_nursing"]


def test_a_file_without_the_required_columns_names_what_is_missing(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv("x.csv", ("When", "What"), [("01/03/2019", "visit")])
    result = people("import", extract, "--agency", "gp")
    assert result.exit_code == 1
    assert "date" in result.stderr and "--map" in result.stderr and result.stderr.count("\n") == 1


def test_hostile_text_is_kept_as_text(people: JC, write_csv: Callable[..., Path]) -> None:
    hostile = '=HYPERLINK("http://x")</script><script>alert(1)</script>'
    extract = write_csv("gp.csv", HEADER, [("01/03/2019", "note", "Child A", hostile, "G1")])
    assert people("import", extract, "--agency", "gp").exit_code == 0
    assert json.loads(people("chronology", "--format", "json").stdout)[0]["summary"] == hostile
    rows = list(csv.DictReader(people("chronology", "--format", "csv").stdout.splitlines()))
    assert rows[0]["summary"] == "'" + hostile


def test_a_command_before_init_says_how_to_start(jc: JC, write_csv: Callable[..., Path]) -> None:
    result = jc("import", write_csv("a.csv", HEADER, []), "--agency", "gp")
    assert result.exit_code == 1 and "jointchron init" in result.stderr


def test_a_second_init_is_refused(review: JC) -> None:
    result = review("init", "--title", "Again", "--from", "01/01/2019", "--to", "31/12/2019")
    assert result.exit_code == 1 and "already holds a review" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("init", "--title", "T", "--from", "01/13/2019", "--to", "31/12/2019"),
        ("import",),
        ("chronology", "--format", "pdf"),
        ("import", "x.csv", "--agency", "Police Force!"),
    ],
)
def test_usage_errors_exit_2(jc: JC, args: tuple[str, ...]) -> None:
    result = jc(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def test_the_store_comes_from_the_environment_when_not_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from jointchron.cli import main

    monkeypatch.setenv("JOINTCHRON_STORE", str(tmp_path / "envstore"))
    result = CliRunner().invoke(main, ["init", "--title", "T", "--from", "01/01/2019", "--to", "31/12/2019"])
    assert result.exit_code == 0
    assert (tmp_path / "envstore" / "events.sqlite").exists()
