"""The subjects of one extract: people of the register, or unconfirmed people registered on the way."""

from __future__ import annotations

import uuid

from jointchron.domain.drafts import PersonDraft
from jointchron.domain.person import person_id
from jointchron.domain.register import Register, name_key, split_subject

_CODE_LENGTH = 6


class ExtractSubjects:
    """Resolves subjects as an extract writes them to person ids, the same way throughout one import.

    A subject the register does not know (or knows with another date of birth) becomes an
    unconfirmed person, with close matches from the register suggested for the import report.
    `take_new()` hands each such person over once, to be recorded with the rows that name it.
    """

    def __init__(self, register: Register, role: str | None) -> None:
        self.register, self.role = register, role
        # Pseudonyms in use in the review, and those given in this import: a new one is never one of them.
        self._taken = {p.pseudonym.casefold() for p in register.people.values()}
        self._resolved: dict[str, str] = {}
        self._unconfirmed: dict[str, PersonDraft] = {}
        self._new: list[PersonDraft] = []
        self._suggestions: dict[str, list[str]] = {}

    def __call__(self, text: str) -> str:
        # The same few subjects recur on thousands of rows.
        found = self._resolved.get(text)
        if found is None:
            found = self._resolved[text] = self._resolve(text)
        return found

    def take_new(self) -> tuple[list[PersonDraft], dict[str, list[str]]]:
        """The unconfirmed people made since the last call, and close matches for each (by pseudonym)."""
        new, suggestions = self._new, self._suggestions
        self._new, self._suggestions = [], {}
        return new, suggestions

    def _resolve(self, text: str) -> str:
        name, dob = split_subject(text)
        found = self.register.resolve(name)
        # A date of birth written in the extract that differs from the register's is another person until merged.
        if found is not None and (dob is None or self.register.people[found].dob in (None, dob)):
            return str(found)
        key = name_key(name) + (f" {dob.isoformat()}" if dob else "")
        draft = self._unconfirmed.get(key)
        if draft is None:
            source_id = f"unconfirmed:{key}"
            draft = PersonDraft(source_id=source_id, pseudonym=self._pseudonym(person_id(source_id)),
                                names=(" ".join(name.split()),), dob=dob, role=self.role, confirmed=False)  # fmt: skip
            self._suggestions[draft.pseudonym] = self.register.suggest(name, dob=dob)
            self._unconfirmed[key] = draft
            # Later rows writing the same name and date of birth find it here; it is not added to the
            # register, so that `Amelia Smith` is not taken for `Amelia Smith (01/02/2012)`.
            self._new.append(draft)
        return str(draft.id)

    def _pseudonym(self, pid: uuid.UUID) -> str:
        """`Unconfirmed 3F2A9C`: the start of the person's id, long enough to be no one else's in the review.

        The pseudonym is recorded with the person, so a rebuild shows the same one; six hex digits
        rarely meet another, and a longer start of the id is taken when they do.
        """
        held = self.register.people.get(pid)
        if held is not None:
            return held.pseudonym
        code = pid.hex.upper()
        for length in range(_CODE_LENGTH, len(code) + 1):
            pseudonym = f"Unconfirmed {code[:length]}"
            if pseudonym.casefold() not in self._taken:
                break
        self._taken.add(pseudonym.casefold())
        return pseudonym
