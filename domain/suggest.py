"""The closest of the valid values to one that is not: the `did you mean "Details"?` of a refusal."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process, utils

# Below this a "suggestion" is a guess that would mislead more than help.
_CUTOFF = 60.0


def closest(text: str, choices: Iterable[str]) -> str | None:
    """The choice most like `text` (case and punctuation ignored), or None when none is close."""
    options = list(dict.fromkeys(c for c in choices if c))
    if not text.strip() or not options:
        return None
    found = process.extractOne(
        text, options, scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=_CUTOFF
    )
    return None if found is None else str(found[0])


def did_you_mean(text: str, choices: Iterable[str]) -> str:
    """`; did you mean "X"?` for the closest choice, or '' when none is close."""
    found = closest(text, choices)
    return "" if found is None else f'; did you mean "{found}"?'
