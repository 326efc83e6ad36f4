"""Finding a register's names in text as records write them (projections/privacy.py says the rules).

One regular expression, a trie of every name's forms, finds them (`Replacer`); each match is then
judged by its rule: whole words only, a capital initial for a name that is also an ordinary word, a
month name left alone beside a day or a year. Text is matched folded (`fold`: accents dropped,
apostrophes straightened, character for character), so that positions in it are positions in the text.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jointchron.projections.ordinary_words import ORDINARY

MONTHS = tuple(m.lower() for m in calendar.month_name[1:])
# Ways of writing a name remembered per replacer (a register's names are written in a few ways, many times).
_CACHED_VERDICTS = 500_000


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


@dataclass(frozen=True)
class Rule:
    shown: str
    single: bool  # one word, so the ordinary-word and month rules apply


def _compact(text: str) -> str:
    """A written name as its rule's key: letters and digits only, lower-case (`O'Brien`, `OBrien` → `obrien`)."""
    return _NOT_ALNUM.sub("", text.lower())


# What `str.isalnum` does not hold: `re`'s \w is exactly isalnum's characters and `_`.
_NOT_ALNUM = re.compile(r"[\W_]")


class Replacer:
    """Replaces occurrences of keys (folded, lower-case) in text, by the rules above: whole words, or a
    word of a joined-up name (`MaggieTurner`, `@maggieturner`, `maggie.turner`)."""

    def __init__(self, rules: dict[str, Rule], protected: set[str] | None = None) -> None:
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
        self.pattern = re.compile(f"{before}{trie(keys)}{after}", re.IGNORECASE)

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
            if len(self._verdicts) < _CACHED_VERDICTS:
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
            return rule.shown + suffix, key in MONTHS
        return rule.shown + suffix, False


def trie(keys: Iterable[str], between: str | None = None) -> str:
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
