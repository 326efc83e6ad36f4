"""Key practice episodes: a named period of the case, the entries in it, and the panel's analysis."""

from __future__ import annotations

import datetime

from jointchron.domain.errors import InvalidValue
from jointchron.domain.events import DomainEvent


class EpisodeAdded(DomainEvent):
    """`entries`: the entries the panel chose (ids of one of their records); none: every entry of the period."""

    title: str
    date_from: datetime.date
    date_to: datetime.date
    entries: tuple[str, ...] = ()
    summary: str = ""
    by: str


def check_period(title: str, start: datetime.date, end: datetime.date) -> None:
    if not title.strip():
        raise InvalidValue('an episode needs a title, e.g. "Disclosure and the first strategy discussion"')
    if end < start:
        raise InvalidValue(
            f"the episode ends ({end:%d/%m/%Y}) before it starts ({start:%d/%m/%Y}); check --from and --to"
        )
