"""The fixed vocabulary of a review: contact kinds, sectors, known agencies, relations.

These words are part of the contract (DESIGN §3–§4): rulebooks, mapping files and
outputs use them, so they change only with a documented migration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from jointchron.domain.errors import InvalidValue

KINDS: Final[tuple[str, ...]] = (
    "concern",
    "disclosure",
    "injury",
    "incident",
    "investigation",
    "arrest",
    "bail",
    "charge",
    "conviction",
    "notification",
    "referral",
    "contact_received",
    "decision",
    "strategy_discussion",
    "minutes_shared",
    "s47_start",
    "s47_end",
    "assessment_start",
    "assessment_end",
    "conference",
    "plan_start",
    "plan_end",
    "visit",
    "appointment",
    "missed_appointment",
    "information_shared",
    "information_request",
    "escalation",
    "meeting",
    "absence",
    "missing",
    "note",
)

# Kinds whose other agencies took part (participants) rather than received it (recipients).
MEETING_KINDS: Final[frozenset[str]] = frozenset({"strategy_discussion", "meeting", "conference"})

SECTORS: Final[tuple[str, ...]] = (
    "police",
    "social_care",
    "health",
    "education",
    "probation",
    "housing",
    "youth_justice",
    "other",
)


@dataclass(frozen=True, slots=True)
class Agency:
    code: str
    name: str
    sector: str


KNOWN_AGENCIES: Final[dict[str, Agency]] = {
    a.code: a
    for a in (
        Agency("police", "Police", "police"),
        Agency("btp", "British Transport Police", "police"),
        Agency("csc", "Children's Social Care", "social_care"),
        Agency("early_help", "Early Help", "social_care"),
        Agency("asc", "Adult Social Care", "social_care"),
        Agency("edt", "Emergency Duty Team", "social_care"),
        Agency("mash", "Multi-Agency Safeguarding Hub", "social_care"),
        Agency("health", "Health services", "health"),
        Agency("gp", "GP", "health"),
        Agency("hv", "Health Visiting", "health"),
        Agency("school_nursing", "School Nursing", "health"),
        Agency("midwifery", "Midwifery", "health"),
        Agency("camhs", "CAMHS", "health"),
        Agency("hospital", "Hospital", "health"),
        Agency("ed", "Emergency Department", "health"),
        Agency("ambulance", "Ambulance Service", "health"),
        Agency("mental_health", "Adult Mental Health", "health"),
        Agency("substance_misuse", "Substance Misuse Service", "health"),
        Agency("dentist", "Dental Practice", "health"),
        Agency("school", "School", "education"),
        Agency("nursery", "Nursery / Early Years", "education"),
        Agency("college", "College", "education"),
        Agency("education", "Education (Local Authority)", "education"),
        Agency("la", "Local Authority (other services)", "other"),
        Agency("probation", "Probation", "probation"),
        Agency("housing", "Housing", "housing"),
        Agency("yot", "Youth Justice Service", "youth_justice"),
        Agency("youth_justice", "Youth Justice Service", "youth_justice"),
        Agency("idva", "Domestic Abuse Service (IDVA)", "other"),
        Agency("voluntary", "Voluntary Sector", "other"),
        Agency("cafcass", "Cafcass", "other"),
        Agency("other", "Other", "other"),
    )
}

# Relations as stored (DESIGN §3), and the inverses accepted on input.
RELATIONS: Final[tuple[str, ...]] = (
    "parent_of",
    "partner_of",
    "sibling_of",
    "relative_of",
    "resides_with",
    "cares_for",
    "associate_of",
)
# inverse on input -> (stored relation, whether from/to must be swapped)
RELATION_ALIASES: Final[dict[str, tuple[str, bool]]] = {
    "child_of": ("parent_of", True),
    "cared_for_by": ("cares_for", True),
    "partner": ("partner_of", False),
    "parent": ("parent_of", False),
    "sibling": ("sibling_of", False),
    "relative": ("relative_of", False),
    "lives_with": ("resides_with", False),
    "associate": ("associate_of", False),
    "step_parent_of": ("parent_of", False),
}

ROLES: Final[tuple[str, ...]] = ("child", "adult")

_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def agency_code(text: str) -> str:
    """Normalise an agency code written by a person: `Police ` -> `police`, `School Nursing` -> `school_nursing`."""
    code = re.sub(r"[\s\-]+", "_", text.strip().lower())
    if not _CODE.match(code):
        raise InvalidValue(
            f"{text!r} is not an agency code; use lower-case letters, digits and _ (e.g. police, csc, gp)"
        )
    return code


def agency(code: str, sector: str | None = None, name: str | None = None) -> Agency:
    """The agency for a code: a known one carries its sector; an unknown one needs `sector` or is `other`."""
    known = KNOWN_AGENCIES.get(code)
    if sector is not None and sector not in SECTORS:
        raise InvalidValue(f"unknown sector {sector!r}; use one of: {', '.join(SECTORS)}")
    if known is not None:
        return Agency(code, name or known.name, sector or known.sector)
    return Agency(code, name or code.replace("_", " ").title(), sector or "other")


def kind(text: str) -> str:
    """A canonical kind from its written form (`Strategy Discussion` -> `strategy_discussion`)."""
    value = re.sub(r"[\s\-]+", "_", text.strip().lower())
    if value not in KINDS:
        raise InvalidValue(
            f"unknown kind {text.strip()[:40]!r}; use one of the kinds in the manual (docs/importing.md) or map it"
        )
    return value


def tag(text: str) -> str:
    """A free label in lower_snake case (`Domestic abuse` -> `domestic_abuse`)."""
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


def relation(text: str) -> tuple[str, bool]:
    """The stored relation for a written one, and whether its two ends must be swapped."""
    value = re.sub(r"[\s\-]+", "_", text.strip().lower())
    if value in RELATIONS:
        return value, False
    if value in RELATION_ALIASES:
        return RELATION_ALIASES[value]
    raise InvalidValue(
        f"unknown relation {text.strip()[:40]!r}; use one of: {', '.join(RELATIONS)} or child_of"
    )
