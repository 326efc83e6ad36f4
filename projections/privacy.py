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

import calendar
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jointchron.domain.dates import FuzzyDate
from jointchron.domain.person import Person
from jointchron.projections.coarsen import coarsen, coarsen_text_dates
from jointchron.projections.ordinary_words import NEVER_NAMES, ORDINARY
from jointchron.projections.redaction import HAS_DIGIT, Redactor, contacts_hidden

# Distinct texts remembered per output (a chronology of 100,000 entries has fewer distinct summaries).
_CACHED_TEXTS = 500_000
SHARED = "[name]"
IDENTIFIER = "[identifier]"
BIRTH_DATE = "[date of birth]"
PRACTITIONER = "[practitioner]"

# A word of a name: letters, then letters, digits, apostrophes or hyphens (O'Brien, Smith-Jones).
_WORD = re.compile(r"[^\W\d_][\w'-]*")
_MONTHS = tuple(m.lower() for m in calendar.month_name[1:])
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


def fold(text: str) -> str:
    """`text` with accents dropped and apostrophes straightened, character for character."""
    if text.isascii():
        return text
    return text.translate(_FOLDED)


def _fold_char(char: str) -> str:
    if char in "’‘`´":
        return "'"
    base = unicodedata.normalize("NFD", char)[0]
    return base if base.isalpha() == char.isalpha() else char


class _FoldTable(dict[int, str]):
    """`str.translate`'s table for `fold`, filled in as characters are first met."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLDED = _FoldTable()


def _key(text: str) -> str:
    return " ".join(fold(text).lower().split())


@dataclass(frozen=True)
class _Rule:
    shown: str
    single: bool  # one word, so the ordinary-word and month rules apply


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
        self._names: _Replacer | None = None
        self._identifiers: re.Pattern[str] | None = None
        self._births: _Births | None = None
        self._practitioners: _Replacer | None = None
        self._shown: dict[str, str] = {}
        self._redactor = Redactor(redactions, [p.pseudonym for p in self.people.values()])
        if not named:
            self._names = _Replacer(self._name_rules())
            self._identifiers = _identifier_pattern(self.people.values())
            self._births = _birth_pattern(self.people.values())
        if publish:
            self._practitioners = _Replacer(
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

    def _name_rules(self) -> dict[str, _Rule]:
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
        rules: dict[str, _Rule] = {}
        for key in confirmed.keys() | unconfirmed.keys():
            if key in protected:
                continue  # a pseudonym's own words (`Child`, `Mr`) are never replaced
            shown_as = confirmed.get(key) or unconfirmed[key]
            shown = next(iter(shown_as)) if len(shown_as) == 1 else SHARED
            rules[key] = _Rule(shown, single=" " not in key)
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


def _compact(text: str) -> str:
    """A written name as its rule's key: letters and digits only, lower-case (`O'Brien`, `OBrien` → `obrien`)."""
    return _NOT_ALNUM.sub("", text.lower())


# What `str.isalnum` does not hold: `re`'s \w is exactly isalnum's characters and `_`.
_NOT_ALNUM = re.compile(r"[\W_]")


class _Replacer:
    """Replaces occurrences of keys (folded, lower-case) in text, by the rules above: whole words, or a
    word of a joined-up name (`MaggieTurner`, `@maggieturner`, `maggie.turner`)."""

    def __init__(self, rules: dict[str, _Rule], protected: set[str] | None = None) -> None:
        kept = {k: r for k, r in rules.items() if k not in (protected or set())}
        self.rules = {_compact(k): r for k, r in kept.items()}
        self._verdicts: dict[str, tuple[str | None, bool]] = {}
        self.pattern: re.Pattern[str] | None = None
        if not kept:
            return
        keys = set(kept)
        for key, rule in kept.items():
            if rule.single and len(key) >= 3 and key not in ORDINARY:
                keys.add(key + "s")  # a possessive written without its apostrophe: `Maggies mum`
        # Bounded by anything but a letter (`maggie_turner.csv` and `Maggie2` hold a name, `Anne` does not hold
        # `Ann`), or by a capital after a small letter (`DazDoyle`, `TheMaggie`).
        before = r"(?:(?<![^\W\d_])|(?-i:(?<=[a-z])(?=[A-Z])))"
        after = r"(?:(?![^\W\d_])|(?-i:(?<=[a-z])(?=[A-Z])))"
        self.pattern = re.compile(f"{before}{_trie(keys)}{after}", re.IGNORECASE)

    def replace(self, text: str) -> str:
        if self.pattern is None:
            return text
        folded = fold(text)
        if folded is text:  # nothing to fold: the matches can be replaced where they are found
            return self.pattern.sub(self._in_place, text)
        pieces: list[str] = []
        last = 0
        for match in self.pattern.finditer(folded):
            start, end = match.span()
            written = text[start:end]
            replacement = self._replacement(written, folded, start, end)
            if replacement is None:
                continue
            pieces += [text[last:start], replacement]
            last = end
        if not pieces:
            return text
        pieces.append(text[last:])
        return "".join(pieces)

    def _in_place(self, match: re.Match[str]) -> str:
        start, end = match.span()
        written = match.group()
        replacement = self._replacement(written, match.string, start, end)
        return written if replacement is None else replacement

    def _replacement(self, written: str, folded: str, start: int, end: int) -> str | None:
        verdict = self._verdicts.get(written)
        if verdict is None:
            verdict = self._verdict(written)
            if len(self._verdicts) < _CACHED_TEXTS:
                self._verdicts[written] = verdict
        shown, a_month = verdict
        if a_month and _reads_as_a_month(folded, start, end):
            return None  # `12 May`, `in May`, `May 2019`: the month
        return shown

    def _verdict(self, written: str) -> tuple[str | None, bool]:
        """What a match written so becomes, and whether it is a month name (then its neighbours decide).
        A register's names are written in a few ways many times: each way is worked out once."""
        key = _compact(fold(written))
        suffix = ""
        rule = self.rules.get(key)
        if rule is None and key.endswith("s"):
            rule, suffix = self.rules.get(key[:-1]), written[-1]
        if rule is None:
            return None, False
        if rule.single and key in ORDINARY:
            if not written[0].isupper() or (len(written) <= 2 and written.isupper()):
                return None, False  # `will`, `may`, and abbreviations such as `ED`
            return rule.shown + suffix, key in _MONTHS
        return rule.shown + suffix, False


def _trie(keys: Iterable[str], between: str | None = None) -> str:
    """One regular expression for many keys, factored by their common prefixes.

    A plain alternation of a thousand names is tried name by name at every position of the text; a
    trie is tried letter by letter, so the cost no longer grows with the register. Optional tails are
    greedy: the longest key wins, and backtracking finds a shorter one when the boundary fails."""
    root: dict[str, Any] = {}
    for key in keys:
        node = root
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_node(root, _BETWEEN_WORDS if between is None else between)


# Between the words of a name: spaces, `_`, `.`, `-`, an apostrophe, or nothing (`MaggieTurner`).
_BETWEEN_WORDS = r"(?:[\s_.'-]+)?"


def _trie_node(node: dict[str, Any], between: str) -> str:
    branches = [
        (between if char == " " else re.escape(char)) + _trie_node(child, between)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if "" in node else body


def _reads_as_a_month(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 12) : start]
    after = text[end : end + 6]
    return bool(re.search(_MONTH_BEFORE, before, re.I) or re.match(r",?\s+\d", after))


# `12 May`, `in May`, `since June`, `early April`: the month, not the person.
_MONTH_BEFORE = (
    r"(?:\d(?:st|nd|rd|th)?\s+(?:of\s+)?|\b(?:in|during|since|until|till|by|from|before|after|early|late|mid|"
    r"last|next|this|each|every|of|end|start|beginning|middle|through|throughout)[\s-]+)$"
)


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
    body = _trie((" ".join(v) for v in values), between=_SEPARATOR)
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)


_SEPARATOR = r"[\s./\\_-]?"


_MON = r"(?P<{name}>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_YEARS = r"(?P<{name}>\d{{4}}|'?\d{{2}})"
# Every way a record writes a day as a date (one pattern, whatever the register holds): each match is read
# as a date and compared with the register's dates of birth.
_DATE_FORMS = (
    rf"(?P<d1>\d{{1,2}})\s?[/.-]\s?(?P<m1>\d{{1,2}})\s?[/.-]\s?{_YEARS.format(name='y1')}",
    r"(?P<y2>\d{4})[/.-](?P<m2>\d{1,2})[/.-](?P<d2>\d{1,2})",
    r"(?P<y3>(?:19|20)\d{2})(?P<m3>[01]\d)(?P<d3>[0-3]\d)",
    rf"(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?[\s-]*(?:of\s+)?{_MON.format(name='n4')}[\s,-]*{_YEARS.format(name='y4')}",
    rf"{_MON.format(name='n5')}\s*(?P<d5>\d{{1,2}})(?:st|nd|rd|th)?[\s,]+{_YEARS.format(name='y5')}",
)
_DATES = re.compile(rf"(?<![\w/.-])(?:{'|'.join(_DATE_FORMS)})(?![\w/])", re.IGNORECASE)


class _Births:
    """Replaces any date in text that is a registered person's date of birth."""

    def __init__(self, births: set[tuple[int, int, int]]) -> None:
        self.births = births

    def sub(self, replacement: str, text: str) -> str:
        if not HAS_DIGIT(text):
            return text
        return _DATES.sub(lambda m: replacement if self._is_birth(m) else m.group(0), text)

    def _is_birth(self, m: re.Match[str]) -> bool:
        found = m.groupdict()
        for n in "12345":
            year = found.get(f"y{n}")
            if year is None:
                continue
            month_text, day = found.get(f"m{n}") or found.get(f"n{n}") or "", int(found[f"d{n}"])
            month = (
                int(month_text) if month_text.isdigit() else _MONTHS_SHORT.index(month_text[:3].lower()) + 1
            )
            written = int(year.lstrip("'"))
            years = {written} if written >= 100 else {1900 + written, 2000 + written}
            if any((y, month, day) in self.births for y in years):
                return True
            # Month-first (as US systems write it) only where that cannot be a UK day: past the 12th.
            return n == "1" and month > 12 and any((y, day, month) in self.births for y in years)
        return False


_MONTHS_SHORT = tuple(m[:3] for m in _MONTHS)


def _birth_pattern(people: Iterable[Person]) -> _Births | None:
    births = {(p.dob.year, p.dob.month, p.dob.day) for p in people if p.dob is not None}
    return _Births(births) if births else None


def _practitioner_rules(practitioners: Iterable[str]) -> dict[str, _Rule]:
    rules: dict[str, _Rule] = {}
    for text in practitioners:
        words = _WORD.findall(fold(text))
        whole = _key(text)
        if len(whole) >= 2 and any(_is_name_word(w) for w in words):
            rules[whole] = _Rule(PRACTITIONER, single=" " not in whole)
        for word in words:
            if _is_name_word(word):
                rules.setdefault(_key(word), _Rule(PRACTITIONER, single=True))
        for number in re.findall(r"\b\d{3,}\b", text):  # a collar or staff number
            rules.setdefault(number, _Rule(PRACTITIONER, single=False))
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
