"""An import's batches go into the SQLite event log in one statement each, and nothing else changes.

jointchron/store/sqlite_recorder.py: one `executemany` per batch, committed with `synchronous=NORMAL`;
the connection goes back to the pool at the safety level it came with.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent

from jointchron.domain.contact import ContactContent
from jointchron.domain.drafts import ContactDraft
from jointchron.importers.mapping import Mapping
from jointchron.service.review_store import opened
from jointchron.store.sqlite_recorder import BatchSQLiteRecorder
from support import JC

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # the SQLite recorder itself
HEADER = ("date", "kind", "subjects", "summary", "reference")


def test_an_import_is_saved_through_the_batch_recorder_and_leaves_the_safety_level_as_it_was(
    review: JC, store: Path, write_csv: Callable[..., Path]
) -> None:
    rows = [(f"{1 + i % 28:02d}/03/2019", "visit", "Child A", f"Seen {i}.", f"V{i}") for i in range(120)]
    extract = write_csv("visits.csv", HEADER, rows)

    with opened(store) as held:
        assert isinstance(held.app.recorder, BatchSQLiteRecorder)
        report = held.import_extract(extract, "school", Mapping.canonical(), by="test")
        recorder = held.app.recorder
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute("PRAGMA synchronous")
            level = cursor.fetchone()[0]

    assert report.counts.imported == 120
    assert level == 2  # FULL: what every other command commits with
    with sqlite3.connect(store / "events.sqlite") as con:
        (recorded,) = con.execute(
            "SELECT count(*) FROM stored_events WHERE topic LIKE '%:ContactRecorded'"
        ).fetchone()
    assert recorded == 120


def test_a_batch_holding_a_version_already_saved_is_refused_whole(review: JC, store: Path) -> None:
    with opened(store) as held:
        recorder = held.app.recorder
        assert isinstance(recorder, BatchSQLiteRecorder)
        first, second = uuid.uuid4(), uuid.uuid4()
        recorder.insert_batch([StoredEvent(first, 1, "test:Event", b"{}")])

        with pytest.raises(IntegrityError):
            recorder.insert_batch(
                [StoredEvent(second, 1, "test:Event", b"{}"), StoredEvent(first, 1, "test:Event", b"{}")]
            )

        assert len(recorder.select_events(first)) == 1
        assert recorder.select_events(second) == []  # rolled back with the batch


def test_a_value_refused_once_is_refused_again_in_the_same_words_on_every_row(
    review: JC, store: Path, write_csv: Callable[..., Path]
) -> None:
    # Each distinct cell value is converted once an import (importers/contacts.py); a refusal is remembered too.
    rows = [
        ("01/03/2019", "telephone call", "Child A", "One.", "T1"),
        ("31/02/2019", "visit", "Child A", "Two.", "T2"),
        ("02/03/2019", "telephone call", "Child A", "Three.", "T3"),
        ("31/02/2019", "visit", "Child A", "Four.", "T4"),
        ("03/03/2019", "visit", "Child A", "Five.", "T5"),
    ]
    extract = write_csv("calls.csv", HEADER, rows)

    with opened(store) as held:
        report = held.import_extract(extract, "police", Mapping.canonical(), by="test")

    refused = [(r.row, r.column, r.value, r.reason) for r in report.rejections]
    assert report.counts.imported == 1
    assert [r[:3] for r in refused] == [
        (2, "kind", "telephone call"), (3, "date", "31/02/2019"), (4, "kind", "telephone call"), (5, "date", "31/02/2019")
    ]  # fmt: skip
    assert refused[0][3] == refused[2][3] and "unknown kind" in refused[0][3]
    assert refused[1][3] == refused[3][3] and "31 February 2019 does not exist" in refused[1][3]


def test_an_import_of_a_new_agency_looks_up_only_the_rows_it_repeats(review: JC, store: Path) -> None:
    def draft(reference: str, summary: str) -> ContactDraft:
        content = ContactContent.model_validate({"agency": "gp", "date": "2019-03-01", "kind": "note",
                                                  "sender": "gp", "summary": summary, "reference": reference})  # fmt: skip
        return ContactDraft(
            "gp", content.model_dump_json().encode(), f"ref:{reference}", "gp.csv", None, 2, "x"
        )

    with opened(store) as held:
        recorded: set[int] = set()
        extract = uuid.uuid4()
        first = held.app.record_contacts(
            [draft("G1", "Seen."), draft("G2", "Seen.")], extract, "t", recorded=recorded
        )
        # A second batch repeating G1 (changed) and G2 (as it was): without the lookup, G1 would be a
        # second first version, which the event log refuses.
        second = held.app.record_contacts([draft("G1", "Seen, corrected."), draft("G2", "Seen."), draft("G3", "New.")],
                                          extract, "t", recorded=recorded)  # fmt: skip

    assert len(first.new) == 2 and len(recorded) == 3
    assert (len(second.new), len(second.amended), len(second.unchanged)) == (1, 1, 1)
    assert second.amended == [first.new[0]]
