"""A mapping's `/regex/`, matched in time linear in the text, whatever the pattern.

Python's `re` backtracks: `/(a+)+$/` against a header of forty `a`s and a `!` runs for longer
than a review lasts. RE2 (google-re2) compiles a pattern to an automaton and never backtracks,
so a match costs at most a fixed multiple of the text's length, and a pattern too large to
compile in RE2's memory budget is refused when the mapping is loaded. What only backtracking can
do, look-arounds and back-references, is refused there too, with a way to write it instead.

Patterns use RE2's syntax, which is Python's for everything else a mapping needs, with two
differences worth knowing: `\\w`, `\\d`, `\\s` and `\\b` are ASCII (use `\\pL` for any letter),
and the end of the text is `\\z` (or `$`), not `\\Z`.
"""

from __future__ import annotations

import re2

from jointchron.importers.errors import MappingError

FLAGS = "imsx"
# What RE2 says, and what to write instead (RE2's messages are about its grammar, not the user's intent).
_HINTS = (
    ("(?=", "a look-ahead (?=…) is not supported; match the text itself instead"),
    ("(?!", "a look-ahead (?!…) is not supported; write (?:\\D|$) instead of (?!\\d), for example"),
    ("(?<", "a look-behind (?<…) is not supported; match the text before it instead"),
    ("\\Z", "\\Z is written \\z (or $) here"),
    ("escape sequence: \\1", "back-references such as \\1 are not supported"),
)


class SafeRegex:
    """A compiled pattern; `search(text)` is truthy when it matches anywhere in `text`."""

    __slots__ = ("_set", "flags", "pattern")

    def __init__(self, pattern: str, flags: str, where: str) -> None:
        self.pattern, self.flags = pattern, flags
        if "x" in flags:
            raise MappingError(f"{where}: {f'/{pattern}/{flags}'!r}: the x (verbose) flag is not supported; "
                               "write the pattern without spaces or comments")  # fmt: skip
        options = re2.Options()
        options.log_errors = False  # RE2 would write its own message to stderr, beside ours
        options.case_sensitive = "i" not in flags
        options.dot_nl = "s" in flags
        text = f"(?m){pattern}" if "m" in flags else pattern
        try:
            re2.compile(text, options)  # for RE2's reason when the pattern is refused
            matcher = re2.Set.SearchSet(options)  # one pattern, matched without building match objects
            matcher.Add(text)
            matcher.Compile()
        except re2.error as error:
            raise MappingError(
                f"{where}: {f'/{pattern}/{flags}'!r} is not a valid regular expression ({_reason(error)})"
            ) from None
        self._set = matcher

    def search(self, text: str) -> bool:
        # surrogatepass: a cell's undecodable bytes (kept as surrogates) are matched as the bytes they were.
        return bool(self._set.Match(text.encode("utf-8", "surrogatepass")))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SafeRegex) and (self.pattern, self.flags) == (other.pattern, other.flags)

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"SafeRegex(/{self.pattern}/{self.flags})"


def _reason(error: re2.error) -> str:
    detail = error.args[0] if error.args else ""
    detail = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
    for marker, hint in _HINTS:
        if marker in detail:
            return hint
    if "repetition" in detail or "too large" in detail or "compile failed" in detail:
        return f"{detail}; a pattern may repeat at most 1,000 times and must fit in RE2's memory"
    return detail or "RE2 cannot compile it"
