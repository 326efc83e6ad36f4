"""What one import remembers from row to row (converted values, validated values) changes no row's result.

A mapper converts each distinct cell value once and validates a contact with pydantic-core only
when it holds a kind, time, tag or agency code not validated before (importers/contacts.py). Each
row of a file mapped in one pass must come out exactly as the same row mapped alone, by a mapper
that remembers nothing: the same contact, byte for byte, or the same rejection.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jointchron.domain.contact import ContactContent
from jointchron.domain.register import Register
from jointchron.importers.chunks import read_chunks
from jointchron.importers.mapping import Mapping
from jointchron.importers.subjects import ExtractSubjects
from support import write_rows

HEADER = ("date", "time", "kind", "subjects", "summary", "reference", "recipients", "participants", "tags")
ROWS = st.tuples(
    st.sampled_from(
        ["01/02/2019", "2019-02-01", "Feb 2019", "c. 2019", "31/02/2019", "01/02/2019 09:30", ""]
    ),
    st.sampled_from(["", "09:30", "9.05", "23:59", "24:00", "noon"]),
    st.sampled_from(["visit", "Visit", "strategy_discussion", "meeting", "telephone call", "", "note"]),
    st.sampled_from(["Child A", "Child A; Child B", "", "Child B (01/02/2012)"]),
    st.sampled_from(["Seen.", "", "Seen \u2014 alone", 'quote " and \\ slash']),
    st.sampled_from(["R1", "R2", "", "R1"]),
    st.sampled_from(["", "csc", "csc; gp", "Children's Social Care", "no such agency!", "CSC"]),
    st.sampled_from(["", "school", "police"]),
    st.sampled_from(["", "domestic_abuse", "Domestic Abuse", "cp; s47", "!!"]),
)


def mapped(path: Path, by_columns: bool = False) -> list[tuple[str, int, str]]:
    """Each row's outcome: its contact's JSON, or its rejection."""
    subjects = ExtractSubjects(Register([]), None)
    found: list[tuple[str, int, str]] = []
    for chunk in read_chunks(path, Mapping.canonical(), "police", subjects, rows=3, by_columns=by_columns):
        found += [("contact", d.row, d.content_json.decode()) for d in chunk.drafts]
        found += [("rejected", r.row, f"{r.column}|{r.value}|{r.reason}") for r in chunk.rejections]
    return sorted(found, key=lambda outcome: outcome[1])


def write(path: Path, rows: list[tuple[str, ...]]) -> Path:
    return write_rows(path, HEADER, rows)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROWS, min_size=1, max_size=12))
def test_a_row_mapped_with_others_comes_out_as_the_row_mapped_alone(
    tmp_path: Path, rows: list[tuple[str, ...]]
) -> None:
    together = mapped(write(tmp_path / "all.csv", rows))

    alone = []
    for number, row in enumerate(rows, start=2):
        for kind, _, outcome in mapped(write(tmp_path / "one.csv", [row])):
            alone.append((kind, number, outcome))
    assert together == alone
    for kind, _, outcome in together:
        if kind == "contact":  # and every contact is one pydantic accepts, written as pydantic writes it
            assert ContactContent.model_validate_json(outcome).model_dump_json() == outcome


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROWS, min_size=1, max_size=12))
def test_rows_mapped_column_by_column_come_out_as_rows_mapped_one_at_a_time(
    tmp_path: Path, rows: list[tuple[str, ...]]
) -> None:
    path = write(tmp_path / "all.csv", rows)

    assert mapped(path, by_columns=True) == mapped(path)
