"""Timeline and review pack at scale: generation time, file size, and time to first render in Chromium.

    python bench/chart.py [--sizes 1000 10000 100000] [--opens 3]

For each size, synthetic chronology entries (realistic summaries, 7 agencies, 5% merged from two
agencies, a gap per 100 entries) go through the same functions `jointchron chart` and `jointchron
report` use. "First render" is the time from navigation until every chart on the page is drawn
(the page records `performance.now()` then), in headless Chromium with the flags of tests/browser.py,
best of `--opens` fresh pages. Floors measured in the same run: generation against `json.dumps` of
the same records; rendering against a page of the same size that only parses its data with the
Vega bundle loaded (what opening the file costs before a single mark is drawn).

Target (issue 5): 100,000 contacts open and draw in under 3 s, and the file stays under 25 MB.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import Chromium, chromium  # noqa: E402

from jointchron.domain.vocabulary import KINDS  # noqa: E402
from jointchron.viz.data import ReviewData  # noqa: E402
from jointchron.viz.html import Page, safe_json, vega_bundle  # noqa: E402
from jointchron.viz.model import Lane, Link, PersonNode, ReviewFacts  # noqa: E402
from jointchron.viz.report import report_html, timeline_html  # noqa: E402

LANES = [
    Lane("police", "Police", "police"),
    Lane("csc", "Children's Social Care", "social_care"),
    Lane("gp", "GP", "health"),
    Lane("hospital", "Hospital", "health"),
    Lane("school", "School", "education"),
    Lane("probation", "Probation", "probation"),
    Lane("housing", "Housing", "housing"),
]
WORDS = ("home visit", "mother", "seen alone", "concern raised", "school", "bruising noted", "reported to",
         "police attended", "address", "follow up", "plan reviewed", "strategy", "no answer at the door",
         "child presented as", "referral made", "information shared with")  # fmt: skip
TARGET_SECONDS = 3.0
TARGET_MB = 25.0


def synthetic(n: int, seed: int = 1) -> ReviewData:
    rnd = random.Random(seed)
    start = datetime.date(2017, 1, 1)
    children = [f"Child {i}" for i in range(max(3, n // 200))]
    adults = [f"Adult {i}" for i in range(max(3, n // 150))]
    entries: list[dict[str, Any]] = []
    for i in range(n):
        day = start + datetime.timedelta(days=rnd.randrange(3 * 365))
        agencies = [rnd.choice(LANES).code]
        if rnd.random() < 0.05:
            agencies = list(dict.fromkeys([*agencies, rnd.choice(LANES).code]))
        subjects = [rnd.choice(children)] + ([rnd.choice(adults)] if rnd.random() < 0.4 else [])
        summary = (" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(4, 10))) + ".").capitalize()
        entries.append({
            "id": f"entry-{i}", "date": day.isoformat(), "end_date": None, "precision": "day", "time": None,
            "display_date": f"{day:%d/%m/%Y}", "agency": agencies[0], "agencies": agencies,
            "kind": rnd.choice(KINDS), "tags": [], "summary": summary, "subjects": subjects, "participants": [],
            "recipients": [], "sender": agencies[0], "status": "recorded", "flags": [],
            "sources": [{"agency": a, "file": f"{a}.csv", "sheet": None, "row": i + 2, "contact_id": f"c{i}-{a}",
                         "reference": f"{a.upper()}-{i}", "practitioner": "", "summary": summary} for a in agencies],
        })  # fmt: skip
    entries.sort(key=lambda e: str(e["date"]))
    gaps = []
    for j in range(n // 100):
        trigger = rnd.choice(entries)
        due = datetime.date.fromisoformat(trigger["date"]) + datetime.timedelta(
            days=rnd.choice((3, 7, 14, 63))
        )
        gaps.append({
            "id": f"gap-{j}", "rule": rnd.choice(("strategy-after-harm", "info-not-shared", "referral-decision")),
            "title": "Strategy discussion after a disclosure or sign of significant harm",
            "severity": rnd.choice(("high", "medium")), "status": rnd.choice(("missing", "late")),
            "child": trigger["subjects"][0], "agency": rnd.choice((None, "school", "gp")),
            "trigger": {"contact_id": trigger["sources"][0]["contact_id"], "date": trigger["date"],
                        "agency": trigger["agency"], "kind": trigger["kind"]},
            "triggers": [], "due": due.isoformat(), "follow_up": None, "days_late": None, "missing": [],
            "date_uncertain": False, "basis": "Working Together to Safeguard Children 2023, chapter 4",
            "explanation": "No strategy discussion about the child was held within 3 working days of the trigger.",
        })  # fmt: skip
    people = [PersonNode(c, "child") for c in children] + [PersonNode(a, "adult") for a in adults]
    links = [Link(rnd.choice(adults), "parent_of", c) for c in children]
    links += [Link(rnd.choice(adults), "partner_of", rnd.choice(adults)) for _ in adults]
    facts = ReviewFacts("Synthetic review", "england", start, start + datetime.timedelta(days=3 * 365))
    return ReviewData(facts, list(LANES), entries, gaps, people, links)


def floor_page(data: ReviewData, size: int) -> str:
    """A page of about `size` bytes, with the Vega bundle, that only parses its data: opening it costs
    what any page of this size costs before a single mark is drawn."""
    padding = "x" * max(0, size - len(vega_bundle()) - len(safe_json(data.entries)))
    return Page(title="floor", body="<p>floor</p>", data={"rows": data.entries, "pad": padding}).render()


def first_render(browser: Chromium, path: Path, opens: int) -> float:
    """Seconds from navigation until the page's charts are drawn, best of `opens` fresh pages."""
    best = float("inf")
    for _ in range(opens):
        page = browser.open(path)
        ms = page.wait_until_drawn(timeout_ms=120_000)
        assert not page.console_errors and not page.outside_requests, (
            page.console_errors,
            page.outside_requests,
        )
        best = min(best, ms / 1000)
        page.page.close()
    return best


def timed(make: Any) -> tuple[str, float]:
    started = time.perf_counter()
    text = make()
    return text, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--opens", type=int, default=3)
    args = parser.parse_args()
    vega_bundle()  # read once, as a long-running process would; the first read costs about 1 s
    print(
        f"{'entries':>8} {'file':<9} {'gen s':>6} {'xfloor':>6} {'MB':>6} {'render s':>8} {'xfloor':>6}  target"
    )
    with tempfile.TemporaryDirectory(prefix="jointchron-bench-") as work, chromium() as browser:
        for n in args.sizes:
            data = synthetic(n)
            _, json_seconds = timed(lambda data=data: json.dumps(data.entries))
            floor_path = Path(work) / f"floor-{n}.html"
            for name, make in (("timeline", timeline_html), ("report", report_html)):
                text, seconds = timed(lambda make=make, data=data: make(data))
                path = Path(work) / f"{name}-{n}.html"
                path.write_text(text, encoding="utf-8")
                floor_path.write_text(floor_page(data, len(text.encode("utf-8"))), encoding="utf-8")
                megabytes = path.stat().st_size / 1e6
                render = first_render(browser, path, args.opens)
                floor = first_render(browser, floor_path, args.opens)
                verdict = ""
                if n >= 100_000:
                    ok = render < TARGET_SECONDS and megabytes < TARGET_MB
                    verdict = f"{'met' if ok else 'MISSED'} (<{TARGET_SECONDS:.0f} s, <{TARGET_MB:.0f} MB)"
                print(f"{n:>8} {name:<9} {seconds:>6.2f} {seconds / max(json_seconds, 1e-6):>6.1f} "
                      f"{megabytes:>6.1f} {render:>8.2f} {render / max(floor, 1e-6):>6.1f}  {verdict}",
                      flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
