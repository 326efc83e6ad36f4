"""Reading dates as agencies write them: UK text, strptime formats and Excel serial numbers.

Every reader returns a `Reading`: the earliest and latest day an event can have happened on, how
that is known, and any time of day; `domain/dates.py` makes a `FuzzyDate` of it. Dates are always
read day first: 12/13/2024 is rejected, never re-read month first, because a silent swap would
misplace an event.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import math
import re
from typing import Literal, NamedTuple

from jointchron.domain.errors import InvalidDate

Precision = Literal["day", "month", "year", "approximate", "range"]
PRECISIONS: tuple[str, ...] = ("day", "month", "year", "approximate", "range")

# Years outside this window are almost always typos (0204 for 2024): refused, not filed.
MIN_YEAR, MAX_YEAR = 1900, 2100
# Spelled out rather than taken from calendar.month_name, which follows the locale.
MONTHS = (
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
ACCEPTED = (
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


class Reading(NamedTuple):
    """What a date as written says: an event on some day from `earliest` to `latest` (inclusive)."""

    earliest: datetime.date
    latest: datetime.date
    precision: Precision
    time: datetime.time | None = None


def read_date(text: str, formats: tuple[str, ...]) -> Reading:
    """Read a UK date; the strptime `formats` are tried first, then auto-detection."""
    clean = _normalise(text)
    if not clean:
        raise InvalidDate("no date given")
    for fmt in formats:
        try:
            parsed = datetime.datetime.strptime(clean, fmt)
        except ValueError:
            continue  # the next format, or auto-detection, may still read it
        check_year(parsed.year, clean)
        known = format_precision(fmt)
        if known != "day":
            # `%b %Y` reads `Nov 2018` as its first day: the date is that month, not that day.
            return period(parsed.year, parsed.month if known == "month" else None)
        has_time = re.search(r"%[HIMXc]", fmt) is not None
        return on_day(parsed.date(), no_midnight(parsed.time()) if has_time else None)
    return _parse_text(clean)


def on_day(day: datetime.date, time: datetime.time | None = None) -> Reading:
    """A known day, with an optional time kept to the minute."""
    if isinstance(day, datetime.datetime):
        day = day.date()
    if time is not None:
        time = time.replace(second=0, microsecond=0, tzinfo=None)
    return Reading(day, day, "day", time)


def period(year: int, month: int | None) -> Reading:
    """The whole of a month (or, without one, of a year)."""
    if month is None:
        return Reading(datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year")
    last = calendar.monthrange(year, month)[1]
    return Reading(datetime.date(year, month, 1), datetime.date(year, month, last), "month")


@functools.lru_cache(maxsize=65536)
def format_precision(fmt: str) -> Precision:
    """How much of a date a strptime format reads: `day` with a day in it, `month` with only a month, else `year`."""
    directives = set(re.findall(r"%[-#]?(.)", fmt.replace("%%", "")))
    if directives & set("dejxc"):
        return "day"
    if directives & set("mbBh"):
        return "month"
    return "year"


def _normalise(text: str) -> str:
    # str.split() counts non-breaking and other Unicode spaces as whitespace, so one pass
    # trims, collapses runs and turns NBSPs (common in Word and web exports) into spaces.
    return " ".join(text.split())


def quoted(text: str) -> str:
    """A date as written, cut short for a message (a cell can hold far more than a date)."""
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def _unreadable(text: str) -> InvalidDate:
    return InvalidDate(f"{quoted(text)} is not a date jointchron can read; {ACCEPTED}")


def _parse_text(text: str) -> Reading:
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
            f"{quoted(text)} ends before it starts; write the earlier date first, "
            "e.g. between 01/10/2024 and 15/10/2024"
        )
    return Reading(start.earliest, end.latest, "range")


def _parse_single(text: str) -> Reading:
    body, approximate = text, False
    if (marker := _APPROX.match(body)) is not None:
        body, approximate = body[marker.end() :], True
    if body.endswith("?"):
        body, approximate = body[:-1].rstrip(), True
    body, time = _split_time(body, text)
    earliest, latest, precision, _ = _parse_date(body, text)
    if time is not None and precision != "day":
        raise _unreadable(text)  # "Oct 2024 14:30" is likelier a typo than a timed month
    return Reading(earliest, latest, "approximate" if approximate else precision, time)


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
            f"{quoted(text)} has an impossible time ({body[match.start('h') :]}); "
            "write times as 24-hour HH:MM, e.g. 16/10/2024 14:30"
        )
    return match["date"], no_midnight(datetime.time(hour, minute, second))


def no_midnight(time: datetime.time) -> datetime.time | None:
    """A time as a chronology keeps it: to the minute, and none at exactly midnight."""
    # Systems write 00:00 (or 00:00:00) for "no time recorded", and a person typing midnight
    # cannot be told apart from them, so a time of exactly midnight is read as no time.
    # Seconds are dropped: a chronology works to the minute.
    return None if time.replace(tzinfo=None) == datetime.time.min else time.replace(second=0, microsecond=0)


def _parse_date(body: str, text: str) -> Reading:
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
        named_day = f"{day.day} {MONTHS[day.month - 1].title()} {day.year}"
        raise InvalidDate(
            f"{quoted(text)} names the wrong weekday ({named_day} is a "
            f"{_WEEKDAYS[day.weekday()].title()}); {_HINT}"
        )
    return Reading(day, day, "day")


def _read_day(body: str, text: str) -> datetime.date | None:
    if (m := _ISO.match(body)) is not None:
        return _make_date(int(m[1]), int(m[2]), int(m[3]), text)
    if (m := _NUMERIC.match(body)) is not None:
        return _make_date(_full_year(m[4]), int(m[3]), int(m[1]), text)
    if (m := _COMPACT.match(body)) is not None:
        # Eight digits are only ever yyyymmdd; reading 16102024 as ddmmyyyy would be a guess.
        if not _is_real(int(m[1]), int(m[2]), int(m[3])):
            raise InvalidDate(
                f"{quoted(text)} is not a date jointchron can read; eight digits "
                "are read as yyyymmdd, e.g. 20241016"
            )
        return _make_date(int(m[1]), int(m[2]), int(m[3]), text)
    if (m := _TEXTUAL.match(body)) is not None and (month := _lookup(m[2], MONTHS)) is not None:
        return _make_date(_full_year(m[3]), month + 1, int(m[1]), text)
    return None


def _read_month_or_year(body: str, text: str) -> Reading | None:
    month: int | None = None
    if (m := _MONTH_NAME.match(body)) is not None and (found := _lookup(m[1], MONTHS)) is not None:
        year, month = int(m[2]), found + 1
    elif (m := _MONTH_NUMERIC.match(body)) is not None:
        year, month = int(m[2]), int(m[1])
    elif (m := _MONTH_ISO.match(body)) is not None:
        year, month = int(m[1]), int(m[2])
    elif (m := _YEAR.match(body)) is not None:
        year = int(m[1])
    else:
        return None
    check_year(year, text)
    if month is not None and not 1 <= month <= 12:
        raise InvalidDate(f"{quoted(text)} is not a real date (there is no month {month}); {_HINT}")
    return period(year, month)


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


def check_year(year: int, text: str) -> None:
    """Refuse a year outside the window a chronology can hold (most often a typo)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidDate(
            f"{quoted(text)} has year {year}, outside {MIN_YEAR}-{MAX_YEAR}; check for a typo and {_HINT}"
        )


def _is_real(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _make_date(year: int, month: int, day: int, text: str) -> datetime.date:
    check_year(year, text)
    if not _is_real(year, month, day):
        why = (
            f"there is no month {month}"
            if not 1 <= month <= 12
            else f"there is no day {day}"
            if day < 1
            else f"{day} {MONTHS[month - 1].title()} {year} does not exist"
        )
        raise InvalidDate(f"{quoted(text)} is not a real date ({why}); {_HINT}")
    return datetime.date(year, month, day)


def read_excel_serial(value: float) -> Reading:
    """A number in a spreadsheet cell, as Excel's 1900 date system counts days (and fractions of one)."""
    if math.isnan(value):  # pandas reads an empty cell as NaN
        raise InvalidDate("no date given")
    shown = str(int(value)) if value.is_integer() else repr(value)
    # Rounded to the second first, so 0.9999999 of a day is the next midnight, not 23:59.
    serial, seconds = divmod(round(value * 86400), 86400) if math.isfinite(value) else (0, 0)
    if not 1 <= serial <= _EXCEL_MAX:
        raise InvalidDate(f"{quoted(shown)} is not an Excel date serial (1 to {_EXCEL_MAX}); {_HINT}")
    if serial == _EXCEL_FAKE_DAY:
        raise InvalidDate(f"{quoted(shown)} is Excel's 29/02/1900, a day that never existed; {_HINT}")
    day = datetime.date(1899, 12, 31 if serial < _EXCEL_FAKE_DAY else 30) + datetime.timedelta(days=serial)
    check_year(day.year, shown)
    return on_day(day, no_midnight(datetime.time(seconds // 3600, seconds % 3600 // 60)))
