"""A filter naming something the review does not hold is refused with the closest value (issue 12 §11).

An empty result with exit status 0 would read as "nothing happened"; a slip in the filter is
told apart from a filter that matched nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from support import JC

HEADER = ("date", "kind", "subjects", "summary", "recipients")


@pytest.fixture
def imported(people: JC, write_csv: Callable[..., Path]) -> JC:
    extract = write_csv(
        "police.csv", HEADER, [("12/09/2019", "notification", "Child A", "Told the school.", "school")]
    )
    assert people("import", extract, "--agency", "police").exit_code == 0
    return people


def refused(result: object) -> str:
    assert result.exit_code == 1, result.stdout + result.stderr  # type: ignore[attr-defined]
    line: str = result.stderr  # type: ignore[attr-defined]
    assert line.startswith("error: ") and line.count("\n") == 1, line
    return line


@pytest.mark.parametrize(
    "command", [("chronology",), ("chronology", "--format", "json"), ("chart", "-o", "t.html")]
)
def test_an_agency_filter_naming_no_agency_of_the_review_is_refused_with_the_closest(
    imported: JC, command: tuple[str, ...], tmp_path: Path
) -> None:
    args = [str(tmp_path / a) if a.endswith(".html") else a for a in command]
    line = refused(imported(*args, "--agency", "polce"))
    assert "no agency 'polce' in this review; did you mean \"police\"?" in line
    assert not (tmp_path / "t.html").exists()


@pytest.mark.parametrize("command", [("chronology",), ("chart", "-o", "t.html"), ("gaps",), ("knowledge",)])
def test_a_person_filter_naming_no_one_is_refused_with_the_closest_pseudonym(
    imported: JC, command: tuple[str, ...], tmp_path: Path
) -> None:
    args = [str(tmp_path / a) if a.endswith(".html") else a for a in command]
    line = refused(imported(*args, "--person", "Chlid A"))
    assert 'no one in the register matches --person; did you mean "Child A"?' in line


def test_a_person_filter_never_suggests_from_real_names(imported: JC) -> None:
    line = refused(imported("chronology", "--person", "Amy Smiht"))
    assert "Amy" not in line and "Smith" not in line and "did you mean" not in line


def test_an_agency_filter_naming_an_agency_of_the_review_with_no_entries_is_an_empty_result(
    imported: JC,
) -> None:
    # The school was told: it is an agency of the review, and recorded nothing itself.
    result = imported("chronology", "--format", "json", "--agency", "school")
    assert result.exit_code == 0 and result.stdout.strip() == "[]"
