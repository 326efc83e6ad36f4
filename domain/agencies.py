"""The agencies a review knows: the built-in codes, and those the review registered (`agencies add`).

An agency code met anywhere (`--agency`, a mapping, a cell of an extract, a filter) must be one
of these: a typing slip (`polcie`) is refused with the closest known code, never taken for a new
agency of sector "other".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from jointchron.domain.errors import InvalidValue
from jointchron.domain.suggest import closest
from jointchron.domain.vocabulary import KNOWN_AGENCIES, Agency, agency_code

# How agencies are listed in one cell other than with ";" (`School, GP`, `School / GP`, `police & csc`).
_OTHER_SEPARATORS = re.compile(r"\s*(?:[,/|&+]|\band\b)\s*", re.IGNORECASE)


def _code_or_none(text: str) -> str | None:
    try:
        return agency_code(text)
    except InvalidValue:
        return None


def _normalised(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


class UnknownAgency(InvalidValue):
    """An agency code that is neither built in nor registered in this review."""


class AgencyBook:
    """Built-in agencies, overlaid by those registered in the review (which may rename a built-in one)."""

    def __init__(self, registered: Iterable[Agency] = ()) -> None:
        self.agencies: dict[str, Agency] = dict(KNOWN_AGENCIES)
        self.registered: dict[str, Agency] = {}
        for a in registered:
            self.agencies[a.code] = a
            self.registered[a.code] = a
        names = {_normalised(a.name): a.code for a in KNOWN_AGENCIES.values()}
        names.update({_normalised(a.name): a.code for a in self.registered.values()})
        self._names = names

    def __contains__(self, code: object) -> bool:
        return code in self.agencies

    def get(self, code: str) -> Agency | None:
        return self.agencies.get(code)

    def code_named(self, text: str) -> str | None:
        """The code of the agency whose display name `text` is (`Children's Social Care` -> csc)."""
        return self._names.get(_normalised(text))

    def closest(self, text: str) -> str | None:
        """The known code closest to `text`, by code or by name; None when none is close."""
        found = closest(text, self.agencies)
        if found is None and (name := closest(text, self._names)) is not None:
            found = self._names[name]
        return found

    def hint(self, text: str) -> str:
        """`; did you mean "police"?` naming the closest known code, or '.' when none is close. Text naming
        several known agencies with another separator than `;` (`School, GP`) is told how to list them."""
        several = [part for part in _OTHER_SEPARATORS.split(text) if part.strip()]
        if len(several) > 1:
            named = [self.code_named(part) or _code_or_none(part) for part in several]
            codes = [code for code in named if code is not None and code in self]
            if len(codes) == len(several):
                return f'; it names {len(codes)} agencies: separate them with ";" ({"; ".join(codes)}).'
        found = self.closest(text)
        return "." if found is None else f'; did you mean "{found}"?'

    def require(self, text: str, where: str) -> Agency:
        """The agency a code written by a person names; UnknownAgency (one line, with the closest) otherwise."""
        code = agency_code(text)
        found = self.agencies.get(code)
        if found is None:
            raise UnknownAgency(
                f"{where}: unknown agency {code!r}{self.hint(code)} Known agencies are the built-in "
                f"codes (`jointchron agencies list`) and those added with `jointchron agencies add {code} "
                '--name "..." --sector SECTOR`'
            )
        return found
