"""Publication without jigsaw identification (issue 16 §4): a realistic case whose text names a school, a
street, a town, a surgery, a teacher, a brother the register does not hold, an age, a postcode, a phone
number, an e-mail address and an NHS number. `publish-check` lists what a published appendix would still
show; once the panel has added those terms to the redaction list, `--publish` shows none of them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from support import JC, PEOPLE_HEADER

REGISTER = (
    ("P1", "Child L", "child", "Leah Kowalski", "02/05/2011", ""),
    ("P2", "Ms K", "adult", "Anna Kowalski", "14/10/1984", ""),
    ("P3", "Mr R", "adult", "Jason Reilly", "", ""),
)
HEADER = ("date", "kind", "subjects", "summary", "practitioner", "reference")
ROWS = (
    ("04/03/2019", "disclosure", "Leah Kowalski",
     "Child L (7) told her teacher Mrs Patel that Jason hit her at home, 4 Elm Row, Oldham OL1 3AB.",
     "DSL Ms Green", "S-1"),
    ("05/03/2019", "information_shared", "Leah Kowalski",
     "Oakfield Primary emailed mum at anna.k@example.com and rang her on 07700 900456; her brother Tyler, "
     "aged 15, was at home.", "DSL Ms Green", "S-2"),
    ("06/03/2019", "appointment", "Leah Kowalski",
     "Seen at Elm Tree Surgery; NHS number 401 023 2137 on the letter; mother aged 34 attended.",
     "Dr Okafor", "G-1"),
)  # fmt: skip
GONE = ("Kowalski", "Leah", "Anna", "Jason", "Reilly", "Oldham", "OL1", "Elm Row", "Oakfield", "Patel", "Okafor",
        "Elm Tree Surgery", "Tyler", "07700", "example.com", "401 023 2137", "(7)", "Green")  # fmt: skip


def test_publish_check_lists_what_would_identify_the_family_and_the_redaction_list_removes_it(
    review: JC, write_csv: Callable[..., Path]
) -> None:
    assert review("people", "import", write_csv("people.csv", PEOPLE_HEADER, REGISTER)).exit_code == 0
    assert review("import", write_csv("school.csv", HEADER, ROWS), "--agency", "school").exit_code == 0

    before = review("publish-check", "--format", "json")
    listed = {t["term"]: t for t in json.loads(before.stdout)}
    for term, label in (("Oakfield Primary", "the school"), ("Oldham", "the town"), ("Tyler", "her brother"),
                        ("Mrs Patel", "her teacher"), ("Elm Tree Surgery", "the GP practice")):  # fmt: skip
        assert review("redact", "add", term, "--as", label).exit_code == 0
    after = review("publish-check")
    published = review("chronology", "--format", "json", "--publish").stdout
    summaries = [e["summary"] for e in json.loads(published)]

    assert before.exit_code == 1
    assert {"Oakfield Primary", "Oldham", "Tyler", "Mrs Patel", "Elm Tree Surgery"} <= set(listed), sorted(
        listed
    )
    assert not {"Child", "March", "Seen", "NHS", "Ms", "Mrs", "Primary"} & set(listed), sorted(listed)
    assert (
        listed["Oldham"]["where"][0]["field"] == "summary"
        and listed["Oldham"]["where"][0]["date"] == "2019-03-01"
    )
    assert after.exit_code == 0, after.stdout
    assert after.stderr.startswith("No capitalised term is left")
    assert [g for g in GONE if g.lower() in published.lower()] == []
    assert summaries == [
        "Child L (aged 5-9) told her teacher her teacher that Mr R hit her at home, [address], the town [postcode].",
        "the school emailed mum at [email] and rang her on [phone]; her brother her brother, aged 15-17, was at "
        "home.",
        "Seen at the GP practice; NHS number [NHS number] on the letter; mother aged 25-34 attended.",
    ]
    assert "Oldham" in review("chronology", "--format", "json").stdout  # the panel's own copy keeps it
    assert json.loads(review("redact", "list", "--format", "json").stdout)[0] == {
        "term": "Elm Tree Surgery", "label": "the GP practice", "by": json.loads(
            review("redact", "list", "--format", "json").stdout)[0]["by"]}  # fmt: skip
