"""Header and value patterns of a mapping file: exact text, or a `/regex/` run by RE2.

Exact text is compared without case and with runs of spaces (non-breaking ones too) collapsed;
a `/regex/` with optional `i` flag is searched anywhere in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jointchron.importers.safe_regex import SafeRegex


def normalise(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


@dataclass(frozen=True)
class Pattern:
    """Exact text (any case, any spacing) or a `/regex/i`."""

    text: str
    regex: SafeRegex | None = None  # matched by RE2, in time linear in the text (importers/safe_regex.py)

    @classmethod
    def parse(cls, text: str, where: str) -> Pattern:
        match = re.fullmatch(r"/(.*)/([imsx]*)", text, re.S)
        if match is None:
            return cls(text)
        return cls(text, SafeRegex(match.group(1), match.group(2), where))

    def matches(self, value: str) -> bool:
        if self.regex is not None:
            return self.regex.search(value)
        return normalise(value) == normalise(self.text)
