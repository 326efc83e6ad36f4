"""Publication without jigsaw identification (issue 16 §4): the redaction list, and what a published
chronology would still show.

A mixin of `Store` (review_store.py), so that the CLI and the Python API call the same methods.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import duckdb

from jointchron.domain.review import Review
from jointchron.projections.chronology import ChronologyQuery, chronology
from jointchron.projections.people import people as registered_people
from jointchron.projections.review import redaction_list
from jointchron.service.users import author

if TYPE_CHECKING:
    from jointchron.service.application import ReviewApplication


class Publication:
    if TYPE_CHECKING:

        @property
        def app(self) -> ReviewApplication: ...
        def views(self) -> duckdb.DuckDBPyConnection: ...
        def release_views(self) -> None: ...
        def review(self) -> Review: ...

    def add_redaction(self, term: str, label: str | None = None, by: str | None = None) -> None:
        """Adds a term to the redaction list: every published output shows `label` (default `[redacted]`)."""
        from jointchron.projections.redaction import REDACTED

        self.app.review()
        self.release_views()
        self.app.add_redaction(term, label or REDACTED, author(by))

    def redactions(self) -> list[dict[str, str]]:
        """The redaction list: each term, the label published outputs show for it, and who added it."""
        self.app.review()
        return [{"term": t, "label": label, "by": by} for t, label, by in redaction_list(self.views())]

    def publish_check(self) -> list[dict[str, Any]]:
        """The capitalised terms a published chronology would still show (projections/publish_check.py)."""
        from jointchron.projections.chronology import agency_names, pseudonymiser
        from jointchron.projections.publish_check import record_texts, remaining_terms

        review = self.app.review()
        records = chronology(self.views(), ChronologyQuery(publish=True))
        views = self.views()
        privacy = pseudonymiser(views, publish=True)
        texts = [({"entry": None, "date": None, "field": "review title"}, privacy.text(review.title)),
                 *record_texts(records)]  # fmt: skip
        labels = [r["label"] for r in self.redactions()]
        allowed = [*agency_names(views).values(), *agency_names(views), *labels]
        terms = remaining_terms(texts, [p.pseudonym for p in registered_people(views)], allowed)
        return [{"term": t.term, "count": t.count, "where": t.where} for t in terms]
