"""The people register as a list (`jointchron people list`): who the review is about, and who is unconfirmed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import duckdb

from jointchron.projections.people import canonical_people, contacts_naming, people

if TYPE_CHECKING:
    from jointchron.service.application import ReviewApplication


class PeopleList:
    """A mixin of `Store` (review_store.py), so that the CLI and the Python API call the same methods."""

    if TYPE_CHECKING:

        @property
        def app(self) -> ReviewApplication: ...
        def views(self) -> duckdb.DuckDBPyConnection: ...
        def release_views(self) -> None: ...

    def people(self, unconfirmed_only: bool = False, named: bool = False) -> list[dict[str, Any]]:
        """The people register (`jointchron people list`), confirmed first; real names only when `named`."""
        return list_people(self, unconfirmed_only, named)


def list_people(
    store: PeopleList, unconfirmed_only: bool = False, named: bool = False
) -> list[dict[str, Any]]:
    """Everyone in the register, confirmed first then unconfirmed, by pseudonym; names only when `named`.

    `same_as` is the pseudonym of the person a record now stands for (merged with `people merge`,
    or an unconfirmed record naming exactly one registered person); `contacts` counts the records
    naming it that are not withdrawn.
    """
    store.app.review()
    views = store.views()
    everyone = people(views)
    canonical = canonical_people(views)
    pseudonyms = {str(p.id): p.pseudonym for p in everyone}
    counts = contacts_naming(views)
    listed = []
    for p in sorted(everyone, key=lambda p: (not p.confirmed, p.pseudonym.casefold(), str(p.id))):
        if unconfirmed_only and p.confirmed:
            continue
        target = canonical.get(str(p.id), str(p.id))
        entry: dict[str, Any] = {
            "pseudonym": p.pseudonym,
            "role": p.role,
            "confirmed": p.confirmed,
            "same_as": pseudonyms.get(target) if target != str(p.id) else None,
            "contacts": counts.get(str(p.id), 0),
        }
        if named:
            entry["names"] = list(p.names)
        listed.append(entry)
    return listed
