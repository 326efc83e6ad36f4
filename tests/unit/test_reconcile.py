"""What a batch of rows says about the contacts already held (domain/reconcile.py): decided with no store."""

from __future__ import annotations

import uuid
from typing import Any

from jointchron.domain.contact import Contact, ContactContent, Source
from jointchron.domain.drafts import ContactDraft, contact_id
from jointchron.domain.reconcile import Amended, New, Reappeared, Unchanged, gone, reconcile

EXTRACT = uuid.UUID("00000000-0000-0000-0000-0000000000e1")
EARLIER = uuid.UUID("00000000-0000-0000-0000-0000000000e0")


def content(reference: str, **fields: Any) -> ContactContent:
    values = {"agency": "gp", "date": "2019-03-01", "kind": "note", "sender": "gp", "summary": "Seen.",
              "reference": reference, **fields}  # fmt: skip
    return ContactContent.model_validate(values)


def draft(reference: str, row: int = 2, **fields: Any) -> ContactDraft:
    return ContactDraft("gp", content(reference, **fields).model_dump_json().encode(), f"ref:{reference}",
                        "gp.csv", None, row, f"hash{row}")  # fmt: skip


def held(reference: str, version: int = 1, no_longer_present: bool = False, **fields: Any) -> Contact:
    source = Source(extract_id=EARLIER, file="old.csv", row=9, row_hash="old")
    return Contact(id=contact_id("gp", f"ref:{reference}"), version=version, content=content(reference, **fields),
                   source=source, no_longer_present=no_longer_present)  # fmt: skip


def decide(drafts: list[ContactDraft], contacts: list[Contact]) -> list[Any]:
    ids = [contact_id(d.agency, d.identity) for d in drafts]
    return reconcile(ids, drafts, {c.id: c for c in contacts}, EXTRACT)


def test_rows_no_contact_has_are_new_and_rows_saying_what_is_held_are_unchanged() -> None:
    decisions = decide([draft("G1"), draft("G2")], [held("G2", version=3)])

    assert [type(d) for d in decisions] == [New, Unchanged]
    assert decisions[0].id == contact_id("gp", "ref:G1")


def test_a_changed_row_amends_the_next_version_with_only_the_fields_it_changes_and_its_new_source() -> None:
    (decision,) = decide(
        [draft("G1", row=5, summary="Seen, corrected.", time="09:30")], [held("G1", version=2)]
    )

    assert isinstance(decision, Amended)
    assert decision.version == 3
    assert decision.changes == {"time": "09:30", "summary": "Seen, corrected."}
    assert (decision.source.extract_id, decision.source.file, decision.source.row) == (EXTRACT, "gp.csv", 5)


def test_an_unchanged_row_of_a_contact_an_earlier_extract_left_out_reappears() -> None:
    (decision,) = decide([draft("G1", row=4)], [held("G1", version=2, no_longer_present=True)])

    assert isinstance(decision, Reappeared)
    assert (decision.version, decision.source.row) == (3, 4)


def test_a_changed_row_of_a_contact_left_out_is_an_amendment_not_a_reappearance() -> None:
    (decision,) = decide([draft("G1", summary="Other.")], [held("G1", no_longer_present=True)])

    assert isinstance(decision, Amended)


def test_an_id_the_batch_repeats_is_recorded_once_then_compared_with_the_row_before() -> None:
    decisions = decide([draft("G1"), draft("G1", row=3), draft("G1", row=4, summary="Again."),
                        draft("G1", row=5, summary="Again.")], [])  # fmt: skip

    assert [type(d) for d in decisions] == [New, Unchanged, Amended, Unchanged]
    assert decisions[2].version == 2 and decisions[2].changes == {"summary": "Again."}


def test_versions_follow_one_another_when_a_held_contact_is_named_twice() -> None:
    decisions = decide([draft("G1", summary="One."), draft("G1", summary="Two."), draft("G1", summary="Two.")],
                       [held("G1", version=4, no_longer_present=True)])  # fmt: skip

    assert [(type(d), getattr(d, "version", None)) for d in decisions] == [(Amended, 5), (Amended, 6),
                                                                           (Unchanged, None)]  # fmt: skip


def test_a_reappeared_contact_named_again_is_unchanged_not_reappeared_twice() -> None:
    decisions = decide([draft("G1"), draft("G1")], [held("G1", version=2, no_longer_present=True)])

    assert [type(d) for d in decisions] == [Reappeared, Unchanged]


def test_the_contacts_held_are_left_as_they_were() -> None:
    contacts = {c.id: c for c in [held("G1")]}
    before = dict(contacts)

    reconcile([contact_id("gp", "ref:G1")], [draft("G1", summary="Other.")], contacts, EXTRACT)

    assert contacts == before


def test_contacts_gone_from_a_revised_extract_are_flagged_once() -> None:
    flagged, present = held("G1", no_longer_present=True), held("G2")

    assert gone({flagged.id: flagged, present.id: present}) == [present.id]
