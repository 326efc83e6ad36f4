"""The review application: the commands a panel's tools call, over an event store.

Commands take plain values, save events in large batches (one transaction per
call, thousands of aggregates at a time) and return ids or plain outcomes.
Library errors are turned into jointchron's own. The review's own commands are
here; the contacts' are in contact_commands.py, the people register's in
person_commands.py, the panel's in panel_commands.py, and the way to the event
log they share in event_access.py.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import cast

from jointchron.domain.errors import InvalidValue, JointchronError
from jointchron.domain.events import now
from jointchron.domain.extract import ExtractImported, ImportCounts, extract_id
from jointchron.domain.jurisdiction import Jurisdiction
from jointchron.domain.redaction import RedactionAdded, redaction_id
from jointchron.domain.review import (
    REVIEW_ID,
    AgencyRegistered,
    Review,
    ReviewOpened,
    agency_id,
)
from jointchron.domain.vocabulary import Agency
from jointchron.service.conflicts import retried_on_conflict
from jointchron.service.contact_commands import ContactCommands
from jointchron.service.panel_commands import PanelCommands
from jointchron.service.person_commands import PersonCommands
from jointchron.store.extract_digest import EventDigest


class ReviewNotOpened(JointchronError):
    def __init__(self) -> None:
        super().__init__(
            "this store holds no review yet; run `jointchron init --title ... --from ... --to ...`"
        )


class ReviewAlreadyOpened(JointchronError):
    pass


class ReviewApplication(ContactCommands, PersonCommands, PanelCommands):
    """The review's application: its own commands (the review, agencies, extracts, redactions) and the
    contacts', people's and panel's from the mixins, all over one event log (event_access.py)."""

    name = "jointchron"

    # -- review ---------------------------------------------------------------------------------

    def open_review(
        self, title: str, jurisdiction: Jurisdiction, period_start: datetime.date, period_end: datetime.date
    ) -> uuid.UUID:
        if self._versions([REVIEW_ID]):
            raise ReviewAlreadyOpened(
                "this store already holds a review; use another --store for another review"
            )
        if period_end < period_start:
            raise InvalidValue("the review period ends before it starts; check --from and --to")
        self._save(
            [
                ReviewOpened(
                    originator_id=REVIEW_ID,
                    originator_version=1,
                    timestamp=now(),
                    title=title,
                    jurisdiction=jurisdiction,
                    period_start=period_start,
                    period_end=period_end,
                )
            ]
        )
        return REVIEW_ID

    def review(self) -> Review:
        events = self._events(REVIEW_ID)
        if not events:
            raise ReviewNotOpened()
        opened = cast(ReviewOpened, events[0])
        return Review(
            title=opened.title,
            jurisdiction=opened.jurisdiction,
            period_start=opened.period_start,
            period_end=opened.period_end,
        )

    @retried_on_conflict
    def register_agencies(self, agencies: Iterable[Agency]) -> list[str]:
        """Registers agencies not yet known to this review; returns the codes that were new."""
        wanted = {agency_id(a.code): a for a in agencies}
        known = self._versions(list(wanted))
        events = [
            AgencyRegistered(
                originator_id=aid,
                originator_version=1,
                timestamp=now(),
                code=a.code,
                name=a.name,
                sector=a.sector,
            )
            for aid, a in wanted.items()
            if aid not in known
        ]
        self._save(events)
        return [e.code for e in events]

    @retried_on_conflict
    def record_extract(
        self,
        agency: str,
        file: str,
        sha256: str,
        profile: str,
        counts: ImportCounts,
        by: str,
        path: str | None = None,
        series: str = "",
        digest: EventDigest | None = None,
    ) -> uuid.UUID:
        eid = extract_id(agency, sha256, profile)
        version = self._versions([eid]).get(eid, 0)
        self._save(
            [
                ExtractImported(
                    originator_id=eid,
                    originator_version=version + 1,
                    timestamp=now(),
                    agency=agency,
                    file=file,
                    sha256=sha256,
                    profile=profile,
                    counts=counts,
                    by=by,
                    path=path,
                    series=series,
                    events=None if digest is None else digest.count,
                    digest=None if digest is None else digest.hexdigest(),
                )
            ]
        )
        return eid

    @retried_on_conflict
    def add_redaction(self, term: str, label: str, by: str) -> uuid.UUID:
        """Adds a term to the review's redaction list (or gives it a new label); returns its id."""
        term = " ".join(term.split())
        if len(term) < 2:
            raise InvalidValue('a term to redact needs two characters or more, e.g. "Oakfield Primary"')
        rid = redaction_id(term)
        version = self._versions([rid]).get(rid, 0)
        self._save([RedactionAdded(originator_id=rid, originator_version=version + 1, timestamp=now(), term=term,
                                   label=" ".join(label.split()), by=by)])  # fmt: skip
        return rid
