"""`jointchron publish-check`: what a published appendix would still show that might identify a family.

Every capitalised term left in the published text (after pseudonyms, the redaction list and the patterns
of `projections/redaction.py`) that is not an ordinary English word and not a pseudonym is listed with
where it occurs, so that the panel can add it to the redaction list (`jointchron redact add TERM`) or
decide it identifies no one. Ordinary words are those Webster's Second International (1934, public
domain, from the `english-words` package) holds in lower case, with their inflections (`Contacted`,
`Safeguarding`), the months and days, and the words of practice in `ordinary_words.PRACTICE`. The list
errs on the side of showing a term: a panel reads it, a reader of the review never does.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from jointchron.projections.ordinary_words import NEVER_NAMES, PRACTICE

# A capitalised word, with the apostrophes and hyphens of a name (`O'Brien`, `Smith-Jones`).
_TERM = re.compile(r"(?<![\w'’-])[A-Z][\w'’]*(?:-[A-Za-z][\w'’]*)*")
_PLACEHOLDER = re.compile(r"\[[^\]]*\]")
# A named place or institution: capitalised words ending in a word that says what it is (`Elm Tree Surgery`,
# `Oakfield Primary`, `St Mary's Hospital`); listed whole, even when each of its words is ordinary.
_INSTITUTIONS = (
    "School Primary Academy College Nursery Surgery Practice Hospital Clinic Centre Center Unit Ward House Court "
    "Hall Estate Park Road Street Lane Avenue Close Drive Way Row Crescent Place Grove Gardens Terrace Square "
    "Church Mosque Temple Gurdwara Synagogue Library Station Stadium Club Hotel Farm Village Town Infants Juniors "
    "High Grammar Federation Trust Foundation"
)
# A title and the word after it is a person, whatever the dictionary says of the word (`Mrs Patel`, `DC Smith`).
_TITLED = re.compile(
    r"(?<![\w'’-])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Rev|DC|DS|DI|DCI|PC|PCSO|Sgt|Insp|Nurse|Sister|Cllr)\.?\s+"
    r"[A-Z][\w'’]*(?:-[A-Z][\w'’]*)*"
)
_PLACE = re.compile(
    r"(?<![\w'’-])(?:(?:St\.?|[A-Z][\w'’]*(?:-[A-Z][\w'’]*)*)\s+){1,4}"
    rf"(?:{'|'.join(sorted(set(_INSTITUTIONS.split()), key=lambda w: (-len(w), w)))})\b"
)
_SUFFIXES = ("'s", "’s", "ing", "ed", "es", "s", "ly", "er", "ers", "d")
WHERE_KEPT = 5  # places shown for each term


@cache
def dictionary() -> frozenset[str]:
    """Ordinary English words in lower case: the dictionary's lower-case entries, months, days, practice."""
    from english_words import get_english_words_set

    words = {w for w in get_english_words_set(["web2"], alpha=True) if w.islower()}
    words |= {m.lower() for m in (*calendar.month_name[1:], *calendar.month_abbr[1:], *calendar.day_name)}
    return frozenset(words | PRACTICE | NEVER_NAMES)


def is_ordinary(word: str) -> bool:
    words = dictionary()
    plain = word.lower().replace("’", "'")
    if plain in words or plain.replace("'", "") in words:
        return True
    for suffix in _SUFFIXES:
        stem = plain.removesuffix(suffix)
        if stem != plain and (stem in words or stem + "e" in words or (len(stem) > 2 and stem[-1] == stem[-2]
                                                                     and stem[:-1] in words)):  # fmt: skip
            return True
    return all(is_ordinary(part) for part in plain.split("-")) if "-" in plain else False


@dataclass
class Term:
    term: str
    count: int = 0
    where: list[dict[str, Any]] = field(default_factory=list)


def remaining_terms(texts: Iterable[tuple[dict[str, Any], str]], pseudonyms: Iterable[str],
                    allowed: Iterable[str] = ()) -> list[Term]:  # fmt: skip
    """The capitalised terms of `texts` ((where, text) pairs) that are not ordinary words, pseudonyms' words
    or `allowed` words (agency names, redaction labels), most frequent first."""
    allowed, pseudonyms = list(allowed), list(pseudonyms)
    own = {w.lower() for text in (*pseudonyms, *allowed) for w in re.findall(r"[\w'’-]+", text)}
    names = {" ".join(a.split()).lower() for a in allowed}
    pseudonymous = {" ".join(p.split()).lower() for p in pseudonyms}
    found: dict[str, Term] = {}
    verdicts: dict[str, bool] = {}
    for where, text in texts:
        text = _PLACEHOLDER.sub(" ", text)
        for phrase in [*_TITLED.findall(text), *_PLACE.findall(text)]:
            phrase = " ".join(phrase.split())
            if phrase.lower() in names or phrase.lower() in pseudonymous:
                continue  # an agency's own name, a pseudonym (`Mr D`)
            term = found.setdefault(phrase.lower(), Term(phrase))
            term.count += 1
            if len(term.where) < WHERE_KEPT:
                term.where.append(where)
        for word in _TERM.findall(_PLACE.sub(" ", _TITLED.sub(" ", text))):
            word = word.rstrip("'’")
            key = word.lower()
            listed = verdicts.get(key)
            if listed is None:
                bare = key.removesuffix("'s").removesuffix("’s")
                listed = verdicts[key] = bare not in own and not is_ordinary(word)
            if not listed:
                continue
            term = found.setdefault(key, Term(word))
            term.count += 1
            if len(term.where) < WHERE_KEPT:
                term.where.append(where)
    return sorted(found.values(), key=lambda t: (-t.count, t.term.lower()))


def record_texts(records: Iterable[Mapping[str, Any]]) -> Iterable[tuple[dict[str, Any], str]]:
    """The published text of each chronology record, with where it is."""
    for r in records:
        place = {"entry": r["id"], "date": r["date"]}
        for name in ("summary", "detail", "outcome"):
            if r.get(name):
                yield {**place, "field": name}, str(r[name])
        for s in r.get("sources", ()):
            for name in ("file", "sheet"):
                if s.get(name):
                    yield {**place, "field": f"source {name}"}, str(s[name])
