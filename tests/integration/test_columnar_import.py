"""Rows mapped column by column import exactly as rows mapped one at a time (importers/columnar.py).

Each scenario runs twice, in two stores: one maps every row with the row mapper
(JOINTCHRON_MAPPER=rows), the other column by column (=columns). Everything stored and shown
must be the same: the stored events byte for byte (ids, versions, topics and states, the moment
they were saved aside), the report, the rejects and changes files, the people, the chronology.
The rows are seeded random mixes of every kind of cell: dates of every precision, times, kinds
known and unknown, tags, several subjects, agencies in cells, every reason a row is refused,
rows repeated with and without a reference, and revised extracts.
"""

from __future__ import annotations

import csv
import json
import random
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from workbooks import write_workbook

from jointchron.cli import main
from jointchron.service.review_store import opened
from processes import spawn
from support import PEOPLE, PEOPLE_HEADER, Run, table_of, write_rows

HEADER = ("date", "time", "kind", "subjects", "summary", "reference", "recipients", "participants", "sender",
          "tags", "recorded", "practitioner", "outcome")  # fmt: skip
# Good values, then (after None) values that refuse a row, drawn once in RARE draws.
CELLS = {
    "date": ["01/02/2019", "2019-02-01", "Feb 2019", "2019", "c. 2019", "01/02/2019 09:30", "14/03/2019",
             " 05/06/2019 ", "03/2019", "01/02/2019 00:00", None, "31/02/2019", "01/13/2019", "", "not a date"],
    "time": ["", "", "09:30", "9.05", "23:59", "00:00", "14:30:15", " 10:15", None, "24:00", "noon"],
    "kind": ["visit", "Visit", "strategy_discussion", "meeting", "note", "concern", "referral", "incident",
             None, "telephone call", "", "home visit"],
    "subjects": ["Child A", "Child A; Child B", "Child B (01/02/2012)", "Amy Smith", "Mr D; Ms C", "Zed Unknown",
                 "Amy Smyth (dob 01/02/2012)", "Child A;Child A", None, "", " ; "],
    "recipients": ["", "", "", "csc", "csc; gp", "Children's Social Care", "CSC", "school", None,
                   "no such agency!", "nowhere"],
    "participants": ["", "", "", "school", "police; csc", "gp", None, "the neighbours"],
    "sender": ["", "", "", "", "school", "police", "csc", None, "csc; gp"],
    "tags": ["", "", "domestic_abuse", "Domestic Abuse", "cp; s47", "neglect", None, "!!"],
    "recorded": ["", "", "", "02/02/2019", None, "2019-13-40"],
    "practitioner": ["", "PC Jones", "Worker  7", "Dr Ng", None],
    "outcome": ["", "", "NFA", "referred on", None],
}  # fmt: skip
RARE = 0.02
SUMMARIES = ["Seen at home.", "Seen \u2014 alone", 'quote " and \\ slash', "  untidy   spaces ", "two\nlines",
             "tab\there", "", "caf\u00e9 \U0001f600", "ends with a space "]  # fmt: skip


def random_rows(
    seed: int, count: int, revised_from: list[tuple[str, ...]] | None = None
) -> list[tuple[str, ...]]:
    """`count` rows of random cells; a revision of `revised_from` amends, drops and adds some of its rows."""
    rng = random.Random(seed)
    if revised_from is not None:
        rows = [row for row in revised_from if rng.random() > 0.03]  # some no longer present
        for i in rng.sample(range(len(rows)), len(rows) // 20):  # some amended
            rows[i] = (*rows[i][:4], rows[i][4] + " Revised.", *rows[i][5:])
        return rows + random_rows(seed + 1, count // 30)
    rows = []
    for i in range(count):
        row = {name: _cell(rng, values) for name, values in CELLS.items()}
        if row["date"].startswith("c."):
            row["time"] = ""  # an approximate date with a time is stored, but the chronology refuses it
        row["summary"] = f"{rng.choice(SUMMARIES)} {i % 300}"
        row["reference"] = rng.choice(
            ["", f"R{i:05d}", f"R{i:05d}", f"R{i:05d}", f"R{rng.randrange(40):05d}"]
        )
        rows.append(tuple(row.get(name, "") for name in HEADER))
    rows += [rows[3], rows[3], rows[10]]  # repeated rows, with and without a reference
    return rows


def _cell(rng: random.Random, values: list[str | None]) -> str:
    good, bad = values[: values.index(None)], values[values.index(None) + 1 :]
    return rng.choice(bad if bad and rng.random() < RARE * len(bad) else good)  # type: ignore[return-value]


def write_extract(path: Path, rows: list[tuple[str, ...]]) -> Path:
    write_rows(path, HEADER, rows)
    # What only the careful reader handles: a byte that is not UTF-8, an unclosed quote, a ragged row.
    with path.open("ab") as handle:
        handle.write(b"14/03/2019,,visit,Child A,Caf\x81 bill,RX1,,,,,,,\r\n")
        handle.write(b'15/03/2019,,visit,Child A,"never closed,RX2,,,,,,,\r\n')
        handle.write(b"16/03/2019,,visit,Child A,ragged,RX3,,,,,,,,,extra\r\n")
        handle.write(b"17/03/2019,,visit,Child A,short row,RX4\r\n")
    return path


class Store:
    """One store, all of whose imports map rows one way."""

    def __init__(self, root: Path, mapper: str) -> None:
        self.root, self.mapper = root, mapper

    def run(self, *args: str | Path) -> Run:
        env = {"JOINTCHRON_MAPPER": self.mapper, "JOINTCHRON_EVENTS_URL": None, "JOINTCHRON_STORE": None}
        result = CliRunner().invoke(main, ["--store", str(self.root), *map(str, args)], env=env,
                                    catch_exceptions=False)  # fmt: skip
        return Run(result.exit_code, result.stdout, result.stderr)

    def seen(self, *args: str | Path) -> tuple[int, str, str]:
        """What a command shows, with this store's own path and the times in report file names taken out."""
        result = self.run(*args)
        shown = (_timeless(text.replace(str(self.root), "STORE")) for text in (result.stdout, result.stderr))
        return result.exit_code, *shown

    def report_files(self) -> list[tuple[str, str]]:
        """The rejects and changes files: folder and name, and text."""
        return sorted((_timeless(str(p.relative_to(self.root))), p.read_text(encoding="utf-8-sig"))
                      for p in self.root.rglob("*.csv"))  # fmt: skip

    def stored_events(self) -> list[tuple[str, int, str, bytes]]:
        """Every stored event, in the order saved, with the moment it was saved taken out."""
        with sqlite3.connect(self.root / "events.sqlite") as con:
            found = con.execute(
                "SELECT originator_id, originator_version, topic, state FROM stored_events ORDER BY rowid"
            ).fetchall()
        # An audit entry's id is random (domain/audit.py): it is left out, what it says is compared. An
        # extract's digest hashes its events' bytes, moments included (store/extract_digest.py).
        return [
            ("" if t.endswith(":CommandRecorded") else i, v, t, _MOMENT.sub(b"", s)) for i, v, t, s in found
        ]


_MOMENT = re.compile(rb'"timestamp":"[^"]*"|"digest":"[0-9a-f]*"')


def _timeless(text: str) -> str:
    # A second report on the same file within the same second is named with a -2 after the moment.
    return re.sub(r"-\d{8}-\d{6}(-\d+)?", "-TIME", text)


@pytest.fixture
def stores(tmp_path: Path) -> tuple[Store, Store]:
    people = tmp_path / "people.csv"
    with people.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([PEOPLE_HEADER, *PEOPLE])
    pair = Store(tmp_path / "rows", "rows"), Store(tmp_path / "columns", "columns")
    for store in pair:
        assert store.run("init", "--title", "T", "--from", "01/01/2019", "--to", "31/12/2019").exit_code == 0
        assert store.run("people", "import", people).exit_code == 0
    return pair


def same_everywhere(stores: tuple[Store, Store], *command: str | Path) -> tuple[int, str, str]:
    by_rows, by_columns = (store.seen(*command) for store in stores)
    assert by_rows == by_columns
    return by_rows


def same_store(stores: tuple[Store, Store]) -> None:
    by_rows, by_columns = stores
    assert by_rows.stored_events() == by_columns.stored_events()
    assert by_rows.report_files() == by_columns.report_files()
    code, chronology, _ = same_everywhere(stores, "chronology", "--format", "json")
    assert code == 0 and json.loads(chronology)
    same_everywhere(stores, "people", "list")
    assert same_everywhere(stores, "verify")[0] == 0


def test_random_rows_mapped_by_columns_are_stored_byte_for_byte_as_rows_mapped_one_at_a_time(
    stores: tuple[Store, Store], tmp_path: Path
) -> None:
    rows = random_rows(seed=15, count=3_000)
    extract = write_extract(tmp_path / "police.csv", rows)

    code, out, err = same_everywhere(stores, "import", extract, "--agency", "police")

    assert code == 3, err  # imported, with rejected rows
    counts = table_of(out + err)
    assert int(counts["contacts imported"]) > 1_500 and int(counts["rows rejected"]) > 300, counts
    rejects = "".join(text for _, text in stores[0].report_files())
    for reason in ("unknown kind", "no subject", "not a time", "not an agency code", "a tag needs", "0x81",
                   "never closed", "the header has", "comes from one agency"):  # fmt: skip
        assert reason in rejects, reason
    same_store(stores)

    revised = write_extract(tmp_path / "police v2.csv", random_rows(seed=16, count=3_000, revised_from=rows))
    code, out, err = same_everywhere(stores, "import", revised, "--agency", "police")

    assert code == 3, err
    counts = table_of(out + err)
    assert (
        int(counts["amended"]) > 0 and int(counts["no longer present"]) > 0 and int(counts["unchanged"]) > 0
    )
    same_store(stores)
    same_everywhere(stores, "import", revised, "--agency", "police")  # the same file again: nothing changes
    same_store(stores)


def test_an_extract_with_end_dates_and_no_references_is_stored_as_rows_mapped_one_at_a_time(
    stores: tuple[Store, Store], tmp_path: Path
) -> None:
    rng = random.Random(3)
    rows = [(rng.choice(CELLS["date"]), rng.choice(["", "", "28/02/2019", "01/01/2018", "nope"]),
             rng.choice(CELLS["kind"]), rng.choice(CELLS["subjects"]), f"Note {i % 50}", rng.choice(["", "", f"E{i}"]))
            for i in range(2_000)]  # fmt: skip
    extract = write_rows(
        tmp_path / "csc.csv", ("date", "end_date", "kind", "subjects", "summary", "reference"), rows
    )

    code, _, err = same_everywhere(stores, "import", extract, "--agency", "csc")

    assert code == 3, err
    same_store(stores)


def test_a_workbook_of_several_sheets_imports_as_rows_mapped_one_at_a_time(
    stores: tuple[Store, Store], tmp_path: Path
) -> None:
    rows = random_rows(seed=4, count=2_000)
    workbook = write_workbook(tmp_path / "police.xlsx", {
        "Incidents": [("Police extract, 2019",), (), HEADER, *rows[:1_200]],
        "Notes": [HEADER, *rows[1_200:]],
    })  # fmt: skip

    code, _, err = same_everywhere(stores, "import", workbook, "--agency", "police")

    assert code == 3, err
    same_store(stores)


def test_a_file_error_is_the_same_one_line_answer_both_ways(
    stores: tuple[Store, Store], tmp_path: Path
) -> None:
    extract = tmp_path / "police.csv"
    with extract.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([("when", "what", "who"), *[("01/02/2019", "visit", "Child A")] * 3_000])

    code, out, err = same_everywhere(stores, "import", extract, "--agency", "police")

    assert code == 1 and err.startswith("error: ") and err.count("\n") == 1, out + err
    assert "date" in err


def test_the_chronology_of_random_rows_holds_the_rows_imported(
    stores: tuple[Store, Store], tmp_path: Path
) -> None:
    extract = write_extract(tmp_path / "police.csv", random_rows(seed=5, count=1_500))
    _, out, err = same_everywhere(stores, "import", extract, "--agency", "police")

    chronology = json.loads(same_everywhere(stores, "chronology", "--format", "json")[1])

    assert len(chronology) >= int(table_of(out + err)["contacts imported"]) > 500


@pytest.mark.parametrize("mapper", ["rows", "columns"])
def test_every_agency_a_file_names_is_registered_the_recording_one_too(tmp_path: Path, mapper: str) -> None:
    store = Store(tmp_path / "store", mapper)
    assert store.run("init", "--title", "T", "--from", "01/01/2019", "--to", "31/12/2019").exit_code == 0
    # Rows the police hold, all sent by others: no row names the police. Whole batches only (2 x 1,000),
    # so that no short last batch is left to carry the agencies named last.
    extract = write_rows(tmp_path / "police.csv", ("date", "kind", "subjects", "summary", "sender", "recipients"),
                         [("01/02/2019", "referral", "Child A", "Referred.", "school", "csc")] * 2_000)  # fmt: skip

    running = spawn(store.root, "import", extract, "--agency", "police", JOINTCHRON_BATCH_SIZE="1000",
                    JOINTCHRON_MAPPER=mapper)  # fmt: skip
    _, err = running.communicate()

    assert running.returncode == 0, err
    with opened(store.root) as held:
        codes = dict(held.views().execute("SELECT code, sector FROM agencies").fetchall())
    assert codes == {"police": "police", "school": "education", "csc": "social_care"}
