"""The chronology as a Word document: a landscape composite chronology for the written review.

One table (date, agency, event, source, the panel's analysis) under the review's title and period, the header row
repeated on every page, each agency's cell shaded in its colour.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell, _Row

from jointchron.domain.text import visible
from jointchron.exports.documents import ChronologyDocument

WIDTHS = (Cm(2.8), Cm(3.0), Cm(11.4), Cm(4.5), Cm(5.0))
HEADERS = ("Date", "Agency", "Event", "Source", "Panel's analysis")
# A document property holds at most 255 characters (the heading keeps the whole title).
PROPERTY_LENGTH = 255


def _t(text: str) -> str:
    """Text Word can hold: control characters (which XML 1.0 cannot) written out, never dropped."""
    return visible(text)


def property_title(title: str) -> str:
    """The title as a document property, which Word holds to 255 characters: cut there (the heading keeps
    it whole)."""
    shown = _t(" ".join(title.split()))
    return shown if len(shown) <= PROPERTY_LENGTH else shown[: PROPERTY_LENGTH - 1] + "…"


_FLAGS = {
    "possible_discrepancy": "possible discrepancy: another agency dates this a day apart",
    "direction_disagrees": "possible discrepancy: the agencies' records disagree about who sent it to whom",
    "amended": "amended",
    "withdrawn": "withdrawn",
    "no_longer_present": "no longer in the agency's latest extract",
    "date_uncertain": "date uncertain",
}


def write_docx(doc: ChronologyDocument, path: Path) -> None:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(9)

    document.add_heading(_t(doc.title), level=1)
    document.add_paragraph(f"Composite multi-agency chronology. Period under review: {doc.period}.")
    if doc.selection:
        document.add_paragraph(f"Selection: {doc.selection}.")
    note = document.add_paragraph()
    note.add_run(doc.note).bold = doc.mode == "named"
    document.add_paragraph(
        f"{len(doc.records)} entries, prepared {doc.made:%d/%m/%Y} by jointchron from the agencies' extracts."
    )

    chronology_table(document, doc.records, doc.agency, doc.colours(),
                     lambda record: doc.source_lines(record, row=", row"))  # fmt: skip
    if not doc.records:
        document.add_paragraph("No entries match this selection.")
    properties = document.core_properties
    properties.title = property_title(doc.title)
    properties.author = "jointchron"
    properties.last_modified_by = "jointchron"
    properties.comments = doc.note
    buffer = io.BytesIO()  # built in memory, written in one go (exports/files.py)
    document.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def chronology_table(document: WordDocument, records: Sequence[dict[str, Any]], agency: Callable[[str], str],
                     colours: dict[str, str], sources: Callable[[dict[str, Any]], list[str]]) -> None:  # fmt: skip
    """The composite chronology's table (date, agency, event, source, the panel's analysis), the header row
    repeated on every page, each agency's cell shaded in its colour and significant entries marked; shared by
    the chronology's document and the review pack."""
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, WIDTHS, strict=True):
        column.width = width  # the grid LibreOffice lays out by; Word reads the cells' widths
    head = table.rows[0]
    _repeat_as_header(head)
    for cell, title, width in zip(head.cells, HEADERS, WIDTHS, strict=True):
        cell.width = width
        cell.text = ""
        cell.paragraphs[0].add_run(title).bold = True
        _shade(cell, "D9D9D9")
    for record in records:
        cells = table.add_row().cells
        for cell, width in zip(cells, WIDTHS, strict=True):
            cell.width = width
        cells[0].text = _t(record["display_date"])
        if record.get("significant"):
            cells[0].add_paragraph().add_run("Significant").bold = True
            _shade(cells[0], "FFF2CC")
        cells[1].text = _t(", ".join(agency(a) for a in record["agencies"]))
        if record["agency"] in colours:
            _shade(cells[1], colours[record["agency"]])
        _event(cells[2], record)
        _lines(cells[3], sources(record))
        _analysis(cells[4], record)


def _event(cell: _Cell, record: dict[str, Any]) -> None:
    first = cell.paragraphs[0]
    first.add_run(record["kind"].replace("_", " ").capitalize()).bold = True
    if record["subjects"]:
        first.add_run(_t(f" ({', '.join(record['subjects'])})"))
    cell.add_paragraph(_t(record["summary"]))
    if record["outcome"]:
        cell.add_paragraph(_t(f"Outcome: {record['outcome']}"))
    shared = [f"took part: {', '.join(record['participants'])}"] if record["participants"] else []
    if record["recipients"]:
        shared.append(f"sent to: {', '.join(record['recipients'])}")
    if shared:
        cell.add_paragraph("; ".join(shared).capitalize())
    flags = [_FLAGS[f] for f in record.get("flags", []) if f in _FLAGS]
    if flags:
        cell.add_paragraph().add_run(f"[{'; '.join(flags)}]").italic = True


def _lines(cell: _Cell, lines: list[str]) -> None:
    cell.text = _t(lines[0]) if lines else ""
    for line in lines[1:]:
        cell.add_paragraph(_t(line))


def _analysis(cell: _Cell, record: dict[str, Any]) -> None:
    """The panel's notes on the entry, and the key practice episodes it belongs to."""
    notes = [n["text"] for n in record.get("notes", [])]
    cell.text = _t(notes[0]) if notes else ""
    for text in notes[1:]:
        cell.add_paragraph(_t(text))
    if record.get("episodes"):
        line = cell.add_paragraph() if notes else cell.paragraphs[0]
        line.add_run(_t("Episode: " + "; ".join(record["episodes"]))).italic = True


def _repeat_as_header(row: _Row) -> None:
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _shade(cell: _Cell, colour: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    properties.append(shading)
