"""Which end belongs to which start: each piece of work answers itself, never its neighbour.

An assessment is a start and an end (its authorisation); a section 47 enquiry is a start and its
initial conference (or its recorded `no_icpc` end). A child may have several at once, and a later
one's end must not answer an earlier one that never ended. An end answers, in this order:

1. the start of the same source record: one CIN census `<Assessments>` element, one Annex A row,
   any wide row that gives both dates;
2. else the earliest start of the same episode still open, where the extract names episodes
   (a mapping's `episode` column; the CIN census's episode, its `CINdetails`);
3. else, when neither links it to any start, the earliest start still open.

An end linked to some start (by record or episode) answers no other. A start whose own record's
end is dated before it is a data problem, not something to judge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from jointchron.projections.entries import Entry

RecordKey = tuple[str, str, str | None, int]  # agency, extract, sheet, row
EpisodeKey = tuple[str, str]  # agency, episode


def record_keys(entry: Entry) -> frozenset[RecordKey]:
    return frozenset((s.agency, s.extract_id, s.sheet, s.row) for s in entry.sources if s.extract_id)


def episode_keys(entry: Entry) -> frozenset[EpisodeKey]:
    return frozenset((s.agency, s.episode) for s in entry.sources if s.episode)


@dataclass
class Pairing:
    """The end each start was paired with, and the starts whose own end comes before them."""

    end_of: dict[str, Entry] = field(default_factory=dict)  # start entry id -> its end
    ends_before_start: dict[str, Entry] = field(default_factory=dict)  # start entry id -> its own end


def pair(starts: Sequence[Entry], ends: Sequence[Entry]) -> Pairing:
    """Pairs one child's starts with their ends; both in chronological order."""
    found = Pairing()
    records = {e.id: record_keys(e) for e in (*starts, *ends)}
    episodes = {e.id: episode_keys(e) for e in (*starts, *ends)}
    linked: set[str] = set()  # ends that belong to some start, answered or not
    ends_of_record: dict[RecordKey, list[Entry]] = {}
    for end in ends:
        for key in records[end.id]:
            ends_of_record.setdefault(key, []).append(end)
    for start in starts:
        mates = {
            e.id: e for key in records[start.id] for e in ends_of_record.get(key, ()) if e.id != start.id
        }
        own = sorted(mates.values(), key=lambda e: e.sort_key)
        if not own:
            continue
        linked.update(e.id for e in own)
        after = [e for e in own if e.date.latest >= start.date.earliest]
        if after:
            found.end_of[start.id] = after[0]
        else:
            found.ends_before_start[start.id] = own[0]
    waiting = [s for s in starts if s.id not in found.end_of and s.id not in found.ends_before_start]
    for end in ends:  # the episode's ends, each to the earliest of its episode's starts still open
        if end.id in linked or not episodes[end.id]:
            continue
        if not any(episodes[s.id] & episodes[end.id] for s in starts):
            continue  # no start of its episode is known: it may answer any start (step 3)
        linked.add(end.id)
        _answer(found, waiting, end, episodes[end.id], episodes)
    for end in ends:
        if end.id not in linked:
            _answer(found, waiting, end, None, episodes)
    return found


def _answer(
    found: Pairing,
    waiting: list[Entry],
    end: Entry,
    episode: frozenset[EpisodeKey] | None,
    episodes: dict[str, frozenset[EpisodeKey]],
) -> None:
    """`end` answers the earliest start still waiting that began by its day (of its episode, if given)."""
    for index, start in enumerate(waiting):
        if start.id == end.id or start.date.earliest > end.date.latest:
            continue
        if episode is None or episodes[start.id] & episode:
            found.end_of[start.id] = end
            del waiting[index]
            return
