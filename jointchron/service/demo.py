"""`jointchron demo`: a synthetic review built from bundled files, end to end."""

from __future__ import annotations

import datetime
import shutil
from importlib import resources
from pathlib import Path

from jointchron.domain.errors import JointchronError
from jointchron.exports.plain import to_csv, to_json
from jointchron.importers.mapping import Mapping
from jointchron.service.review_store import ChronologyQuery, Store
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
    store = Store.create(directory / "store")
    try:
        store.init_review("Child Bk (synthetic demonstration)", "england", datetime.date(2019, 1, 1),
                          datetime.date(2019, 12, 31))  # fmt: skip
        lines = []
        for report in (
            store.import_people(data / "people.csv"),
            store.import_relationships(data / "relationships.csv"),
        ):
            lines.append(
                f"  {report.file}: {report.counts.imported} imported, {report.counts.rejected} rejected"
            )
        for file, agency, mapping in EXTRACTS:
            chosen = Mapping.load(data / mapping) if mapping else Mapping.canonical()
            report = store.import_extract(data / file, agency, chosen, by="demo")
            lines.append(
                f"  {file} ({agency}): {report.counts.imported} contacts, {report.counts.rejected} rejected"
            )
        records = store.chronology(ChronologyQuery())
        review_data = store.review_data()
    finally:
        store.close()
    (directory / "chronology.csv").write_text(to_csv(records), encoding="utf-8-sig")
    (directory / "chronology.json").write_text(to_json(records), encoding="utf-8")
    write_report(review_data, directory / "report.html")
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
    ])  # fmt: skip
