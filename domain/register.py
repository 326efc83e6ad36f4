"""The people register as a lookup: which person a subject written in an extract means.

A subject is resolved by identifier (`nhs:9434765919` or the bare `9434765919`), the
register's own id, the pseudonym, or any name or alias; case and spacing are ignored,
and `Surname, Forename` is read as `Forename Surname`. A key shared by two people
resolves to neither: the import report says so rather than guessing.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from jointchron.domain.dates import FuzzyDate
from jointchron.domain.errors import InvalidDate
from jointchron.domain.person import Person

# A date of birth written after a name: `Amy Smith (01/02/2012)`, `Amy Smith, DOB 01/02/2012`,
# `Amy Smith d.o.b. 1 Feb 2012`, `Amy Smith b. 2012-02-01`.
_WITH_DOB = re.compile(
    r"""^(?P<name>.*?)[\s,;:-]*\(?\s*(?:(?:d\.?\s*o\.?\s*b\.?|born|b\.)\s*:?\s*)?
        (?P<dob>\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\s+[a-z]{3,9}\.?\s+\d{4})\s*\)?\s*$""",
    re.I | re.X,
)
# How much closer a name must be when the dates of birth agree (easier) or disagree (harder).
_SAME_DOB_BONUS = 20
_OTHER_DOB_PENALTY = 15
_SUGGEST_CUTOFF = 80


def name_key(text: str) -> str:
    text = " ".join(text.replace("\u00a0", " ").split()).casefold()
    if text.count(",") == 1:
        surname, forenames = (part.strip() for part in text.split(","))
        text = f"{forenames} {surname}".strip()
    return text


def identifier_key(text: str) -> str:
    return "".join(text.split()).casefold()


def split_subject(text: str) -> tuple[str, datetime.date | None]:
    """The name and, when written after it, the date of birth of a subject as an extract gives it."""
    match = _WITH_DOB.match(text.strip())
    if match is None or not match.group("name").strip():
        return text, None
    try:
        dob = FuzzyDate.parse(match.group("dob"))
    except InvalidDate:
        return text, None
    if dob.precision != "day":
        return text, None
    return match.group("name").strip(), dob.earliest


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

    def suggest(self, text: str, limit: int = 3, dob: datetime.date | None = None) -> list[str]:
        """Pseudonyms of confirmed people whose names are close to `text` (never their names), closest first.

        With a date of birth, a person born that day needs a less close name (a changed surname, a
        nickname) and a person known to be born another day a closer one.
        """
        best: dict[uuid.UUID, float] = {}
        for key, score, _ in process.extract(
            name_key(text), list(self._names), scorer=fuzz.WRatio, limit=None, score_cutoff=40
        ):
            pid = self._names[key]
            born = self.people[pid].dob
            if dob is not None and born is not None:
                score += _SAME_DOB_BONUS if born == dob else -_OTHER_DOB_PENALTY
            if score >= _SUGGEST_CUTOFF:
                best[pid] = max(score, best.get(pid, 0))
        ranked = sorted(best, key=lambda pid: (-best[pid], self.people[pid].pseudonym))
        return [self.people[pid].pseudonym for pid in ranked[:limit]]
