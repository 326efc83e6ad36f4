"""The canonical contact's own checks (DESIGN §4), made by pydantic-core and said in plain words."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from pydantic import ValidationError

from jointchron.domain.contact import ContactContent, amend, content_problem

VALID: dict[str, Any] = {
    "agency": "police",
    "date": datetime.date(2019, 3, 1),
    "kind": "visit",
    "sender": "police",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "telephone_call"}, "unknown kind 'telephone_call'"),
        ({"kind": "visit\n"}, "unknown kind 'visit\\n'"),
        ({"time": "24:00"}, "time '24:00' is not HH:MM"),
        ({"time": "9:30"}, "time '9:30' is not HH:MM"),
        ({"tags": ("ok", "Not Snake")}, "tag 'Not Snake' is not lower_snake_case"),
        ({"sender": "Police"}, "'Police' is not an agency code"),
        ({"recipients": ("csc", "1csc")}, "'1csc' is not an agency code"),
        ({"participants": ("gp", "")}, "'' is not an agency code"),
        ({"agency": "police force"}, "'police force' is not an agency code"),
    ],
)
def test_a_contact_outside_the_vocabulary_is_refused_in_words(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        ContactContent.model_validate({**VALID, **change})
    assert content_problem(caught.value.errors()[0]) == message
    if (
        "agency" not in change
    ):  # the recording agency is never amended; every other field says the same by hand
        with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
            amend(ContactContent.model_validate(VALID), change)


def test_every_kind_of_the_vocabulary_and_a_valid_contact_pass() -> None:
    contact = ContactContent.model_validate(
        {
            **VALID,
            "time": "23:59",
            "tags": ("domestic_abuse", "s47"),
            "recipients": ("csc", "gp"),
            "kind": "s47_start",
        }
    )
    assert (contact.kind, contact.time, contact.tags) == ("s47_start", "23:59", ("domestic_abuse", "s47"))


def test_other_problems_keep_pydantics_own_words() -> None:
    with pytest.raises(ValidationError) as caught:
        ContactContent.model_validate({**VALID, "date": "not a date"})
    assert "valid date" in content_problem(caught.value.errors()[0])
