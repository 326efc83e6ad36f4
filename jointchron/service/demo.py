"""`jointchron demo`: a synthetic review built from bundled files, end to end."""

from __future__ import annotations

import datetime
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

from jointchron.domain.errors import JointchronError
from jointchron.exports.pack import review_pack
from jointchron.exports.pack_pdf import panel_sections
from jointchron.exports.plain import to_csv, to_json
from jointchron.service.review_store import ChronologyQuery, Store
from jointchron.service.reviews import init_review
from jointchron.viz.report import write_report, write_timeline

# (file, agency, mapping file or None) in the order a business-support officer would load them.
EXTRACTS = (
    ("police.csv", "police", "police.toml"),
    ("csc.csv", "csc", None),
    ("gp.csv", "gp", None),
    ("school.csv", "school", None),
    ("probation.csv", "probation", None),
)
MARKER = ".jointchron-demo"


def _entry(records: list[dict[str, Any]], day: str, kind: str) -> str:
    return str(next(r["id"] for r in records if r["date"] == day and r["kind"] == kind))


def panel_work(store: Store) -> str:
    """What a panel might have recorded after its first meeting: notes, marks, an episode, a judged gap
    and a question to an agency. Returns it in words."""
    records = store.entries(ChronologyQuery())
    incident, concern = _entry(records, "2019-03-09", "incident"), _entry(records, "2019-03-11", "concern")
    decision, arrest = _entry(records, "2019-03-12", "decision"), _entry(records, "2019-04-15", "arrest")
    by = "Panel chair (demo)"
    store.mark(incident, True, "the first domestic incident with the children present", by=by)
    store.mark(decision, True, "NFA the day after the school's concern", by=by)
    store.add_note(
        concern, "The school's concern was not passed to the MASH, which decided the next day.", by=by
    )
    store.add_note(
        decision, "NFA without asking the school or the GP; Mr D's investigation was not checked.", by=by
    )
    store.add_note(arrest, "Bail conditions were not shared with the school or CSC.", by=by)
    episode = store.add_episode(
        "Domestic incident and the MASH decision", datetime.date(2019, 3, 9), datetime.date(2019, 3, 15),
        summary="Police attended a domestic incident; the school saw Child Bk upset; the MASH decided NFA.", by=by,
    )  # fmt: skip
    store.note_episode(
        episode.id, "Three agencies held part of the picture within a week; no one joined it up.", by=by
    )
    gap = next(g for g in store.gap_records() if g["rule"] == "referrer-feedback")
    store.judge(gap["id"], "accept", "Police were never told the outcome of their notification.", by=by)
    store.ask(
        "csc", "Was the police investigation of Mr D checked before the NFA decision?", about=decision, by=by
    )
    return "3 notes, 2 significant entries, 1 key practice episode, 1 judged gap, 1 open question"


def build_demo(directory: Path) -> str:
    """Builds the demo review in `directory` (replacing an earlier demo there); returns what it made."""
    if directory.exists() and any(directory.iterdir()) and not (directory / MARKER).exists():
        raise JointchronError(f"{directory} exists and is not a jointchron demo; choose another --directory")
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    (directory / MARKER).write_text("made by jointchron demo\n", encoding="utf-8")
    data = directory / "data"
    source = resources.files("jointchron") / "data" / "demo"
    data.mkdir()
    for item in source.iterdir():
        if item.name.endswith((".csv", ".toml")):
            (data / item.name).write_bytes(item.read_bytes())
    # The demo is built through the Python API, as a notebook would build it.
    with init_review(directory / "store", title="Child Bk (synthetic demonstration)", jurisdiction="england",
                     start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31)) as review:  # fmt: skip
        lines = []
        for report in (
            review.import_people(data / "people.csv"),
            review.import_relationships(data / "relationships.csv"),
        ):
            lines.append(
                f"  {report.file}: {report.counts.imported} imported, {report.counts.rejected} rejected"
            )
        for file, agency, mapping in EXTRACTS:
            report = review.import_extract(
                data / file, agency, data / mapping if mapping else None, by="demo"
            )
            lines.append(
                f"  {file} ({agency}): {report.counts.imported} contacts, {report.counts.rejected} rejected"
            )
        lines.append(f"  the panel's work: {panel_work(review)}")
        records = review.entries()
        review_data = review.review_data()
        pack = review_pack(review, with_timeline=False)
    (directory / "chronology.csv").write_text(to_csv(records), encoding="utf-8-sig")
    (directory / "chronology.json").write_text(to_json(records), encoding="utf-8")
    write_report(review_data, directory / "report.html", extra=panel_sections(pack))
    write_timeline(review_data, directory / "timeline.html")
    merged = sum(1 for r in records if len(r["sources"]) > 1)
    return "\n".join([
        f"Built a synthetic review in {directory}/ from five agencies' extracts:",
        *lines,
        f"Joint chronology: {len(records)} entries ({merged} recorded by more than one agency), pseudonymised.",
        f"  {directory / 'chronology.csv'}   (open in a spreadsheet)",
        f"  {directory / 'chronology.json'}",
        f"  {directory / 'report.html'}   (the review pack: open in a browser, works offline)",
        f"  {directory / 'timeline.html'}",
        "Try next:",
        f"  jointchron --store {directory / 'store'} chronology --person 'Child Bk'",
        f"  jointchron --store {directory / 'store'} chronology --agency school --format json",
        f"  jointchron --store {directory / 'store'} report -o {directory / 'pack.pdf'}",
    ])  # fmt: skip
