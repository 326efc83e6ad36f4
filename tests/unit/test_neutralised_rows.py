"""A CSV row neutralised at once is each of its cells neutralised alone (domain/text.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jointchron.domain.text import neutralise, neutralised

# Formula starts, control characters, text-reordering ones, the newline that joins a row's cells, and text.
CELL = st.text(
    st.sampled_from(["a", "=", "+", "-", "@", "\t", "\r", "\n", "\x00", "\x1b", "\u202e", " ", "é"])
)


@given(st.lists(CELL, min_size=1, max_size=6))
def test_a_row_is_neutralised_as_its_cells_are_one_by_one(cells: list[str]) -> None:
    assert neutralised(cells) == [neutralise(cell) for cell in cells]
