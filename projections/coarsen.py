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
# A month as records write it: its name or its usual abbreviation, never a longer word (`marks`, `decided`).
_MONTH_WORD = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)(?![a-z])\.?"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)"
_YEAR = r"(?P<year>\d{4}|'?\d{2})(?![\d:])"

# A weekday before a numeric date goes with it (`Tue 12/03/19`): with the month it narrows the day down.
# Capitalised only, so that `she sat 12/03/19` keeps its verb.
_BEFORE = r"(?:\b(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_NUMERIC_DATE = re.compile(
    rf"{_BEFORE}(?<![\w/.-])(\d{{1,2}})\s?[/.-]\s?(\d{{1,2}})\s?[/.-]\s?(\d{{4}}|\d{{2}})(?![\w/])"
)
# `2019-03-12T10:30:00Z`: an ISO date and time as systems export them; the time becomes `[time]`.
_YEAR_FIRST = re.compile(
    rf"{_BEFORE}(?<![\w/.-])(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}})"
    r"(?P<clock>T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?(?![\w/-])"
)
_COMPACT = re.compile(r"(?<![\w])((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?![\w])")
# `the 9th of March 2019`, `Tuesday 9 March`, `12-Mar-19`, `12MAR2019`: the day and weekday go, the month stays.
_DAY_MONTH = re.compile(
    rf"(?:\bthe\s+)?(?:\b{_WEEKDAY})?(?:\bthe\s+)?(?<![\d/.])\b\d{{1,2}}(?:st|nd|rd|th)?[\s-]*(?:of\s+)?"
    rf"(?P<month>{_MONTH_WORD})(?:[\s,-]*{_YEAR})?",
    re.IGNORECASE,
)
# `March 9th`, `Tuesday, March 9, 2019`.
_MONTH_DAY = re.compile(
    rf"(?:\b{_WEEKDAY})?\b(?P<month>{_MONTH_WORD})\s+(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?(?![\d:])"
    r"(?:,?\s+(?P<year>\d{4})(?!\d))?",
    re.IGNORECASE,
)
_DAY_SLASH_MONTH = re.compile(r"(?<![\w/.-])(\d{1,2})/(\d{1,2})(?![\w/.-])(?!\s*of\b)")
# `on the 9th`, `the 23rd`: a day of a month already named.
# `on 3rd`, `by 14th`, `from 2nd to 9th`: the same without `the`, after a word that makes it a day and
# before no word it would qualify (`on 3rd floor` stays).
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)\b"
_ORDINAL_DAY = re.compile(
    rf"(?:\b(?:on|by|from|until)\s+)?\bthe\s+{_ORDINAL}"
    rf"|\b(?:on|by|from|until|till|between)\s+{_ORDINAL}(?:\s*(?:to|and|-)\s*(?:the\s+)?{_ORDINAL})?"
    r"(?!\s+(?!(?:and|or|at|to|when|but|then|about)\b)[a-z])",
    re.IGNORECASE,
)
_CLOCKS = (
    re.compile(r"(?<![\w:])([01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\s*(?:hrs|hours|h))?(?![\w:])", re.I),
    re.compile(r"(?<![\w:.])([01]?\d|2[0-3])[.]?[0-5]\d\s*(?:hrs|hours|h)\b", re.I),  # 2330hrs, 23.30 hrs
    re.compile(r"(?<![\w:.])([01]?\d|2[0-3])h[0-5]\d\b", re.I),  # 14h30
    re.compile(r"(?<![\w:.])(?:1[0-2]|0?[1-9])(?:[.:][0-5]\d)?\s*(?:am|pm|a\.m\.|p\.m\.)(?![\w])", re.I),
    re.compile(r"(?<![\w:.])12(?:[.:]00)?\s*(?:noon|midnight)\b", re.I),  # 12 noon
)
# `at 0930`, `by 11.30`: a four-figure time after a word that says so.
_AT_CLOCK = re.compile(
    r"\b(at|by|from|until|till|before|after|around)\s+(?:[01]?\d|2[0-3])[.]?[0-5]\d\b", re.I
)
_ON_MONTH = re.compile(rf"\b(on|On)\s+((?:{'|'.join(calendar.month_name[1:])})(?:\s+\d{{4}})?)\b")


def coarsen_text_dates(text: str) -> str:
    """Dates in free text to the month (`on the 9th of March 2019` → `in March 2019`), times of day hidden:
    every form UK records use (`09/03/2019`, `9/3`, `2019/03/09`, `20190309`, `12-Mar-19`, `12MAR2019`,
    `March 9th`, `the 9th`; `23:30`, `2330hrs`, `11.30am`, `at 0930`, `14h30`), the sentence kept readable."""
    if not any(c.isdigit() for c in text):
        return text

    def numeric(m: re.Match[str]) -> str:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if not 1 <= month <= 12 or not 1 <= day <= 31:
            return m.group(0)
        return f"{calendar.month_name[month]} {_full_year(year)}"

    def year_first(m: re.Match[str]) -> str:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if not 1 <= month <= 12 or not 1 <= day <= 31:
            return m.group(0)
        clock = m.groupdict().get("clock")
        return f"{calendar.month_name[month]} {year}" + (f" {TIME}" if clock else "")

    def named(m: re.Match[str]) -> str:
        word = m.group("month").rstrip(".")
        month = _month_number(word)
        if month is None or word == "may":  # `2 may attend`: the verb
            return m.group(0)
        year = m.group("year")
        return calendar.month_name[month] + (f" {_full_year(int(year.lstrip(chr(39))))}" if year else "")

    def day_month(m: re.Match[str]) -> str:
        day, month = int(m.group(1)), int(m.group(2))
        return calendar.month_name[month] if 1 <= month <= 12 and 1 <= day <= 31 else m.group(0)

    text = _NUMERIC_DATE.sub(numeric, text)
    text = _YEAR_FIRST.sub(year_first, text)
    text = _COMPACT.sub(year_first, text)
    text = _DAY_MONTH.sub(named, text)
    text = _MONTH_DAY.sub(named, text)
    text = _DAY_SLASH_MONTH.sub(day_month, text)
    text = _ORDINAL_DAY.sub("that month", text)
    for clock in _CLOCKS:
        text = clock.sub(TIME, text)
    text = _AT_CLOCK.sub(lambda m: f"{m.group(1)} {TIME}", text)
    return _ON_MONTH.sub(lambda m: ("In " if m.group(1) == "On" else "in ") + m.group(2), text)


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
