"""Pseudonymisation of everything a review outputs (privacy by default).

Subjects are shown by pseudonym, and in free text:

- every registered name, alias, forename and surname is replaced by the person's pseudonym: whole
  words only (`Ann` never matches inside `Anne`, `Jo` never inside `Joanne`: the longest name wins),
  in any case, through accents and curly apostrophes, keeping a possessive (`Maggie's` → `Child Bk's`;
  `Maggies` → `Child Bks`); the parts of a double-barrelled or hyphenated name count on their own;
- a name part shared by several people (a family surname) becomes `[name]`: replacing it with one
  of them would attribute the text to the wrong person. A confirmed person's name wins over the
  same text held by an unconfirmed record;
- a name part that is also an ordinary English word (`Will`, `May`, `Brown`, `Grace`, `Hope`) is
  replaced only where it has a capital initial, and a month name (`May`, `June`) not where it
  is next to a day or year number (`12 May`, `May 2019`); titles and relations (`Mr`, `mum`) are never
  replaced on their own (see `ordinary_words`);
- identifiers (the value after `scheme:`, with or without its spaces) become `[identifier]`, and a
  person's date of birth written as a date becomes `[date of birth]`.

`named=True` turns all of this off. `publish=True` (for the appendix of a published review)
also removes practitioners' names, coarsens dates in text to the month and hides times of day.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from jointchron.domain.dates import FuzzyDate
from jointchron.domain.person import Person
from jointchron.projections.birth_dates import Births, birth_pattern
from jointchron.projections.coarsen import coarsen, coarsen_text_dates
from jointchron.projections.name_replacer import Replacer, Rule, fold, trie
from jointchron.projections.ordinary_words import NEVER_NAMES
from jointchron.projections.redaction import Redactor, contacts_hidden

# Distinct texts remembered per output (a chronology of 100,000 entries has fewer distinct summaries).
_CACHED_TEXTS = 500_000
SHARED = "[name]"
IDENTIFIER = "[identifier]"
BIRTH_DATE = "[date of birth]"
PRACTITIONER = "[practitioner]"

# A word of a name: letters, then letters, digits, apostrophes or hyphens (O'Brien, Smith-Jones).
_WORD = re.compile(r"[^\W\d_][\w'-]*")
# Words of a practitioner field that say what they do, not who they are.
_ROLE_WORDS_TEXT = """
    dc ds di dci dsi dsu pc psc pcso sgt insp supt det con officer constable sergeant inspector police
    oic dsl ddsl sw swm tm atm duty team manager worker social senior practitioner nurse nursing
    practice health visitor hv gp doctor teacher class form tutor head headteacher deputy assistant
    designated safeguarding lead attendance mash admin clerk receptionist paramedic midwife consultant
    registrar student advanced family support probation po pso case key coordinator co-ordinator chair
    iro lado school college nursery early help hospital ward staff on call out of hours edt idva isva
    camhs therapist psychologist psychiatrist clinician service services unit officer's dr's
    """
_ROLE_WORDS = frozenset(_ROLE_WORDS_TEXT.split())


def _key(text: str) -> str:
    return " ".join(fold(text).lower().split())


class Pseudonymiser:
    def __init__(
        self,
        people: Iterable[Person],
        canonical: dict[str, str] | None = None,
        named: bool = False,
        publish: bool = False,
        practitioners: Iterable[str] = (),
        redactions: Iterable[tuple[str, str]] = (),
    ) -> None:
        if named and publish:
            raise ValueError("a published output cannot show real names")
        self.named = named
        self.publish = publish
        self.people = {str(p.id): p for p in people}
        self.canonical = canonical or {}
        self._names: Replacer | None = None
        self._identifiers: re.Pattern[str] | None = None
        self._births: Births | None = None
        self._practitioners: Replacer | None = None
        self._shown: dict[str, str] = {}
        self._redactor = Redactor(redactions, [p.pseudonym for p in self.people.values()])
        if not named:
            self._names = Replacer(self._name_rules())
            self._identifiers = _identifier_pattern(self.people.values())
            self._births = birth_pattern(self.people.values())
        if publish:
            self._practitioners = Replacer(
                _practitioner_rules(practitioners), protected=self._pseudonym_words()
            )

    def person(self, person_id: str) -> str:
        """How a subject is shown: pseudonym, or (named) the first registered name."""
        person = self.people.get(self.canonical.get(person_id, person_id))
        if person is None:
            return "Unknown person"
        if self.named and person.names:
            return person.names[0]
        return person.pseudonym

    def text(self, text: str) -> str:
        """`text` as this output shows it. Each distinct text is worked out once: a chronology repeats
        its summaries in several places, and the patterns are compiled once per review."""
        if self.named or not text:
            return text
        shown = self._shown.get(text)
        if shown is None:
            shown = self._scrubbed(text)
            if len(self._shown) < _CACHED_TEXTS:
                self._shown[text] = shown
        return shown

    def _scrubbed(self, text: str) -> str:
        # Composed form, so that an accent written as a separate mark folds with its letter.
        text = unicodedata.normalize("NFC", text)
        if self._identifiers is not None:
            text = self._identifiers.sub(IDENTIFIER, text)
        text = contacts_hidden(text)
        if self._births is not None:
            text = self._births.sub(BIRTH_DATE, text)
        if self._names is not None:
            text = self._names.replace(text)
        if self.publish:
            if self._practitioners is not None:
                text = self._practitioners.replace(text)
            text = self._redactor.text(text)
            text = coarsen_text_dates(text)
        return text

    def tag(self, tag: str) -> str | None:
        """A tag as shown: a name in it becomes the pseudonym's tag form (`maggie_turner` → `child_bk`); a tag
        that would show only a withheld name or identifier is left out (None)."""
        if self.named:
            return tag
        shown = self.text(tag.replace("_", " "))
        if shown == tag.replace("_", " "):
            return tag
        if not re.sub(r"\[[a-z ]+\]|[\W_]", "", shown):
            return None
        return re.sub(r"[^\w]+", "_", re.sub(r"\[[a-z ]+\]", " ", shown).lower()).strip("_") or None

    def tags(self, tags: Iterable[str]) -> list[str]:
        return list(dict.fromkeys(t for t in (self.tag(tag) for tag in tags) if t))

    def practitioner(self, name: str) -> str:
        """A practitioner's name as shown: removed from published outputs."""
        return "" if self.publish else self.text(name)

    def reference(self, reference: str) -> str:
        """The source system's own reference: kept for tracing, left out of published outputs."""
        return "" if self.publish else self.text(reference)

    def date(self, date: FuzzyDate) -> FuzzyDate:
        """A date as shown: to the month in published outputs."""
        return coarsen(date) if self.publish else date

    def _pseudonym_words(self) -> set[str]:
        return {_key(word) for p in self.people.values() for word in p.pseudonym.split()}

    def _name_rules(self) -> dict[str, Rule]:
        confirmed: dict[str, set[str]] = {}
        unconfirmed: dict[str, set[str]] = {}
        for person in self.people.values():
            shown = self.person(str(person.id))
            held = confirmed if person.confirmed else unconfirmed
            for name in person.names:
                for key in name_keys(name):
                    if len(key) >= 2 and not (" " not in key and key in NEVER_NAMES):
                        held.setdefault(key, set()).add(shown)
        protected = self._pseudonym_words() | {_key(p.pseudonym) for p in self.people.values()}
        rules: dict[str, Rule] = {}
        for key in confirmed.keys() | unconfirmed.keys():
            if key in protected:
                continue  # a pseudonym's own words (`Child`, `Mr`) are never replaced
            shown_as = confirmed.get(key) or unconfirmed[key]
            shown = next(iter(shown_as)) if len(shown_as) == 1 else SHARED
            rules[key] = Rule(shown, single=" " not in key)
        return rules


def name_keys(name: str) -> set[str]:
    """The forms of a registered name that are replaced: the whole name, each word, and the parts of a
    double-barrelled or apostrophe'd word (`O'Brien-Doyle`: `o brien doyle`, `o brien`, `brien`, `doyle`).
    Words are joined by spaces; the pattern lets any separator, or none, stand between them."""
    words = [w for w in re.split(r"['-]", " ".join(_WORD.findall(fold(name)))) if w]
    words = " ".join(words).split()
    keys = {_key(" ".join(words))} if words else set()
    for word in _WORD.findall(fold(name)):
        pieces = [p for p in re.split(r"['-]", word) if p]
        keys.add(_key(" ".join(pieces)))
        keys.update(_key(piece) for piece in pieces)
        for i in range(len(pieces) - 1):  # `O'Brien` of `O'Brien-Doyle`
            keys.add(_key(f"{pieces[i]} {pieces[i + 1]}"))
    return {k for k in keys if k}


def _identifier_pattern(people: Iterable[Person]) -> re.Pattern[str] | None:
    values = set()
    for person in people:
        for identifier in person.identifiers:
            value = identifier.partition(":")[2] if ":" in identifier else identifier
            compact = re.sub(r"[\W_]", "", value)
            if len(compact) >= 4:
                values.add(compact.lower())
    if not values:
        return None
    # Written with or without separators between its characters: `943 476 5919`, `943.476.5919`,
    # `9434765919`; `85/123456X` and `85123456X`. A trie: the cost does not grow with the register.
    body = trie((" ".join(v) for v in values), between=_SEPARATOR)
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)


_SEPARATOR = r"[\s./\\_-]?"


def _practitioner_rules(practitioners: Iterable[str]) -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for text in practitioners:
        words = _WORD.findall(fold(text))
        whole = _key(text)
        if len(whole) >= 2 and any(_is_name_word(w) for w in words):
            rules[whole] = Rule(PRACTITIONER, single=" " not in whole)
        for word in words:
            if _is_name_word(word):
                rules.setdefault(_key(word), Rule(PRACTITIONER, single=True))
        for number in re.findall(r"\b\d{3,}\b", text):  # a collar or staff number
            rules.setdefault(number, Rule(PRACTITIONER, single=False))
    return rules


def _is_name_word(word: str) -> bool:
    key = _key(word)
    return (
        len(key) >= 2
        and key not in _ROLE_WORDS
        and key not in NEVER_NAMES
        and not (word.isupper() and len(word) <= 3)
    )


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-\d{2}$")


def published(value: Any, privacy: Pseudonymiser) -> Any:
    """A JSON-ready record (a gap, say) made fit to publish: ISO days become months (`2019-03`),
    text goes through `privacy.text` (names, practitioners, dates in text), practitioner fields
    are emptied. Used for records not built from `Entry` through `projections.chronology.record`."""
    if isinstance(value, dict):
        return {k: ("" if k == "practitioner" and v else published(v, privacy)) for k, v in value.items()}
    if isinstance(value, list):
        return [published(v, privacy) for v in value]
    if isinstance(value, str):
        day = _ISO_DAY.match(value)
        if day:
            return f"{day.group(1)}-{day.group(2)}"
        return privacy.text(value)
    return value
