"""The people register as a lookup: which person a subject written in an extract means.

A subject is resolved by identifier (`nhs:9434765919` or the bare `9434765919`), the
register's own id, the pseudonym, or any name or alias; case and spacing are ignored,
and `Surname, Forename` is read as `Forename Surname`. A key shared by two people
resolves to neither: the import report says so rather than guessing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from jointchron.domain.person import Person


def name_key(text: str) -> str:
    text = " ".join(text.replace("\u00a0", " ").split()).casefold()
    if text.count(",") == 1:
        surname, forenames = (part.strip() for part in text.split(","))
        text = f"{forenames} {surname}".strip()
    return text


def identifier_key(text: str) -> str:
    return "".join(text.split()).casefold()


class Register:
    def __init__(self, people: Iterable[Person]) -> None:
        self.people: dict[uuid.UUID, Person] = {}
        self._keys: dict[str, set[uuid.UUID]] = {}
        self._names: dict[str, uuid.UUID] = {}
        for person in people:
            self.add(person)

    def add(self, person: Person) -> None:
        self.people[person.id] = person
        keys = {name_key(person.source_id), name_key(person.pseudonym), identifier_key(person.source_id)}
        for name in person.names:
            keys.add(name_key(name))
            if person.confirmed:
                self._names[name_key(name)] = person.id
        for identifier in person.identifiers:
            keys.add(identifier_key(identifier))
            _, _, bare = identifier.partition(":")
            if bare:
                keys.add(identifier_key(bare))
        for key in keys - {""}:
            self._keys.setdefault(key, set()).add(person.id)

    def resolve(self, text: str) -> uuid.UUID | None:
        """The one person `text` names, or None when no one or more than one person matches."""
        for key in (identifier_key(text), name_key(text)):
            found = self._keys.get(key, set())
            confirmed = {pid for pid in found if self.people[pid].confirmed}
            # A confirmed person wins over an unconfirmed record carrying the same text.
            found = confirmed or found
            if len(found) == 1:
                return next(iter(found))
        return None

    def is_ambiguous(self, text: str) -> bool:
        return any(len(self._keys.get(key, ())) > 1 for key in (identifier_key(text), name_key(text)))

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """Pseudonyms of confirmed people whose names are close to `text` (never their names)."""
        matches = process.extract(
            name_key(text), list(self._names), scorer=fuzz.WRatio, limit=limit * 2, score_cutoff=80
        )
        pseudonyms: list[str] = []
        for key, _score, _index in matches:
            pseudonym = self.people[self._names[key]].pseudonym
            if pseudonym not in pseudonyms:
                pseudonyms.append(pseudonym)
        return pseudonyms[:limit]
