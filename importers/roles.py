"""Which part the agencies of an `other_agencies` column played in a record: sender, recipients or participants.

An agency's "Other agencies" column names whoever else was involved, and what that means depends
on the record. At a meeting, strategy discussion or conference they took part. On a contact
received, and on a referral recorded by social care (the agency referrals are made to), they are
whoever it came from. Otherwise the recording agency sent the record to them. A mapping sets
the part per kind in `[roles]` (`referral = "recipients"` for a social-care extract of the
referrals it made to others).
"""

from __future__ import annotations

from collections.abc import Mapping

from jointchron.domain.vocabulary import MEETING_KINDS

Role = str  # one of importers.mapping.ROLE_NAMES


def other_agencies_role(kind: str, recorder_sector: str, roles: Mapping[str, str]) -> Role:
    """The part `other_agencies` played on a record of `kind` kept by an agency of `recorder_sector`."""
    chosen = roles.get(kind)
    if chosen is not None:
        return chosen
    if kind in MEETING_KINDS:
        return "participants"
    if kind == "contact_received" or (kind == "referral" and recorder_sector == "social_care"):
        return "sender"
    return "recipients"
