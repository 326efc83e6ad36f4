"""A person's identifiers (`scheme:value`), checked by the shape each scheme documents.

- `nhs` (England, Wales, Isle of Man) and `chi` (Scotland): ten digits, the last a modulus 11 check digit
  (NHS Data Dictionary, "NHS Number"); spaces and hyphens between digits are allowed (`943 476 5919`).
- `pnc` (Police National Computer ID): a two- or four-digit year, `/`, up to seven digits and a check letter
  (`85/123456X`, `2001/0012345B`); the slash may be left out.
- `upn` (Unique Pupil Number, DfE): thirteen characters, a letter then twelve digits, or eleven digits and
  a final letter for a temporary UPN.
- `uln` (Unique Learner Number): ten digits.
- Any other scheme (`la:`, `tpp:`, `emis:`, a case-management number) has no published shape: any value
  without spaces at its ends is kept as written.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s-]")
_PNC = re.compile(r"^(?:\d{2}|\d{4})/?\d{1,7}[A-Z]$", re.IGNORECASE)
_UPN = re.compile(r"^[A-Z](?:\d{12}|\d{11}[A-Z])$", re.IGNORECASE)
_ULN = re.compile(r"^\d{10}$")


def modulus_11_valid(digits: str) -> bool:
    """Whether ten digits carry a valid NHS (or CHI) check digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * weight for d, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def identifier_problem(scheme: str, value: str) -> str | None:
    """Why `value` is not a `scheme` identifier, or None when it is one (or the scheme has no shape)."""
    scheme = scheme.lower()
    if scheme in ("nhs", "chi"):
        digits = _SEPARATORS.sub("", value)
        if len(digits) != 10 or not digits.isdigit():
            return f"an {scheme.upper()} number is ten digits, e.g. {scheme}:943 476 5919"
        if not modulus_11_valid(digits):
            return f"not a valid {scheme.upper()} number: its check digit (the last) does not match; check it"
    elif scheme == "pnc" and not _PNC.match(value):
        return "a PNC ID is a year, /, up to seven digits and a check letter, e.g. pnc:85/123456X"
    elif scheme == "upn" and not _UPN.match(value):
        return "a UPN is a letter and twelve digits, e.g. upn:A123456789012"
    elif scheme == "uln" and not _ULN.match(value):
        return "a ULN is ten digits, e.g. uln:1234567890"
    return None


_NAMES = {"nhs": "NHS number", "chi": "CHI number", "pnc": "PNC ID", "upn": "UPN", "uln": "ULN"}


def identifier_key(identifier: str) -> str:
    """One identifier however it is written: scheme in lower case, the value without separators or case
    (`nhs:943 476 5919` and `NHS:9434765919`; `pnc:85/123456X` and `pnc:85123456x`)."""
    scheme, _, value = identifier.partition(":")
    return f"{scheme.strip().lower()}:{re.sub(r'[^0-9a-z]', '', value.casefold())}"


def identifier_name(identifier: str) -> str:
    """What a scheme's identifier is called in a sentence (`NHS number`, `PNC ID`, `la identifier`)."""
    scheme = identifier.partition(":")[0].strip().lower()
    return _NAMES.get(scheme, f"{scheme} identifier")
