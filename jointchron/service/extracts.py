"""The imports a review holds (`jointchron extracts`), and undoing one: every contact it brought, withdrawn.

An import is undone the way a single record is: each of its contacts gets a `ContactWithdrawn`
event with the reason and who gave it, so nothing is deleted, the history of every contact shows
it, and `reinstate --extract` brings them back. "Its contacts" are those whose current source
row is in that import: every row of a first import; the new and amended rows of a revision.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import duckdb

from jointchron.domain.errors import InvalidValue, NotFound
from jointchron.projections.extracts import contacts_of_extract, extract_listing
from jointchron.service.users import author

if TYPE_CHECKING:
    from jointchron.service.application import ReviewApplication

_ID_PREFIX = re.compile(r"^[0-9a-f-]{4,36}$")


@dataclass(frozen=True)
class ExtractUndone:
    extract_id: str
    agency: str
    file: str
    contacts: int  # the import's contacts
    changed: int  # those this command withdrew (or reinstated)


class ExtractRecords:
    """A mixin of `Store` (review_store.py), so that the CLI and the Python API call the same methods."""

    if TYPE_CHECKING:

        @property
        def app(self) -> ReviewApplication: ...
        def views(self) -> duckdb.DuckDBPyConnection: ...
        def release_views(self) -> None: ...

    def extracts(self, named: bool = False) -> list[dict[str, Any]]:
        """Every import, oldest first (`jointchron extracts`): id, agency, file, sha256, rows, contacts; the
        file's name and who imported it pseudonymised unless `named`."""
        return list_extracts(self, named)

    def withdraw_extract(self, extract: str, reason: str, by: str | None = None) -> ExtractUndone:
        """Withdraws every contact of one import (`jointchron withdraw --extract`), each as its own event."""
        return withdraw_extract(self, extract, reason, by)

    def reinstate_extract(self, extract: str, reason: str, by: str | None = None) -> ExtractUndone:
        """Reinstates every withdrawn contact of one import (`jointchron reinstate --extract`)."""
        return reinstate_extract(self, extract, reason, by)


def list_extracts(store: ExtractRecords, named: bool = False) -> list[dict[str, Any]]:
    """Every import, oldest first: id, agency, file, sha256, rows read, when, by whom, and its contacts.

    A file is often named after the child (`maggie_turner_2019.csv`), and whoever imported it may be in the
    register: both are shown as every text is, pseudonymised unless `named` (messages naming an import too).
    """
    from jointchron.projections.chronology import pseudonymiser

    store.app.review()
    privacy = pseudonymiser(store.views(), named=named)
    return [
        {
            "id": e["id"], "agency": e["agency"], "file": privacy.text(e["file"]), "sha256": e["sha256"],
            "rows": e["read"], "imported_at": e["imported_at"].isoformat(timespec="seconds"),
            "by": privacy.text(e["imported_by"]), "profile": e["profile"], "imported": e["imported"],
            "rejected": e["rejected"], "contacts": e["contacts"], "withdrawn": e["withdrawn"],
        }
        for e in extract_listing(store.views())
    ]  # fmt: skip


def resolve_extract(store: ExtractRecords, text: str) -> dict[str, Any]:
    """The import an id (or the start of one, as `jointchron extracts` shows it) names."""
    given = text.strip().lower()
    listed = list_extracts(store)
    if _ID_PREFIX.match(given):
        found = [e for e in listed if e["id"].replace("-", "").startswith(given.replace("-", ""))]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise InvalidValue(f"more than one import id starts with {given}; give more of the id")
    ids = ", ".join(e["id"][:8] for e in listed) or "none yet"
    raise NotFound(f"no import has id {text.strip()[:40]}; `jointchron extracts` lists them (ids: {ids})")


def withdraw_extract(store: ExtractRecords, text: str, reason: str, by: str | None = None) -> ExtractUndone:
    """Withdraws every contact of one import, each as its own event."""
    extract, ids = _contacts_of(store, text)
    if not ids:
        raise InvalidValue(
            f"the import {extract['id'][:8]} ({extract['file']}) holds no contacts; nothing to withdraw"
        )
    store.release_views()
    done = store.app.withdraw_contacts(ids, reason, author(by))
    if not done:
        raise InvalidValue(f"every contact of the import {extract['id'][:8]} ({extract['file']}) is already "
                           "withdrawn; `jointchron reinstate --extract` brings them back")  # fmt: skip
    return ExtractUndone(extract["id"], extract["agency"], extract["file"], len(ids), len(done))


def reinstate_extract(store: ExtractRecords, text: str, reason: str, by: str | None = None) -> ExtractUndone:
    """Reinstates every withdrawn contact of one import."""
    extract, ids = _contacts_of(store, text)
    store.release_views()
    done = store.app.reinstate_contacts(ids, reason, author(by))
    if not done:
        raise InvalidValue(f"no contact of the import {extract['id'][:8]} ({extract['file']}) is withdrawn; "
                           "nothing to reinstate")  # fmt: skip
    return ExtractUndone(extract["id"], extract["agency"], extract["file"], len(ids), len(done))


def _contacts_of(store: ExtractRecords, text: str) -> tuple[dict[str, Any], list[uuid.UUID]]:
    extract = resolve_extract(store, text)
    return extract, contacts_of_extract(store.views(), extract["id"])
