"""A mapping's /regex/ is matched by RE2: the flags a mapping may give mean what they mean in Python."""

from __future__ import annotations

import pytest

from jointchron.importers.errors import MappingError
from jointchron.importers.mapping import Pattern


@pytest.mark.parametrize(
    ("text", "value", "matches"),
    [
        ("/^bail/i", "BAIL to return", True),
        ("/^bail/", "BAIL to return", False),
        ("/^child$/m", "note\nchild", True),
        ("/^child$/", "note\nchild", False),
        ("/a.b/s", "a\nb", True),
        ("/a.b/", "a\nb", False),
        ("/café/i", "CAFÉ", True),
        ("/\\pL+ \\d{4}$/", "Référence 2019", True),
        ("/list[\\s_-]*0?1(?:\\D|$)/i", "List 10", False),
        ("/list[\\s_-]*0?1(?:\\D|$)/i", "List 01 (contacts)", True),
        ("/visit/", "undecodable \udc81 byte, then visit", True),
    ],
)
def test_a_regex_flag_means_what_it_means_in_python(text: str, value: str, matches: bool) -> None:
    assert Pattern.parse(text, "[columns] kind").matches(value) is matches


def test_patterns_parsed_from_the_same_text_are_equal() -> None:
    assert Pattern.parse("/^bail/i", "x") == Pattern.parse("/^bail/i", "x") != Pattern.parse("/^bail/", "x")


def test_an_invalid_regex_names_where_it_is_and_why() -> None:
    with pytest.raises(MappingError, match=r"\[kinds\] '/\(\[/': '/\(\[/' is not a valid regular expression"):
        Pattern.parse("/([/", "[kinds] '/([/'")
