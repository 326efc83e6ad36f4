"""An import killed mid-way leaves whole batches or nothing of a batch; running it again finishes the job."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from processes import count, events_held, spawn
from support import JC

pytestmark = pytest.mark.slow

ROWS = 6_000
BATCH = 150


def contacts_recorded(store: Path) -> int:
    """ContactRecorded events committed so far, read straight from the log while the import runs."""
    url = os.environ.get("JOINTCHRON_EVENTS_URL")
    query = "SELECT count(*) FROM {} WHERE topic LIKE '%:ContactRecorded'"
    if url is None:
        path = store / "events.sqlite"
        with sqlite3.connect(path) as con:
            row = con.execute(query.format("stored_events")).fetchone()
        return int(row[0])
    import psycopg

    schema = url.rsplit("schema=", 1)[1]
    with psycopg.connect(url.split("?")[0]) as conn:
        found = conn.execute(query.format(f'"{schema}".jointchron_events').replace("%", "%%")).fetchone()
    return int(found[0]) if found else 0


@pytest.mark.parametrize("mapper", ["rows", "columns"])
def test_a_killed_import_keeps_whole_batches_and_the_next_import_completes_it(
    review: JC, store: Path, tmp_path: Path, mapper: str
) -> None:
    extract = tmp_path / "police.csv"
    with extract.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("date", "kind", "subjects", "summary", "reference"))
        writer.writerows(
            (f"{1 + i % 28:02d}/{1 + i % 12:02d}/2019", "note", "Child A", f"Record {i}.", f"P{i:06d}")
            for i in range(ROWS)
        )

    running = spawn(store, "import", extract, "--agency", "police", JOINTCHRON_BATCH_SIZE=str(BATCH),
                    JOINTCHRON_MAPPER=mapper)  # fmt: skip
    deadline = time.monotonic() + 120
    while contacts_recorded(store) == 0 and running.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    running.send_signal(signal.SIGKILL)
    running.communicate()

    assert running.returncode == -signal.SIGKILL, "the import ended before it could be killed"
    kept = contacts_recorded(store)
    assert 0 < kept < ROWS
    assert kept % BATCH == 0  # whole batches, never part of one

    again = review("import", extract, "--agency", "police")

    assert again.exit_code == 0, again.stderr
    held = events_held(store)
    assert count(held, "ContactRecorded") == ROWS and all(n == 1 for n in held.values())
    checked = review("verify")
    assert checked.exit_code == 0, checked.stdout + checked.stderr
