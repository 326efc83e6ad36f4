"""Windows of time the rules allow, and the calendar they are counted on.

Statutory timescales are written in working days ("within 15 working days"), calendar days
("within 28 calendar days", as Scotland writes most of its own) or months ("3 or more in
12 months"). A working day is a weekday that is not a bank holiday in the review's
jurisdiction: England and Wales share most bank holidays but not all of them, and Scotland
keeps 2 January, the first Monday of August and St Andrew's Day.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import re
from dataclasses import dataclass
from typing import Final, Literal

import holidays

from jointchron.domain.errors import InvalidValue

Unit = Literal["working_days", "days", "weeks", "months"]

_WINDOW = re.compile(
    r"^\s*(\d{1,4})\s+(working\s+days?|calendar\s+days?|days?|weeks?|months?)\s*$", re.IGNORECASE
)
# The `holidays` package's subdivisions of the United Kingdom, by the calendar a rulebook names.
SUBDIVISIONS: Final[dict[str, str]] = {"england": "ENG", "wales": "WLS", "scotland": "SCT"}


@dataclass(frozen=True, slots=True)
class Window:
    """A span of time such as `3 working days`, `28 days` or `12 months`."""

    amount: int
    unit: Unit

    @classmethod
    def parse(cls, text: str) -> Window:
        match = _WINDOW.match(text) if isinstance(text, str) else None
        if match is None:
            raise InvalidValue(
                f"{str(text)[:40]!r} is not a window; write e.g. '3 working days', '28 days' or '12 months'"
            )
        word = match[2].lower().split()
        unit: Unit
        if word[0] == "working":
            unit = "working_days"
        elif word[0] in ("calendar", "day", "days"):
            unit = "days"
        elif word[0].startswith("week"):
            unit = "weeks"
        else:
            unit = "months"
        return cls(int(match[1]), unit)

    @property
    def in_working_days(self) -> bool:
        return self.unit == "working_days"

    def __str__(self) -> str:
        names = {"working_days": "working day", "days": "calendar day", "weeks": "week", "months": "month"}
        name = names[self.unit]
        return f"{self.amount} {name}{'' if self.amount == 1 else 's'}"


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier), kept within the month: 31 Jan + 1 month is 28/29 Feb."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


class Calendar:
    """Working days of one jurisdiction: weekdays that are not its bank holidays."""

    def __init__(self, region: str) -> None:
        if region not in SUBDIVISIONS:
            raise InvalidValue(f"unknown calendar {region!r}; use one of: {', '.join(SUBDIVISIONS)}")
        self.region = region
        self._first_year = self._last_year = 0
        # Ordinals of every working day in the covered years, ascending: adding N working days
        # and counting them between two dates are then one bisect each, whatever N is.
        self._days: list[int] = []

    def holidays_in(self, year: int) -> dict[datetime.date, str]:
        found: dict[datetime.date, str] = dict(
            holidays.country_holidays("GB", subdiv=SUBDIVISIONS[self.region], years=year)
        )
        return found

    def is_working_day(self, day: datetime.date) -> bool:
        self._cover(day.year)
        index = bisect.bisect_left(self._days, day.toordinal())
        return index < len(self._days) and self._days[index] == day.toordinal()

    def add_working_days(self, day: datetime.date, count: int) -> datetime.date:
        """The `count`-th working day after `day` (before it when negative); `day` itself is day 0."""
        if count == 0:
            return day
        self._cover(day.year - 1 - abs(count) // 200, day.year + 1 + abs(count) // 200)
        ordinal = day.toordinal()
        if count >= 0:
            # Working days strictly after `day`: the first is index bisect_right.
            return datetime.date.fromordinal(self._days[bisect.bisect_right(self._days, ordinal) + count - 1])
        return datetime.date.fromordinal(self._days[bisect.bisect_left(self._days, ordinal) + count])

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """How many working days fall after `start` up to and including `end` (0 if end <= start)."""
        if end <= start:
            return 0
        self._cover(start.year, end.year)
        return bisect.bisect_right(self._days, end.toordinal()) - bisect.bisect_right(
            self._days, start.toordinal()
        )

    def after(self, day: datetime.date, window: Window) -> datetime.date:
        """The last day of `window` counted from `day`: the deadline for something due within it."""
        if window.unit == "working_days":
            return self.add_working_days(day, window.amount)
        if window.unit == "months":
            return add_months(day, window.amount)
        return day + datetime.timedelta(days=window.amount * (7 if window.unit == "weeks" else 1))

    def before(self, day: datetime.date, window: Window) -> datetime.date:
        """The first day of `window` counted back from `day` (a lookback)."""
        if window.unit == "working_days":
            return self.add_working_days(day, -window.amount)
        if window.unit == "months":
            return add_months(day, -window.amount)
        return day - datetime.timedelta(days=window.amount * (7 if window.unit == "weeks" else 1))

    def lateness(self, due: datetime.date, day: datetime.date, working: bool) -> int:
        """How late `day` is after `due`: in working days, or calendar days; at least 1 when after it.

        Something done on the Saturday after a Friday deadline is late, though no working day passed.
        """
        if day <= due:
            return 0
        count = self.working_days_between(due, day) if working else (day - due).days
        return max(1, count)

    def _cover(self, first: int, last: int | None = None) -> None:
        last = first if last is None else last
        if self._days and self._first_year <= first and last <= self._last_year:
            return
        lo = min(first, self._first_year) if self._days else first
        hi = max(last, self._last_year) if self._days else last
        # A margin either side, so that windows running over a new year do not rebuild again.
        lo, hi = lo - 1, hi + 1
        closed: set[datetime.date] = set()
        for year in range(lo, hi + 1):
            closed.update(self.holidays_in(year))
        start, end = datetime.date(lo, 1, 1).toordinal(), datetime.date(hi, 12, 31).toordinal()
        self._days = [
            o
            for o in range(start, end + 1)
            if (d := datetime.date.fromordinal(o)).weekday() < 5 and d not in closed
        ]
        self._first_year, self._last_year = lo, hi
