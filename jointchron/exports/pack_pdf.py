"""The review pack as PDF: HTML laid out for print (A4, the chronology and timeline on landscape pages)
and set by WeasyPrint. Nothing is fetched while it is set: the timeline is embedded as a data URL and
every other URL is refused."""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any

from jointchron.domain.errors import JointchronError
from jointchron.exports.documents import agency_colours
from jointchron.exports.pack import ReviewPack

PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm; @bottom-right { content: "Page " counter(page) " of " counter(pages);
        font-size: 8pt; color: #555; } @bottom-left { content: string(title); font-size: 8pt; color: #555; } }
@page wide { size: A4 landscape; margin: 12mm 12mm 15mm; }
@page upright { size: A4; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; line-height: 1.35; color: #111; }
h1 { font-size: 20pt; margin: 0 0 4mm; string-set: title content(); }
h2 { font-size: 14pt; border-bottom: 1px solid #999; padding-bottom: 1mm; margin-top: 8mm; }
h3 { font-size: 11pt; margin: 5mm 0 1mm; }
.front { page-break-after: always; }
.wide { page: wide; }
.upright { page: upright; }
.timeline-page { page-break-before: always; }
.muted { color: #555; }
.named { color: #a00; font-weight: bold; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.5pt solid #888; padding: 1.2mm 1.6mm; vertical-align: top; text-align: left; }
thead th { background: #d9d9d9; }
tr { page-break-inside: avoid; }
tr.significant td { font-weight: bold; }
td.date { white-space: nowrap; width: 20mm; }
.gap { margin: 2mm 0 3mm; padding-left: 3mm; border-left: 2pt solid #c33; }
.judgement { margin-top: 1mm; }
.accepted { border-left-color: #c33; } .dismissed { border-left-color: #999; }
.review { color: #a60; font-weight: bold; }
.episode { margin-bottom: 5mm; padding-left: 3mm; border-left: 3pt solid #4a7ab5; }
img.timeline { width: 100%; }
"""


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def uk(iso: str | None) -> str:
    if not iso:
        return ""
    parts = str(iso)[:10].split("-")
    return "/".join(reversed(parts))


def _judgement(gap: dict[str, Any]) -> str:
    judged = gap.get("judgement")
    if not judged:
        return '<p class="judgement muted">Panel: not yet judged.</p>'
    review = ""
    if judged["needs_review"]:
        changed = ", ".join(judged["changed"]) or "the gap"
        review = f' <span class="review">Needs review: {esc(changed)} changed since it was judged.</span>'
    by = f" ({esc(judged['by'])}, {esc(uk(judged['at']))})" if judged["by"] else ""
    return f'<p class="judgement"><strong>Panel: {esc(judged["decision"])}</strong>: {esc(judged["reason"])}{by}.{review}</p>'


def _findings(pack: ReviewPack) -> str:
    if not pack.findings:
        return "<p>The rules raised no gap that the panel has not dismissed.</p>"
    parts = []
    for finding in pack.findings:
        parts.append(f"<h3>{esc(finding.title)} <span class='muted'>({esc(finding.severity)}, "
                     f"{len(finding.gaps)} {'gap' if len(finding.gaps) == 1 else 'gaps'})</span></h3>"
                     f"<p class='muted'>Basis: {esc(finding.basis)}</p>")  # fmt: skip
        for gap in finding.gaps:
            decision = (gap.get("judgement") or {}).get("decision", "")
            parts.append(
                f'<div class="gap {esc(decision)}"><p>{esc(gap["explanation"])}</p>{_judgement(gap)}</div>'
            )
    return "".join(parts)


def _entry_line(record: dict[str, Any], pack: ReviewPack) -> str:
    agencies = ", ".join(pack.agency(a) for a in record["agencies"])
    return f"<li>{esc(record['display_date'])} · {esc(agencies)} · {esc(record['kind'].replace('_', ' '))}: {esc(record['summary'])}</li>"


def _episodes(pack: ReviewPack) -> str:
    if not pack.episodes:
        return "<p>The panel has named no key practice episode.</p>"
    parts = []
    for e in pack.episodes:
        analysis = (
            "".join(f"<p>{esc(a['text'])}</p>" for a in e["analysis"])
            or "<p class='muted'>No analysis yet.</p>"
        )
        entries = "".join(_entry_line(r, pack) for r in e.get("records", []))
        summary = f"<p>{esc(e['summary'])}</p>" if e["summary"] else ""
        listed = f"<p><strong>Entries</strong></p><ul>{entries}</ul>" if entries else ""
        parts.append(f'<div class="episode"><h3>{esc(e["title"])}</h3><p class="muted">{esc(uk(e["from"]))} to '
                     f'{esc(uk(e["to"]))}</p>{summary}'
                     f"<p><strong>The panel's analysis</strong></p>{analysis}{listed}</div>")  # fmt: skip
    return "".join(parts)


def _chronology(pack: ReviewPack) -> str:
    colours = agency_colours(list(pack.agencies))
    rows = []
    for r in pack.records:
        sources = "<br>".join(
            esc(f"{pack.agency(s['agency'])}: {s['file']} row {s['row']}" + (f", ref {s['reference']}" if s["reference"] else ""))
            for s in r["sources"]
        )  # fmt: skip
        subjects = f" ({esc(', '.join(r['subjects']))})" if r["subjects"] else ""
        event = f"<strong>{esc(r['kind'].replace('_', ' ').capitalize())}</strong>{subjects}<br>{esc(r['summary'])}"
        if r["outcome"]:
            event += f"<br>Outcome: {esc(r['outcome'])}"
        analysis = "<br>".join(esc(n["text"]) for n in r.get("notes", []))
        if r.get("episodes"):
            analysis += f"<br><em>Episode: {esc('; '.join(r['episodes']))}</em>"
        date = esc(r["display_date"]) + ("<br><strong>Significant</strong>" if r.get("significant") else "")
        colour = colours.get(r["agency"], "FFFFFF")
        rows.append(f'<tr class="{"significant" if r.get("significant") else ""}"><td class="date">{date}</td>'
                    f'<td style="background:#{colour}">{esc(", ".join(pack.agency(a) for a in r["agencies"]))}</td>'
                    f"<td>{event}</td><td>{sources}</td><td>{analysis}</td></tr>")  # fmt: skip
    if not rows:
        return "<p>No entries match this selection.</p>"
    head = "<tr><th>Date</th><th>Agency</th><th style='width:45%'>Event</th><th>Source</th><th>Panel's analysis</th></tr>"
    return f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"


def _questions(questions: list[dict[str, Any]], open_list: bool) -> str:
    if not questions:
        return "<p>None.</p>" if open_list else ""
    rows = []
    for q in questions:
        about = f"{q['about_kind']} {q['about'][:8]}" if q["about"] else "the case"
        answers = "<br>".join(esc(f"{a['text']} ({a['by']}, {uk(a['at'])})") for a in q["answers"])
        rows.append(f"<tr><td>{esc(q['agency'])}</td><td>{esc(q['text'])}</td><td>{esc(about)}</td>"
                    f"<td>{esc(uk(q['asked_at']))}</td>{'' if open_list else f'<td>{answers}</td>'}</tr>")  # fmt: skip
    extra = "" if open_list else "<th>Answer</th>"
    return f"<table><thead><tr><th>Agency</th><th>Question</th><th>About</th><th>Asked</th>{extra}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _withdrawn(pack: ReviewPack) -> str:
    if not pack.withdrawn_notes:
        return ""
    items = "".join(f"<li>{esc(uk(n['date']))} {esc(n['kind'].replace('_', ' '))} (entry {esc(n['entry'][:8])}): "
                    f"{esc(n['text'])}</li>" for n in pack.withdrawn_notes)  # fmt: skip
    return f"<h2>Notes on withdrawn entries</h2><p class='muted'>The entries were withdrawn after the panel wrote these notes; the notes stay.</p><ul>{items}</ul>"


def panel_sections(pack: ReviewPack) -> list[tuple[str, str, str]]:
    """The panel's work as sections of the interactive HTML pack (anchor, title, escaped HTML)."""
    questions = _questions(pack.open_questions, True)
    if pack.answered_questions:
        questions += "<h3>Questions answered</h3>" + _questions(pack.answered_questions, False)
    return [
        ("findings", "Findings and the panel's judgements", _findings(pack)),
        ("episodes", "Key practice episodes", _episodes(pack)),
        ("questions", "Questions to agencies", questions + _withdrawn(pack)),
    ]


def pack_html(pack: ReviewPack) -> str:
    """The pack as one HTML page laid out for print."""
    privacy = f'<p class="{"named" if pack.mode == "named" else "muted"}">{esc(pack.note)}</p>'
    agencies = "".join(f"<li>{esc(name)}</li>" for name in pack.agencies.values())
    selection = f"<p>Selection: {esc(pack.selection)}.</p>" if pack.selection else ""
    counts = (f"{len(pack.records)} entries of the joint chronology, {sum(len(f.gaps) for f in pack.findings)} gaps "
              f"in {len(pack.findings)} findings, {len(pack.episodes)} key practice episodes, "
              f"{len(pack.open_questions)} open questions.")  # fmt: skip
    timeline = ""
    if pack.timeline_png:
        data = base64.b64encode(pack.timeline_png).decode("ascii")
        timeline = (f'<section class="wide timeline-page"><h2>Timeline</h2><img class="timeline" alt="Timeline of the joint chronology" '
                    f'src="data:image/png;base64,{data}"></section>')  # fmt: skip
    return f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{esc(pack.title)}: review pack</title>
<style>{PRINT_CSS}</style></head><body>
<section class="front upright"><h1>{esc(pack.title)}</h1><p><strong>Review pack</strong> · jurisdiction: {esc(pack.jurisdiction.title())}</p>
<p>Period under review: {esc(pack.period)}.</p>{selection}<h3>Agencies</h3><ul>{agencies}</ul><p>{esc(counts)}</p>{privacy}
<p class="muted">Prepared {pack.made:%d/%m/%Y} by jointchron from the agencies' extracts and the panel's recorded work.</p></section>
<section class="upright"><h2>Findings</h2>{_findings(pack)}</section>
<section class="upright"><h2>Key practice episodes</h2>{_episodes(pack)}</section>
<section class="wide"><h2>Joint chronology</h2>{_chronology(pack)}</section>
{timeline}
<section class="upright"><h2>Open questions to agencies</h2>{_questions(pack.open_questions, True)}
{"<h2>Questions answered</h2>" + _questions(pack.answered_questions, False) if pack.answered_questions else ""}
{_withdrawn(pack)}</section>
</body></html>"""


def write_pack_pdf(pack: ReviewPack, path: Path) -> None:
    try:
        import weasyprint
    except OSError as error:  # the Pango libraries are missing
        raise JointchronError(
            f"PDF needs the Pango libraries ({error}); install libpango-1.0-0 libpangoft2-1.0-0, or write .docx"
        ) from None
    from weasyprint.urls import URLFetcher

    # Data URLs only (the timeline image): setting the pack never reaches the network or the disk.
    document = weasyprint.HTML(string=pack_html(pack), url_fetcher=URLFetcher(allowed_protocols={"data"}))
    path.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(str(path))
