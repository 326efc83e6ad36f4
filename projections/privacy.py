"""Pseudonymisation of everything a review outputs (privacy by default).

Subjects are shown by pseudonym, and every registered name, alias, forename and surname
found in free text (whole words, any case, possessives included) is replaced by the
person's pseudonym. A name part shared by several people (a family surname) becomes
`[name]`: replacing it with one of them would attribute the text to the wrong person.
Identifiers in text become `[identifier]`. `named=True` turns all of this off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from jointchron.domain.person import Person

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
SHARED = "[name]"
IDENTIFIER = "[identifier]"


class Pseudonymiser:
    def __init__(
        self, people: Iterable[Person], canonical: dict[str, str] | None = None, named: bool = False
    ) -> None:
        self.named = named
        self.people = {str(p.id): p for p in people}
        self.canonical = canonical or {}
        self._pattern, self._replacements = self._compile()

    def person(self, person_id: str) -> str:
        """How a subject is shown: pseudonym, or (named) the first registered name."""
        person = self.people.get(self.canonical.get(person_id, person_id))
        if person is None:
            return "Unknown person"
        if self.named and person.names:
            return person.names[0]
        return person.pseudonym

    def text(self, text: str) -> str:
        if self.named or not text or self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._replacements[m.group(0).casefold()], text)

    def _compile(self) -> tuple[re.Pattern[str] | None, dict[str, str]]:
        whole: dict[str, str] = {}
        parts: dict[str, set[str]] = {}
        for person in self.people.values():
            shown = self.person(str(person.id)) if not self.named else person.pseudonym
            for name in person.names:
                key = " ".join(name.split()).casefold()
                if key and key != person.pseudonym.casefold():
                    whole[key] = shown if whole.get(key, shown) == shown else SHARED
                for part in _WORD.findall(name):
                    if len(part) >= 2:
                        parts.setdefault(part.casefold(), set()).add(shown)
            for identifier in person.identifiers:
                value = identifier.partition(":")[2].strip()
                if len(value) >= 4:
                    whole[value.casefold()] = IDENTIFIER
        replacements = {
            part: (next(iter(shown)) if len(shown) == 1 else SHARED) for part, shown in parts.items()
        }
        replacements.update(whole)
        # A pseudonym's own words (`Child`, `Mr`) are never replaced.
        for person in self.people.values():
            for word in person.pseudonym.split():
                replacements.pop(word.casefold(), None)
        if not replacements:
            return None, {}
        alternatives = sorted(replacements, key=len, reverse=True)
        body = "|".join(r"\s+".join(re.escape(w) for w in alt.split()) for alt in alternatives)
        pattern = re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)
        # Keys as matched text may differ in spacing; normalise on lookup.
        table = _SpacingInsensitive(replacements)
        return pattern, table


class _SpacingInsensitive(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return self[" ".join(key.split())]
