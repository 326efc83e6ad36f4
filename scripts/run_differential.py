"""The differential harness over many seeds: random reviews through `jointchron`, judged again by
tests/differential/judge.py (an independent reading of DESIGN §7), compared gap by gap.

    .venv/bin/python scripts/run_differential.py [--seeds 1-200] [--records] [--quiet]

Prints each seed that disagrees (what only the engine found, what only the judge found, details that
differ, with the records behind each with --records), then how many seeds and gaps agree and the
disagreements counted by rule. Exit status 1 if any seed disagrees.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from differential.harness import compare, report


def seeds(text: str) -> list[int]:
    found: list[int] = []
    for part in text.split(","):
        low, _, high = part.partition("-")
        found += range(int(low), int(high or low) + 1)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=seeds, default=seeds("1-100"), help="e.g. 1-200 or 3,7,10-20")
    parser.add_argument("--records", action="store_true", help="show the records behind each disagreement")
    parser.add_argument("--quiet", action="store_true", help="only the summary")
    args = parser.parse_args()
    for name in ("JOINTCHRON_EVENTS_URL", "JOINTCHRON_KEY", "JOINTCHRON_KEY_FILE", "JOINTCHRON_STORE"):
        os.environ.pop(name, None)  # each review in a throw-away SQLite store, never the user's own
    agreed_seeds = agreed_gaps = 0
    by_rule: Counter[str] = Counter()
    started = time.perf_counter()
    for seed in args.seeds:
        with tempfile.TemporaryDirectory() as folder:
            outcome = compare(seed, Path(folder))
        agreed_gaps += outcome.agreed
        if outcome.agrees:
            agreed_seeds += 1
            continue
        by_rule.update(f"only the engine: {k[0]}" for k in outcome.only_engine)
        by_rule.update(f"only the judge: {k[0]}" for k in outcome.only_judge)
        by_rule.update(f"details differ: {k[0][0]}" for k in outcome.details)
        by_rule.update(f"assessable differs: {rule}" for rule, _, _ in outcome.assessable)
        by_rule.update(["the engine failed"] if outcome.failed else [])
        if not args.quiet:
            print(report(outcome, records=args.records), flush=True)
    print(f"\n{agreed_seeds} of {len(args.seeds)} seeds agree on every gap; {agreed_gaps} gaps agree "
          f"({time.perf_counter() - started:.0f} s)")  # fmt: skip
    for what, count in sorted(by_rule.items()):
        print(f"  {count:5d}  {what}")
    return 0 if agreed_seeds == len(args.seeds) else 1


if __name__ == "__main__":
    sys.exit(main())
