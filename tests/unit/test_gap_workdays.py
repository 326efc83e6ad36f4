"""Working days and windows: weekends and each jurisdiction's bank holidays are skipped."""

from __future__ import annotations

import datetime as dt

import pytest

from jointchron.domain.errors import InvalidValue
from jointchron.projections.gaps.workdays import Calendar, Window, add_months

D = dt.date


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("3 working days", 3, "working_days"),
        ("1 working day", 1, "working_days"),
        ("28 days", 28, "days"),
        ("28 calendar days", 28, "days"),
        ("2 weeks", 2, "weeks"),
        ("12 months", 12, "months"),
        (" 45  Working Days ", 45, "working_days"),
    ],
)
def test_windows_are_read_from_plain_words(text: str, amount: int, unit: str) -> None:
    assert Window.parse(text) == Window(amount, unit)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["3 workdays", "three days", "days", "3", "-3 days", ""])
def test_a_window_that_is_not_one_says_how_to_write_it(text: str) -> None:
    with pytest.raises(InvalidValue, match="3 working days"):
        Window.parse(text)


def test_a_window_reads_back_as_written() -> None:
    assert str(Window.parse("3 working days")) == "3 working days"
    assert str(Window.parse("1 working day")) == "1 working day"
    assert str(Window.parse("28 days")) == "28 calendar days"


def test_working_days_skip_the_weekend() -> None:
    england = Calendar("england")
    assert england.add_working_days(D(2019, 5, 16), 1) == D(2019, 5, 17)  # Thursday -> Friday
    assert england.add_working_days(D(2019, 5, 17), 1) == D(2019, 5, 20)  # Friday -> Monday
    assert england.add_working_days(D(2019, 5, 18), 1) == D(2019, 5, 20)  # Saturday -> Monday


def test_a_bank_holiday_is_not_a_working_day() -> None:
    england = Calendar("england")
    # Spring bank holiday 27/05/2019: five working days after Wednesday 22/05 end on Thursday 30/05.
    assert not england.is_working_day(D(2019, 5, 27))
    assert england.add_working_days(D(2019, 5, 22), 5) == D(2019, 5, 30)


def test_easter_friday_and_monday_are_skipped_in_england_and_wales_but_only_friday_in_scotland() -> None:
    thursday = D(2019, 4, 18)  # before Good Friday 19/04/2019 and Easter Monday 22/04/2019
    assert Calendar("england").add_working_days(thursday, 1) == D(2019, 4, 23)
    assert Calendar("wales").add_working_days(thursday, 1) == D(2019, 4, 23)
    assert Calendar("scotland").add_working_days(thursday, 1) == D(2019, 4, 22)


def test_scotland_keeps_its_own_bank_holidays() -> None:
    scotland, england = Calendar("scotland"), Calendar("england")
    assert not scotland.is_working_day(D(2020, 1, 2)) and england.is_working_day(D(2020, 1, 2))
    assert not scotland.is_working_day(D(2019, 8, 5)) and england.is_working_day(D(2019, 8, 5))
    assert scotland.is_working_day(D(2019, 8, 26)) and not england.is_working_day(D(2019, 8, 26))
    assert not scotland.is_working_day(D(2019, 12, 2))  # St Andrew's Day (observed)
    assert scotland.add_working_days(D(2019, 12, 31), 1) == D(2020, 1, 3)
    assert england.add_working_days(D(2019, 12, 31), 1) == D(2020, 1, 2)


def test_christmas_and_new_year_are_skipped_across_the_year_end() -> None:
    england = Calendar("england")
    assert england.add_working_days(D(2019, 12, 20), 3) == D(2019, 12, 27)
    assert england.add_working_days(D(2019, 12, 24), 4) == D(2020, 1, 2)  # 27, 30, 31 December, 2 January


def test_forty_five_working_days_run_over_the_august_bank_holiday() -> None:
    assert Calendar("england").add_working_days(D(2019, 6, 3), 45) == D(2019, 8, 5)
    # Scotland's summer bank holiday is the first Monday of August, England's the last.
    assert Calendar("scotland").add_working_days(D(2019, 6, 3), 45) == D(2019, 8, 6)


def test_counting_back_for_a_lookback_skips_the_same_days() -> None:
    england = Calendar("england")
    assert england.add_working_days(D(2019, 4, 23), -1) == D(2019, 4, 18)
    assert england.before(D(2019, 5, 22), Window.parse("3 working days")) == D(2019, 5, 17)


def test_lateness_counts_working_days_after_the_deadline() -> None:
    england = Calendar("england")
    assert england.lateness(D(2019, 6, 13), D(2019, 6, 20), working=True) == 5
    assert england.lateness(D(2019, 6, 13), D(2019, 6, 13), working=True) == 0
    # Saturday after a Friday deadline: late, though no working day passed.
    assert england.lateness(D(2019, 6, 14), D(2019, 6, 15), working=True) == 1
    assert england.lateness(D(2019, 3, 29), D(2019, 3, 30), working=False) == 1


def test_calendar_windows_count_every_day_and_months_keep_to_the_month_end() -> None:
    england = Calendar("england")
    assert england.after(D(2019, 3, 1), Window.parse("28 days")) == D(2019, 3, 29)
    assert england.after(D(2019, 1, 31), Window.parse("1 month")) == D(2019, 2, 28)
    assert add_months(D(2020, 2, 29), -12) == D(2019, 2, 28)
    assert england.before(D(2019, 6, 3), Window.parse("12 months")) == D(2018, 6, 3)


def test_an_unknown_calendar_is_refused() -> None:
    with pytest.raises(InvalidValue, match="england"):
        Calendar("france")
