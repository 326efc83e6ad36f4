"""A review's store opened from Python: `jointchron.open_review` and `jointchron.init_review`."""

from __future__ import annotations

import datetime
from pathlib import Path

from jointchron.domain.jurisdiction import Jurisdiction
from jointchron.service.review_store import Store
from jointchron.store.settings import Location


def open_review(path: str | Path | None = None, *, key_file: str | Path | None = None) -> Store:
    """Opens the review store at `path`: a directory, or a `postgresql://` URL of a shared event log.

    Without `path`, the store is chosen as the CLI chooses it (`$JOINTCHRON_STORE`, else `./.jointchron`);
    `key_file` (or `$JOINTCHRON_KEY`) opens an encrypted store.
    """
    return Store.open(Location.choose(path, Path(key_file) if key_file is not None else None))


def init_review(path: str | Path, *, title: str, jurisdiction: Jurisdiction = "england",
                start: datetime.date | str, end: datetime.date | str, encrypt: bool = False,
                key_file: str | Path | None = None) -> Store:  # fmt: skip
    """Opens a new review in a new store at `path` and returns the store.

    `start` and `end` are the period under review (UK dates such as `01/01/2019`, or dates);
    `jurisdiction` is `england`, `wales` or `scotland` (it chooses the gap rules and bank holidays).
    """
    store = Store.create(
        Location.choose(path, Path(key_file) if key_file is not None else None), encrypt=encrypt
    )
    try:
        store.init_review(title, jurisdiction, start, end)
    except BaseException:
        store.close()
        raise
    return store
