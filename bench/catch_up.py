"""The read model's catch-up after a large import, against the rebuild floor measured in the same run.

    python bench/catch_up.py [--rows 1000000] [--repeat 3] [--work DIR]

A store is made with one import of `--rows` canonical rows (as `bench/import_scale.py` makes it);
then, on one core (as `taskset -c 0`) and on two, each step in a subprocess of its own, `--repeat`
times in turn:

- the *floor*: select every stored event's state from the event log, `json.loads` each, and
  append the contacts' content to DuckDB as one DataFrame (the floor of `bench/import_rebuild.py`);
- `jointchron rebuild`: the read model thrown away and caught up with the whole log, as any command
  catches up after an import.

It prints the medians, the ratio and each step's peak resident memory (`ru_maxrss` of the child).
With `--work DIR` the extract and the store are kept in DIR and reused by the next run.

Target (issue 15): the catch-up after a 1,000,000-row import within 3x the floor, under 500 MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from import_scale import Measure, cli, generate, people_file, run

MEMORY_LIMIT_MB = 500
RATIO_TARGET = 3.0

FLOOR = r"""
import json, sqlite3, sys
import duckdb, pandas as pd
events, out = sys.argv[1], sys.argv[2]
con = sqlite3.connect(events)
records = [json.loads(state) for (state,) in con.execute("SELECT state FROM stored_events ORDER BY rowid")]
con.close()
frame = pd.DataFrame.from_records([r["content"] for r in records if "content" in r])
duck = duckdb.connect(out)
duck.execute("CREATE TABLE contacts AS SELECT * FROM frame LIMIT 0")
duck.append("contacts", frame)
duck.close()
"""


def make_store(work: Path, rows: int) -> Path:
    """A store holding one import of `rows` canonical rows (kept in `work` for the next run)."""
    store, done = work / "store", work / f"imported-{rows}"
    if done.exists():
        return store
    extract = work / "extract.csv"
    generate(extract, rows)
    people_file(work / "people.csv")
    for step in (
        cli(store, "init", "--title", "Scale", "--from", "01/01/2018", "--to", "31/12/2022"),
        cli(store, "people", "import", work / "people.csv"),
        cli(store, "import", extract, "--agency", "police", "--by", "bench"),
    ):
        subprocess.run(step, check=True, capture_output=True)
    done.touch()
    return store


def measure(cores: int, store: Path, work: Path, repeat: int) -> tuple[list[Measure], list[Measure]]:
    """`repeat` runs of the floor and the catch-up in turn, on the first `cores` cores (as `taskset -c 0`)."""
    pinned = set(range(cores)) if cores < (os.cpu_count() or 1) else None
    floors, ours = [], []
    for i in range(repeat):
        out = work / f"floor-{cores}-{i}.duckdb"
        floors.append(run([sys.executable, "-c", FLOOR, str(store / "events.sqlite"), str(out)], pinned))
        out.unlink(missing_ok=True)
        ours.append(run(cli(store, "rebuild"), pinned))
    return floors, ours


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cores", default="1,2", help="core counts to measure on (default: 1,2)")
    parser.add_argument("--work", type=Path, default=None, help="keep and reuse the extract and store here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        store = make_store(work, args.rows)
        load = os.getloadavg()
        print(f"{args.rows:,} rows imported; median of {args.repeat} runs; load before: "
              f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")  # fmt: skip
        print(f"{'cores':>5}{'floor s':>10}{'floor MB':>10}{'catch-up s':>12}{'catch-up MB':>13}{'ratio':>7}"
              f"{'runs (s)':>22}{'exit':>6}")  # fmt: skip
        verdicts = []
        for cores in (int(c) for c in args.cores.split(",")):
            floors, ours = measure(cores, store, work, args.repeat)
            floor = statistics.median(m.seconds for m in floors)
            ours_s = statistics.median(m.seconds for m in ours)
            peak = max(m.peak_mb for m in ours)
            exits = max(m.exit_code for m in [*floors, *ours])
            runs = " ".join(f"{m.seconds:.1f}" for m in ours)
            print(f"{cores:5}{floor:10.1f}{max(m.peak_mb for m in floors):10.0f}{ours_s:12.1f}{peak:13.0f}"
                  f"{ours_s / floor:7.2f}{runs:>22}{exits:6}")  # fmt: skip
            for m in (*floors, *ours):
                if m.exit_code:
                    print(f"  stderr: {m.stderr.strip()[-400:]}")
            verdicts.append(ours_s / floor <= RATIO_TARGET and peak < MEMORY_LIMIT_MB)
        load = os.getloadavg()
        print(f"load after: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; target <= {RATIO_TARGET:g}x the floor "
              f"and < {MEMORY_LIMIT_MB} MB: {'met' if all(verdicts) else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    main()
