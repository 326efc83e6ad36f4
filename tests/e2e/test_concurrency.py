"""Several reviewers at once: two importers and an amendment racing on one store lose and double nothing."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from processes import count, events_held, spawn
from support import JC

pytestmark = pytest.mark.slow

HEADER = ("date", "kind", "subjects", "summary", "reference")


def rows(first: int, last: int) -> list[tuple[str, ...]]:
    # Every seventh row names someone the register lacks, so both importers register the same new person.
    return [
        (f"{1 + i % 28:02d}/{1 + i % 12:02d}/2019", "note", "Zed Unknown" if i % 7 == 0 else "Child A",
         f"Custody record {i}.", f"R{i:04d}")
        for i in range(first, last + 1)
    ]  # fmt: skip


def test_two_importers_and_an_amendment_at_once_store_every_event_once_and_agree_with_a_rebuild(
    people: JC, store: Path, write_csv: Callable[..., Path]
) -> None:
    base = write_csv("school.csv", HEADER, [("01/03/2019", "note", "Child B", "Base record.", "B1")])
    assert people("import", base, "--agency", "school").exit_code == 0
    contact = json.loads(people("chronology", "--format", "json").stdout)[0]["sources"][0]["contact_id"]
    # Rows 151–300 are in both files, identical: the importers race for the same records.
    custody = write_csv("custody.csv", HEADER, rows(1, 300))
    intelligence = write_csv("intelligence.csv", HEADER, rows(151, 450))

    running = [
        spawn(store, "import", custody, "--agency", "police", JOINTCHRON_BATCH_SIZE="25"),
        spawn(store, "import", intelligence, "--agency", "police", JOINTCHRON_BATCH_SIZE="25"),
        spawn(
            store, "amend", contact, "--set", "summary=Amended meanwhile.", "--reason", "typo", "--by", "lead"
        ),
    ]
    finished = [(p.wait(timeout=300), *p.communicate()) for p in running]

    for code, stdout, stderr in finished:
        assert code == 0, stderr
        assert "Traceback" not in stdout + stderr
    held = events_held(store)
    assert all(n == 1 for n in held.values())  # no event twice
    assert count(held, "ContactRecorded") == 451
    assert count(held, "ContactAmended") == 1  # the hand amendment; identical rows amend nothing
    assert count(held, "PersonRegistered") == 4 + 1  # the register, and Zed Unknown once
    entries = people("chronology", "--format", "json").stdout
    references = sorted(s["reference"] for e in json.loads(entries) for s in e["sources"])
    assert references == sorted(["B1", *(f"R{i:04d}" for i in range(1, 451))])
    assert "Amended meanwhile." in entries
    assert people("rebuild").exit_code == 0
    assert people("chronology", "--format", "json").stdout == entries
    checked = people("verify")
    assert checked.exit_code == 0, checked.stdout + checked.stderr


@contextmanager
def writes_held(store: Path) -> Iterator[Callable[[], int]]:
    """Holds the event log's write lock (readers go on); yields how many writers are waiting, if it can tell."""
    url = os.environ.get("JOINTCHRON_EVENTS_URL")
    if url is None:
        con = sqlite3.connect(store / "events.sqlite", isolation_level=None)
        con.execute("BEGIN IMMEDIATE")
        try:
            yield lambda: -1  # SQLite cannot say who waits for its lock
        finally:
            con.execute("ROLLBACK")
            con.close()
        return
    import psycopg

    schema = url.rsplit("schema=", 1)[1]
    with psycopg.connect(url.split("?")[0]) as conn:
        conn.execute(f'LOCK TABLE "{schema}".jointchron_events IN EXCLUSIVE MODE')
        with psycopg.connect(url.split("?")[0], autocommit=True) as watcher:

            def waiting() -> int:
                row = watcher.execute(
                    "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = %s::regclass",
                    [f'"{schema}".jointchron_events'],
                ).fetchone()
                return int(row[0]) if row else 0

            yield waiting
        conn.rollback()


def blocked(processes: list[subprocess.Popen[str]], waiting: Callable[[], int]) -> bool:
    """Whether every process is waiting for the write lock, having read what it needs."""
    if any(p.poll() is not None for p in processes):
        return True  # finished early: the assertions will say why
    if waiting() >= 0:
        return waiting() == len(processes)
    before = [cpu_seconds(p.pid) for p in processes]
    time.sleep(0.5)
    return before == [cpu_seconds(p.pid) for p in processes] and min(before) > 0.3


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_importers_that_decided_on_the_same_records_at_once_retry_and_store_each_once(
    people: JC, store: Path, write_csv: Callable[..., Path]
) -> None:
    first = write_csv("custody.csv", HEADER, rows(1, 100))
    second = write_csv("intelligence.csv", HEADER, rows(1, 100)[::-1])

    with writes_held(store) as waiting:
        running = [
            spawn(store, "import", f, "--agency", "police", JOINTCHRON_BATCH_SIZE="10")
            for f in (first, second)
        ]
        deadline = time.monotonic() + 60
        while not blocked(running, waiting) and time.monotonic() < deadline:
            time.sleep(0.1)
    # Both read the store before either could write: the second writer finds its records taken.
    finished = [(p.wait(timeout=120), *p.communicate()) for p in running]

    for code, _, stderr in finished:
        assert code == 0, stderr
    held = events_held(store)
    assert all(n == 1 for n in held.values())
    assert count(held, "ContactRecorded") == 100
    assert count(held, "AgencyRegistered") == 1 and count(held, "PersonRegistered") == 4 + 1
