"""A date whose precision the extract states in a column of its own (EMIS `EffectiveDatePrecision`).

GP systems store a partial date as a full one (`2018-01-01` for "some time in 2018") and say in
another column how much of it is known. Read alone, that date would claim a day nobody recorded.
"""

from __future__ import annotations

import calendar
import datetime

from jointchron.domain.dates import FuzzyDate
from jointchron.importers.errors import RowError
from jointchron.importers.mapping import Mapping


def declared_precision(date: FuzzyDate, header: str, value: object, mapping: Mapping) -> FuzzyDate:
    """`date` cut to the precision its precision column gives (through [date_precision])."""
    text = "" if value is None else " ".join(str(value).split())
    if not text:
        return date
    word = next((w for pattern, w in mapping.precisions if pattern.matches(text)), None)
    if word is None:
        raise RowError(header, text, "unknown date precision; map this value in [date_precision]")
    if word == "unknown":
        raise RowError(header, text, "the source records this date as unknown, so it cannot be placed on "
                                     "the chronology; ask the agency for the date")  # fmt: skip
    if word == "day_time" or date.precision != "day":
        return date  # a date that already says less than its column is kept as it reads
    day = date.earliest
    if word == "day":
        return FuzzyDate.on(day)
    if word == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return FuzzyDate(day.replace(day=1), day.replace(day=last), "month")
    return FuzzyDate(datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31), "year")
