"""What a batch of an extract's rows says about the contacts already held: the decision, not the saving.

Each row is new (no contact has its id), unchanged (the contact says the same), amended (some fields
differ: they are listed) or reappeared (unchanged, but an earlier extract had left it out). A row that
repeats an id recorded earlier in the same batch is compared with that row, so that a file naming a
contact twice records it once and then amends it. `gone` says which of the contacts a revised extract
no longer holds are still to be flagged. The application turns the decisions into events and saves them
(jointchron/service/contact_commands.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from jointchron.domain.contact import Contact, Source, differences
from jointchron.domain.drafts import ContactDraft

# Plain tuples: an import decides about one row at a time, and most rows are new.


class New(NamedTuple):
    """No contact has this id (nor did an earlier row of the batch): it is recorded at version 1."""

    id: uuid.UUID
    draft: ContactDraft


class Unchanged(NamedTuple):
    id: uuid.UUID
    draft: ContactDraft


class Amended(NamedTuple):
    """The row changes some of the contact's fields; `changes` holds their new values, JSON-ready."""

    id: uuid.UUID
    version: int
    changes: dict[str, Any]
    source: Source
    draft: ContactDraft


class Reappeared(NamedTuple):
    """Unchanged, after an earlier extract had left it out: the contact is present again from `source`."""

    id: uuid.UUID
    version: int
    source: Source
    draft: ContactDraft


Decision = New | Unchanged | Amended | Reappeared


def reconcile(
    ids: Sequence[uuid.UUID],
    drafts: Sequence[ContactDraft],
    held: Mapping[uuid.UUID, Contact],
    extract: uuid.UUID,
) -> list[Decision]:
    """A decision for each draft (`ids[i]` is `drafts[i]`'s contact id), in the batch's order.

    `held` holds the contacts already recorded for (some of) those ids; it is not changed. The
    versions decided follow one another, also for an id the batch names more than once.
    """
    state = dict(held)
    # Rows recorded earlier in this batch whose id no later row has named yet.
    first: dict[uuid.UUID, ContactDraft] = {}
    decisions: list[Decision] = []
    for cid, draft in zip(ids, drafts, strict=True):
        contact = state.get(cid) if state else None
        if contact is None:
            earlier = first.pop(cid, None)
            if earlier is None:
                # The usual row: a contact not seen before.
                first[cid] = draft
                decisions.append(New(cid, draft))
                continue
            contact = state[cid] = _recorded_from(cid, earlier, extract)
        source = _source(draft, extract)
        content = draft.content()
        changes = {} if contact.content == content else differences(contact.content, content)
        if changes:
            decisions.append(Amended(cid, contact.version + 1, changes, source, draft))
            state[cid] = contact.model_copy(
                update={
                    "version": contact.version + 1,
                    "content": content,
                    "source": source,
                    "amended": True,
                    "no_longer_present": False,
                }
            )
        elif contact.no_longer_present:
            decisions.append(Reappeared(cid, contact.version + 1, source, draft))
            state[cid] = contact.model_copy(
                update={"version": contact.version + 1, "source": source, "no_longer_present": False}
            )
        else:
            decisions.append(Unchanged(cid, draft))
    return decisions


def gone(held: Mapping[uuid.UUID, Contact]) -> list[uuid.UUID]:
    """Of the contacts a revised extract no longer holds, those not flagged yet.

    One already flagged is left as it is, so that its flag records when its row first went missing.
    """
    return [cid for cid, contact in held.items() if not contact.no_longer_present]


def _source(draft: ContactDraft, extract: uuid.UUID) -> Source:
    return Source(
        extract_id=extract, file=draft.file, sheet=draft.sheet, row=draft.row, row_hash=draft.row_hash
    )


def _recorded_from(cid: uuid.UUID, draft: ContactDraft, extract: uuid.UUID) -> Contact:
    """The contact a row of this batch records: a later row with its id is compared with it."""
    return Contact(id=cid, version=1, content=draft.content(), source=_source(draft, extract))
