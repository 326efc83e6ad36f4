"""Dates of birth in text: any date a record writes (`12/03/2015`, `12 March 2015`, `2015-03-12`, …)
that is a registered person's date of birth."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable

from jointchron.domain.person import Person
from jointchron.projections.redaction import HAS_DIGIT

_MON = r"(?P<{name}>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_YEARS = r"(?P<{name}>\d{{4}}|'?\d{{2}})"
# Every way a record writes a day as a date (one pattern, whatever the register holds): each match is read
# as a date and compared with the register's dates of birth.
_DATE_FORMS = (
    rf"(?P<d1>\d{{1,2}})\s?[/.-]\s?(?P<m1>\d{{1,2}})\s?[/.-]\s?{_YEARS.format(name='y1')}",
    r"(?P<y2>\d{4})[/.-](?P<m2>\d{1,2})[/.-](?P<d2>\d{1,2})",
    r"(?P<y3>(?:19|20)\d{2})(?P<m3>[01]\d)(?P<d3>[0-3]\d)",
    rf"(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?[\s-]*(?:of\s+)?{_MON.format(name='n4')}[\s,-]*{_YEARS.format(name='y4')}",
    rf"{_MON.format(name='n5')}\s*(?P<d5>\d{{1,2}})(?:st|nd|rd|th)?[\s,]+{_YEARS.format(name='y5')}",
)
_DATES = re.compile(rf"(?<![\w/.-])(?:{'|'.join(_DATE_FORMS)})(?![\w/])", re.IGNORECASE)


class Births:
    """Replaces any date in text that is a registered person's date of birth."""

    def __init__(self, births: set[tuple[int, int, int]]) -> None:
        self.births = births

    def sub(self, replacement: str, text: str) -> str:
        if not HAS_DIGIT(text):
            return text
        return _DATES.sub(lambda m: replacement if self._is_birth(m) else m.group(0), text)

    def _is_birth(self, m: re.Match[str]) -> bool:
        found = m.groupdict()
        for n in "12345":
            year = found.get(f"y{n}")
            if year is None:
                continue
            month_text, day = found.get(f"m{n}") or found.get(f"n{n}") or "", int(found[f"d{n}"])
            month = (
                int(month_text) if month_text.isdigit() else _MONTHS_SHORT.index(month_text[:3].lower()) + 1
            )
            written = int(year.lstrip("'"))
            years = {written} if written >= 100 else {1900 + written, 2000 + written}
            if any((y, month, day) in self.births for y in years):
                return True
            # Month-first (as US systems write it) only where that cannot be a UK day: past the 12th.
            return n == "1" and month > 12 and any((y, day, month) in self.births for y in years)
        return False


_MONTHS_SHORT = tuple(m[:3].lower() for m in calendar.month_name[1:])


def birth_pattern(people: Iterable[Person]) -> Births | None:
    births = {(p.dob.year, p.dob.month, p.dob.day) for p in people if p.dob is not None}
    return Births(births) if births else None
