"""Subjects written in extracts resolve to registered people, whatever order things were imported in."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from support import JC, PEOPLE, PEOPLE_HEADER

HEADER = ("date", "kind", "subjects", "summary")


def test_subjects_resolve_by_identifier_bare_identifier_pseudonym_and_reversed_name(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv("gp.csv", HEADER, [
        ("01/03/2019", "appointment", "nhs:943 476 5919", "a"),
        ("02/03/2019", "appointment", "9434765919", "b"),
        ("03/03/2019", "appointment", "child a", "c"),
        ("04/03/2019", "appointment", "Smith,  Amy", "d"),
        ("05/03/2019", "appointment", "AMY JONES", "e"),
        ("06/03/2019", "appointment", "P1", "f"),
    ])  # fmt: skip
    result = people("import", extract, "--agency", "gp")
    assert result.exit_code == 0 and "unresolved" not in result.stderr
    entries = json.loads(people("chronology", "--format", "json").stdout)
    assert {tuple(e["subjects"]) for e in entries} == {("Child A",)}


def test_an_unknown_subject_becomes_an_unconfirmed_person_with_suggestions(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv("gp.csv", HEADER, [("01/03/2019", "appointment", "Amy Smyth", "Seen.")])
    result = people("import", extract, "--agency", "gp")
    assert result.exit_code == 0
    assert (
        "unresolved subject recorded as Unconfirmed" in result.stderr and "close to: Child A" in result.stderr
    )
    assert "Smyth" not in result.stderr + result.stdout
    [entry] = json.loads(people("chronology", "--format", "json").stdout)
    assert entry["subjects"][0].startswith("Unconfirmed ")


def test_an_extract_imported_before_the_register_follows_the_register_once_it_arrives(
    review: JC, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv("gp.csv", HEADER, [("01/03/2019", "appointment", "Ben Smith", "Seen Ben Smith.")])
    assert review("import", extract, "--agency", "gp").exit_code == 0
    before = json.loads(review("chronology", "--format", "json").stdout)
    assert before[0]["subjects"][0].startswith("Unconfirmed ")

    assert review("people", "import", write_csv("people.csv", PEOPLE_HEADER, PEOPLE)).exit_code == 0

    [entry] = json.loads(review("chronology", "--format", "json").stdout)
    assert entry["subjects"] == ["Child B"] and entry["summary"] == "Seen Child B."


def test_named_output_shows_real_names_and_default_output_never_does(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv("school.csv", HEADER, [
        ("01/03/2019", "concern", "Amy Smith", "Amy's mum Carol said Dan Brown had left; AMY seemed upset."),
    ])  # fmt: skip
    people("import", extract, "--agency", "school")
    default = json.loads(people("chronology", "--format", "json").stdout)[0]
    named = json.loads(people("chronology", "--format", "json", "--named").stdout)[0]
    assert default["summary"] == "Child A's mum Ms C said Mr D had left; Child A seemed upset."
    assert named["subjects"] == ["Amy Smith"] and "Dan Brown" in named["summary"]


def test_a_register_row_with_problems_is_rejected_and_the_others_are_kept(
    review: JC, write_csv: Callable[..., Path]
) -> None:
    register = write_csv("people.csv", PEOPLE_HEADER, [
        ("P1", "Child A", "child", "Amy Smith", "01/02/2012", "nhs:9434765919"),
        ("P2", "Child A", "child", "Ben Smith", "03/04/2015", ""),
        ("P3", "", "adult", "Carol Smith", "", ""),
        ("P4", "Mr D", "grown-up", "Dan Brown", "", ""),
        ("P5", "Mr E", "adult", "Eddie", "30/02/1980", ""),
        ("P6", "Mr F", "adult", "Frank", "", "9434765919"),
    ])  # fmt: skip
    result = review("people", "import", register)
    assert result.exit_code == 3
    for row, column in (
        ("3", "pseudonym"),
        ("4", "pseudonym"),
        ("5", "role"),
        ("6", "dob"),
        ("7", "identifiers"),
    ):
        assert f"row {row}, column '{column}'" in result.stderr
