"""`jointchron verify`: the read models against a rebuild from the events, the extracts against their SHA-256."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from support import JC

COLUMNS = ("date", "kind", "subjects", "summary", "reference")


@pytest.fixture
def extract(people: JC, write_csv: Callable[..., Path]) -> Path:
    file = write_csv("gp.csv", COLUMNS, [
        ("01/03/2019", "appointment", "Child A", "Seen.", "G-1"),
        ("02/03/2019", "missed_appointment", "Child B", "Did not attend.", "G-2"),
    ])  # fmt: skip
    result = people("import", file, "--agency", "gp")
    assert result.exit_code == 0, result.stderr
    return file


def test_a_store_whose_views_match_its_events_verifies(people: JC, extract: Path) -> None:
    result = people("verify")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("verified:")
    assert "read-model tables match a rebuild" in result.stdout and "1 extract files match" in result.stdout


def test_a_read_model_that_differs_from_the_events_is_reported_table_by_table(
    people: JC, extract: Path, store: Path
) -> None:
    assert people("chronology").exit_code == 0  # the views are caught up and closed
    with duckdb.connect(str(store / "views.duckdb")) as views:
        views.execute("UPDATE contacts SET summary = 'changed behind the log' WHERE reference = 'G-1'")
        views.execute(
            "DELETE FROM entry_members WHERE contact_id IN (SELECT id FROM contacts WHERE reference = 'G-2')"
        )

    result = people("verify")

    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(
        line.startswith("problem: table contacts: 1 rows only in views.duckdb, 1 only in a rebuild")
        for line in lines
    )
    assert any(
        line.startswith("problem: table entry_members: 0 rows only in views.duckdb, 1 only") for line in lines
    )
    assert lines[-1] == "verify found 2 problem(s)."
    assert people("rebuild").exit_code == 0
    assert people("verify").exit_code == 0


def test_an_extract_file_changed_since_its_import_is_reported(people: JC, extract: Path) -> None:
    extract.write_text(extract.read_text(encoding="utf-8").replace("Seen.", "Seen twice."), encoding="utf-8")

    result = people("verify")

    assert result.exit_code == 1
    assert "problem: extract gp.csv (gp, imported" in result.stderr
    assert "has changed since it was imported" in result.stderr


def test_an_extract_file_no_longer_present_is_noted_not_failed(people: JC, extract: Path) -> None:
    extract.unlink()

    result = people("verify")

    assert result.exit_code == 0, result.stderr
    assert "1 no longer at the path they were imported from" in result.stdout


def test_an_extract_saved_over_by_an_imported_revision_is_not_a_problem(people: JC, extract: Path) -> None:
    extract.write_text(extract.read_text(encoding="utf-8").replace("Seen.", "Seen again."), encoding="utf-8")
    assert people("import", extract, "--agency", "gp").exit_code == 0

    result = people("verify")

    assert result.exit_code == 0, result.stderr
    assert "1 extract files match" in result.stdout and "1 since replaced at their path" in result.stdout
