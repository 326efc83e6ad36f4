"""Fuzzy dates: the UK dates a chronology is built from, and how sure anyone is of them.

Agency records give dates at every precision: a day and time from a police log, "Oct 2019"
from a GP letter, "c. 2015" from a recollection, a span from a school report. `FuzzyDate`
keeps the earliest and latest day an event can have happened on, so sorting never pretends
to more certainty than the record has. Dates are always read day first: 12/13/2024 is
rejected, never re-read month first, because a silent swap would misplace an event.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import math
import numbers
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar, cast

from jointchron.domain.errors import InvalidDate

Precision = Literal["day", "month", "year", "approximate", "range"]
PRECISIONS: tuple[str, ...] = ("day", "month", "year", "approximate", "range")

# Years outside this window are almost always typos (0204 for 2024): refused, not filed.
_MIN_YEAR, _MAX_YEAR = 1900, 2100
# Spelled out rather than taken from calendar.month_name, which follows the locale.
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_HINT = "write dates day first, e.g. 16/10/2024"
_ACCEPTED = (
    "write a UK date, day first, e.g. 16/10/2024, 16 Oct 2024, Oct 2024, 2024, "
    "c. 2019 or between 01/10/2024 and 15/10/2024"
)
# Excel's 1900 system counts serial 1 as 1900-01-01 and keeps Lotus 1-2-3's fake 29 Feb 1900
# as serial 60, so from serial 61 on its count runs one day ahead of the calendar.
_EXCEL_FAKE_DAY, _EXCEL_MAX = 60, 2958465  # 2958465 is 9999-12-31, Excel's last day

_APPROX = re.compile(r"^(?:\?\s*|(?:circa|approximately|approx|about|ca|c)(?:\.\s*|\s+|(?=\d)))", re.I)
_RANGE_PREFIX = re.compile(r"^(?:between|from)\s+", re.I)
# A bare hyphen separates day, month and year (16-10-2024), so as a range it needs spaces.
_RANGE_SEP = re.compile(r"\s+(?:-|to|and)\s+|\s*[–—]\s*", re.I)
_TIME = re.compile(
    r"^(?P<date>.+?)(?:,?\s+(?:at\s+)?|(?<=\d)t)"
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2})(?:[:.](?P<s>\d{2})(?:\.\d+)?)?)?\s*(?P<ap>[ap]\.?m\.?)?$",
    re.I,
)
_WEEKDAY = re.compile(r"^([a-z]+)\.?,?\s+(?=\d)(.*)$", re.I)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_TEXTUAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{4}|\d{2})$", re.I)
# A month name needs a four-digit year: "Oct 24" could as well be 24 October.
_MONTH_NAME = re.compile(r"^([a-z]+)\.?,?[\s-]+(\d{4})$", re.I)
_MONTH_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_MONTH_ISO = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")

_Span = tuple[datetime.date, datetime.date, Precision]
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
    def _parse(cls, text: str, formats: tuple[str, ...]) -> FuzzyDate:
        clean = _normalise(text)
        if not clean:
            raise InvalidDate("no date given")
        for fmt in formats:
            try:
                parsed = datetime.datetime.strptime(clean, fmt)
            except ValueError:
                continue  # the next format, or auto-detection, may still read it
            _check_year(parsed.year, clean)
            known = format_precision(fmt)
            if known != "day":
                # `%b %Y` reads `Nov 2018` as its first day: the date is that month, not that day.
                return cls(*_span(parsed.year, parsed.month if known == "month" else None))
            has_time = re.search(r"%[HIMXc]", fmt) is not None
            return cls.on(parsed.date(), _no_midnight(parsed.time()) if has_time else None)
        return _parse_text(clean)

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
            raise InvalidDate(f"a true/false value is not a date; {_ACCEPTED}")
        if isinstance(value, datetime.datetime):
            if value != value:  # pandas' NaT, an empty cell
                raise InvalidDate("no date given")
            _check_year(value.year, value.isoformat())
            # Wall-clock time is kept as written: a timezone is dropped, not converted.
            return cls.on(value.date(), _no_midnight(value.time()))
        if isinstance(value, datetime.date):
            _check_year(value.year, value.isoformat())
            return cls.on(value)
        if isinstance(value, numbers.Real):  # also numpy numbers, which pandas hands over
            return _from_excel_serial(float(value))
        raise InvalidDate(f"a {type(value).__name__} value is not a date; {_ACCEPTED}")

    @classmethod
    def on(cls, day: datetime.date, time: datetime.time | None = None) -> FuzzyDate:
        """A known day, with an optional time kept to the minute."""
        if isinstance(day, datetime.datetime):
            day = day.date()
        if time is not None:
            time = time.replace(second=0, microsecond=0, tzinfo=None)
        return cls(day, day, "day", time)

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
def format_precision(fmt: str) -> Precision:
    """How much of a date a strptime format reads: `day` with a day in it, `month` with only a month, else `year`."""
    directives = set(re.findall(r"%[-#]?(.)", fmt.replace("%%", "")))
    if directives & set("dejxc"):
        return "day"
    if directives & set("mbBh"):
        return "month"
    return "year"


def _parse_cached(text: str, formats: tuple[str, ...]) -> FuzzyDate:
    return FuzzyDate._parse(text, formats)


def _normalise(text: str) -> str:
    # str.split() counts non-breaking and other Unicode spaces as whitespace, so one pass
    # trims, collapses runs and turns NBSPs (common in Word and web exports) into spaces.
    return " ".join(text.split())


def _quote(text: str) -> str:
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def _unreadable(text: str) -> InvalidDate:
    return InvalidDate(f"{_quote(text)} is not a date jointchron can read; {_ACCEPTED}")


def _parse_text(text: str) -> FuzzyDate:
    body = _RANGE_PREFIX.sub("", text, count=1)
    parts = _RANGE_SEP.split(body)
    if len(parts) == 1 and body == text:
        return _parse_single(text)
    if len(parts) != 2:
        raise _unreadable(text)
    # A range holds only its two days: times and "c." on its ends are dropped.
    start, end = _parse_single(parts[0]), _parse_single(parts[1])
    if end.latest < start.earliest:
        raise InvalidDate(
            f"{_quote(text)} ends before it starts; write the earlier date first, "
            "e.g. between 01/10/2024 and 15/10/2024"
        )
    return FuzzyDate(start.earliest, end.latest, "range")


def _parse_single(text: str) -> FuzzyDate:
    body, approximate = text, False
    if (marker := _APPROX.match(body)) is not None:
        body, approximate = body[marker.end() :], True
    if body.endswith("?"):
        body, approximate = body[:-1].rstrip(), True
    body, time = _split_time(body, text)
    earliest, latest, precision = _parse_date(body, text)
    if time is not None and precision != "day":
        raise _unreadable(text)  # "Oct 2024 14:30" is likelier a typo than a timed month
    return FuzzyDate(earliest, latest, "approximate" if approximate else precision, time)


def _split_time(body: str, text: str) -> tuple[str, datetime.time | None]:
    match = _TIME.match(body)
    # A lone number after a date is a year ("16 Oct 24"), not an hour: need minutes or am/pm.
    if match is None or (match["m"] is None and match["ap"] is None):
        return body, None
    hour, minute, second = int(match["h"]), int(match["m"] or 0), int(match["s"] or 0)
    if match["ap"] is not None:
        # 12am is midnight and 12pm noon; 0am and 13pm do not exist (hour 24 fails below).
        pm = match["ap"][0].lower() == "p"
        hour = hour % 12 + (12 if pm else 0) if 1 <= hour <= 12 else 24
    if hour > 23 or minute > 59 or second > 59:
        raise InvalidDate(
            f"{_quote(text)} has an impossible time ({body[match.start('h') :]}); "
            "write times as 24-hour HH:MM, e.g. 16/10/2024 14:30"
        )
    return match["date"], _no_midnight(datetime.time(hour, minute, second))


def _no_midnight(time: datetime.time) -> datetime.time | None:
    # Systems write 00:00 (or 00:00:00) for "no time recorded", and a person typing midnight
    # cannot be told apart from them, so a time of exactly midnight is read as no time.
    # Seconds are dropped: a chronology works to the minute.
    return None if time.replace(tzinfo=None) == datetime.time.min else time.replace(second=0, microsecond=0)


def _parse_date(body: str, text: str) -> _Span:
    weekday = None
    if (named := _WEEKDAY.match(body)) is not None and _lookup(named[1], _WEEKDAYS) is not None:
        weekday, body = _lookup(named[1], _WEEKDAYS), named[2]
    day = _read_day(body, text)
    if day is None:
        span = _read_month_or_year(body, text)
        if span is None or weekday is not None:  # "Wed Oct 2024" names no day
            raise _unreadable(text)
        return span
    if weekday is not None and day.weekday() != weekday:
        named_day = f"{day.day} {_MONTHS[day.month - 1].title()} {day.year}"
        raise InvalidDate(
            f"{_quote(text)} names the wrong weekday ({named_day} is a "
            f"{_WEEKDAYS[day.weekday()].title()}); {_HINT}"
        )
    return day, day, "day"


def _read_day(body: str, text: str) -> datetime.date | None:
    if (m := _ISO.match(body)) is not None:
        return _make_date(int(m[1]), int(m[2]), int(m[3]), text)
    if (m := _NUMERIC.match(body)) is not None:
        return _make_date(_full_year(m[4]), int(m[3]), int(m[1]), text)
    if (m := _COMPACT.match(body)) is not None:
        # Eight digits are only ever yyyymmdd; reading 16102024 as ddmmyyyy would be a guess.
        if not _is_real(int(m[1]), int(m[2]), int(m[3])):
            raise InvalidDate(
                f"{_quote(text)} is not a date jointchron can read; eight digits "
                "are read as yyyymmdd, e.g. 20241016"
            )
        return _make_date(int(m[1]), int(m[2]), int(m[3]), text)
    if (m := _TEXTUAL.match(body)) is not None and (month := _lookup(m[2], _MONTHS)) is not None:
        return _make_date(_full_year(m[3]), month + 1, int(m[1]), text)
    return None


def _read_month_or_year(body: str, text: str) -> _Span | None:
    month: int | None = None
    if (m := _MONTH_NAME.match(body)) is not None and (found := _lookup(m[1], _MONTHS)) is not None:
        year, month = int(m[2]), found + 1
    elif (m := _MONTH_NUMERIC.match(body)) is not None:
        year, month = int(m[2]), int(m[1])
    elif (m := _MONTH_ISO.match(body)) is not None:
        year, month = int(m[1]), int(m[2])
    elif (m := _YEAR.match(body)) is not None:
        year = int(m[1])
    else:
        return None
    _check_year(year, text)
    if month is not None and not 1 <= month <= 12:
        raise InvalidDate(f"{_quote(text)} is not a real date (there is no month {month}); {_HINT}")
    return _span(year, month)


def _lookup(word: str, names: tuple[str, ...]) -> int | None:
    # Any prefix of three letters or more: covers Sep/Sept, Tue/Tues and Thu/Thur/Thurs.
    word = word.lower().rstrip(".")
    matches = [index for index, name in enumerate(names) if len(word) >= 3 and name.startswith(word)]
    return matches[0] if matches else None


def _full_year(digits: str) -> int:
    # Two-digit years follow Python's strptime %y pivot (00-68 -> 20xx, 69-99 -> 19xx), so
    # auto-detection and an import profile's "%d/%m/%y" format never disagree.
    year = int(digits)
    return year if len(digits) == 4 else year + (1900 if year >= 69 else 2000)


def _check_year(year: int, text: str) -> None:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise InvalidDate(
            f"{_quote(text)} has year {year}, outside {_MIN_YEAR}-{_MAX_YEAR}; check for a typo and {_HINT}"
        )


def _is_real(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _make_date(year: int, month: int, day: int, text: str) -> datetime.date:
    _check_year(year, text)
    if not _is_real(year, month, day):
        why = (
            f"there is no month {month}"
            if not 1 <= month <= 12
            else f"there is no day {day}"
            if day < 1
            else f"{day} {_MONTHS[month - 1].title()} {year} does not exist"
        )
        raise InvalidDate(f"{_quote(text)} is not a real date ({why}); {_HINT}")
    return datetime.date(year, month, day)


def _span(year: int, month: int | None) -> _Span:
    if month is None:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year"
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, 1), datetime.date(year, month, last), "month"


def _from_excel_serial(value: float) -> FuzzyDate:
    if math.isnan(value):  # pandas reads an empty cell as NaN
        raise InvalidDate("no date given")
    shown = str(int(value)) if value.is_integer() else repr(value)
    # Rounded to the second first, so 0.9999999 of a day is the next midnight, not 23:59.
    serial, seconds = divmod(round(value * 86400), 86400) if math.isfinite(value) else (0, 0)
    if not 1 <= serial <= _EXCEL_MAX:
        raise InvalidDate(f"{_quote(shown)} is not an Excel date serial (1 to {_EXCEL_MAX}); {_HINT}")
    if serial == _EXCEL_FAKE_DAY:
        raise InvalidDate(f"{_quote(shown)} is Excel's 29/02/1900, a day that never existed; {_HINT}")
    day = datetime.date(1899, 12, 31 if serial < _EXCEL_FAKE_DAY else 30) + datetime.timedelta(days=serial)
    _check_year(day.year, shown)
    return FuzzyDate.on(day, _no_midnight(datetime.time(seconds // 3600, seconds % 3600 // 60)))


def _stored(value: object, field: str, kind: type[_Stored]) -> _Stored:
    form = "HH:MM" if kind is datetime.time else "YYYY-MM-DD"
    pattern = r"\d{2}:\d{2}" if kind is datetime.time else r"\d{4}-\d{2}-\d{2}"
    try:
        if isinstance(value, str) and re.fullmatch(pattern, value):
            return kind.fromisoformat(value)
    except ValueError:
        pass  # 2024-02-30 and 25:00 have the form but do not exist
    raise InvalidDate(f"stored {field} {_quote(str(value))} is not a real date or time in the form {form}")


def _uk(day: datetime.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _shape(earliest: datetime.date, latest: datetime.date) -> str:
    """Which precision a span has the shape of: day, month, year, or "span" for any other."""
    if earliest == latest:
        return "day"
    if (earliest, latest) == _span(earliest.year, None)[:2]:
        return "year"
    return "month" if (earliest, latest) == _span(earliest.year, earliest.month)[:2] else "span"


def _span_text(earliest: datetime.date, latest: datetime.date) -> str:
    # Never asked for a free span: __post_init__ keeps all but ranges to one of these shapes.
    shape = _shape(earliest, latest)
    if shape == "year":
        return str(earliest.year)
    if shape == "month":
        return f"{_MONTHS[earliest.month - 1][:3].title()} {earliest.year}"
    return _uk(earliest)


def _inconsistency(date: FuzzyDate) -> str | None:
    earliest, latest, precision, time = date.earliest, date.latest, date.precision, date.time
    if precision not in PRECISIONS:
        return "unknown precision"
    if latest < earliest:
        return "latest is before earliest"
    if earliest.year < _MIN_YEAR or latest.year > _MAX_YEAR:
        return f"years must be within {_MIN_YEAR}-{_MAX_YEAR}"
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
