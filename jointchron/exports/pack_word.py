"""The review pack as a Word document: portrait front matter, findings and episodes; the joint
chronology and the timeline on landscape pages (composite-chronology style); then the open questions."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Cm, Pt

from jointchron.exports.documents import agency_colours
from jointchron.exports.pack import ReviewPack
from jointchron.exports.pack_pdf import uk
from jointchron.exports.word import _t, chronology_table, property_title


def _orient(document: WordDocument, landscape: bool, new: bool = True) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE) if new else document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = Cm(29.7), Cm(21.0)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))


def _judgement(document: WordDocument, gap: dict[str, Any]) -> None:
    judged = gap.get("judgement")
    line = document.add_paragraph(style="List Bullet 2")
    if not judged:
        line.add_run("Panel: not yet judged.").italic = True
        return
    line.add_run(f"Panel: {judged['decision']}").bold = True
    by = f" ({judged['by']}, {uk(judged['at'])})" if judged["by"] else ""
    line.add_run(_t(f": {judged['reason']}{by}."))
    if judged["needs_review"]:
        changed = ", ".join(judged["changed"]) or "the gap"
        line.add_run(f" Needs review: {changed} changed since it was judged.").bold = True


def _findings(document: WordDocument, pack: ReviewPack) -> None:
    document.add_heading("Findings", level=2)
    if not pack.findings:
        document.add_paragraph("The rules raised no gap that the panel has not dismissed.")
    for finding in pack.findings:
        count = f"{len(finding.gaps)} {'gap' if len(finding.gaps) == 1 else 'gaps'}"
        document.add_heading(_t(f"{finding.title} ({finding.severity}, {count})"), level=3)
        document.add_paragraph().add_run(_t(f"Basis: {finding.basis}")).italic = True
        for gap in finding.gaps:
            document.add_paragraph(_t(gap["explanation"]), style="List Bullet")
            _judgement(document, gap)


def _episodes(document: WordDocument, pack: ReviewPack) -> None:
    document.add_heading("Key practice episodes", level=2)
    if not pack.episodes:
        document.add_paragraph("The panel has named no key practice episode.")
    for episode in pack.episodes:
        document.add_heading(_t(episode["title"]), level=3)
        document.add_paragraph(f"{uk(episode['from'])} to {uk(episode['to'])}")
        if episode["summary"]:
            document.add_paragraph(_t(episode["summary"]))
        document.add_paragraph().add_run("The panel's analysis").bold = True
        for note in episode["analysis"] or [{"text": "No analysis yet."}]:
            document.add_paragraph(_t(note["text"]))
        if episode.get("records"):
            document.add_paragraph().add_run("Entries").bold = True
        for r in episode.get("records", []):
            agencies = ", ".join(pack.agency(a) for a in r["agencies"])
            text = f"{r['display_date']} · {agencies} · {r['kind'].replace('_', ' ')}: {r['summary']}"
            document.add_paragraph(_t(text), style="List Bullet")


def _chronology(document: WordDocument, pack: ReviewPack) -> None:
    document.add_heading("Joint chronology", level=2)
    if not pack.records:
        document.add_paragraph("No entries match this selection.")
        return

    def sources(record: dict[str, Any]) -> list[str]:
        return [
            f"{pack.agency(s['agency'])}: {s['file']}, row {s['row']}"
            + (f", ref {s['reference']}" if s["reference"] else "")
            for s in record["sources"]
        ]

    chronology_table(document, pack.records, pack.agency, agency_colours(list(pack.agencies)), sources)


def _questions(document: WordDocument, pack: ReviewPack) -> None:
    document.add_heading("Open questions to agencies", level=2)
    if not pack.open_questions:
        document.add_paragraph("None.")
    for q in pack.open_questions:
        about = f" (about {q['about_kind']} {q['about'][:8]})" if q["about"] else ""
        document.add_paragraph(_t(f"{pack.agency(q['agency'])}: {q['text']}{about}, asked {uk(q['asked_at'])}"),
                               style="List Bullet")  # fmt: skip
    if pack.answered_questions:
        document.add_heading("Questions answered", level=2)
    for q in pack.answered_questions:
        document.add_paragraph(_t(f"{pack.agency(q['agency'])}: {q['text']}"), style="List Bullet")
        for a in q["answers"]:
            document.add_paragraph(
                _t(f"Answer ({a['by']}, {uk(a['at'])}): {a['text']}"), style="List Bullet 2"
            )
    if pack.withdrawn_notes:
        document.add_heading("Notes on withdrawn entries", level=2)
        document.add_paragraph(
            "The entries were withdrawn after the panel wrote these notes; the notes stay."
        )
    for n in pack.withdrawn_notes:
        document.add_paragraph(_t(f"{uk(n['date'])} {n['kind'].replace('_', ' ')} (entry {n['entry'][:8]}): {n['text']}"),
                               style="List Bullet")  # fmt: skip


def write_pack_docx(pack: ReviewPack, path: Path) -> None:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    _orient(document, landscape=False, new=False)
    document.add_heading(_t(pack.title), level=1)
    document.add_paragraph(
        f"Review pack. Jurisdiction: {pack.jurisdiction.title()}. Period under review: {pack.period}."
    )
    if pack.selection:
        document.add_paragraph(_t(f"Selection: {pack.selection}."))
    document.add_paragraph("Agencies: " + _t(", ".join(pack.agencies.values())) + ".")
    note = document.add_paragraph()
    note.add_run(pack.note).bold = pack.mode == "named"
    document.add_paragraph(f"Prepared {pack.made:%d/%m/%Y} by jointchron from the agencies' extracts and the "
                           "panel's recorded work.")  # fmt: skip
    _findings(document, pack)
    _episodes(document, pack)
    _orient(document, landscape=True)
    _chronology(document, pack)
    if pack.timeline_png:
        document.add_heading("Timeline", level=2)
        document.add_picture(io.BytesIO(pack.timeline_png), width=Cm(26.5))
    _orient(document, landscape=False)
    _questions(document, pack)
    properties = document.core_properties
    properties.title = property_title(pack.title)
    properties.author = properties.last_modified_by = "jointchron"
    properties.comments = pack.note
    # Built in memory and written in one go: a full disk then leaves no half-written zip (and no traceback
    # from its clean-up) behind (exports/files.py).
    buffer = io.BytesIO()
    document.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
