"""FuzzyDate: reading UK dates day first, their uncertainty, display and storage."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal

import pytest

from jointchron.domain.dates import PRECISIONS, FuzzyDate
from jointchron.domain.errors import InvalidDate, JointchronError

D = dt.date
T = dt.time


def day(text: str) -> dt.date:
    parsed = FuzzyDate.parse(text)
    assert parsed.precision == "day", parsed
    assert parsed.earliest == parsed.latest
    return parsed.earliest


def rejected(value: object, **kwargs: object) -> str:
    """The InvalidDate message for a value, checked to be one line."""
    with pytest.raises(InvalidDate) as caught:
        if isinstance(value, str) and not kwargs:
            FuzzyDate.parse(value)
        else:
            FuzzyDate.from_value(value, **kwargs)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "\n" not in message
    return message


# --- day precision -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16/10/2024", D(2024, 10, 16)),
        ("16-10-2024", D(2024, 10, 16)),
        ("16.10.2024", D(2024, 10, 16)),
        ("16/10/24", D(2024, 10, 16)),
        ("16.10.24", D(2024, 10, 16)),
        ("16-10-24", D(2024, 10, 16)),
        ("6/3/2024", D(2024, 3, 6)),
        ("06/03/2024", D(2024, 3, 6)),
        ("1/1/24", D(2024, 1, 1)),
        ("16 Oct 2024", D(2024, 10, 16)),
        ("16 October 2024", D(2024, 10, 16)),
        ("16-Oct-2024", D(2024, 10, 16)),
        ("16 Oct 24", D(2024, 10, 16)),
        ("16-Oct-24", D(2024, 10, 16)),
        ("16th October 2024", D(2024, 10, 16)),
        ("1st March 2024", D(2024, 3, 1)),
        ("2nd Feb 2024", D(2024, 2, 2)),
        ("3rd Sept 2024", D(2024, 9, 3)),
        ("16th of October 2024", D(2024, 10, 16)),
        ("16 Oct. 2024", D(2024, 10, 16)),
        ("16 October, 2024", D(2024, 10, 16)),
        ("Wednesday 16 October 2024", D(2024, 10, 16)),
        ("Wed 16 Oct 2024", D(2024, 10, 16)),
        ("Wednesday, 16th October 2024", D(2024, 10, 16)),
        ("Thurs 12 Sep 2019", D(2019, 9, 12)),
        ("2024-10-16", D(2024, 10, 16)),
        ("2024-1-6", D(2024, 1, 6)),
        ("20241016", D(2024, 10, 16)),
    ],
)
def test_day_first_dates_are_read_as_a_single_day(text: str, expected: dt.date) -> None:
    parsed = FuzzyDate.parse(text)
    assert parsed == FuzzyDate(expected, expected, "day")
    assert parsed.time is None


@pytest.mark.parametrize(
    ("text", "year"),
    [("01/01/00", 2000), ("16/10/24", 2024), ("16/10/68", 2068), ("16/10/69", 1969), ("16/10/99", 1999)],
)
def test_two_digit_years_follow_the_python_strptime_pivot(text: str, year: int) -> None:
    assert day(text).year == year
    assert dt.datetime.strptime(text, "%d/%m/%y").year == year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/13/2024", "there is no month 13"),
        ("10/16/2024", "there is no month 16"),
        ("02/29/2024", "there is no month 29"),
        ("13/2024", "there is no month 13"),
    ],
)
def test_month_first_dates_are_never_guessed(text: str, expected: str) -> None:
    message = rejected(text)
    assert f"'{text}'" in message
    assert expected in message
    assert "day first" in message


def test_a_day_first_date_that_would_also_read_month_first_is_read_day_first() -> None:
    assert day("01/02/2024") == D(2024, 2, 1)
    assert day("12/09/2019") == D(2019, 9, 12)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/02/2019", "31 February 2019 does not exist"),
        ("29/02/2019", "29 February 2019 does not exist"),
        ("29/02/1900", "29 February 1900 does not exist"),
        ("31/04/2024", "31 April 2024 does not exist"),
        ("32/10/2024", "32 October 2024 does not exist"),
        ("00/10/2024", "there is no day 0"),
        ("16/00/2024", "there is no month 0"),
        ("31 Apr 2024", "31 April 2024 does not exist"),
        ("2019-02-29", "29 February 2019 does not exist"),
        ("2024-13-01", "there is no month 13"),
        ("2024-13", "there is no month 13"),
    ],
)
def test_impossible_dates_are_rejected_quoting_the_value(text: str, reason: str) -> None:
    message = rejected(text)
    assert message == f"'{text}' is not a real date ({reason}); write dates day first, e.g. 16/10/2024"


@pytest.mark.parametrize("text", ["29/02/2024", "29/02/2000", "29 Feb 1904", "2096-02-29"])
def test_leap_days_that_exist_are_accepted(text: str) -> None:
    assert (day(text).month, day(text).day) == (2, 29)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("0204", 204),
        ("16/10/1899", 1899),
        ("2101", 2101),
        ("1800-01-01", 1800),
        ("16/10/0204", 204),
        ("Oct 2150", 2150),
        ("16 Oct 1066", 1066),
        ("31/12/1899", 1899),
        ("01/01/2101", 2101),
    ],
)
def test_years_outside_1900_to_2100_are_rejected_as_likely_typos(text: str, year: int) -> None:
    message = rejected(text)
    assert f"'{text}'" in message
    assert f"year {year}, outside 1900-2100" in message


@pytest.mark.parametrize("text", ["01/01/1900", "1900", "31/12/2100", "2100"])
def test_the_first_and_last_years_allowed_are_accepted(text: str) -> None:
    assert FuzzyDate.parse(text).earliest.year in (1900, 2100)


def test_eight_digits_are_read_only_as_yyyymmdd() -> None:
    assert day("20190912") == D(2019, 9, 12)
    message = rejected("16102024")
    assert "'16102024'" in message
    assert "yyyymmdd" in message
    assert "yyyymmdd" in rejected("20241301")


def test_a_weekday_that_agrees_with_the_date_is_ignored() -> None:
    assert FuzzyDate.parse("Wed 16 Oct 2024") == FuzzyDate.parse("16/10/2024")


@pytest.mark.parametrize("text", ["Tue 16 Oct 2024", "Monday 16 October 2024", "Sun 16 Oct 24"])
def test_a_weekday_that_contradicts_the_date_is_rejected(text: str) -> None:
    message = rejected(text)
    assert f"'{text}'" in message
    assert "16 October 2024 is a Wednesday" in message


def test_a_weekday_with_only_a_month_is_rejected() -> None:
    assert "not a date jointchron can read" in rejected("Wed Oct 2024")


# --- times -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected_day", "hhmm"),
    [
        ("16/10/2024 14:30", D(2024, 10, 16), "14:30"),
        ("16/10/2024 14:30:15", D(2024, 10, 16), "14:30"),
        ("16/10/2024 2:30pm", D(2024, 10, 16), "14:30"),
        ("16/10/2024 2:30 PM", D(2024, 10, 16), "14:30"),
        ("16/10/2024 2pm", D(2024, 10, 16), "14:00"),
        ("16/10/2024 11:05am", D(2024, 10, 16), "11:05"),
        ("16/10/2024 12pm", D(2024, 10, 16), "12:00"),
        ("16/10/2024 12:15am", D(2024, 10, 16), "00:15"),
        ("16/10/2024 14.30", D(2024, 10, 16), "14:30"),
        ("16/10/2024 9:05", D(2024, 10, 16), "09:05"),
        ("16 Nov 2018 10:20:00", D(2018, 11, 16), "10:20"),
        ("16 October 2024 at 14:30", D(2024, 10, 16), "14:30"),
        ("16 October 2024, 14:30", D(2024, 10, 16), "14:30"),
        ("Wed 16 Oct 2024 14:30", D(2024, 10, 16), "14:30"),
        ("2018-11-14 10:20:00", D(2018, 11, 14), "10:20"),
        ("2018-11-14 10:20:00.000", D(2018, 11, 14), "10:20"),
        ("2024-10-16T14:30:00", D(2024, 10, 16), "14:30"),
        ("2024-10-16T14:30", D(2024, 10, 16), "14:30"),
        ("2024-10-16T14:30:59.999999", D(2024, 10, 16), "14:30"),
        ("16.10.24 23:59", D(2024, 10, 16), "23:59"),
    ],
)
def test_a_time_after_a_date_is_kept_to_the_minute(text: str, expected_day: dt.date, hhmm: str) -> None:
    parsed = FuzzyDate.parse(text)
    assert (parsed.precision, parsed.earliest, parsed.latest) == ("day", expected_day, expected_day)
    assert parsed.time_text() == hhmm
    assert parsed.time is not None and parsed.time.second == 0


@pytest.mark.parametrize(
    "text",
    [
        "2018-11-14 00:00:00",
        "2018-11-14 00:00:00.000",
        "2018-11-14T00:00:00",
        "16/10/2024 00:00",
        "16/10/2024 0:00",
        "16/10/2024 12am",
        "16/10/2024 12:00 am",
    ],
)
def test_a_time_of_midnight_is_read_as_no_time(text: str) -> None:
    parsed = FuzzyDate.parse(text)
    assert parsed.precision == "day"
    assert parsed.time is None


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("16/10/2024 25:00", "25:00"),
        ("16/10/2024 14:61", "14:61"),
        ("16/10/2024 24:00", "24:00"),
        ("16/10/2024 14:30:61", "14:30:61"),
        ("16/10/2024 13pm", "13pm"),
        ("16/10/2024 0am", "0am"),
        ("16/10/2024 13:30pm", "13:30pm"),
    ],
)
def test_impossible_times_are_rejected(text: str, shown: str) -> None:
    message = rejected(text)
    assert f"'{text}' has an impossible time ({shown})" in message
    assert "HH:MM" in message


def test_a_time_on_a_month_or_year_is_rejected() -> None:
    assert "not a date jointchron can read" in rejected("Oct 2024 14:30")
    assert "not a date jointchron can read" in rejected("2024 14:30")


# --- month and year precision --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("Oct 2024", D(2024, 10, 1), D(2024, 10, 31)),
        ("October 2024", D(2024, 10, 1), D(2024, 10, 31)),
        ("Sept 2019", D(2019, 9, 1), D(2019, 9, 30)),
        ("Oct-2024", D(2024, 10, 1), D(2024, 10, 31)),
        ("10/2024", D(2024, 10, 1), D(2024, 10, 31)),
        ("10-2024", D(2024, 10, 1), D(2024, 10, 31)),
        ("2024-10", D(2024, 10, 1), D(2024, 10, 31)),
        ("1/2024", D(2024, 1, 1), D(2024, 1, 31)),
        ("Feb 2024", D(2024, 2, 1), D(2024, 2, 29)),
        ("Feb 2023", D(2023, 2, 1), D(2023, 2, 28)),
        ("Apr 2024", D(2024, 4, 1), D(2024, 4, 30)),
    ],
)
def test_a_month_spans_its_first_to_its_last_day(text: str, earliest: dt.date, latest: dt.date) -> None:
    assert FuzzyDate.parse(text) == FuzzyDate(earliest, latest, "month")


@pytest.mark.parametrize("text", ["2024", "1900", "2100", " 2019 "])
def test_four_digits_alone_are_a_whole_year(text: str) -> None:
    year = int(text)
    assert FuzzyDate.parse(text) == FuzzyDate(D(year, 1, 1), D(year, 12, 31), "year")


# --- approximate ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "?16/10/2024",
        "? 16/10/2024",
        "c. 16/10/2024",
        "c.16/10/2024",
        "c 16/10/2024",
        "c16/10/2024",
        "ca. 16/10/2024",
        "ca 16/10/2024",
        "circa 16/10/2024",
        "approx. 16/10/2024",
        "approx 16/10/2024",
        "approximately 16/10/2024",
        "about 16/10/2024",
        "16/10/2024?",
        "16/10/2024 ?",
        "C. 16 Oct 2024",
        "Circa 16th October 2024",
        "About 2024-10-16",
    ],
)
def test_approximate_markers_make_a_day_approximate(text: str) -> None:
    assert FuzzyDate.parse(text) == FuzzyDate(D(2024, 10, 16), D(2024, 10, 16), "approximate")


def test_an_approximate_day_keeps_its_time() -> None:
    parsed = FuzzyDate.parse("c. 16/10/2024 14:30")
    assert (parsed.precision, parsed.time) == ("approximate", T(14, 30))


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("c. Oct 2024", D(2024, 10, 1), D(2024, 10, 31)),
        ("about October 2024", D(2024, 10, 1), D(2024, 10, 31)),
        ("10/2024?", D(2024, 10, 1), D(2024, 10, 31)),
        ("?2019", D(2019, 1, 1), D(2019, 12, 31)),
        ("c.2019", D(2019, 1, 1), D(2019, 12, 31)),
        ("circa 2019", D(2019, 1, 1), D(2019, 12, 31)),
        ("2019?", D(2019, 1, 1), D(2019, 12, 31)),
    ],
)
def test_approximate_markers_keep_a_month_or_year_span(text: str, earliest: dt.date, latest: dt.date) -> None:
    assert FuzzyDate.parse(text) == FuzzyDate(earliest, latest, "approximate")


# --- ranges ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "between 01/10/2024 and 15/10/2024",
        "Between 1/10/2024 and 15/10/2024",
        "01/10/2024 - 15/10/2024",
        "01/10/2024 to 15/10/2024",
        "01/10/2024–15/10/2024",
        "01/10/2024 – 15/10/2024",
        "01/10/2024—15/10/2024",
        "from 01/10/2024 to 15/10/2024",
        "1 Oct 2024 - 15 Oct 2024",
        "2024-10-01 - 2024-10-15",
        "01-10-2024 - 15-10-2024",
    ],
)
def test_ranges_run_from_the_first_day_to_the_second(text: str) -> None:
    assert FuzzyDate.parse(text) == FuzzyDate(D(2024, 10, 1), D(2024, 10, 15), "range")


def test_a_range_of_months_runs_from_the_first_of_one_to_the_end_of_the_other() -> None:
    assert FuzzyDate.parse("Oct 2024 - Dec 2024") == FuzzyDate(D(2024, 10, 1), D(2024, 12, 31), "range")
    assert FuzzyDate.parse("2018 to 2019") == FuzzyDate(D(2018, 1, 1), D(2019, 12, 31), "range")


def test_a_range_drops_the_times_and_markers_of_its_ends() -> None:
    parsed = FuzzyDate.parse("01/10/2024 09:00 - c. 15/10/2024 17:00")
    assert parsed == FuzzyDate(D(2024, 10, 1), D(2024, 10, 15), "range")


def test_a_range_within_one_day_is_still_a_range() -> None:
    parsed = FuzzyDate.parse("between 01/10/2024 and 01/10/2024")
    assert (parsed.precision, parsed.earliest, parsed.latest) == ("range", D(2024, 10, 1), D(2024, 10, 1))


@pytest.mark.parametrize("text", ["16-10-2024", "16-Oct-2024", "2024-10-16"])
def test_a_hyphenated_date_is_a_single_day_not_a_range(text: str) -> None:
    assert day(text) == D(2024, 10, 16)


@pytest.mark.parametrize(
    "text", ["15/10/2024 - 01/10/2024", "between 2020 and 2019", "Nov 2024 to 30/10/2024"]
)
def test_a_range_that_ends_before_it_starts_is_rejected(text: str) -> None:
    message = rejected(text)
    assert f"'{text}' ends before it starts" in message
    assert "earlier date first" in message


def test_a_bad_end_of_a_range_is_rejected_quoting_that_end() -> None:
    assert "'31/02/2024' is not a real date" in rejected("01/02/2024 - 31/02/2024")


# --- normalising and rejecting ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  16   OCT   2024 ", "16/10/2024"),
        ("16\u00a0Oct\u00a02024", "16/10/2024"),
        ("\u00a016/10/2024\u202f14:30\t", "16/10/2024 14:30"),
        ("OCTOBER 2024", "Oct 2024"),
        ("C. 2019", "c. 2019"),
        ("BETWEEN 01/10/2024  AND  15/10/2024", "between 01/10/2024 and 15/10/2024"),
        ("2024-10-16t14:30", "16/10/2024 14:30"),
    ],
)
def test_whitespace_case_and_non_breaking_spaces_are_normalised(text: str, expected: str) -> None:
    assert FuzzyDate.parse(text).display() == expected


@pytest.mark.parametrize("text", ["", " ", "\t\n", "\u00a0"])
def test_empty_text_says_no_date_given(text: str) -> None:
    assert rejected(text) == "no date given"


@pytest.mark.parametrize(
    "text",
    [
        "hello",
        "tomorrow",
        "Oct 24",
        "16/10",
        "16 10 2024",
        "16/10-2024",
        "Octember 2024",
        "2024/10/16",
        "?",
        "c.",
        "between 2019",
        "01/10/2024 - 05/10/2024 - 09/10/2024",
        "16 Oct 2024 14",
        "Q3 2024",
        "24",
    ],
)
def test_unreadable_text_is_rejected_quoting_it_and_saying_what_is_accepted(text: str) -> None:
    message = rejected(text)
    assert message.startswith(f"'{text}' is not a date jointchron can read; ")
    assert "16/10/2024" in message


def test_a_long_unreadable_value_is_cut_to_40_characters_in_the_message() -> None:
    text = "the week after the half-term holiday in the autumn"
    message = rejected(text)
    assert message.startswith(f"'{text[:40]}…' is not a date")
    assert text not in message


# --- strptime formats ----------------------------------------------------------------------------


def test_given_formats_are_tried_in_order_before_auto_detection() -> None:
    # An import profile that says a system writes month first is followed: that is not a guess.
    assert FuzzyDate.parse("01/02/2024", ["%m/%d/%Y"]).earliest == D(2024, 1, 2)
    assert FuzzyDate.parse("01/02/2024", ["%d/%m/%Y", "%m/%d/%Y"]).earliest == D(2024, 2, 1)


def test_a_format_with_a_time_gives_the_time_and_midnight_gives_none() -> None:
    assert FuzzyDate.parse("16/10/2024 14:30", ["%d/%m/%Y %H:%M"]).time == T(14, 30)
    assert FuzzyDate.parse("16/10/2024 14:30:45", ["%d/%m/%Y %H:%M:%S"]).time == T(14, 30)
    assert FuzzyDate.parse("16/10/2024 00:00", ["%d/%m/%Y %H:%M"]).time is None


def test_a_format_without_time_directives_gives_a_day_without_time() -> None:
    parsed = FuzzyDate.parse("2024|10|16", ["%Y|%m|%d"])
    assert parsed == FuzzyDate.on(D(2024, 10, 16))


def test_a_single_format_string_is_taken_as_one_format() -> None:
    assert FuzzyDate.parse("2024|10|16", "%Y|%m|%d").earliest == D(2024, 10, 16)


def test_when_no_format_matches_auto_detection_reads_day_first() -> None:
    assert FuzzyDate.parse("16/10/2024", ["%Y%m%d%H%M"]) == FuzzyDate.on(D(2024, 10, 16))
    assert "there is no month 16" in rejected("10/16/2024", formats=["%d.%m.%Y"])


def test_a_format_match_outside_1900_to_2100_is_rejected() -> None:
    assert "year 1850" in rejected("1850|10|16", formats=["%Y|%m|%d"])


def test_from_value_passes_formats_to_parse() -> None:
    assert FuzzyDate.from_value("10/16/2024", ["%m/%d/%Y"]).earliest == D(2024, 10, 16)


# --- from_value ----------------------------------------------------------------------------------


def test_from_value_reads_text() -> None:
    assert FuzzyDate.from_value(" c. Oct 2024 ") == FuzzyDate.parse("c. Oct 2024")


def test_from_value_returns_a_fuzzy_date_as_is() -> None:
    original = FuzzyDate.parse("Oct 2024")
    assert FuzzyDate.from_value(original) is original


def test_from_value_reads_a_date_as_a_day() -> None:
    assert FuzzyDate.from_value(D(2024, 10, 16)) == FuzzyDate(D(2024, 10, 16), D(2024, 10, 16), "day")


@pytest.mark.parametrize(
    ("value", "expected_time"),
    [
        (dt.datetime(2024, 10, 16, 14, 30), T(14, 30)),
        (dt.datetime(2024, 10, 16, 14, 30, 59, 999), T(14, 30)),
        (dt.datetime(2024, 10, 16, 0, 0, 0), None),
        (dt.datetime(2024, 10, 16, 0, 1), T(0, 1)),
        (dt.datetime(2024, 10, 16, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))), T(14, 30)),
    ],
)
def test_from_value_reads_a_datetime_as_a_day_with_its_wall_clock_time(
    value: dt.datetime, expected_time: dt.time | None
) -> None:
    parsed = FuzzyDate.from_value(value)
    assert parsed == FuzzyDate(D(2024, 10, 16), D(2024, 10, 16), "day", expected_time)
    assert type(parsed.earliest) is dt.date


@pytest.mark.parametrize(
    ("serial", "expected_day", "expected_time"),
    [
        (1, D(1900, 1, 1), None),
        (59, D(1900, 2, 28), None),
        (61, D(1900, 3, 1), None),
        (43720, D(2019, 9, 12), None),
        (43720.0, D(2019, 9, 12), None),
        (43720.5, D(2019, 9, 12), T(12, 0)),
        (43720.75, D(2019, 9, 12), T(18, 0)),
        (45581.604166666664, D(2024, 10, 16), T(14, 30)),
        (45581.60416, D(2024, 10, 16), T(14, 29)),
        (43720.99999999, D(2019, 9, 13), None),
        (73050, D(2099, 12, 31), None),
    ],
)
def test_excel_serial_numbers_use_the_1900_date_system(
    serial: float, expected_day: dt.date, expected_time: dt.time | None
) -> None:
    assert FuzzyDate.from_value(serial) == FuzzyDate.on(expected_day, expected_time)


def test_excel_serial_60_is_the_29_february_1900_that_never_existed() -> None:
    message = rejected(60)
    assert "'60'" in message
    assert "29/02/1900" in message
    assert "29/02/1900" in rejected(60.5)


@pytest.mark.parametrize(
    ("serial", "shown"),
    [
        (0, "'0'"),
        (-1, "'-1'"),
        (0.5, "'0.5'"),
        (2958466, "'2958466'"),
        (float("inf"), "'inf'"),
        (float("-inf"), "'-inf'"),
    ],
)
def test_serials_outside_excel_range_are_rejected(serial: float, shown: str) -> None:
    message = rejected(serial)
    assert message.startswith(f"{shown} is not an Excel date serial (1 to 2958465)")


def test_an_excel_serial_after_2100_is_rejected_by_the_year_rule() -> None:
    assert "year 9999" in rejected(2958465)


@pytest.mark.parametrize("value", [True, False])
def test_booleans_are_not_dates(value: bool) -> None:
    assert "true/false value is not a date" in rejected(value)


@pytest.mark.parametrize("value", [None, float("nan")])
def test_empty_cells_say_no_date_given(value: object) -> None:
    assert rejected(value) == "no date given"


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ([2024, 10, 16], "list"),
        (b"16/10/2024", "bytes"),
        (decimal.Decimal("43720"), "Decimal"),
        (dt.time(14, 30), "time"),
        ({"date": "2024-10-16"}, "dict"),
    ],
)
def test_other_kinds_of_value_are_rejected_naming_their_kind(value: object, kind: str) -> None:
    assert rejected(value).startswith(f"a {kind} value is not a date; ")


def test_dates_and_datetimes_outside_1900_to_2100_are_rejected() -> None:
    assert "'1850-01-01' has year 1850" in rejected(D(1850, 1, 1))
    assert "year 2200" in rejected(dt.datetime(2200, 1, 1, 12, 0))


def test_numpy_numbers_are_read_as_excel_serials() -> None:
    np = pytest.importorskip("numpy")
    assert FuzzyDate.from_value(np.int64(43720)).earliest == D(2019, 9, 12)
    assert FuzzyDate.from_value(np.float64(43720.5)).time == T(12, 0)


def test_pandas_timestamps_are_read_and_nat_is_no_date() -> None:
    pd = pytest.importorskip("pandas")
    assert FuzzyDate.from_value(pd.Timestamp("2024-10-16 14:30")) == FuzzyDate.on(D(2024, 10, 16), T(14, 30))
    assert rejected(pd.NaT) == "no date given"


# --- on, properties and display --------------------------------------------------------------


def test_on_builds_a_day_and_keeps_its_time_to_the_minute() -> None:
    assert FuzzyDate.on(D(2024, 10, 16)) == FuzzyDate(D(2024, 10, 16), D(2024, 10, 16), "day")
    assert FuzzyDate.on(D(2024, 10, 16), T(14, 30, 45, 12)).time == T(14, 30)
    assert FuzzyDate.on(dt.datetime(2024, 10, 16, 9, 0)).earliest == D(2024, 10, 16)


@pytest.mark.parametrize(
    ("text", "uncertain"),
    [
        ("16/10/2024", False),
        ("16/10/2024 14:30", False),
        ("Oct 2024", True),
        ("2024", True),
        ("c. 16/10/2024", True),
        ("01/10/2024 - 15/10/2024", True),
    ],
)
def test_only_a_known_day_is_certain(text: str, uncertain: bool) -> None:
    assert FuzzyDate.parse(text).is_uncertain is uncertain


@pytest.mark.parametrize(
    ("text", "iso", "end_iso", "time_text"),
    [
        ("16/10/2024", "2024-10-16", None, None),
        ("16/10/2024 14:30", "2024-10-16", None, "14:30"),
        ("Oct 2024", "2024-10-01", None, None),
        ("2024", "2024-01-01", None, None),
        ("c. 16/10/2024 09:05", "2024-10-16", None, "09:05"),
        ("01/10/2024 - 15/10/2024", "2024-10-01", "2024-10-15", None),
    ],
)
def test_iso_end_iso_and_time_text(text: str, iso: str, end_iso: str | None, time_text: str | None) -> None:
    parsed = FuzzyDate.parse(text)
    assert (parsed.iso(), parsed.end_iso(), parsed.time_text()) == (iso, end_iso, time_text)


DISPLAYED = [
    ("12/09/2019", "12/09/2019"),
    ("12/9/19", "12/09/2019"),
    ("12/09/2019 14:30", "12/09/2019 14:30"),
    ("12/09/2019 9:05am", "12/09/2019 09:05"),
    ("September 2019", "Sep 2019"),
    ("2019", "2019"),
    ("?12/09/2019", "c. 12/09/2019"),
    ("about 12/09/2019 14:30", "c. 12/09/2019 14:30"),
    ("c. Sep 2019", "c. Sep 2019"),
    ("circa 2019", "c. 2019"),
    ("01/10/2024 - 15/10/2024", "between 01/10/2024 and 15/10/2024"),
    ("Oct 2024 to Dec 2024", "between 01/10/2024 and 31/12/2024"),
]


@pytest.mark.parametrize(("text", "expected"), DISPLAYED)
def test_display_is_the_uk_human_form(text: str, expected: str) -> None:
    parsed = FuzzyDate.parse(text)
    assert parsed.display() == expected
    assert str(parsed) == expected


@pytest.mark.parametrize("text", [text for text, _ in DISPLAYED])
def test_the_displayed_form_reads_back_as_the_same_date(text: str) -> None:
    parsed = FuzzyDate.parse(text)
    assert FuzzyDate.parse(parsed.display()) == parsed


def test_sort_key_orders_by_earliest_day_then_time_with_untimed_first() -> None:
    texts = [
        "16/10/2024 14:30",
        "2024",
        "16/10/2024",
        "Oct 2024",
        "16/10/2024 09:00",
        "15/10/2024 23:59",
        "c. 17/10/2024",
        "between 02/10/2024 and 20/10/2024",
    ]
    ordered = sorted((FuzzyDate.parse(text) for text in texts), key=lambda date: date.sort_key)
    assert [date.display() for date in ordered] == [
        "2024",
        "Oct 2024",
        "between 02/10/2024 and 20/10/2024",
        "15/10/2024 23:59",
        "16/10/2024",
        "16/10/2024 09:00",
        "16/10/2024 14:30",
        "c. 17/10/2024",
    ]


def test_sort_key_is_the_earliest_day_and_the_time_or_midnight() -> None:
    assert FuzzyDate.parse("16/10/2024 14:30").sort_key == (D(2024, 10, 16), T(14, 30))
    assert FuzzyDate.parse("Oct 2024").sort_key == (D(2024, 10, 1), T(0, 0))


# --- to_dict and from_dict -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16/10/2024", {"date": "2024-10-16", "end_date": None, "precision": "day", "time": None}),
        ("16/10/2024 14:30", {"date": "2024-10-16", "end_date": None, "precision": "day", "time": "14:30"}),
        ("Feb 2024", {"date": "2024-02-01", "end_date": "2024-02-29", "precision": "month", "time": None}),
        ("2019", {"date": "2019-01-01", "end_date": "2019-12-31", "precision": "year", "time": None}),
        ("c. 16/10/2024", {"date": "2024-10-16", "end_date": None, "precision": "approximate", "time": None}),
        (
            "c. 16/10/2024 08:15",
            {"date": "2024-10-16", "end_date": None, "precision": "approximate", "time": "08:15"},
        ),
        (
            "c. Oct 2024",
            {"date": "2024-10-01", "end_date": "2024-10-31", "precision": "approximate", "time": None},
        ),
        ("?2019", {"date": "2019-01-01", "end_date": "2019-12-31", "precision": "approximate", "time": None}),
        (
            "01/10/2024 - 15/10/2024",
            {"date": "2024-10-01", "end_date": "2024-10-15", "precision": "range", "time": None},
        ),
        (
            "between 01/10/2024 and 01/10/2024",
            {"date": "2024-10-01", "end_date": None, "precision": "range", "time": None},
        ),
    ],
)
def test_to_dict_and_from_dict_round_trip_exactly_for_every_precision(
    text: str, expected: dict[str, str | None]
) -> None:
    parsed = FuzzyDate.parse(text)
    assert parsed.to_dict() == expected
    rebuilt = FuzzyDate.from_dict(parsed.to_dict())
    assert rebuilt == parsed
    assert (rebuilt.earliest, rebuilt.latest, rebuilt.precision, rebuilt.time) == (
        parsed.earliest,
        parsed.latest,
        parsed.precision,
        parsed.time,
    )


def test_every_precision_is_covered_by_the_round_trip_cases() -> None:
    samples = ["16/10/2024", "Oct 2024", "2024", "c. 2024", "2023 - 2024"]
    assert sorted(FuzzyDate.parse(text).precision for text in samples) == sorted(PRECISIONS)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"date": "2024-10-16", "precision": "dayish"}, "precision 'dayish'"),
        ({"date": "2024-10-16"}, "precision None"),
        ({"precision": "day"}, "stored date 'None'"),
        ({"date": "16/10/2024", "precision": "day"}, "stored date '16/10/2024'"),
        ({"date": "2024-02-30", "precision": "day"}, "stored date '2024-02-30'"),
        ({"date": 20241016, "precision": "day"}, "stored date '20241016'"),
        ({"date": "2024-10-16", "precision": "day", "time": "25:00"}, "stored time '25:00'"),
        ({"date": "2024-10-16", "precision": "day", "time": "14:30:00"}, "stored time '14:30:00'"),
        ({"date": "2024-10-16", "end_date": "2024-10", "precision": "range"}, "stored end_date '2024-10'"),
        ({"date": "2024-10-16", "end_date": "2024-10-01", "precision": "range"}, "latest is before earliest"),
        ({"date": "2024-10-01", "end_date": "2024-10-15", "precision": "month"}, "not one month"),
        ({"date": "2024-10-01", "precision": "month"}, "not one month"),
        ({"date": "2024-10-16", "end_date": "2024-10-17", "precision": "day"}, "not one day"),
        ({"date": "2024-10-01", "end_date": "2024-10-15", "precision": "approximate"}, "approximate"),
        ({"date": "2024-10-01", "end_date": "2024-10-31", "precision": "month", "time": "10:00"}, "time"),
        ({"date": "1850-10-01", "precision": "day"}, "1900-2100"),
    ],
)
def test_from_dict_rejects_data_that_is_not_a_fuzzy_date(data: dict[str, object], expected: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        FuzzyDate.from_dict(data)
    assert expected in str(caught.value)


# --- value-object behaviour ------------------------------------------------------------------


def test_fuzzy_dates_are_frozen_equal_by_value_and_hashable() -> None:
    first, second = FuzzyDate.parse("16/10/2024"), FuzzyDate.parse("Wed 16 October 2024")
    assert first == second
    assert len({first, second, FuzzyDate.parse("c. 16/10/2024")}) == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.precision = "year"  # type: ignore[misc]


def test_fuzzy_dates_have_no_ordering_of_their_own() -> None:
    with pytest.raises(TypeError):
        _ = FuzzyDate.parse("2019") < FuzzyDate.parse("2020")  # type: ignore[operator]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((D(2024, 10, 16), D(2024, 10, 15), "range"), "latest is before earliest"),
        ((D(2024, 10, 16), D(2024, 10, 17), "day"), "not one day"),
        ((D(2024, 10, 1), D(2024, 10, 31), "week"), "unknown precision"),
        ((D(2024, 10, 1), D(2024, 10, 31), "month", T(9, 0)), "only a single day carries a time"),
        ((D(2024, 10, 1), D(2024, 10, 1), "range", T(9, 0)), "only a single day carries a time"),
        ((D(2024, 10, 1), D(2024, 10, 1), "day", T(9, 0, 30)), "kept to the minute"),
        ((D(1899, 12, 31), D(1899, 12, 31), "day"), "1900-2100"),
    ],
)
def test_inconsistent_fuzzy_dates_cannot_be_built(args: tuple[object, ...], expected: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        FuzzyDate(*args)  # type: ignore[arg-type]
    assert expected in str(caught.value)


def test_invalid_date_is_a_value_error_and_a_jointchron_error() -> None:
    with pytest.raises(ValueError):
        FuzzyDate.parse("31/02/2019")
    with pytest.raises(JointchronError):
        FuzzyDate.parse("31/02/2019")


def test_the_same_date_text_is_read_once_and_shared() -> None:
    # Extracts repeat the same few thousand dates: reading each once is what keeps an import fast.
    first = FuzzyDate.parse("16 Oct 2024 14:30", ("%d/%m/%Y",))
    assert FuzzyDate.parse("16 Oct 2024 14:30", ["%d/%m/%Y"]) is first
    assert FuzzyDate.parse("16 Oct 2024 14:30") is not first  # other formats may read it otherwise
    assert FuzzyDate.parse("16 Oct 2024 14:30") is FuzzyDate.parse("16 Oct 2024 14:30")
