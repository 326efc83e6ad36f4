"""The pseudonymised chronology as CSV against a DuckDB `COPY` of the same rows, measured in the same run.

    python bench/chronology_csv.py [--rows 100000] [--repeat 3] [--store DIR]
    taskset -c 0 python bench/chronology_csv.py        # on one core

The review is the seeded synthetic one of tests/synthetic_review.py (a register whose people are written in
the text in every form: full names, surnames, joined, handles, e-mail addresses, identifiers, telephone
numbers, dates of birth), built once through the real imports and kept in a temporary folder named for
its size (or `--store`). Measured, each in a subprocess of its own so that its peak memory is its own:

- *floor*: a DuckDB `COPY` to CSV of the read model's chronology rows (every contact of every entry, the
  columns the chronology reads, in entry order);
- *API*: `Store.open(store).entries(brief=True)` (what the CLI asks for) and `exports.plain.to_csv`, written to a file, the process timing itself
  after its imports;
- *CLI*: `jointchron --store STORE chronology --format csv -o FILE`, wall time, interpreter start included.

Medians of --repeat runs; the ratios are against the floor's median. Target (issue 15 §2): the CLI within
4x the floor.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 4.0

FLOOR = r"""
import sys, time, duckdb
from jointchron.projections.entries import _COLUMNS
views, out = sys.argv[1], sys.argv[2]
started = time.perf_counter()
con = duckdb.connect(views, read_only=True)
con.execute("SET enable_progress_bar = false")
columns = ", ".join("m.entry_id" if c == "entry_id" else "c." + c for c in _COLUMNS)
con.execute(f"COPY (SELECT {columns} FROM entry_members m JOIN contacts c ON c.id = m.contact_id "
            f"ORDER BY m.entry_id, c.agency, c.id) TO '{out}' (HEADER)")
con.close()
print(time.perf_counter() - started)
"""

API = r"""
import sys, time
from jointchron.exports.plain import to_csv
from jointchron.service.review_store import Store
store, out = sys.argv[1], sys.argv[2]
started = time.perf_counter()
with Store.open(store) as opened:
    records = opened.entries(brief=True)
with open(out, "w", encoding="utf-8", newline="") as handle:
    handle.write(to_csv(records))
print(time.perf_counter() - started, len(records))
"""


def run(args: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds (user and system, every thread), peak resident MB and stdout of one
    subprocess (cwd outside the checkout). Its output goes to a file, so that `os.wait4` reaps it and
    gives its own `rusage`."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        child = subprocess.Popen(args, stdout=stdout, stderr=stderr, cwd=tempfile.gettempdir())
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            stderr.seek(0)
            sys.exit(f"{args[1:3]} failed: {stderr.read().decode()[-2000:]}")
        stdout.seek(0)
        return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout.read().decode()


def build(store: Path, rows: int) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from synthetic_review import build_review

    print(f"building a synthetic review of {rows:,} rows in {store} (once) ...", flush=True)
    started = time.perf_counter()
    build_review(store, rows)
    # One chronology brings the read model up to date, so that no measurement below pays for catch-up.
    run([sys.executable, "-c", API, str(store), os.devnull])
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--store", type=Path, default=None, help="the review store (built there if absent)")
    args = parser.parse_args()
    store = args.store or Path(tempfile.gettempdir()) / f"jointchron-bench-chronology-{args.rows}"
    if not (store / "views.duckdb").exists():
        build(store, args.rows)
    cli = [
        str(Path(sys.executable).with_name("jointchron")),
        "--store",
        str(store),
        "chronology",
        "--format",
        "csv",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.csv"
        floors, apis, clis = [], [], []
        entries = "?"
        for _ in range(args.repeat):
            wall, cpu, peak, stdout = run(
                [sys.executable, "-c", FLOOR, str(store / "views.duckdb"), str(out)]
            )
            floors.append((float(stdout.split()[-1]), cpu, peak))
            wall, cpu, peak, stdout = run([sys.executable, "-c", API, str(store), str(out)])
            seconds, entries = stdout.split()[-2:]
            apis.append((float(seconds), cpu, peak))
            wall, cpu, peak, _ = run([*cli, "-o", str(out)])
            clis.append((wall, cpu, peak))
    floor = statistics.median(s for s, _, _ in floors)
    floor_cpu = statistics.median(c for _, c, _ in floors)
    load = os.getloadavg()
    print(f"{int(entries):,} entries from {args.rows:,} rows; median of {args.repeat} runs on "
          f"{len(os.sched_getaffinity(0))} core(s); load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")  # fmt: skip
    print(
        "wall: the timed work (API, floor) or the whole process (CLI); CPU: the whole process, every thread"
    )
    print(f"{'':34}{'wall s':>8}{'ratio':>7}{'CPU s':>8}{'ratio':>7}{'peak MB':>9}")
    for label, runs in (
        ("floor: DuckDB COPY to CSV", floors),
        ("API: entries() + to_csv", apis),
        ("CLI: chronology --format csv", clis),
    ):
        seconds = statistics.median(s for s, _, _ in runs)
        cpu = statistics.median(c for _, c, _ in runs)
        print(f"{label:34}{seconds:8.2f}{seconds / floor:7.2f}{cpu:8.2f}{cpu / floor_cpu:7.2f}"
              f"{max(p for _, _, p in runs):9.0f}")  # fmt: skip
    print(f"target: the CLI within {TARGET:g}x the floor")


if __name__ == "__main__":
    main()
