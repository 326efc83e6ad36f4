"""A row's cells, read as text: the helpers every mapper shares (importers/contacts.py, wide.py)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

from jointchron.domain.dates import FuzzyDate
from jointchron.domain.errors import InvalidDate
from jointchron.importers.errors import RowError

# The common `14:30` / `14:30:15` time cell, read without building a date string.
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.]\d{2})?$")
# A row's filled cells by canonical field: (header, value) in column order.
Cells = dict[str, list[tuple[str, object]]]
# Fields that hold one value. (`sender` is one agency, checked as codes; `kind` takes the first
# filled of its columns, a GP extract's CTV3 term else its SNOMED term.)
SINGLE_VALUED = ("date", "time", "end_date", "recorded", "practitioner", "reference", "outcome", "detail",
                 "date_precision")  # fmt: skip


def one_value_each(cells: Cells, fields: Sequence[str]) -> None:
    """Refuses a row giving a single-valued field two different values (from two of its columns)."""
    for name in fields:
        found = cells.get(name, [])
        if len({cell_text(value) for _, value in found}) > 1:
            headers = " and ".join(repr(header) for header, _ in found)
            raise RowError(found[1][0], cell_text(found[1][1]),
                           f"{name} takes one value, and {headers} give different ones; map one column to it")  # fmt: skip


def clock_of(header: str, value: object) -> datetime.time | None:
    """The time of day a time cell gives, to the minute; None for midnight (no time recorded)."""
    if isinstance(value, datetime.time):
        clock = value.replace(second=0, microsecond=0)
    elif isinstance(value, datetime.datetime):
        clock = value.time().replace(second=0, microsecond=0)
    elif (match := _CLOCK.match(cell_text(value))) and int(match[1]) < 24 and int(match[2]) < 60:
        clock = datetime.time(int(match[1]), int(match[2]))
    else:
        try:
            # Any day will do: only the time part of the text is read.
            clock = FuzzyDate.parse(f"01/01/2000 {cell_text(value)}").time or datetime.time(0, 0)
        except InvalidDate:
            raise RowError(header, cell_text(value), "not a time; write it as HH:MM, e.g. 14:30") from None
    return clock if clock != datetime.time(0, 0) else None


def summary_of(cells: Cells) -> str:
    """The summary a row's summary columns give: their texts, joined by spaces."""
    found = cells.get("summary")
    if found is None:
        return ""
    return cell_text(found[0][1]) if len(found) == 1 else " ".join(cell_text(value) for _, value in found)


def unique(values: Sequence[str]) -> tuple[str, ...]:
    """The values in order, each once and none empty."""
    if len(values) < 2:
        return tuple(values) if all(values) else ()
    return tuple(dict.fromkeys(v for v in values if v))


def first_text(cells: Cells, field: str) -> str:
    """The text of the field's first filled cell; '' when none is."""
    found = cells.get(field)
    return cell_text(found[0][1]) if found else ""


def readable(text: str) -> str:
    """The text with each byte that could not be decoded written as `\\x81`, the rest as it was."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def split_items(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def filled(value: object) -> bool:
    return value is not None and (not isinstance(value, str) or value.strip() != "")


def cell_text(value: object) -> str:
    if value.__class__ is str:
        # Most cells are already clean: skip the split and join.
        clean = value.isascii() and "  " not in value and "\n" not in value and "\t" not in value
        if clean and value == value.strip():
            return value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return (
        " ".join(str(value).split()) if isinstance(value, str) and "\n" not in value else str(value).strip()
    )
