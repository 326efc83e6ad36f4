"""Rows read in a worker process import exactly as rows read in the importing process (row_worker.py).

Large files are read and mapped by a forked worker while the importing process records them.
Each scenario here runs twice, in two stores, with JOINTCHRON_ROW_WORKER=never and =always, and
everything a panel sees must be the same: the report, the rejects and changes files, the people,
the chronology. The worker's own failure modes are tested on real generators.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
import time
from collections.abc import Generator
from pathlib import Path

import pytest
from click.testing import CliRunner
from workbooks import write_workbook

from jointchron.cli import main
from jointchron.domain.errors import JointchronError
from jointchron.importers.chunks import RowChunk
from jointchron.importers.row_worker import WorkerStopped, WorkerTraceback, chunks_from_worker
from jointchron.service.review_store import opened
from processes import spawn
from support import PEOPLE, PEOPLE_HEADER, Run, table_of, write_rows

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the row worker is forked: Linux only"
)

HEADER = ("date", "time", "kind", "subjects", "summary", "reference", "recipients", "tags")
ROWS = 4_500  # three chunks of rows (extract_rows.CHUNK_ROWS), the last one short


def extract_rows(revised: bool = False) -> list[tuple[str, ...]]:
    """A police extract with every kind of row: good, bad, unknown people, no reference, duplicates."""
    subjects = ("Child A", "Amy Smith", "Ben Smith; Ms C", "Zed Unknown", "Amy Smyth (dob 01/02/2012)",
                "Mr D")  # fmt: skip
    kinds = ("visit", "incident", "concern", "strategy_discussion", "note", "telephone call")
    rows = []
    for i in range(ROWS):
        if revised and i % 97 == 5:
            continue  # no longer present
        date = f"{1 + i % 28:02d}/{1 + i % 12:02d}/2019"
        if i % 211 == 7:
            date = "01/13/2019"  # month 13: rejected
        reference = "" if i % 150 == 3 else f"P{i:05d}"  # no reference: identified by content
        summary = f"Record {i % 1000}." + (" Revised." if revised and i % 50 == 1 else "")
        rows.append((date, f"{8 + i % 10:02d}:{i % 60:02d}" if i % 3 else "", kinds[i % len(kinds)],
                     subjects[i % len(subjects)], summary, reference, "csc;school" if i % 7 == 0 else "",
                     "domestic_abuse" if i % 11 == 0 else ""))  # fmt: skip
    rows += [rows[3], rows[3]]  # the same row without a reference, twice more
    if revised:
        rows += [
            ("02/12/2019", "", "note", "Child A", "New in the revision.", f"N{i}", "", "") for i in range(30)
        ]
    return rows


def write(path: Path, rows: list[tuple[str, ...]]) -> Path:
    return write_rows(path, HEADER, rows)


class Store:
    """One store, all of whose imports read rows in one way (the worker's setting)."""

    def __init__(self, root: Path, worker: str) -> None:
        self.root, self.worker = root, worker

    def run(self, *args: str | Path) -> Run:
        env = {"JOINTCHRON_ROW_WORKER": self.worker, "JOINTCHRON_EVENTS_URL": None, "JOINTCHRON_STORE": None}
        result = CliRunner().invoke(main, ["--store", str(self.root), *map(str, args)], env=env,
                                    catch_exceptions=False)  # fmt: skip
        return Run(result.exit_code, result.stdout, result.stderr)

    def seen(self, *args: str | Path) -> tuple[int, str, str]:
        """What a command shows, with this store's own path and the times in report file names taken out."""
        result = self.run(*args)
        shown = (_timeless(text.replace(str(self.root), "STORE")) for text in (result.stdout, result.stderr))
        return result.exit_code, *shown

    def report_files(self) -> dict[str, str]:
        """The rejects and changes files, by folder and name."""
        return {_timeless(str(p.relative_to(self.root))): p.read_text(encoding="utf-8-sig")
                for p in sorted(self.root.rglob("*.csv"))}  # fmt: skip


def _timeless(text: str) -> str:
    return re.sub(r"-\d{8}-\d{6}", "-TIME", text)


@pytest.fixture
def stores(tmp_path: Path) -> tuple[Store, Store]:
    people = tmp_path / "people.csv"
    with people.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([PEOPLE_HEADER, *PEOPLE])
    pair = Store(tmp_path / "here", "never"), Store(tmp_path / "worker", "always")
    for store in pair:
        assert store.run("init", "--title", "T", "--from", "01/01/2019", "--to", "31/12/2019").exit_code == 0
        assert store.run("people", "import", people).exit_code == 0
    return pair


def same_everywhere(stores: tuple[Store, Store], *command: str | Path) -> tuple[int, str, str]:
    here, worker = (store.seen(*command) for store in stores)
    assert here == worker
    return here


def test_an_extract_read_by_the_worker_imports_exactly_as_one_read_here(stores: tuple[Store, Store],
                                                                       tmp_path: Path) -> None:  # fmt: skip
    extract = write(tmp_path / "police.csv", extract_rows())

    code, out, err = same_everywhere(stores, "import", extract, "--agency", "police")

    assert code == 3, err  # imported, with rejected rows
    assert "Unconfirmed" in out + err  # unknown subjects were registered and reported
    here, worker = stores
    assert here.report_files() == worker.report_files()
    assert any("01/13/2019" in text for text in here.report_files().values())
    chronology = same_everywhere(stores, "chronology", "--format", "json")[1]
    assert len(json.loads(chronology)) > 3_000
    same_everywhere(stores, "people", "list")
    same_everywhere(stores, "verify")


def test_a_revised_extract_read_by_the_worker_is_reconciled_as_one_read_here(stores: tuple[Store, Store],
                                                                            tmp_path: Path) -> None:  # fmt: skip
    first = write(tmp_path / "police.csv", extract_rows())
    revised = write(tmp_path / "police v2.csv", extract_rows(revised=True))
    same_everywhere(stores, "import", first, "--agency", "police")

    code, out, err = same_everywhere(stores, "import", revised, "--agency", "police")

    assert code == 3, err
    counts = table_of(out + err)
    assert (
        int(counts["amended"]) > 0 and int(counts["no longer present"]) > 0 and int(counts["unchanged"]) > 0
    )
    here, worker = stores
    assert here.report_files() == worker.report_files()
    same_everywhere(stores, "chronology", "--format", "json")
    same_everywhere(stores, "import", revised, "--agency", "police")  # the same file again: nothing changes


def test_a_workbook_of_several_sheets_read_by_the_worker_imports_as_one_read_here(
    stores: tuple[Store, Store], tmp_path: Path
) -> None:
    rows = extract_rows()
    workbook = write_workbook(tmp_path / "police.xlsx", {
        "Incidents": [("Police extract, 2019",), (), HEADER, *rows[:2_500]],
        "Notes": [HEADER, *rows[2_500:]],
    })  # fmt: skip

    code, _, err = same_everywhere(stores, "import", workbook, "--agency", "police")

    assert code == 3, err
    same_everywhere(stores, "chronology", "--format", "json")


def test_a_file_error_found_by_the_worker_is_the_same_one_line_answer(stores: tuple[Store, Store],
                                                                     tmp_path: Path) -> None:  # fmt: skip
    extract = tmp_path / "police.csv"
    with extract.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([("when", "what", "who"), *[("01/02/2019", "visit", "Child A")] * 3_000])

    code, out, err = same_everywhere(stores, "import", extract, "--agency", "police")

    assert code == 1 and err.startswith("error: ") and err.count("\n") == 1, out + err
    assert "date" in err


def chunks(*items: object) -> Generator[RowChunk, None, None]:
    for item in items:
        if isinstance(item, BaseException):
            raise item
        if item == "exit":
            os._exit(7)
        yield RowChunk(read=int(str(item)))


def test_chunks_come_from_the_worker_in_order() -> None:
    got = [c.read for c in chunks_from_worker(lambda: chunks(*range(1, 40)), ahead=3)]
    assert got == list(range(1, 40))


def test_an_error_in_the_worker_is_raised_here_after_the_chunks_before_it() -> None:
    got: list[int] = []
    with pytest.raises(JointchronError, match="no header row") as raised:
        for chunk in chunks_from_worker(lambda: chunks(1, 2, JointchronError("no header row")), ahead=2):
            got.append(chunk.read)
    assert got == [1, 2]
    assert isinstance(raised.value.__cause__, WorkerTraceback)
    assert "in the row worker" in str(raised.value.__cause__)


class Unrebuildable(Exception):
    def __init__(self, a: str, b: str) -> None:
        super().__init__(f"{a} {b}")


def test_an_error_that_cannot_cross_to_this_process_is_still_raised_here() -> None:
    with pytest.raises(RuntimeError, match="Unrebuildable"):
        list(chunks_from_worker(lambda: chunks(1, Unrebuildable("x", "y")), ahead=2))


def test_a_worker_that_dies_is_one_clear_error_not_a_hang() -> None:
    started = time.monotonic()
    with pytest.raises(WorkerStopped, match="exit status 7"):
        list(chunks_from_worker(lambda: chunks(1, "exit"), ahead=2))
    assert time.monotonic() - started < 60


def test_a_worker_left_behind_is_stopped() -> None:
    before = children()
    reading = chunks_from_worker(lambda: chunks(*range(1, 1_000)), ahead=2)
    assert next(reading).read == 1
    assert len(children() - before) == 1
    reading.close()  # the import failed while recording: the worker, blocked on a full queue, is stopped
    assert children() == before


def children() -> set[str]:
    """Ids of this process's live child processes."""
    found = set()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        if f"PPid:\t{os.getpid()}\n" in status and "State:\tZ" not in status:
            found.add(pid)
    return found


@pytest.mark.parametrize("worker", ["never", "always"])
def test_every_agency_a_file_names_is_registered_the_recording_one_too(tmp_path: Path, worker: str) -> None:
    store = Store(tmp_path / "store", worker)
    assert store.run("init", "--title", "T", "--from", "01/01/2019", "--to", "31/12/2019").exit_code == 0
    # Rows the police hold, all sent by others: no row names the police. Whole batches only (2 x 1,000),
    # so that no short last batch is left to carry the agencies named last.
    extract = write_rows(tmp_path / "police.csv", ("date", "kind", "subjects", "summary", "sender", "recipients"),
                         [("01/02/2019", "referral", "Child A", "Referred.", "school", "csc")] * 2_000)  # fmt: skip

    running = spawn(store.root, "import", extract, "--agency", "police", JOINTCHRON_BATCH_SIZE="1000",
                    JOINTCHRON_ROW_WORKER=worker)  # fmt: skip
    _, err = running.communicate()

    assert running.returncode == 0, err
    with opened(store.root) as held:
        codes = dict(held.views().execute("SELECT code, sector FROM agencies").fetchall())
    assert codes == {"police": "police", "school": "education", "csc": "social_care"}
