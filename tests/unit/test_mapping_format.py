"""The mapping format's own rules: templates, [[sheets]], [[events]] conditions and precision columns."""

from __future__ import annotations

import datetime
import tomllib

import pytest

from jointchron.domain.dates import FuzzyDate
from jointchron.importers.errors import MappingError, RowError
from jointchron.importers.mapping import Mapping
from jointchron.importers.precision import declared_precision
from jointchron.importers.profiles import load_profile, profile_names
from jointchron.importers.templates import fill_template


def mapping(text: str, name: str = "test") -> Mapping:
    return Mapping.from_dict(tomllib.loads(text), name)


def test_a_template_fills_columns_drops_empty_optional_parts_and_keeps_literal_braces() -> None:
    values = {"Source": "q) 6: Police", "NFA": ""}

    def value_of(name: str) -> str:
        return values.get(name, "")

    assert fill_template("Referral[ from {Source}][; NFA: {NFA}]", value_of) == "Referral from q) 6: Police"
    assert fill_template("{Missing} seen  {{sic}} [as written]", value_of) == "seen {sic} [as written]"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[events]]\ndate = "D"\nkind = "referral"\nsummary = "From {Source"\n', "unbalanced braces"),
        ('[[events]]\ndate = "D"\nkind = "referral"\nwhen_value = "Yes"\n', "when_value needs when"),
        ('[[events]]\ndate = "D"\nkind = "referral"\nsender = ["police", "{From}"]\n', "one agency code"),
        (
            '[[events]]\ndate = "D"\nkind = "referral"\ntags_when = [{ column = "X" }]\n',
            "needs column and tags",
        ),
        (
            '[[sheets]]\nname = "A"\ncolour = "red"\n[[sheets.events]]\ndate = "D"\nkind = "note"\n',
            "'colour'",
        ),
        ('[[sheets]]\n[[sheets.events]]\ndate = "D"\nkind = "note"\n', "needs a name"),
        ('[[events]]\ndate = "D"\nkind = "note"\n[[sheets]]\nname = "A"\n', "inside each [[sheets]]"),
        ('[columns]\ndate = "D"\ndate_precision = "P"\n', "needs a [date_precision] table"),
        ('[columns]\ndate = "D"\n[date_precision]\nY = "annual"\n', "must be one of"),
        ('[source]\nformat = "hl7"\n[columns]\ndate = "D"\n', "format must be one of"),
    ],
)
def test_a_mapping_that_cannot_be_used_says_which_table_and_key(text: str, message: str) -> None:
    with pytest.raises(MappingError, match="mapping test") as raised:
        mapping(text)
    assert message in str(raised.value)


def test_a_sheet_table_inherits_the_profiles_tables_and_its_own_entries_come_first() -> None:
    loaded = mapping("""
[source]
agency = "csc"
[columns]
subjects = "Child"
[agencies]
"Police" = "police"
[aliases]
team = "Team"

[[sheets]]
name = ["Referrals", "/^list\\\\s*3$/i"]
[sheets.agencies]
"Police" = "btp"
[[sheets.events]]
date = "Date"
kind = "referral"
summary = "Referral to {team}"
""")

    spec = loaded.sheet_spec("LIST 3")
    assert spec is not None and spec.label == "Referrals" and loaded.sheet_spec("List 4") is None
    sheet = spec.mapping
    assert sheet.name == "test" and sheet.label == "Referrals" and sheet.agency == "csc"
    assert sheet.agency_of("Police") == "btp"
    assert [p.text for p in sheet.columns["subjects"]] == ["Child"]
    assert [p.text for p in sheet.events[0].placeholders["team"]] == ["Team"]


def test_a_stated_precision_cuts_a_full_date_to_the_year_or_month_and_unknown_is_refused() -> None:
    emis = load_profile("emis-observation")
    stored = FuzzyDate.on(datetime.date(2018, 6, 14), datetime.time(10, 20))

    assert declared_precision(stored, "P", "Y", emis) == FuzzyDate(
        datetime.date(2018, 1, 1), datetime.date(2018, 12, 31), "year"
    )
    assert declared_precision(stored, "P", "YM", emis).to_dict()["precision"] == "month"
    assert declared_precision(stored, "P", "YMD", emis) == FuzzyDate.on(datetime.date(2018, 6, 14))
    assert declared_precision(stored, "P", "YMDT", emis) == stored
    assert declared_precision(stored, "P", "", emis) == stored
    with pytest.raises(RowError) as unknown:
        declared_precision(stored, "EffectiveDatePrecision", "U", emis)
    assert (unknown.value.column, unknown.value.value) == ("EffectiveDatePrecision", "U")


def test_every_built_in_profile_loads_and_names_the_mapping_after_itself() -> None:
    assert profile_names() == [
        "annex-a",
        "cin-census",
        "emis-observation",
        "ndelius-contact",
        "systmone-srcode",
    ]
    for name in profile_names():
        loaded = load_profile(name)
        assert loaded.name == name and loaded.description
        assert all(spec.mapping.name == name for spec in loaded.sheet_specs)
