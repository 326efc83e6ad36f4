"""What is removed from text by its shape, not by the register: contact details always, and for a
published review everything that identifies a family by jigsaw (issue 16 §4).

- Always (unless `--named`): e-mail addresses become `[email]`, telephone numbers `[phone]`.
- Published (`--publish`), besides: the review's redaction list (`jointchron redact add TERM --as LABEL`:
  schools, streets, places) becomes each term's label; UK postcodes become `[postcode]`; a house number
  and street (`4 Elm Row`, `Flat 2, 17 Oak Road`) becomes `[address]`; any NHS number (ten digits with a
  valid check digit, written with or without spaces) becomes `[NHS number]`; an age becomes its band
  (`Child L (7)` → `Child L (aged 5-9)`, `aged 34` → `aged 25-34`, `a 7-year-old` → `a 5-to-9-year-old`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from jointchron.domain.contact_details import EMAIL_ADDRESS as _EMAIL
from jointchron.domain.contact_details import PHONE_NUMBER as _PHONE
from jointchron.domain.identifiers import modulus_11_valid

EMAIL = "[email]"
PHONE = "[phone]"
POSTCODE = "[postcode]"
ADDRESS = "[address]"
NHS_NUMBER = "[NHS number]"
REDACTED = "[redacted]"

_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s*\d[A-Z]{2}\b", re.IGNORECASE)
_STREET_TYPES = (
    "Road Rd Street St Avenue Ave Lane Ln Close Cl Drive Dr Way Row Court Ct Crescent Cres Place Pl Grove Gardens "
    "Gdns Terrace Terr Walk Square Sq Hill Park Mews View Rise Green Parade Vale Villas Wharf Yard Croft Fold Gate "
    "Bank Meadow Meadows Brow Boulevard Parkway Approach Chase Walk Wynd Loan Brae Heights Estate"
)
_ADDRESS = re.compile(
    r"(?:\b(?:Flat|Apartment|Apt|Unit)\s+\d{1,4}[A-Za-z]?,?\s+)?"
    r"\b\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][\w'-]*\s+){0,3}"
    rf"(?:{'|'.join(sorted(set(_STREET_TYPES.split()), key=lambda w: (-len(w), w)))})\b\.?"
)
_NHS_NUMBER = re.compile(r"(?<![\w/.-])\d{3}[\s-]?\d{3}[\s-]?\d{4}(?![\w/])")
_AGED = re.compile(r"\b(aged?|age:)\s*(\d{1,3})\b(?!\s*(?:months?|weeks?|days?|/|%|-|to\b))", re.IGNORECASE)
_YEARS_OLD = re.compile(r"\b(\d{1,3})\s*(?:years?|yrs?)\s+old\b", re.IGNORECASE)
_YEAR_OLD = re.compile(r"\b(\d{1,3})\s*-\s*years?\s*-\s*old\b", re.IGNORECASE)
_YO = re.compile(r"\b(\d{1,3})\s*(?:yo|y\.o\.|yrs|yr)(?![\w])", re.IGNORECASE)
_MONTHS_OLD = re.compile(r"\b(\d{1,2})\s*(?:months?|weeks?)\s+old\b", re.IGNORECASE)


# Whether a text holds a decimal digit (`\d`), which every pattern below that is skipped without one needs.
HAS_DIGIT = re.compile(r"\d").search


def contacts_hidden(text: str) -> str:
    """E-mail addresses and telephone numbers taken out (every output but a named one)."""
    if "@" in text:
        text = _EMAIL.sub(EMAIL, text)
    if HAS_DIGIT(text):
        text = _PHONE.sub(PHONE, text)
    return text


def age_band(age: int) -> str:
    """The band published reviews give ages in."""
    if age < 1:
        return "under 1"
    for low, high in ((1, 4), (5, 9), (10, 14), (15, 17), (18, 24), (25, 34), (35, 44), (45, 54), (55, 64)):
        if age <= high:
            return f"{low}-{high}"
    return "65 or over"


class Redactor:
    """The published-only redactions: the review's list, then the patterns."""

    def __init__(self, redactions: Iterable[tuple[str, str]] = (), pseudonyms: Iterable[str] = ()) -> None:
        terms = {
            " ".join(term.split()).casefold(): label or REDACTED for term, label in redactions if term.strip()
        }
        self.labels = terms
        self.terms: re.Pattern[str] | None = None
        if terms:
            bodies = [
                r"\s+".join(re.escape(w) for w in t.split())
                for t in sorted(terms, key=lambda t: (-len(t), t))
            ]
            self.terms = re.compile(rf"(?<![\w])(?:{'|'.join(bodies)})(?![\w])", re.IGNORECASE)
        names = sorted({re.escape(p) for p in pseudonyms if p}, key=lambda p: (-len(p), p))
        who = "|".join([*names, r"\[name\]"])
        # `Child L (7)`, `Child L (7 yrs)`: the age a review writes after a person.
        self.bracketed = re.compile(rf"((?:{who})(?:'s)?)\s*\((\d{{1,3}})(?:\s*(?:y|yrs?|years?))?\)")

    def text(self, text: str) -> str:
        if self.terms is not None:
            text = self.terms.sub(lambda m: self.labels[" ".join(m.group(0).split()).casefold()], text)
        if not HAS_DIGIT(text):
            return text
        text = _POSTCODE.sub(POSTCODE, text)
        text = _ADDRESS.sub(ADDRESS, text)
        text = _NHS_NUMBER.sub(lambda m: NHS_NUMBER if modulus_11_valid(re.sub(r"\D", "", m.group(0))) else m.group(0),
                               text)  # fmt: skip
        return self.ages(text)

    def ages(self, text: str) -> str:
        text = self.bracketed.sub(lambda m: f"{m.group(1)} (aged {age_band(int(m.group(2)))})", text)
        text = _AGED.sub(lambda m: f"{m.group(1)} {age_band(int(m.group(2)))}", text)
        text = _YEAR_OLD.sub(lambda m: f"{age_band(int(m.group(1))).replace('-', '-to-').replace(' ', '-')}-year-old",
                             text)  # fmt: skip
        text = _YEARS_OLD.sub(lambda m: f"{age_band(int(m.group(1)))} years old", text)
        text = _MONTHS_OLD.sub("under 1 year old", text)
        return _YO.sub(lambda m: f"aged {age_band(int(m.group(1)))}", text)
