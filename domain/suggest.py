"""The closest of the valid values to one that is not: the `did you mean "Details"?` of a refusal."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rapidfuzz import fuzz, process, utils

# Below this a "suggestion" is a guess that would mislead more than help.
_CUTOFF = 65.0


def _score(text: str, choice: str, *, processor: Any = None, score_cutoff: float | None = None) -> float:
    """WRatio (a typing slip, a word left out: `Source` for `Referral Source`), except that a choice under half
    the text's length is compared whole: a two-letter code is not "in" every longer word that holds its letters."""
    if processor is not None:
        text, choice = processor(text), processor(choice)
    score = fuzz.ratio(text, choice) if len(choice) * 2 < len(text) else fuzz.WRatio(text, choice)
    return score if score_cutoff is None or score >= score_cutoff else 0.0


def closest(text: str, choices: Iterable[str]) -> str | None:
    """The choice most like `text` (case and punctuation ignored), or None when none is close."""
    options = list(dict.fromkeys(c for c in choices if c))
    if not text.strip() or not options:
        return None
    found = process.extractOne(
        text, options, scorer=_score, processor=utils.default_process, score_cutoff=_CUTOFF
    )
    return None if found is None else str(found[0])


def did_you_mean(text: str, choices: Iterable[str]) -> str:
    """`; did you mean "X"?` for the closest choice, or '' when none is close."""
    found = closest(text, choices)
    return "" if found is None else f'; did you mean "{found}"?'
