"""Deterministic ids: the same input always yields the same id, so re-importing adds nothing."""

from __future__ import annotations

import datetime
import uuid

import pytest

from jointchron.domain.contact import ContactContent, differences
from jointchron.domain.drafts import ContactDraft, PersonDraft, contact_id
from jointchron.domain.events import NAMESPACE, stable_id
from jointchron.domain.extract import extract_id
from jointchron.domain.person import person_id
from jointchron.domain.relationship import relationship_id


def test_a_contact_id_depends_only_on_agency_and_source_identity() -> None:
    assert contact_id("police", "ref:OCC-1") == contact_id("police", "ref:OCC-1")
    assert contact_id("police", "ref:OCC-1") != contact_id("csc", "ref:OCC-1")
    assert contact_id("police", "ref:OCC-1") != contact_id("police", "ref:OCC-2")


def test_a_person_id_ignores_case_and_spacing_of_the_register_id() -> None:
    assert person_id("P001") == person_id(" p001 ")
    assert PersonDraft(source_id="P001", pseudonym="Child A").id == person_id("P001")


def test_extract_and_relationship_ids_are_stable() -> None:
    assert extract_id("gp", "ab" * 32, "canonical") == extract_id("gp", "ab" * 32, "canonical")
    assert extract_id("gp", "ab" * 32, "canonical") != extract_id("gp", "ab" * 32, "emis-observation")
    a, b = person_id("P1"), person_id("P2")
    assert relationship_id(a, "parent_of", b, None) == relationship_id(a, "parent_of", b, None)
    assert relationship_id(a, "parent_of", b, None) != relationship_id(b, "parent_of", a, None)


def test_differences_list_only_the_fields_that_changed() -> None:
    old = ContactContent(
        agency="gp", date=datetime.date(2019, 3, 1), kind="visit", sender="gp", summary="Seen."
    )
    new = old.model_copy(update={"summary": "Seen alone.", "tags": ("seen_alone",)})
    assert differences(old, new) == {"summary": "Seen alone.", "tags": ["seen_alone"]}
    assert differences(old, old) == {}


def test_a_draft_carries_its_provenance() -> None:
    content = ContactContent(agency="gp", date=datetime.date(2019, 3, 1), kind="visit", sender="gp")
    draft = ContactDraft(agency="gp", content_json=content.model_dump_json().encode(), identity="ref:1", file="gp.csv",
                         sheet=None, row=7, row_hash="x")  # fmt: skip
    assert (draft.file, draft.row, draft.content()) == ("gp.csv", 7, content)


@pytest.mark.parametrize("parts", [("contact", "police", "ref:OCC-1"), ("person", "p001"), ("é", "ü", "")])
def test_stable_ids_are_the_uuid5_of_their_parts(parts: tuple[str, ...]) -> None:
    # Spelled out for speed; ids already in stores were made by uuid.uuid5 and must not change.
    assert stable_id(*parts) == uuid.uuid5(NAMESPACE, "\x1f".join(parts))
    assert stable_id(*parts).version == 5
