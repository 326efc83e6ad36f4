"""Hostile input, generated: whatever a file holds, no crash and no traceback, and every row read is
either imported as written or reported (imported + rejected == rows read)."""

from __future__ import annotations

import csv
import datetime
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jointchron.cli import main
from jointchron.domain.drafts import contact_id
from jointchron.importers.mapping import Mapping
from jointchron.service.review_store import Store
from support import JC

# One store per test, shared by its examples: each example writes rows with references of its own.
pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
BOUNDED = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

HEADER = ["date", "kind", "subjects", "summary", "reference"]
FORMULAS = st.sampled_from(['=1+1', '=HYPERLINK("http://example.org","x")', "+cmd|' /C calc'!A0", "-2+3",
                            "@SUM(A1:A9)", "\t=1", "\r=1", '=cmd|"/c calc"!A1'])  # fmt: skip
CONTROLS = st.text(st.characters(max_codepoint=31) | st.sampled_from("\x7f\x85\u2028\u2029\ufeff\u200b\u202e"),
                   min_size=1, max_size=12)  # fmt: skip
ODD_DATES = st.sampled_from([
    "31/02/2019", "00/00/0000", "1/1/1", "99999", "2019-13-01", "16/10/2024 25:61", "?", "c.", "between 01/10/2024 and",
    "1e10", "43831.5", "-1", "29/02/2019", "29/02/2020", "Oct", "2019", "10/2019", "?16/10/2019", "9999-12-31",
    "0001-01-01", "16.10.19", "16 Oct 2019 14:30:99", "NaN", "inf", "12/09/2019\x00", "１６/１０/２０２４", "16/10/2024 14:30",
])  # fmt: skip
GOOD_DATES = st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)).map(
    lambda d: d.strftime("%d/%m/%Y")
)
# Enormous cells are built by repetition: cheap to generate, as big as a pasted case note or bigger. A note
# of up to 200 lines: a record past 2,000 lines is taken for a quote never closed (and reported as such).
ENORMOUS = st.builds(lambda text, n: text * n, st.text(min_size=1, max_size=12).map(lambda t: t.replace("\r", " ").replace("\n", " ")),
                     st.integers(2_000, 30_000)) | st.builds(lambda line, n: "\n".join([line] * n), st.text(max_size=60), st.integers(2, 200))  # fmt: skip
KINDS = st.sampled_from(
    ["note", "visit", "concern", "strategy_discussion", "Note ", "telephone call", "NOTE"]
)
CELLS = st.one_of(st.text(max_size=40), FORMULAS, CONTROLS, ODD_DATES, GOOD_DATES, KINDS, ENORMOUS)


@st.composite
def hostile_rows(draw: st.DrawFn) -> list[list[str]]:
    """Rows of the canonical header: hostile cells, some rows short, some with values past the header."""
    rows = []
    for _ in range(draw(st.integers(1, 12))):
        row = [draw(GOOD_DATES | CELLS), draw(KINDS | CELLS), draw(st.just("Child A") | CELLS), draw(CELLS),
               f"R{uuid.uuid4().hex[:12]}"]  # fmt: skip
        shape = draw(st.sampled_from(["whole", "whole", "short", "long"]))
        if shape == "short":
            row = row[: draw(st.integers(1, 4))]
        elif shape == "long":
            row += draw(st.lists(CELLS, min_size=1, max_size=3))
        rows.append(row)
    return rows


def write(path: Path, rows: list[list[str]], encoding: str) -> Path:
    with path.open("w", encoding=encoding, errors="replace", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def filled(row: list[str]) -> bool:
    return any(cell.strip() for cell in row)


def words(text: str) -> str:
    return " ".join(text.split())


@BOUNDED
@given(rows=hostile_rows(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]))
def test_every_row_of_a_hostile_extract_is_imported_as_written_or_reported(
    review: JC, store: Path, tmp_path: Path, rows: list[list[str]], encoding: str
) -> None:
    extract = write(tmp_path / f"{uuid.uuid4().hex}.csv", rows, encoding)
    opened = Store.open(store)
    try:
        report = opened.import_extract(extract, "police", Mapping.canonical(), by="fuzz")
        c = report.counts
        assert c.read == sum(1 for row in rows if filled(row))  # no row silently skipped
        assert c.imported + c.amended + c.unchanged + c.rejected == c.read
        if encoding.startswith(
            "utf"
        ):  # a legacy code page's bytes may also read as UTF-8: no exact text then
            written = {row[4]: row[3] for row in rows if len(row) == 5}
            held = opened.app.contacts([contact_id("police", f"ref:{ref}") for ref in written])
            for contact in held.values():
                assert words(contact.content.summary) == words(written[contact.content.reference])
    finally:
        opened.close()


@BOUNDED
@given(
    data=st.binary(max_size=4_000), suffix=st.sampled_from([".csv", ".tsv", ".txt", ".xlsx", ".xls", ".ods"])
)
def test_random_bytes_are_one_clear_answer_never_a_traceback(
    review: JC, store: Path, tmp_path: Path, data: bytes, suffix: str
) -> None:
    extract = tmp_path / f"{uuid.uuid4().hex}{suffix}"
    extract.write_bytes(data)
    for command in (["import", str(extract), "--agency", "police"], ["people", "import", str(extract)],
                    ["relationships", "import", str(extract)]):  # fmt: skip
        result = CliRunner().invoke(main, ["--store", str(store), *command], catch_exceptions=False)
        assert result.exit_code in (0, 1, 3), result.stderr
        assert "Traceback" not in result.stdout + result.stderr
        assert "unexpected" not in result.stderr, result.stderr
        if result.exit_code == 1 and "rows read" not in result.stdout + result.stderr:
            assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr


PEOPLE_HEADER = ["person_id", "pseudonym", "role", "names", "dob", "identifiers"]


@BOUNDED
@given(rows=st.lists(st.lists(CELLS, min_size=1, max_size=8), min_size=1, max_size=10),
       encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]))  # fmt: skip
def test_every_row_of_a_hostile_people_file_is_registered_or_reported(
    review: JC, store: Path, tmp_path: Path, rows: list[list[str]], encoding: str
) -> None:
    register = tmp_path / f"{uuid.uuid4().hex}.csv"
    with register.open("w", encoding=encoding, errors="replace", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(PEOPLE_HEADER)
        writer.writerows(rows)
    opened = Store.open(store)
    try:
        report = opened.import_people(register)
    finally:
        opened.close()
    c = report.counts
    # As written: a character the encoding lacks is saved as `?`, which fills its cell.
    written = [[cell.encode(encoding, "replace").decode(encoding) for cell in row] for row in rows]
    assert c.read == sum(1 for row in written if filled(row))
    assert c.imported + c.unchanged + c.rejected == c.read
