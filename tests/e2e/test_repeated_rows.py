"""A row an extract repeats, batches apart, is found again: amended or unchanged, never recorded twice.

An import of an agency whose contacts the store does not hold yet looks none of its rows up in
the store, except those whose id it recorded earlier in the same import (record_contacts'
`recorded`). Small batches put the repeats in other transactions than the rows they repeat.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from processes import count, events_held, spawn
from support import JC


@pytest.mark.parametrize("mapper", ["rows", "columns"])
def test_rows_repeated_batches_apart_amend_or_leave_the_contact_recorded_first(
    review: JC, store: Path, tmp_path: Path, mapper: str
) -> None:
    rows = [(f"{1 + i % 28:02d}/03/2019", "note", "Child A", f"Record {i}.", f"P{i:04d}") for i in range(300)]
    rows[260] = (rows[10][0], "note", "Child A", "Record 10, corrected.", "P0010")  # same reference, new text
    rows[270] = rows[20]  # the same row again
    extract = tmp_path / "gp.csv"
    with extract.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([("date", "kind", "subjects", "summary", "reference"), *rows])

    running = spawn(store, "import", extract, "--agency", "gp", JOINTCHRON_BATCH_SIZE="50",
                    JOINTCHRON_MAPPER=mapper)  # fmt: skip
    out, err = running.communicate()

    assert running.returncode == 0, err
    held = events_held(store)
    assert count(held, "ContactRecorded") == 298
    assert count(held, "ContactAmended") == 1
    assert all(n == 1 for (kind, _), n in held.items() if kind == "ContactRecorded")
    assert "│ amended             │ 1   │" in out and "│ unchanged           │ 1   │" in out, out

    again = review("import", extract, "--agency", "gp")  # the same file: nothing new

    assert again.exit_code == 0, again.stderr
    assert events_held(store) == held
