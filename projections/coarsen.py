"""Dates made coarse for a published review (the jigsaw-identification risk): to the month.

`coarsen` turns an entry's date into its month; `coarsen_text_dates` does the same to dates
written in free text (`09/03/2019`, `9th March 2019`, `2019-03-09` → `March 2019`) and hides
times of day.
"""

from __future__ import annotations

import calendar
import datetime
import re

from jointchron.domain.dates import FuzzyDate

TIME = "[time]"
_MONTHS = tuple(m.lower() for m in calendar.month_name[1:])
_MONTH_WORD = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"

_NUMERIC_DATE = re.compile(r"(?<![\w/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\w/])")
_ISO_DATE = re.compile(r"(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?![\w-])")
_DAY_MONTH = re.compile(
    rf"(?<![\w])\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_WORD})\.?(,?\s+\d{{4}})?(?![\w])", re.I
)
_MONTH_DAY = re.compile(
    rf"(?<![\w])({_MONTH_WORD})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(,?\s+\d{{4}})?(?![\w])", re.I
)
_CLOCK = re.compile(r"(?<![\w:])([01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\s*(?:hrs|hours|h))?(?![\w:])", re.I)


_ON_MONTH = re.compile(rf"\b(on|On)\s+((?:{'|'.join(calendar.month_name[1:])})(?:\s+\d{{4}})?)\b")


def coarsen_text_dates(text: str) -> str:
    """Dates in free text to the month (`09/03/2019` → `March 2019`), times of day hidden."""

    def numeric(m: re.Match[str]) -> str:
        month, year = int(m.group(2)), int(m.group(3))
        if not 1 <= month <= 12 or not 1 <= int(m.group(1)) <= 31:
            return m.group(0)
        return f"{calendar.month_name[month]} {_full_year(year)}"

    def iso(m: re.Match[str]) -> str:
        month = int(m.group(2))
        return f"{calendar.month_name[month]} {m.group(1)}" if 1 <= month <= 12 else m.group(0)

    def named(m: re.Match[str]) -> str:
        month = _month_number(m.group(1))
        if month is None:
            return m.group(0)
        return calendar.month_name[month] + (m.group(2) or "").replace(",", "")

    text = _NUMERIC_DATE.sub(numeric, text)
    text = _ISO_DATE.sub(iso, text)
    text = _DAY_MONTH.sub(named, text)
    text = _MONTH_DAY.sub(named, text)
    text = _ON_MONTH.sub(lambda m: ("In " if m.group(1) == "On" else "in ") + m.group(2), text)
    return _CLOCK.sub(TIME, text)


def _month_number(word: str) -> int | None:
    word = word.lower()
    for number, name in enumerate(_MONTHS, start=1):
        if name.startswith(word[:3]) and (len(word) <= 4 or name == word):
            return number
    return None


def _full_year(year: int) -> int:
    if year >= 100:
        return year
    return 2000 + year if 2000 + year <= datetime.date.today().year else 1900 + year


def coarsen(date: FuzzyDate) -> FuzzyDate:
    """The date to the month: a day or a span within one month becomes that month, without a time."""
    earliest, latest = date.earliest, date.latest
    if (earliest, latest) == (datetime.date(earliest.year, 1, 1), datetime.date(earliest.year, 12, 31)):
        return FuzzyDate(earliest, latest, date.precision, None)
    first = earliest.replace(day=1)
    last = latest.replace(day=calendar.monthrange(latest.year, latest.month)[1])
    if (first.year, first.month) != (last.year, last.month):
        return FuzzyDate(first, last, "range", None)
    return FuzzyDate(first, last, "approximate" if date.precision == "approximate" else "month", None)
