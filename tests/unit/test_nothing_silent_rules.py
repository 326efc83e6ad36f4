"""The rules behind issue 12's refusals, each in the one place that holds it (the CLI tests show them in use)."""

from __future__ import annotations

import pytest

from jointchron.domain.agencies import AgencyBook, UnknownAgency
from jointchron.domain.dates import FuzzyDate, format_precision
from jointchron.domain.suggest import closest, did_you_mean
from jointchron.domain.vocabulary import Agency
from jointchron.importers.errors import MappingError
from jointchron.importers.header_check import check_headers, check_sheet_names
from jointchron.importers.mapping import Mapping
from jointchron.importers.roles import other_agencies_role
from jointchron.importers.xlsx_date_formats import format_shows
from jointchron.projections.entries import disagree_on_direction


def checked(data: dict[str, object]) -> Mapping:
    mapping = Mapping.from_dict(data, "test")
    mapping.headers_checked = True
    for spec in mapping.sheet_specs:
        spec.mapping.headers_checked = True
    return mapping


def test_the_closest_value_is_suggested_only_when_it_is_close() -> None:
    assert closest("Detail", ["Date", "Type", "Details"]) == "Details"
    assert closest("zzzz", ["Date", "Type", "Details"]) is None
    assert did_you_mean("polce", ["police", "gp"]) == '; did you mean "police"?'
    assert did_you_mean("", ["police"]) == ""


def test_an_agency_book_knows_built_in_and_registered_codes_and_refuses_others_with_the_closest() -> None:
    book = AgencyBook([Agency("northshire_yjs", "Northshire Youth Justice", "youth_justice")])
    assert "police" in book and "northshire_yjs" in book and "polcie" not in book
    assert book.code_named("Northshire Youth Justice") == "northshire_yjs"
    assert book.code_named("Children's Social Care") == "csc"
    assert book.require("Northshire YJS", "--agency").sector == "youth_justice"
    with pytest.raises(UnknownAgency, match="unknown agency 'polcie'; did you mean \"police\"\\?"):
        book.require("polcie", "--agency")
    assert book.hint("xqzv") == "."


@pytest.mark.parametrize(("fmt", "precision"), [
    ("%d/%m/%Y", "day"), ("%d %b %Y %H:%M:%S", "day"), ("%Y-%m-%d", "day"), ("%j %Y", "day"), ("%x", "day"),
    ("%b %Y", "month"), ("%B %Y", "month"), ("%m/%Y", "month"), ("%Y", "year"), ("%%d %Y", "year"),
])  # fmt: skip
def test_a_date_format_gives_the_precision_it_reads(fmt: str, precision: str) -> None:
    assert format_precision(fmt) == precision


@pytest.mark.parametrize(("code", "shown"), [
    ("mmm-yy", "month"), ("mmmm yyyy", "month"), ("mm/yyyy", "month"), ('[$-809]mmm yyyy;@', "month"),
    ("yyyy", "year"), ('"Year "yyyy', "year"), ("dd/mm/yyyy", None), ("d-mmm-yy", None), ("mmm-yy h:mm", None),
    ("General", None), ("0.00", None), ("hh:mm:ss", None), ('"day" yyyy', "year"),
])  # fmt: skip
def test_an_excel_number_format_without_a_day_shows_a_month_or_a_year(code: str, shown: str | None) -> None:
    assert format_shows(code) == shown


def test_a_month_format_reads_the_whole_month_and_a_year_format_the_whole_year() -> None:
    month = FuzzyDate.parse("Feb 2020", ["%d/%m/%Y", "%b %Y"])
    assert (month.precision, month.earliest.isoformat(), month.latest.isoformat()) == ("month", "2020-02-01",
                                                                                        "2020-02-29")  # fmt: skip
    year = FuzzyDate.parse("2019", ["%Y"])
    assert (year.precision, year.earliest.isoformat(), year.latest.isoformat()) == (
        "year",
        "2019-01-01",
        "2019-12-31",
    )


@pytest.mark.parametrize(("kind", "sector", "role"), [
    ("strategy_discussion", "police", "participants"), ("conference", "social_care", "participants"),
    ("contact_received", "health", "sender"), ("referral", "social_care", "sender"),
    ("referral", "education", "recipients"), ("information_shared", "social_care", "recipients"),
])  # fmt: skip
def test_other_agencies_play_the_part_the_kind_and_the_recorder_give(
    kind: str, sector: str, role: str
) -> None:
    assert other_agencies_role(kind, sector, {}) == role


def test_a_mappings_roles_set_the_part_per_kind() -> None:
    assert other_agencies_role("referral", "social_care", {"referral": "recipients"}) == "recipients"
    assert other_agencies_role("meeting", "police", {"referral": "recipients"}) == "participants"


def test_records_pointing_opposite_ways_disagree_and_meetings_never_do() -> None:
    assert disagree_on_direction("referral", [("school", ["csc"]), ("csc", ["school"])])
    assert disagree_on_direction("referral", [("csc", []), ("school", ["csc"])])
    assert not disagree_on_direction("referral", [("school", ["csc"]), ("school", ["csc"])])
    # Two agencies each telling the school: different senders, no contradiction.
    assert not disagree_on_direction("information_shared", [("police", ["school"]), ("gp", ["school"])])
    assert not disagree_on_direction("meeting", [("police", ["csc"]), ("csc", ["police"])])


def test_a_mapping_file_must_name_each_column_once() -> None:
    mapping = checked({"columns": {"date": "Date", "kind": "Type", "summary": "Detail"}})
    with pytest.raises(MappingError, match='summary = "Detail" matches no column; did you mean "Details"'):
        check_headers(mapping, ["Date", "Type", "Details"], "x.csv")
    twice = checked({"columns": {"date": "Date", "kind": "Type", "subjects": "/^subject/i"}})
    with pytest.raises(MappingError, match='matches 2 columns \\("Subject 1", "Subject 2"\\)'):
        check_headers(twice, ["Date", "Type", "Subject 1", "Subject 2"], "x.csv")
    check_headers(twice, ["Date", "Type", "Subject"], "x.csv")


def test_an_events_column_list_is_ways_of_writing_one_column_tried_in_order() -> None:
    mapping = checked({"events": [{"date": ["Referral date", "/referr/i"], "kind": "referral"}]})
    check_headers(mapping, ["Child", "Date of referral"], "x.csv")  # the fallback finds one
    with pytest.raises(MappingError, match="#1 \\(referral\\) date"):
        check_headers(mapping, ["Child", "Referred", "Referral source"], "x.csv")  # the fallback finds two


def test_a_profile_is_not_held_to_the_headers_of_one_file() -> None:
    profile = Mapping.from_dict({"columns": {"date": "Date", "summary": "Detail"}}, "profile")
    check_headers(profile, ["Date"], "x.csv")


def test_each_sheets_table_of_a_mapping_file_reads_exactly_one_sheet() -> None:
    mapping = checked({"sheets": [{"name": "Referrals", "events": [{"date": "Date", "kind": "referral"}]}]})
    check_sheet_names(mapping, ["Referrals", "Notes"], "x.xlsx")
    with pytest.raises(MappingError, match='matches no sheet; did you mean "Referals"'):
        check_sheet_names(mapping, ["Referals", "Notes"], "x.xlsx")
