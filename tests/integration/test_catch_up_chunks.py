"""The read model is the same however its catch-up is cut: in small chunks, in one, or killed and resumed.

A seeded review of a few thousand events of every kind the read model folds (contacts recorded,
amended by a revised extract and by hand, withdrawn and reinstated, no longer present and
reappeared; people registered, unconfirmed and merged; relationships; the panel's work; a
redaction) is caught up into fresh DuckDB files. Every table must hold the same rows as a catch-up
in one chunk, and a catch-up killed (as `kill -9` would, no clean-up) before or after one of its
commits must, when run again, end with the same tables: each chunk's rows are stored together with
the position they bring the read model to.
"""

from __future__ import annotations

import datetime
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jointchron.projections import catchup
from jointchron.projections.schema import TABLES
from jointchron.service.review_store import Store
from support import PEOPLE, PEOPLE_HEADER, write_rows

HEADER = ("date", "time", "kind", "subjects", "summary", "practitioner", "reference", "other_agencies",
          "tags")  # fmt: skip
KINDS = ("visit", "incident", "strategy_discussion", "referral", "note", "concern")
AGENCIES = ("police", "csc", "gp")
# Child E, Child F and Mr G are not in the register: their records make unconfirmed people.
SUBJECTS = ("Child A", "Child B", "Ms C", "Mr D", "Child E", "Child F", "Mr G")
ROWS = 450  # per agency and extract: with the revisions and corrections, about 2,500 events
KILLED = 70  # the exit code of a catch-up killed on purpose


def extract_rows(agency: str, version: int) -> list[tuple[str, ...]]:
    """An agency's extract: version 2 amends some rows and drops others, version 3 brings the dropped back."""
    start = datetime.date(2019, 1, 1)
    rows = []
    for i in range(ROWS):
        rng = random.Random(f"{agency}-{i}")  # a row is the same in every version but for the changes below
        day = start + datetime.timedelta(days=rng.randrange(120))
        subjects = ";".join(rng.sample(SUBJECTS, rng.choice((1, 1, 2))))
        summary = f"{agency} record {i}: seen with {subjects}."
        if i % 9 == 4 and (version == 2 or (version == 3 and i % 2)):
            continue  # no longer present in version 2; back in version 3 when i is even
        if version >= 2 and i % 7 == 3:
            summary += " Revised."
        others = rng.choice(("", "", "police", "csc;gp"))
        rows.append((day.strftime("%d/%m/%Y"), rng.choice(("", "09:30", "14:05")), rng.choice(KINDS), subjects,
                     summary, f"Worker {rng.randrange(9)}", f"{agency}-{i}", others,
                     rng.choice(("", "", "domestic_abuse", "neglect;housing"))))  # fmt: skip
    if version == 3:
        rows.append(
            ("01/04/2019", "", "note", "Child A", f"{agency}: new in version 3.", "", f"{agency}-new", "", "")
        )
    return rows


def build_review(where: Path) -> Store:
    rng = random.Random(15)
    store = Store.create(where / "store")
    store.init_review("Chunks", "england", datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))
    store.import_people(write_rows(where / "people.csv", PEOPLE_HEADER, PEOPLE))
    relationships = write_rows(where / "rel.csv", ("from", "relation", "to", "from_date", "to_date", "source", "note"),
                               [("Ms C", "parent_of", "Child A", "", "", "csc", ""),
                                ("Mr D", "partner_of", "Ms C", "01/01/2018", "", "police", "moved in")])  # fmt: skip
    store.import_relationships(relationships)
    for version in (1, 2, 3):
        for agency in AGENCIES:
            name = where / f"{agency}-v{version}.csv"
            store.import_extract(write_rows(name, HEADER, extract_rows(agency, version)), agency)
    store.merge_people("Child E", "Child A", "the same child", by="Analyst")
    store.merge_people("Mr G", "Mr D", "the same man", by="Analyst")
    ids = sorted(str(s["contact_id"]) for e in store.entries() for s in e["sources"])
    assert len(ids) > 2 * ROWS, len(ids)
    for cid in rng.sample(ids, 12):
        store.amend(cid, [f"summary=Corrected by hand {cid[:6]}."], "typo", by="Analyst")
    withdrawn = rng.sample(ids, 10)
    for cid in withdrawn:
        store.withdraw(cid, "duplicate", by="Analyst")
    for cid in withdrawn[:4]:
        store.reinstate(cid, "not a duplicate after all", by="Analyst")
    police = next(e for e in store.extracts() if e["agency"] == "police")
    store.withdraw_extract(str(police["id"]), "wrong file", by="Analyst")
    store.reinstate_extract(str(police["id"]), "the right file after all", by="Analyst")
    entry = ids[0]
    note = store.add_note(entry, "Child A was seen alone", by="Panel chair")
    store.mark(entry, True, "first sight")
    store.add_episode("Spring", datetime.date(2019, 3, 1), datetime.date(2019, 4, 30), [entry])
    question = store.ask("police", "Who was told?", about=entry)
    store.answer(question.id, "Nobody", by="Police IMR author")
    gaps = store.gap_records()
    if gaps:
        store.judge(str(gaps[0]["id"]), "accept", "no follow-up")
    store.retract(note.id, "said twice")
    store.add_redaction("Worker 3", "[practitioner]", by="Analyst")
    return store


def tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = catchup.connect(path)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
    finally:
        con.close()


def caught_up(store: Store, path: Path, page_size: int) -> dict[str, list[tuple[Any, ...]]]:
    con = catchup.connect(path)
    try:
        catchup.catch_up(con, store.app.recorder, store.app.mapper, page_size=page_size)  # type: ignore[arg-type]
    finally:
        con.close()
    return tables(path)


@pytest.fixture
def review(tmp_path: Path, backend: str) -> Iterator[Store]:
    store = build_review(tmp_path)
    yield store
    store.close()


def test_catch_up_in_chunks_and_in_one_fill_every_table_alike(review: Store, tmp_path: Path) -> None:
    events = review.app.recorder.max_notification_id() or 0
    review.views()
    review.release_views()
    incremental = tables(review.path / "views.duckdb")  # caught up after every command, as a user's would be
    whole = caught_up(review, tmp_path / "whole.duckdb", page_size=10**9)
    chunked = caught_up(review, tmp_path / "chunks.duckdb", page_size=97)

    assert events > 2_000
    assert whole["tracking"] == [("events", events)]
    names = {name for (_, name) in _topics(review)}
    assert {"ContactRecorded", "ContactAmended", "ContactWithdrawn", "ContactReinstated", "ContactNoLongerPresent",
            "ContactReappeared", "PersonRegistered", "PersonMerged", "RelationshipRecorded", "NoteAdded",
            "AnnotationWithdrawn", "EpisodeAdded", "QuestionAnswered", "RedactionAdded"} <= names  # fmt: skip
    counted = {t: len(rows) for t, rows in whole.items()}
    assert counted["contacts"] > 2 * ROWS and counted["people"] == 7 and counted["relationships"] == 2
    assert counted["extracts"] == 9 and counted["panel_events"] >= 6 and counted["near_matches"] > 0
    assert len(whole["entry_members"]) > len({e for e, _ in whole["entry_members"]})  # some entries are joint
    for table in TABLES:
        assert chunked[table] == whole[table], table
        assert incremental[table] == whole[table], table


def test_a_catch_up_killed_at_a_commit_and_run_again_fills_every_table_alike(
    review: Store, tmp_path: Path
) -> None:
    review.release_views()
    whole = caught_up(review, tmp_path / "whole.duckdb", page_size=10**9)
    for when, nth in (("before", 9), ("after", 9), ("after", 14)):
        killed = tmp_path / f"killed-{when}-{nth}.duckdb"
        child = subprocess.run([sys.executable, "-c", KILL, str(review.path), str(killed), when, str(nth)],
                               cwd=tmp_path, capture_output=True, text=True, env=os.environ)  # fmt: skip
        assert child.returncode == KILLED, child.stderr[-2000:]
        con = catchup.connect(killed)
        reached = catchup.position(con)
        con.close()
        assert 0 < reached < whole["tracking"][0][1]

        resumed = caught_up(review, killed, page_size=97)

        for table in TABLES:
            assert resumed[table] == whole[table], (when, table)


# Text a JSON parser could get wrong: escapes, quotes, backslashes, line and paragraph separators,
# characters outside the Basic Multilingual Plane, right-to-left text and combining marks.
AWKWARD = ('He said "no" \\ then left.\nNext line\ttabbed', "Emoji 😀 and 𝄞 clef", "\u2028 and \u2029 separators",
           "שלום right to left", "e\u0301 combining, \x07 bell, \x1b[2J escape", "{\"json\": [1, 2]} \\u0041")  # fmt: skip


def test_each_contact_row_holds_its_recorded_events_fields_as_json_loads_reads_them(
    tmp_path: Path, backend: str
) -> None:
    store = Store.create(tmp_path / "store")
    store.init_review("Text", "england", datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))
    store.import_people(write_rows(tmp_path / "people.csv", PEOPLE_HEADER, PEOPLE))
    rows = [(f"{day:02d}/03/2019", "12:3" + str(day % 10), KINDS[day % 6], "Child A;Mr G", text, f"Dr {text[:9]}",
             f"R{day}", "csc", "neglect;housing") for day, text in enumerate(AWKWARD, start=1)]  # fmt: skip
    store.import_extract(write_rows(tmp_path / "police.csv", HEADER, rows), "police")
    views = store.views()
    names = [d[0] for d in views.execute("SELECT * FROM contacts LIMIT 0").description]
    held = {
        r[0]: dict(zip(names, r, strict=True)) for r in views.execute("SELECT * FROM contacts").fetchall()
    }
    recorded = [
        n for n in store.app.recorder.select_notifications(1, 10**6) if n.topic.endswith(":ContactRecorded")
    ]

    assert len(recorded) == len(AWKWARD) == len(held)
    for notification in recorded:
        state = store.app.mapper.decode_state(notification)  # type: ignore[attr-defined]
        row = held[str(notification.originator_id)]
        expected = {**state["content"], **state["source"], "version": 1, "amended": False, "withdrawn": False,
                    "no_longer_present": False}  # fmt: skip
        shown = {
            k: v.isoformat() if hasattr(v, "isoformat") and k != "stored_at" else v for k, v in row.items()
        }
        assert {k: shown[k] for k in expected} == expected
        assert row["stored_at"] == datetime.datetime.fromisoformat(state["timestamp"])
    # The importer tidies some of it (separators, spaces); quotes, backslashes, escapes and emoji stay.
    assert {AWKWARD[0], AWKWARD[1], AWKWARD[5]} <= {r["summary"] for r in held.values()}
    store.close()


# The catch-up, in a process of its own, dies without clean-up at its Nth commit: just before it
# (that chunk's rows are lost with its position) or just after (the next chunk is not begun).
KILL = f"""
import os, sys
from pathlib import Path
from jointchron.projections import catchup
from jointchron.service.review_store import Store

store_dir, path, when, nth = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])

class Dying:
    commits = 0
    def __init__(self, con):
        self.con = con
    def _commit(self, run):
        Dying.commits += 1
        if Dying.commits == nth and when == "before":
            os._exit({KILLED})
        result = run()
        if Dying.commits == nth and when == "after":
            os._exit({KILLED})
        return result
    def execute(self, query, *args):
        if query.strip().upper() == "COMMIT":
            return self._commit(lambda: self.con.execute(query, *args))
        return self.con.execute(query, *args)
    def commit(self):
        return self._commit(self.con.commit)
    def __getattr__(self, name):
        return getattr(self.con, name)

store = Store.open(Path(store_dir))
con = catchup.connect(path)
catchup.catch_up(Dying(con), store.app.recorder, store.app.mapper, page_size=97)
"""


def _topics(store: Store) -> list[tuple[int, str]]:
    notifications = store.app.recorder.select_notifications(1, 10**9)
    return [(n.id, n.topic.rpartition(":")[2]) for n in notifications]
