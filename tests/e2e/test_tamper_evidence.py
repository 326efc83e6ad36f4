"""Nothing removed unseen: an event deleted or altered in the log behind jointchron's back is named by
`verify`, even after `rebuild` or with the read model gone; and `verify` leaves no decrypted copy of the
store outside it, however it is stopped."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from support import JC, write_rows

COLUMNS = ("date", "kind", "subjects", "summary", "reference")
GP = [
    ("01/03/2019", "appointment", "Child A", "Seen with mum.", "G-1"),
    ("02/03/2019", "missed_appointment", "Child B", "Did not attend.", "G-2"),
    ("03/03/2019", "appointment", "Child B", "Seen alone.", "G-3"),
]


@contextmanager
def event_log(store: Path) -> Iterator[Any]:
    """A connection to the store's event log, as someone with sqlite3 or psql at hand would open it."""
    url = os.environ.get("JOINTCHRON_EVENTS_URL")
    if url is None:
        con = sqlite3.connect(store / "events.sqlite", isolation_level=None)
        try:
            yield _Sqlite(con)
        finally:
            con.close()
        return
    import psycopg

    base, _, schema = url.partition("?schema=")
    with psycopg.connect(base, autocommit=True) as con:
        con.execute(f'SET search_path TO "{schema}"')
        yield con


class _Sqlite:
    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    def execute(self, query: str, parameters: tuple[object, ...] = ()) -> sqlite3.Cursor:
        return self.con.execute(
            query.replace("%s", "?").replace("jointchron_events", "stored_events"), parameters
        )


def delete_one(store: Path, topic: str, where: str = "") -> None:
    with event_log(store) as log:
        found = log.execute(f"SELECT originator_id, originator_version FROM jointchron_events WHERE topic LIKE %s {where} "
                            "ORDER BY originator_id LIMIT 1", (f"%{topic}",)).fetchone()  # fmt: skip
        assert found is not None, topic
        log.execute(
            "DELETE FROM jointchron_events WHERE originator_id = %s AND originator_version = %s", found
        )


@pytest.fixture
def gp(people: JC, write_csv: Callable[..., Path]) -> Path:
    file = write_csv("gp.csv", COLUMNS, GP)
    assert people("import", file, "--agency", "gp").exit_code == 0
    return file


@pytest.mark.parametrize("then", ["rebuild", "views removed"])
def test_a_contact_recorded_event_deleted_from_the_log_is_named_by_verify(
    people: JC, gp: Path, store: Path, then: str
) -> None:
    assert people("verify").exit_code == 0
    delete_one(store, "ContactRecorded")
    if then == "rebuild":
        assert people("rebuild").exit_code == 0
    else:
        (store / "views.duckdb").unlink()

    result = people("verify")

    assert result.exit_code == 1
    assert "problem: extract gp.csv (gp, imported " in result.stderr
    assert "1 of the 3 events its import wrote are missing from the event log" in result.stderr
    assert (
        len(json_entries(people)) == 2
    )  # the deleted row is gone from every output: verify is the one to say so


def json_entries(run: JC) -> list[Any]:
    import json

    return list(json.loads(run("chronology", "--format", "json").stdout))


def test_a_contact_event_altered_in_the_log_is_named_by_verify(people: JC, gp: Path, store: Path) -> None:
    if os.environ.get("JOINTCHRON_EVENTS_URL"):
        pytest.skip("altering the stored bytes is shown on the SQLite log; deletion is shown on both")
    with event_log(store) as log:
        log.execute("UPDATE stored_events SET state = CAST(REPLACE(CAST(state AS TEXT), 'Seen alone.', "
                    "'Seen with Ms C.') AS BLOB) WHERE topic LIKE '%ContactRecorded'")  # fmt: skip
    assert people("rebuild").exit_code == 0
    assert any("Ms C" in e["summary"] for e in json_entries(people))

    result = people("verify")

    assert result.exit_code == 1
    assert "events its import wrote were changed in the event log since" in result.stderr


def test_the_amendments_and_flags_of_a_revised_extract_are_checked_too(
    people: JC, gp: Path, store: Path, write_csv: Callable[..., Path]
) -> None:
    revised = write_csv("gp v2.csv", COLUMNS, [GP[0], (*GP[1][:3], "Did not attend; letter sent.", "G-2")])
    assert people("import", revised, "--agency", "gp").exit_code == 0
    assert people("verify").exit_code == 0, people("verify").stderr

    delete_one(store, "ContactNoLongerPresent")
    result = people("verify")

    assert result.exit_code == 1
    assert "problem: extract gp v2.csv (gp, imported " in result.stderr
    assert "1 of the 2 events its import wrote are missing" in result.stderr
    assert "extract gp.csv" not in result.stderr


def test_an_import_whose_record_is_gone_is_reported_and_finished_by_importing_again(
    people: JC, gp: Path, store: Path
) -> None:
    delete_one(store, "ExtractImported")
    assert people("rebuild").exit_code == 0

    unfinished = people("verify")
    again = people("import", gp, "--agency", "gp")

    assert unfinished.exit_code == 1
    assert "extract gp.csv: the event log holds 3 events from it but no record that its import finished" in (
        unfinished.stderr
    )
    assert again.exit_code == 0, again.stderr
    verified = people("verify")
    assert verified.exit_code == 0, verified.stderr
    assert "the events of 1 extracts match what their imports recorded" in verified.stdout


def _verify_process(store: Path, system_temp: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TMPDIR": str(system_temp), "TEMP": str(system_temp), "TMP": str(system_temp)}
    # cwd: not the checkout, whose jointchron/ would shadow a non-editable install
    return subprocess.Popen([sys.executable, "-m", "jointchron.cli", "--store", str(store), "verify"], env=env,
                            cwd=store.parent, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip


def _wait_for_rebuild(store: Path, process: subprocess.Popen[bytes]) -> Path:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        found = [p for p in store.glob(".verify-*") if (p / "rebuilt.duckdb").exists()]
        if found:
            return found[0]
        assert process.poll() is None, "verify ended before its rebuild could be seen"
        time.sleep(0.005)
    raise AssertionError("verify never started its rebuild")


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL])
def test_verify_rebuilds_inside_the_store_and_leaves_nothing_however_it_is_stopped(
    people: JC, store: Path, tmp_path: Path, stop: signal.Signals
) -> None:
    rows = [(f"{1 + i % 28:02d}/{1 + i % 12:02d}/2019", "note", "Child A", f"Seen, note {i}.", f"N-{i}")
            for i in range(6000)]  # fmt: skip
    assert (
        people("import", write_rows(tmp_path / "notes.csv", COLUMNS, rows), "--agency", "school").exit_code
        == 0
    )
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()

    process = _verify_process(store, system_temp)
    folder = _wait_for_rebuild(store, process)
    assert oct(folder.stat().st_mode & 0o777) == oct(0o700)
    process.send_signal(stop)
    process.wait(timeout=60)
    left_after_stop = folder.exists()
    assert people("chronology", "--format", "json").exit_code == 0  # the next command to open the store

    assert left_after_stop == (stop == signal.SIGKILL)  # SIGTERM cleans up at once
    assert not folder.exists() and list(store.glob(".verify-*")) == []
    assert list(system_temp.iterdir()) == []
