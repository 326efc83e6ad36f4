"""The workbook guard's one-pass scan finds a cell beyond a sheet's declared size, whatever its reference."""

from __future__ import annotations

import pytest
import re2

from jointchron.importers.xlsx_guard import _column_name, _greater_column, _greater_number


def matcher(pattern: str) -> re2._Regexp[str]:
    options = re2.Options()
    options.case_sensitive = False
    return re2.compile(f"^(?:{pattern})$", options)


@pytest.mark.parametrize("limit", [1, 9, 10, 99, 200_001, 1_048_576])
def test_a_row_number_is_found_beyond_a_limit_exactly_when_it_is_greater(limit: int) -> None:
    beyond = matcher(_greater_number(limit))
    for row in [*range(0, 2_100_000, 997), limit - 1, limit, limit + 1]:
        assert bool(beyond.search(str(row))) is (row > limit), row


@pytest.mark.parametrize("limit", [1, 26, 27, 702, 703, 16_384])
def test_a_column_is_found_beyond_a_limit_exactly_when_it_is_greater(limit: int) -> None:
    beyond = matcher(_greater_column(limit))
    for column in range(1, 17_000, 7):
        assert bool(beyond.search(_column_name(column))) is (column > limit), column
        assert bool(beyond.search(_column_name(column).lower())) is (column > limit), column
