"""Mapping files: header and value patterns, and clear errors for broken mappings."""

from __future__ import annotations

from pathlib import Path

import pytest

from jointchron.importers.errors import MappingError
from jointchron.importers.mapping import Mapping, Pattern


@pytest.mark.parametrize(
    ("pattern", "value", "matches"),
    [
        ("Date/Time", "date/time", True),
        ("Date/Time", "  Date /Time", False),
        ("Occurrence  No", "occurrence no", True),
        ("Occurrence No", "Occurrence\u00a0No", True),
        ("/^bail/i", "Bail - conditional", True),
        ("/^bail/i", "Refused bail", False),
        ("/Subject/", "subject", False),
        ("/subject/i", "Other Subject(s)", True),
    ],
)
def test_patterns_are_exact_text_or_regular_expressions(pattern: str, value: str, matches: bool) -> None:
    assert Pattern.parse(pattern, "test").matches(value) is matches


def test_kinds_are_mapped_in_order_then_by_canonical_name_then_by_default() -> None:
    mapping = Mapping.from_dict(
        {
            "columns": {"date": "When"},
            "kinds": {"/^bail/i": "bail", "Bail refused": "decision", "default": "note"},
        },
        "m",
    )
    assert mapping.kind_of("Bail refused") == "bail"
    assert mapping.kind_of("Strategy Discussion") == "strategy_discussion"
    assert mapping.kind_of("Telephone call") == "note"


def test_a_value_with_no_kind_and_no_default_is_unmapped() -> None:
    mapping = Mapping.from_dict({"columns": {"date": "When"}, "kinds": {"Arrest": "arrest"}}, "m")
    assert mapping.kind_of("Telephone call") is None


def test_tags_come_from_values_and_from_the_summary() -> None:
    mapping = Mapping.from_dict(
        {
            "columns": {"date": "When"},
            "tags": {"Intelligence - IIOC": ["Sexual abuse", "iioc"]},
            "summary_tags": {"/indecent image/i": ["iioc"]},
        },
        "m",
    )
    assert mapping.tags_for("intelligence - iioc") == ("sexual_abuse", "iioc")
    assert mapping.tags_for_summary("Report of INDECENT IMAGES found") == ("iioc",)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"columns": {"when": "Date"}}, "[columns] when is not a canonical field"),
        ({"columns": {"date": "Date"}, "kinds": {"Arrest": "arested"}}, "is not a kind"),
        ({"columns": {"date": "Date"}, "kinds": {"/([/": "arrest"}}, "not a valid regular expression"),
        ({"columns": {"summary": "Text"}}, "needs a date column"),
        ({"columns": {"date": "Date"}, "source": {"delimiter": ":"}}, "delimiter must be"),
        ({"columns": {"date": "Date"}, "source": {"sector": "army"}}, "sector must be one of"),
        ({"columns": {"date": "Date"}, "colums": {}}, "unknown table [colums]"),
        (
            {"columns": {"date": "Date"}, "agencies": {"Children's Services": "Children's Services"}},
            "not an agency code",
        ),
    ],
)
def test_a_broken_mapping_is_refused_with_the_table_and_key_named(
    data: dict[str, object], message: str
) -> None:
    with pytest.raises(MappingError, match=message.replace("[", r"\[").replace("]", r"\]")):
        Mapping.from_dict(data, "police")


def test_a_mapping_file_that_is_not_toml_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[columns\ndate = 'x'\n", encoding="utf-8")
    with pytest.raises(MappingError, match="not valid TOML") as caught:
        Mapping.load(path)
    assert "\n" not in str(caught.value)


def test_the_canonical_mapping_expects_the_canonical_headers() -> None:
    mapping = Mapping.canonical()
    assert mapping.columns["date"][0].matches("DATE")
    assert mapping.columns["other_agencies"][0].matches("Other_Agencies")
