"""Fuzzy dates: the UK dates a chronology is built from, and how sure anyone is of them.

Agency records give dates at every precision: a day and time from a police log, "Oct 2019"
from a GP letter, "c. 2015" from a recollection, a span from a school report. `FuzzyDate`
keeps the earliest and latest day an event can have happened on, so sorting never pretends
to more certainty than the record has. How a date as written is read is `domain/date_reading.py`.
"""

from __future__ import annotations

import datetime
import functools
import numbers
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar, cast

from jointchron.domain.date_reading import (
    ACCEPTED,
    MAX_YEAR,
    MIN_YEAR,
    MONTHS,
    PRECISIONS,
    Precision,
    check_year,
    format_precision,
    no_midnight,
    on_day,
    period,
    quoted,
    read_date,
    read_excel_serial,
)
from jointchron.domain.errors import InvalidDate

__all__ = ["PRECISIONS", "FuzzyDate", "Precision", "format_precision"]

_Stored = TypeVar("_Stored", datetime.date, datetime.time)


@dataclass(frozen=True, slots=True, order=False)
class FuzzyDate:
    """An event on some day from `earliest` to `latest` (inclusive), and how that is known."""

    earliest: datetime.date
    latest: datetime.date
    precision: Precision
    time: datetime.time | None = None

    def __post_init__(self) -> None:
        # Checked here so that from_dict and direct construction cannot build a date that
        # display() and the projections would misread.
        if (problem := _inconsistency(self)) is not None:
            raise InvalidDate(f"{self.precision} date {self.earliest} to {self.latest}: {problem}")

    @classmethod
    def parse(cls, text: str, formats: Sequence[str] = ()) -> FuzzyDate:
        """Read a UK date; the strptime `formats` are tried first, then auto-detection."""
        # Extracts repeat the same few thousand dates; a FuzzyDate is immutable, so cache it.
        return _parse_cached(text, (formats,) if isinstance(formats, str) else tuple(formats))

    @classmethod
    def from_value(cls, value: object, formats: Sequence[str] = ()) -> FuzzyDate:
        """Read a spreadsheet cell: text, a date, a datetime or an Excel serial number."""
        if isinstance(value, FuzzyDate):
            return value
        if isinstance(value, str):
            return cls.parse(value, formats)
        if value is None:
            raise InvalidDate("no date given")
        if isinstance(value, bool):  # bool is an int, but True is no date
            raise InvalidDate(f"a true/false value is not a date; {ACCEPTED}")
        if isinstance(value, datetime.datetime):
            if value != value:  # pandas' NaT, an empty cell
                raise InvalidDate("no date given")
            check_year(value.year, value.isoformat())
            # Wall-clock time is kept as written: a timezone is dropped, not converted.
            return cls.on(value.date(), no_midnight(value.time()))
        if isinstance(value, datetime.date):
            check_year(value.year, value.isoformat())
            return cls.on(value)
        if isinstance(value, numbers.Real):  # also numpy numbers, which pandas hands over
            return cls(*read_excel_serial(float(value)))
        raise InvalidDate(f"a {type(value).__name__} value is not a date; {ACCEPTED}")

    @classmethod
    def on(cls, day: datetime.date, time: datetime.time | None = None) -> FuzzyDate:
        """A known day, with an optional time kept to the minute."""
        return cls(*on_day(day, time))

    @property
    def is_uncertain(self) -> bool:
        return self.precision != "day"

    @property
    def sort_key(self) -> tuple[datetime.date, datetime.time]:
        # Entries without a time sort first on their day (tied with any at exactly 00:00).
        return (self.earliest, self.time if self.time is not None else datetime.time.min)

    def iso(self) -> str:
        return self.earliest.isoformat()

    def end_iso(self) -> str | None:
        return self.latest.isoformat() if self.precision == "range" else None

    def time_text(self) -> str | None:
        return None if self.time is None else f"{self.time.hour:02d}:{self.time.minute:02d}"

    @property
    def takes_time(self) -> bool:
        """Whether a time of day can be given to this date: only to one day ("c. 12/03/2019" too), never to a
        month, a year or a range, even an approximate one."""
        return self.earliest == self.latest and self.precision in ("day", "approximate")

    def at(self, time: datetime.time | None) -> FuzzyDate:
        """The same date at a time of day (None: the date as it is)."""
        return self if time is None else FuzzyDate(self.earliest, self.latest, self.precision, time)

    def display(self) -> str:
        if self.precision == "range":
            return f"between {_uk(self.earliest)} and {_uk(self.latest)}"
        text = _span_text(self.earliest, self.latest)
        if self.time is not None:
            text += f" {self.time:%H:%M}"
        return f"c. {text}" if self.precision == "approximate" else text

    def to_dict(self) -> dict[str, str | None]:
        return {
            "date": self.iso(),
            "end_date": self.latest.isoformat() if self.latest != self.earliest else None,
            "precision": self.precision,
            "time": self.time_text(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> FuzzyDate:
        precision = data.get("precision")
        if precision not in PRECISIONS:
            raise InvalidDate(f"precision {precision!r} is not one of {', '.join(PRECISIONS)}")
        earliest = _stored(data.get("date"), "date", datetime.date)
        end, time = data.get("end_date"), data.get("time")
        return cls(
            earliest,
            earliest if end is None else _stored(end, "end_date", datetime.date),
            cast(Precision, precision),
            None if time is None else _stored(time, "time", datetime.time),
        )

    def __str__(self) -> str:
        return self.display()


@functools.lru_cache(maxsize=65536)
def _parse_cached(text: str, formats: tuple[str, ...]) -> FuzzyDate:
    return FuzzyDate(*read_date(text, formats))


def _stored(value: object, field: str, kind: type[_Stored]) -> _Stored:
    form = "HH:MM" if kind is datetime.time else "YYYY-MM-DD"
    pattern = r"\d{2}:\d{2}" if kind is datetime.time else r"\d{4}-\d{2}-\d{2}"
    try:
        if isinstance(value, str) and re.fullmatch(pattern, value):
            return kind.fromisoformat(value)
    except ValueError:
        pass  # 2024-02-30 and 25:00 have the form but do not exist
    raise InvalidDate(f"stored {field} {quoted(str(value))} is not a real date or time in the form {form}")


def _uk(day: datetime.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _shape(earliest: datetime.date, latest: datetime.date) -> str:
    """Which precision a span has the shape of: day, month, year, or "span" for any other."""
    if earliest == latest:
        return "day"
    if (earliest, latest) == period(earliest.year, None)[:2]:
        return "year"
    return "month" if (earliest, latest) == period(earliest.year, earliest.month)[:2] else "span"


def _span_text(earliest: datetime.date, latest: datetime.date) -> str:
    # Never asked for a free span: __post_init__ keeps all but ranges to one of these shapes.
    shape = _shape(earliest, latest)
    if shape == "year":
        return str(earliest.year)
    if shape == "month":
        return f"{MONTHS[earliest.month - 1][:3].title()} {earliest.year}"
    return _uk(earliest)


def _inconsistency(date: FuzzyDate) -> str | None:
    earliest, latest, precision, time = date.earliest, date.latest, date.precision, date.time
    if precision not in PRECISIONS:
        return "unknown precision"
    if latest < earliest:
        return "latest is before earliest"
    if earliest.year < MIN_YEAR or latest.year > MAX_YEAR:
        return f"years must be within {MIN_YEAR}-{MAX_YEAR}"
    shape = _shape(earliest, latest)
    if precision in ("day", "month", "year") and shape != precision:
        return f"the span is not one {precision}"
    if precision == "approximate" and shape == "span":  # "about" a day, a month or a year
        return "an approximate date is about one day, month or year"
    if time is not None and (shape != "day" or precision == "range"):
        return "only a single day carries a time"
    if time is not None and (time.second or time.microsecond or time.tzinfo is not None):
        return "a time is kept to the minute, without a timezone"
    return None
