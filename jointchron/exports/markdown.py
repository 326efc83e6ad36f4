"""The chronology as Markdown: a heading, the review's period and one table (date, agency, event, source,
the panel's analysis)."""

from __future__ import annotations

import re
from typing import Any

from jointchron.domain.text import visible
from jointchron.exports.documents import ChronologyDocument

# Inline Markdown a cell's text could start: emphasis, code, links and images, autolinks and raw HTML,
# strikethrough, table pipes. Each is written as a literal character, so that `![t](http://…)` in a
# summary is text, not an image a viewer fetches.
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MARKDOWN = re.compile(r"[\\`*_\[\]()!|~#&<>]")


def cell(text: str) -> str:
    """Text that stays inside one table cell and renders as written (no markup, links, HTML or broken columns)."""
    text = " ".join(visible(text).split())
    return _MARKDOWN.sub(lambda m: _ENTITIES.get(m.group(0)) or "\\" + m.group(0), text)


def _event(record: dict[str, Any]) -> str:
    kind = record["kind"].replace("_", " ").capitalize()
    subjects = f" ({cell(', '.join(record['subjects']))})" if record["subjects"] else ""
    outcome = f" Outcome: {record['outcome']}" if record["outcome"] else ""
    status = f" [{record['status'].replace('_', ' ')}]" if record["status"] != "recorded" else ""
    return f"**{cell(kind)}**{subjects}: {cell(record['summary'] + outcome + status)}"


def _source(record: dict[str, Any], doc: ChronologyDocument) -> str:
    parts = []
    for s in record["sources"]:
        ref = f", ref {s['reference']}" if s["reference"] else ""
        parts.append(f"{doc.agency(s['agency'])}: {s['file']} row {s['row']}{ref}")
    return cell("; ".join(parts))


def to_markdown(doc: ChronologyDocument) -> str:
    lines = [
        f"# {cell(doc.title)}",
        "",
        f"Composite multi-agency chronology. Period under review: {doc.period}.",
        "",
        f"*{cell(doc.note)}*",
        "",
    ]
    if doc.selection:
        lines += [f"Selection: {cell(doc.selection)}.", ""]
    lines += ["| Date | Agency | Event | Source | Analysis |", "|---|---|---|---|---|"]
    for r in doc.records:
        agencies = ", ".join(doc.agency(a) for a in r["agencies"])
        date = cell(r["display_date"]) + (" **significant**" if r.get("significant") else "")
        analysis = cell(r.get("analysis") or "")
        lines.append(f"| {date} | {cell(agencies)} | {_event(r)} | {_source(r, doc)} | {analysis} |")
    if not doc.records:
        lines += ["", "No entries match this selection."]
    return "\n".join(lines) + "\n"
