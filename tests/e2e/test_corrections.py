"""Corrections as events: amend, withdraw, reinstate and history through the CLI; nothing is deleted."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from gapcase import evidence

from support import JC

COLUMNS = ("date", "time", "kind", "subjects", "summary", "reference", "practitioner", "tags")


@pytest.fixture
def case(people: JC, write_csv: Callable[..., Path]) -> JC:
    school = write_csv("school.csv", COLUMNS, [
        ("11/03/2019", "", "concern", "Amy Smith", "Amy upset in class.", "S-1", "DSL Mrs Black", ""),
        ("20/05/2019", "", "disclosure", "Amy Smith", "Amy disclosed that Dan Brown hurts her.", "S-2", "", "sexual_abuse"),
    ])  # fmt: skip
    police = write_csv("police.csv", COLUMNS, [
        ("11/03/2019", "", "concern", "Child A", "Call from the school.", "P-1", "", ""),
    ])  # fmt: skip
    for file, agency in ((school, "school"), (police, "police")):
        result = people("import", file, "--agency", agency, "--by", "Importer")
        assert result.exit_code == 0, result.stderr
    return people


def chronology(jc: JC, *args: str) -> list[dict[str, Any]]:
    result = jc("chronology", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    entries: list[dict[str, Any]] = json.loads(result.stdout)
    return entries


def contact_of(jc: JC, reference: str) -> str:
    for entry in chronology(jc, "--include-withdrawn"):
        for source in entry["sources"]:
            if source["reference"] == reference:
                return str(source["contact_id"])
    raise AssertionError(f"no contact {reference}")


def history(jc: JC, contact: str) -> list[dict[str, Any]]:
    result = jc("history", contact, "--format", "json")
    assert result.exit_code == 0, result.stderr
    versions: list[dict[str, Any]] = json.loads(result.stdout)
    return versions


def test_an_amendment_changes_the_chronology_and_keeps_the_old_version_in_the_history(case: JC) -> None:
    contact = contact_of(case, "S-1")

    result = case("amend", contact, "--set", "date=12/03/2019", "--set", "kind=Disclosure", "--set",
                  "tags=domestic_abuse; child_present", "--set", "subjects=Child A;Ben Smith", "--reason",
                  "keyed wrongly; confirmed by the school", "--by", "Review lead")  # fmt: skip

    assert result.exit_code == 0, result.stderr
    assert "version 2" in result.stdout and "date, kind, tags, subjects" in result.stdout
    entry = next(e for e in chronology(case) if contact in [s["contact_id"] for s in e["sources"]])
    assert (entry["date"], entry["kind"], entry["status"]) == ("2019-03-12", "disclosure", "amended")
    assert entry["tags"] == ["domestic_abuse", "child_present"] and entry["subjects"] == [
        "Child A",
        "Child B",
    ]
    recorded, amended = history(case, contact)
    assert recorded["event"] == "recorded" and recorded["by"] == "Importer"
    assert recorded["source"]["file"] == "school.csv" and recorded["source"]["row"] == 2
    assert len(recorded["source"]["sha256"]) == 64
    assert recorded["changes"]["kind"] == "concern" and recorded["changes"]["subjects"] == ["Child A"]
    assert (amended["event"], amended["by"], amended["reason"]) == (
        "amended", "Review lead", "keyed wrongly; confirmed by the school"
    )  # fmt: skip
    assert amended["changes"]["date"] == {"from": "2019-03-11", "to": "2019-03-12"}
    assert amended["changes"]["subjects"] == {"from": ["Child A"], "to": ["Child A", "Child B"]}
    assert amended["at"] >= recorded["at"]


def test_a_correction_is_accepted_by_a_short_id_and_the_history_is_readable(case: JC) -> None:
    contact = contact_of(case, "S-1")

    result = case(
        "amend", contact[:8], "--set", "time=9:05", "--set", "outcome=Advice given", "--reason", "added"
    )

    assert result.exit_code == 0, result.stderr
    table = case("history", contact[:8])
    assert table.exit_code == 0, table.stderr
    assert "v1 recorded" in table.stdout and "from school.csv row 2" in table.stdout
    assert "v2 amended" in table.stdout and "time: (none) → 09:05" in table.stdout
    assert "Amy" not in table.stdout and "Child A" in table.stdout


def test_the_history_shows_real_names_only_when_asked(case: JC) -> None:
    contact = contact_of(case, "S-2")

    default, named = history(case, contact)[0], case("history", contact, "--format", "json", "--named")

    assert default["changes"]["summary"] == "Child A disclosed that Mr D hurts her."
    assert "Amy disclosed that Dan Brown hurts her." in named.stdout


def test_a_withdrawn_contact_leaves_the_chronology_but_stays_in_its_history(case: JC) -> None:
    contact = contact_of(case, "S-2")

    result = case("withdraw", contact, "--reason", "recorded against the wrong child", "--by", "Review lead")

    assert result.exit_code == 0, result.stderr
    assert all(e["kind"] != "disclosure" for e in chronology(case))
    withdrawn = [e for e in chronology(case, "--include-withdrawn") if e["kind"] == "disclosure"]
    assert [e["status"] for e in withdrawn] == ["withdrawn"]
    last = history(case, contact)[-1]
    assert (last["event"], last["reason"], last["by"]) == (
        "withdrawn", "recorded against the wrong child", "Review lead"
    )  # fmt: skip

    again = case("withdraw", contact, "--reason", "twice")
    assert again.exit_code == 1 and "already withdrawn" in again.stderr

    back = case("reinstate", contact, "--reason", "withdrawn in error")
    assert back.exit_code == 0, back.stderr
    assert [e["status"] for e in chronology(case) if e["kind"] == "disclosure"] == ["recorded"]
    assert [v["event"] for v in history(case, contact)] == ["recorded", "withdrawn", "reinstated"]


def test_gaps_are_recomputed_after_a_withdrawal(case: JC, write_csv: Callable[..., Path]) -> None:
    def harm_gaps() -> list[dict[str, Any]]:
        result = case("gaps", "--format", "json")
        assert result.exit_code == 0, result.stderr
        return [g for g in json.loads(result.stdout) if g["rule"] == "strategy-after-harm"]

    evidence(case, write_csv, "strategy_discussion")  # the records could have shown one
    assert len(harm_gaps()) == 1  # the disclosure with no strategy discussion
    assert case("withdraw", contact_of(case, "S-2"), "--reason", "wrong child").exit_code == 0
    assert harm_gaps() == []


def test_a_joint_entry_id_is_accepted_where_it_is_a_contact_id(case: JC) -> None:
    merged = next(e for e in chronology(case) if len(e["sources"]) == 2)

    result = case("amend", merged["id"], "--set", "summary=Concern raised.", "--reason", "typo")

    assert result.exit_code == 0, result.stderr
    assert "other agency record" in result.stderr  # the police record of the same event is not changed


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--set", "kind=nonsense"), "unknown kind 'nonsense'"),
        (("--set", "date=31/02/2019"), "31 February 2019 does not exist"),
        (("--set", "agency=gp"), "recording agency cannot be amended"),
        (("--set", "colour=red"), "cannot amend 'colour'"),
        (("--set", "kindconcern"), "FIELD=VALUE"),
        (("--set", "subjects=Zara Nobody"), "subject 1 of --set subjects matches no one"),
        (("--set", "summary=Same", "--set", "summary=Twice"), "given twice"),
        (("--set", "kind=concern"), "changes nothing"),
    ],
)
def test_a_bad_correction_is_one_line_and_changes_nothing(
    case: JC, arguments: tuple[str, ...], message: str
) -> None:
    contact = contact_of(case, "S-1")

    result = case("amend", contact, *arguments, "--reason", "test")

    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert "Zara" not in result.stderr
    assert len(history(case, contact)) == 1


def test_an_unknown_id_is_one_line_for_every_command(case: JC) -> None:
    for command in (("amend", "0000dead", "--set", "kind=note", "--reason", "x"), ("withdraw", "0000dead",
                    "--reason", "x"), ("history", "0000dead"), ("history", "not-an-id")):  # fmt: skip
        result = case(*command)
        assert result.exit_code == 1, command
        assert result.stderr.startswith("error: no contact has id") and result.stderr.count("\n") == 1


def test_a_correction_needs_a_reason(case: JC) -> None:
    contact = contact_of(case, "S-1")

    assert case("amend", contact, "--set", "kind=note").exit_code == 2
    assert case("withdraw", contact, "--reason", "  ").exit_code == 1


def test_the_history_shows_a_row_that_a_revised_extract_left_out(
    case: JC, write_csv: Callable[..., Path]
) -> None:
    revised = write_csv("school.csv", COLUMNS, [
        ("11/03/2019", "", "concern", "Amy Smith", "Amy upset in class.", "S-1", "DSL Mrs Black", ""),
    ])  # fmt: skip
    assert case("import", revised, "--agency", "school", "--by", "Importer").exit_code == 0

    versions = history(case, contact_of(case, "S-2"))

    assert [v["event"] for v in versions] == ["recorded", "no_longer_present"]
    assert (
        versions[1]["by"] == "Importer" and versions[1]["reason"] == "not in the revised extract school.csv"
    )


def test_a_time_given_with_a_corrected_date_belongs_to_that_date(case: JC) -> None:
    contact = contact_of(case, "S-1")

    result = case(
        "amend", contact, "--set", "time=10:15", "--set", "date=13/03/2019", "--reason", "from the log"
    )

    assert result.exit_code == 0, result.stderr
    change = history(case, contact)[-1]["changes"]
    assert change["date"]["to"] == "2019-03-13" and change["time"] == {"from": None, "to": "10:15"}
