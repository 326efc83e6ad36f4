"""The read model is a cache of the event log: catch-up, rebuild and a deleted file all agree."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from support import JC

HEADER = ("date", "kind", "subjects", "summary", "reference", "other_agencies")


def test_incremental_catch_up_and_full_rebuild_give_byte_identical_output(
    people: JC, store: Path, write_csv: Callable[..., Path]
) -> None:
    people("import", write_csv("police.csv", HEADER, [
        ("12/09/2019", "strategy_discussion", "Child A", "Police.", "P1", "csc"),
        ("10/09/2019", "incident", "Mr D;Child A", "Seen.", "P2", ""),
    ]), "--agency", "police")  # fmt: skip
    first = people("chronology", "--format", "json").stdout
    people("import", write_csv("csc.csv", HEADER, [
        ("12/09/2019", "strategy_discussion", "Child A", "CSC.", "C1", "police"),
        ("13/09/2019", "decision", "Child A", "S47.", "C2", ""),
    ]), "--agency", "csc")  # fmt: skip
    incremental = people("chronology", "--format", "json").stdout

    rebuilt = people("rebuild")
    after_rebuild = people("chronology", "--format", "json").stdout
    (store / "views.duckdb").unlink()
    after_delete = people("chronology", "--format", "json").stdout

    assert rebuilt.exit_code == 0 and "Rebuilt" in rebuilt.stdout
    assert first != incremental
    assert incremental == after_rebuild == after_delete
    assert incremental.count('"contact_id"') == 4


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # reads the SQLite file itself
def test_the_event_log_is_a_real_sqlite_file_holding_one_event_per_fact(
    people: JC, store: Path, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv("gp.csv", HEADER, [("01/03/2019", "appointment", "Child A", "Seen.", "G1", "")])
    people("import", extract, "--agency", "gp")
    people("import", extract, "--agency", "gp")
    with sqlite3.connect(store / "events.sqlite") as con:
        topics = [t for (t,) in con.execute("SELECT topic FROM stored_events ORDER BY rowid")]
    names = [t.rpartition(":")[2] for t in topics]
    assert names.count("ContactRecorded") == 1
    assert names.count("ExtractImported") == 1
    assert names.count("ReviewOpened") == 1 and names.count("PersonRegistered") == 4
