"""Pure parts of importing robustly: which files are versions of one another, subjects written with a date
of birth, close-match suggestions, and the separator of a CSV file."""

from __future__ import annotations

import datetime
import uuid
from pathlib import Path

import pytest

from jointchron.domain.extract import series_of
from jointchron.domain.person import Person
from jointchron.domain.register import Register, split_subject
from jointchron.importers.mapping import Mapping
from jointchron.importers.sheet_files import open_sheets
from jointchron.importers.tabular import detect_delimiter


@pytest.mark.parametrize(
    "name",
    [
        "police.csv",
        "Police v2.csv",
        "police_revised_2019-11-20.xlsx",
        "POLICE (final) 20.11.19.csv",
        "Copy of police (1).csv",
        "police 20191120 updated.csv",
        "police Nov 2019.csv",
    ],
)
def test_versions_and_dates_in_a_file_name_do_not_make_another_series(name: str) -> None:
    assert series_of("police-map", name) == series_of("police-map v2", "police.csv") == "police map/police"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("canonical", "police.csv"), ("canonical", "police intelligence.csv")),
        (("canonical", "police.csv"), ("police", "police.csv")),
        (("annex-a", "AnnexA 2019.xlsx"), ("annex-a", "AnnexA 2020.xlsx")),
    ],
)
def test_other_names_or_other_mappings_are_other_series(
    first: tuple[str, str], second: tuple[str, str]
) -> None:
    assert series_of(*first) != series_of(*second)


@pytest.mark.parametrize(
    ("text", "name", "dob"),
    [
        ("Amy Smith (01/02/2012)", "Amy Smith", datetime.date(2012, 2, 1)),
        ("Amy Smith, DOB 01/02/2012", "Amy Smith", datetime.date(2012, 2, 1)),
        ("Smith, Amy (d.o.b. 1 Feb 2012)", "Smith, Amy", datetime.date(2012, 2, 1)),
        ("Amy Smith b. 2012-02-01", "Amy Smith", datetime.date(2012, 2, 1)),
        ("Amy Smith", "Amy Smith", None),
        ("pnc:80/1234A", "pnc:80/1234A", None),
        ("01/02/2012", "01/02/2012", None),
        ("Amy Smith 31/02/2012", "Amy Smith 31/02/2012", None),
    ],
)
def test_a_date_of_birth_written_after_a_name_is_read_apart_from_it(
    text: str, name: str, dob: datetime.date | None
) -> None:
    assert split_subject(text) == (name, dob)


def person(pseudonym: str, name: str, dob: datetime.date | None) -> Person:
    return Person(id=uuid.uuid4(), source_id=pseudonym, pseudonym=pseudonym, role="child", names=(name,), dob=dob,
                  identifiers=(), confirmed=True)  # fmt: skip


def test_a_date_of_birth_brings_a_looser_name_in_and_leaves_a_close_one_born_another_day_out() -> None:
    register = Register([
        person("Child A", "Amelia Smith", datetime.date(2012, 2, 1)),
        person("Child B", "Amelie Smith", datetime.date(2015, 4, 3)),
    ])  # fmt: skip
    assert register.suggest("Amelia Smyth") == ["Child A", "Child B"]
    assert register.suggest("Amelie Smyth") == ["Child B", "Child A"]
    assert register.suggest("Amelie Smyth", dob=datetime.date(2012, 2, 1)) == ["Child A"]
    assert register.suggest("Amelia Jones") == []
    assert register.suggest("Amelia Jones", dob=datetime.date(2012, 2, 1)) == ["Child A"]


@pytest.mark.parametrize(
    ("sample", "delimiter"),
    [
        ("date,kind,summary\n1,2,3\n", ","),
        ("date;kind;summary\n1;2;said: yes, no\n", ";"),
        ("Police chronology, CSPR\ndate;kind;summary\n1;2;3\n4;5;a, b, c\n", ";"),
        ("date\tkind\tsummary\n1\t2\t3\n", "\t"),
        ("date|kind|summary\n1|2|x; y\n", "|"),
        ('date,kind,subjects\n1,2,"A;B;C;D"\n', ","),
        ("one column\nvalue\n", ","),
    ],
)
def test_the_separator_is_the_one_that_splits_the_lines_alike(sample: str, delimiter: str) -> None:
    assert detect_delimiter(sample) == delimiter


def test_rows_after_a_broken_quote_keep_the_lines_they_start_on(tmp_path: Path) -> None:
    # Read fast until the broken record, then again line by line from it (importers/tabular.py).
    text = (
        "date,kind,summary\n"
        '01/03/2019,note,"two\nlines"\n'  # lines 2-3
        "02/03/2019,note,plain\n"  # line 4
        '03/03/2019,note,"never closed\n'  # line 5: its quote swallows no row
        "04/03/2019,note,after\n"  # line 6
        '05/03/2019,note,"three\nmore\nlines"\n'  # lines 7-9
        "06/03/2019,note,last\n"  # line 10
    )
    path = tmp_path / "broken.csv"
    path.write_text(text, encoding="utf-8")

    (sheet,) = open_sheets(path, Mapping.canonical(), Mapping.canonical().header_hints())
    rows = [(row.number, row.problem is not None, row.values[2] if row.values else "") for row in sheet.rows]

    assert rows == [
        (2, False, "two\nlines"), (4, False, "plain"), (5, True, ""), (6, False, "after"),
        (7, False, "three\nmore\nlines"), (10, False, "last"),
    ]  # fmt: skip
