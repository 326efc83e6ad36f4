"""The panel's work through the Python API (`Store`): re-imports and revised extracts leave it intact."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest

from jointchron.domain.errors import JointchronError
from jointchron.projections.chronology import ChronologyQuery
from jointchron.projections.schema import SCHEMA_REVISION
from jointchron.service.review_store import Store, canonical_mapping
from support import PEOPLE, PEOPLE_HEADER, write_rows

HEADER = ("date", "kind", "subjects", "summary", "reference", "other_agencies")
POLICE = [
    ("11/03/2019", "disclosure", "Child A", "Amy Smith told PC Ray.", "P1", ""),
    ("18/03/2019", "arrest", "Mr D", "Dan Brown arrested.", "P2", ""),
]
CSC = [("03/06/2019", "strategy_discussion", "Child B", "Strategy discussion about Child B.", "C1", "police")]


@pytest.fixture
def store(tmp_path: Path, backend: str) -> Iterator[Store]:
    opened = Store.create(tmp_path / "store")
    opened.init_review("API review", "england", datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))
    opened.import_people(write_rows(tmp_path / "people.csv", PEOPLE_HEADER, PEOPLE))
    opened.import_extract(
        write_rows(tmp_path / "police.csv", HEADER, POLICE), "police", canonical_mapping(None)
    )
    # CSC records strategy discussions (about another child), so the records can show one was held or not.
    opened.import_extract(write_rows(tmp_path / "csc.csv", HEADER, CSC), "csc", canonical_mapping(None))
    yield opened
    opened.close()


def entry_of(store: Store, kind: str) -> dict[str, object]:
    return next(e for e in store.entries(ChronologyQuery()) if e["kind"] == kind)


def test_the_panels_work_through_the_api_survives_a_re_import_a_revised_extract_and_a_rebuild(
    store: Store, tmp_path: Path
) -> None:
    disclosure = str(entry_of(store, "disclosure")["id"])
    store.add_note(disclosure[:8], "Amy Smith was seen alone", by="Panel chair")
    store.mark(disclosure, True, "first disclosure")
    episode = store.add_episode("March", datetime.date(2019, 3, 1), datetime.date(2019, 3, 31), [disclosure])
    store.note_episode(episode.id, "Police did not call CSC")
    gap = next(g for g in store.gap_records() if g["rule"] == "strategy-after-harm")
    store.judge(gap["id"], "accept", "no strategy discussion")
    question = store.ask("police", "Who was told?", about=disclosure)
    store.answer(question.id, "Nobody", by="Police IMR author")
    before = (store.entries(ChronologyQuery()), store.episodes(), store.questions(), store.gap_records())

    store.import_extract(tmp_path / "police.csv", "police", canonical_mapping(None))  # the same file again
    revised = [(*POLICE[0][:3], "Amy Smith told PC Ray at home.", "P1", ""), POLICE[1]]
    store.import_extract(
        write_rows(tmp_path / "police-v2.csv", HEADER, revised), "police", canonical_mapping(None)
    )

    shown = entry_of(store, "disclosure")
    assert shown["id"] == disclosure and shown["status"] == "amended"
    assert shown["analysis"] == "Child A was seen alone" and shown["significant"] is True
    assert shown["episodes"] == ["March"]
    assert store.episodes()[0]["analysis"][0]["text"] == "Police did not call CSC"
    assert store.questions() == before[2]
    [judged] = [g for g in store.gap_records() if g["id"] == gap["id"]]
    assert judged["judgement"]["decision"] == "accepted" and judged["judgement"]["needs_review"] is False
    revised_chronology = store.entries(ChronologyQuery())
    store.rebuild()
    assert store.entries(ChronologyQuery()) == revised_chronology
    assert store.episodes() == before[1]


def test_a_dismissed_gap_leaves_the_api_gaps_and_a_withdrawn_judgement_brings_it_back(store: Store) -> None:
    gap = next(g for g in store.gap_records() if g["rule"] == "strategy-after-harm")
    store.judge(gap["id"], "dismiss", "held by phone")
    assert gap["id"] not in {g["id"] for g in store.gap_records()}
    assert next(g for g in store.gap_records(include_dismissed=True) if g["id"] == gap["id"])["judgement"][
        "reason"
    ] == ("held by phone")

    withdrawn = store.retract(gap["id"][:8], "judged too early")

    assert withdrawn.about == "judgement"
    assert next(g for g in store.gap_records() if g["id"] == gap["id"])["judgement"] is None
    assert store.panel().judgements[gap["id"]].withdrawn is not None  # kept, and says it was withdrawn


def test_the_api_refuses_what_names_nothing_with_one_line_and_writes_nothing(store: Store) -> None:
    events = len(store.audit_log())
    for attempt, said in (
        (lambda: store.add_note("0000000000", "x"), "no entry has id"),
        (lambda: store.ask("housing", "x"), "no agency 'housing' in this review"),
        (lambda: store.answer("12345678", "x"), "no question has id"),
        (lambda: store.judge("abcdef12", "accept", "x"), "no gap has id"),
        (lambda: store.add_note(str(entry_of(store, "arrest")["id"]), "  "), "the note is empty"),
    ):
        with pytest.raises(JointchronError, match=said) as raised:
            attempt()
        assert "\n" not in str(raised.value)
    assert len(store.audit_log()) == events


def test_a_read_model_made_by_another_change_of_the_same_revision_is_rebuilt_with_the_panels_work(
    store: Store, tmp_path: Path
) -> None:
    disclosure = str(entry_of(store, "disclosure")["id"])
    store.add_note(disclosure, "Seen alone")
    views = store.views()
    # As a read model made by a change that bumped the revision too but had no table for the panel's work.
    views.execute("DROP TABLE panel_events")
    views.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [SCHEMA_REVISION])
    store.close()

    reopened = Store.open(tmp_path / "store")
    try:
        assert entry_of(reopened, "disclosure")["analysis"] == "Seen alone"
    finally:
        reopened.close()
