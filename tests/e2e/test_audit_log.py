"""The audit log: every command that changed the store, who ran it and when, without personal data."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path

from jointchron.service.users import current_user
from support import JC

HEADER = ("date", "kind", "subjects", "summary", "reference")
SUMMARY = "Mother disclosed that Dan Brown hit Amy"


def log_of(jc: JC) -> list[dict[str, object]]:
    result = jc("log", "--format", "json")
    assert result.exit_code == 0, result.stderr
    entries: list[dict[str, object]] = json.loads(result.stdout)
    return entries


def test_every_store_changing_command_is_logged_with_who_and_when_and_nothing_else_is(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv("police.csv", HEADER, [("12/09/2019", "disclosure", "Child A", SUMMARY, "P1")])
    assert people("import", extract, "--agency", "police", "--by", "Jo Bloggs").exit_code == 0
    assert people("import", extract, "--agency", "police").exit_code == 0  # the same file: nothing written
    assert people("import", extract, "--agency", "police", "--dry-run").exit_code == 0
    contact = json.loads(people("chronology", "--format", "json").stdout)[0]["sources"][0]["contact_id"]
    amended = people("amend", contact, "--set", "summary=Ms C said Mr D hit Amy Smith", "--reason",
                     "Dan Brown's name keyed in error", "--by", "Review lead")  # fmt: skip
    assert amended.exit_code == 0, amended.stderr
    assert people("withdraw", contact, "--reason", "duplicate", "--by", "Review lead").exit_code == 0

    entries = log_of(people)

    assert [(e["command"], e["by"]) for e in entries] == [
        ("init", current_user()),
        ("people import", current_user()),
        ("import", "Jo Bloggs"),
        ("amend", "Review lead"),
        ("withdraw", "Review lead"),
    ]
    assert entries[2]["arguments"] == ["police.csv", "--agency police"]
    assert entries[3]["arguments"] == [contact, "--set …", "--reason …"]
    now = datetime.datetime.now(datetime.UTC)
    for entry in entries:
        when = datetime.datetime.fromisoformat(str(entry["at"]))
        assert now - datetime.timedelta(minutes=5) < when <= now
    text = people("log").stdout + json.dumps(entries)
    for personal in ("Dan Brown", "Amy", "Mr D", SUMMARY):
        assert personal not in text, personal


def test_the_log_of_a_new_review_is_its_opening(review: JC) -> None:
    entries = log_of(review)
    assert [e["command"] for e in entries] == ["init"]
    assert entries[0]["arguments"] == [
        "--title …",
        "--jurisdiction england",
        "--from 2019-01-01",
        "--to 2019-12-31",
    ]
    table = review("log").stdout
    assert "init" in table and "when (UTC)" in table


def test_history_shows_who_changed_a_contact_and_when(people: JC, write_csv: Callable[..., Path]) -> None:
    extract = write_csv("police.csv", HEADER, [("12/09/2019", "disclosure", "Child A", SUMMARY, "P1")])
    assert people("import", extract, "--agency", "police", "--by", "Jo Bloggs").exit_code == 0
    contact = json.loads(people("chronology", "--format", "json").stdout)[0]["sources"][0]["contact_id"]
    assert people("withdraw", contact, "--reason", "duplicate", "--by", "Review lead").exit_code == 0

    versions = json.loads(people("history", contact, "--format", "json").stdout)

    assert [(v["event"], v["by"]) for v in versions] == [
        ("recorded", "Jo Bloggs"),
        ("withdrawn", "Review lead"),
    ]
    assert all(v["at"] for v in versions)
