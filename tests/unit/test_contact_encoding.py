"""A new contact's event written from its parts is, byte for byte, the event pydantic writes."""

from __future__ import annotations

import datetime
import json
import uuid

from eventsourcing.persistence import JSONTranscoder
from hypothesis import given, settings
from hypothesis import strategies as st

from jointchron.domain.contact import ContactContent, ContactRecorded, Source
from jointchron.domain.drafts import ContactDraft
from jointchron.domain.vocabulary import KINDS
from jointchron.store.contact_encoding import RecordedEncoder, fields_json
from jointchron.store.mapper import PydanticMapper


def _mapper() -> PydanticMapper:
    # The library's JSON transcoder is never used for pydantic events; the mapper asks for one.
    return PydanticMapper(transcoder=JSONTranscoder())


TEXT = st.text(max_size=30)  # quotes, backslashes, control characters, emoji, surrogate-free unicode
CODES = st.sampled_from(["police", "csc", "gp", "school", "probation", "idva_2"])
CONTENTS = st.builds(
    ContactContent,
    agency=CODES,
    date=st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)),
    end_date=st.none() | st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)),
    precision=st.sampled_from(["day", "month", "year", "approximate", "range"]),
    time=st.none() | st.sampled_from(["00:00", "09:05", "23:59"]),
    recorded=st.none() | st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)),
    kind=st.sampled_from(sorted(KINDS)),
    tags=st.lists(st.sampled_from(["cp", "domestic_abuse", "s47", "no_icpc"]), max_size=3).map(tuple),
    subjects=st.lists(st.uuids().map(str), max_size=3).map(tuple),
    participants=st.lists(CODES, max_size=2).map(tuple),
    recipients=st.lists(CODES, max_size=2).map(tuple),
    sender=CODES,
    summary=TEXT,
    detail=TEXT,
    practitioner=TEXT,
    reference=TEXT,
    outcome=TEXT,
)
TIMESTAMPS = st.datetimes(datetime.datetime(2000, 1, 1), datetime.datetime(2100, 1, 1)).map(
    lambda t: t.replace(tzinfo=datetime.UTC)
)


@settings(max_examples=300, deadline=None)
@given(
    content=CONTENTS,
    timestamp=TIMESTAMPS,
    extract=st.uuids(),
    file=st.text(min_size=1, max_size=20),
    sheet=st.none() | st.text(max_size=12),
    row=st.integers(1, 10**7),
    row_hash=st.sampled_from(["0" * 64, "ab12" * 16, "x"]) | st.text(max_size=8),
)
def test_the_encoded_state_is_what_pydantic_writes(
    content: ContactContent, timestamp: datetime.datetime, extract: uuid.UUID, file: str, sheet: str | None,
    row: int, row_hash: str,
) -> None:  # fmt: skip
    cid = uuid.uuid4()
    source = Source(extract_id=extract, file=file, sheet=sheet, row=row, row_hash=row_hash)
    event = ContactRecorded(
        originator_id=cid, originator_version=1, timestamp=timestamp, content=content, source=source
    )
    mapper = _mapper()

    fields = {name: getattr(content, name) for name in ContactContent.model_fields}  # as importers build them
    assert fields_json(fields) == content.model_dump_json().encode()
    assert json.loads(fields_json(fields)) == content.model_dump(mode="json")  # content identities rely on it
    draft = ContactDraft(content.agency, fields_json(fields), "ref:1", file, sheet, row, row_hash)
    state = RecordedEncoder(timestamp, extract).state(draft.content_json, file, sheet, row, row_hash)

    expected = mapper.to_stored_event(event)
    assert state == expected.state
    assert draft.content() == content  # a held contact is compared with the row read back from its bytes
    assert mapper.stored_event(cid, 1, ContactRecorded, state) == expected
    assert mapper.to_domain_event(expected) == event


def test_one_encoder_writes_rows_of_several_files_and_sheets() -> None:
    content = ContactContent(agency="gp", date=datetime.date(2019, 3, 1), kind="visit", sender="gp")
    stamp, extract = datetime.datetime(2026, 11, 29, 8, 0, tzinfo=datetime.UTC), uuid.uuid4()
    encoder = RecordedEncoder(stamp, extract)
    for file, sheet in [("a.xlsx", "List 1"), ("a.xlsx", "List 3"), ("a.xlsx", None), ("b.csv", None)]:
        event = ContactRecorded(originator_id=uuid.uuid4(), originator_version=1, timestamp=stamp, content=content,
                                source=Source(extract_id=extract, file=file, sheet=sheet, row=2, row_hash="ab"))  # fmt: skip
        assert (
            encoder.state(content.model_dump_json().encode(), file, sheet, 2, "ab")
            == _mapper().to_stored_event(event).state
        )
