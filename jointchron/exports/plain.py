"""Writing the chronology for people: terminal table, JSON, CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from jointchron.domain.text import neutralise, neutralised

CSV_COLUMNS = ("id", "date", "end_date", "precision", "time", "agency", "agencies", "kind", "tags", "subjects",
               "summary", "participants", "recipients", "sender", "outcome", "status", "sources", "significant",
               "analysis", "episodes")  # fmt: skip


# JSON escapes C0 controls itself; C1 controls and text-reordering characters are escaped here too.
_UNESCAPED_BY_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def to_json(records: Any) -> str:
    text = json.dumps(records, indent=2, ensure_ascii=False)
    return _UNESCAPED_BY_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text) + "\n"


def _cell(value: Any, column: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if column == "sources":
        return "; ".join(
            f"{s['agency']} {s['file']}" + (f" [{s['sheet']}]" if s["sheet"] else "") + f" row {s['row']}"
            for s in value
        )
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)


def to_csv(records: list[dict[str, Any]]) -> str:
    """CSV with every cell safe to open in a spreadsheet (no cell starts a formula)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        values = [record.get(c) for c in CSV_COLUMNS]
        writer.writerow(
            neutralised(
                [v if type(v) is str else _cell(v, c) for v, c in zip(values, CSV_COLUMNS, strict=True)]
            )
        )
    return out.getvalue()


GAP_CSV_COLUMNS = ("id", "rule", "severity", "status", "child", "adult", "agency", "trigger_date", "trigger_agency",
                   "trigger_kind", "triggers", "due", "follow_up_date", "follow_up_kind", "days_late", "missing",
                   "date_uncertain", "explanation", "basis", "panel_judgement")  # fmt: skip


def judgement_words(judgement: dict[str, Any] | None) -> str:
    """The panel's judgement of a gap in a few words: `dismissed: held by phone (needs review)`."""
    if not judgement:
        return ""
    review = " (needs review: its evidence changed)" if judgement.get("needs_review") else ""
    return f"{judgement['decision']}: {judgement['reason']}{review}"


def gaps_to_csv(records: list[dict[str, Any]]) -> str:
    """The gaps report as CSV, one gap a row, every cell safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(GAP_CSV_COLUMNS)
    for gap in records:
        trigger, follow = gap["trigger"], gap.get("follow_up") or {}
        row = {**gap, "trigger_date": trigger["date"], "trigger_agency": trigger["agency"],
               "trigger_kind": trigger["kind"], "triggers": len(gap["triggers"]),
               "follow_up_date": follow.get("date"), "follow_up_kind": follow.get("kind"),
               "panel_judgement": judgement_words(gap.get("judgement"))}  # fmt: skip
        writer.writerow([neutralise(_cell(row.get(c), c)) for c in GAP_CSV_COLUMNS])
    return out.getvalue()


FINDING_CSV_COLUMNS = ("id", "rule", "severity", "status", "trigger_date", "trigger_agency", "trigger_kind",
                       "children", "adults", "agencies", "due", "days_late", "date_uncertain", "gap_count",
                       "explanation", "gaps")  # fmt: skip


def findings_to_csv(records: list[dict[str, Any]]) -> str:
    """Findings as CSV, one finding a row (its gaps by id), every cell safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FINDING_CSV_COLUMNS)
    for finding in records:
        trigger = finding["trigger"]
        row = {**finding, "trigger_date": trigger["date"], "trigger_agency": trigger["agency"],
               "trigger_kind": trigger["kind"], "gap_count": len(finding["gaps"])}  # fmt: skip
        writer.writerow([neutralise(_cell(row.get(c), c)) for c in FINDING_CSV_COLUMNS])
    return out.getvalue()
