"""Import and rebuild benchmark: jointchron against bare floors measured in the same run.

    python bench/import_rebuild.py [--rows 100000] [--repeat 3]

Floors: *import floor* = csv module + json.dumps per row + one SQLite executemany transaction;
*rebuild floor* = select every stored row + json.loads + one DuckDB append of a DataFrame.
jointchron is timed in-process through the same service calls the CLI makes (the CLI adds
about half a second of interpreter start-up, reported separately). Medians of --repeat runs.
The import and its floor are measured on one core (this process pinned to its first, like
`taskset -c 0`) and on two. Targets (issue 15): import <= 2x its floor on both, rebuild <= 3x.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd

from jointchron.importers.mapping import Mapping
from jointchron.service.review_store import Store

KINDS = ("visit", "appointment", "note", "concern", "referral", "incident", "missed_appointment", "decision")
HEADER = ("date", "time", "kind", "subjects", "summary", "practitioner", "reference", "recipients", "tags")


def generate(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    start = datetime.date(2018, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(rows):
            day = start + datetime.timedelta(days=rng.randrange(1500))
            writer.writerow((
                day.strftime("%d/%m/%Y"), f"{rng.randrange(8, 18):02d}:{rng.randrange(60):02d}" if i % 3 else "",
                rng.choice(KINDS), f"Child {rng.randrange(2000)}", f"Record {i}: seen at home, discussed school.",
                f"Worker {rng.randrange(50)}", f"REF-{i:08d}", "csc" if i % 7 == 0 else "", "domestic_abuse" if i % 11 == 0 else "",
            ))  # fmt: skip


def import_floor(path: Path, db: Path) -> float:
    started = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, state BLOB)")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [(json.dumps(dict(zip(header, row, strict=True))).encode(),) for row in reader]
    with con:
        con.executemany("INSERT INTO events (state) VALUES (?)", rows)
    con.close()
    return time.perf_counter() - started


def rebuild_floor(db: Path, out: Path) -> float:
    started = time.perf_counter()
    con = sqlite3.connect(db)
    records = [
        json.loads(state) for (state,) in con.execute("SELECT state FROM stored_events ORDER BY rowid")
    ]
    con.close()
    frame = pd.DataFrame.from_records(
        [r["content"] for r in records if "content" in r]
    )  # the contact rows a read model would hold
    duck = duckdb.connect(str(out))
    duck.execute("CREATE TABLE contacts AS SELECT * FROM frame LIMIT 0")
    duck.append("contacts", frame)
    duck.close()
    return time.perf_counter() - started


def jointchron_import(store_dir: Path, path: Path) -> float:
    store = Store.create(store_dir)
    store.init_review("Benchmark", "england", datetime.date(2018, 1, 1), datetime.date(2022, 12, 31))
    started = time.perf_counter()
    report = store.import_extract(path, "police", Mapping.canonical(), by="bench")
    elapsed = time.perf_counter() - started
    store.close()
    assert report.counts.imported == report.counts.read, report.counts
    return elapsed


def jointchron_rebuild(store_dir: Path) -> float:
    store = Store.open(store_dir)
    started = time.perf_counter()
    store.rebuild()
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed


def median(runs: int, measure: Callable[[int], float]) -> float:
    return statistics.median(measure(i) for i in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        extract = work / "extract.csv"
        generate(extract, args.rows)
        print(
            f"{args.rows:,} canonical rows, {extract.stat().st_size / 1e6:.1f} MB; median of {args.repeat} runs"
        )
        cores = sorted(os.sched_getaffinity(0))
        imports = {}
        for label, pinned in (("one core", set(cores[:1])), ("two cores", set(cores[:2]))):
            os.sched_setaffinity(0, pinned)
            floor = median(args.repeat, lambda i: import_floor(extract, work / f"floor{i}.sqlite"))
            ours = median(args.repeat, lambda i: jointchron_import(work / f"store{i}", extract))
            imports[label] = (floor, ours)
            for i in range(args.repeat):
                (work / f"floor{i}.sqlite").unlink()
                if i:  # the first store is kept for the rebuild
                    shutil.rmtree(work / f"store{i}")
            if label == "one core":
                shutil.rmtree(work / "store0")
        os.sched_setaffinity(0, set(cores))
        store = work / "store0"
        rebuild_base = median(
            args.repeat, lambda i: rebuild_floor(store / "events.sqlite", work / f"floor{i}.duckdb")
        )
        rebuild = median(args.repeat, lambda i: jointchron_rebuild(store))
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "jointchron.cli", "--store", str(work / "cli"), "init", "--title", "b",
                        "--from", "01/01/2018", "--to", "31/12/2022"], check=True, capture_output=True)  # fmt: skip
        subprocess.run([sys.executable, "-m", "jointchron.cli", "--store", str(work / "cli"), "import", str(extract),
                        "--agency", "police"], check=True, capture_output=True)  # fmt: skip
        cli = time.perf_counter() - started
    print(f"{'':32}{'seconds':>10}{'rows/s':>12}{'ratio':>8}")
    rows = [(f"import floor, {label}", floor, floor) for label, (floor, _) in imports.items()]
    rows += [(f"jointchron import, {label}", ours, floor) for label, (floor, ours) in imports.items()]
    rows += [("rebuild floor", rebuild_base, rebuild_base), ("jointchron rebuild", rebuild, rebuild_base)]
    for label, seconds, base in rows:
        print(f"{label:32}{seconds:10.2f}{args.rows / seconds:12,.0f}{seconds / base:8.2f}")
    print(f"{'CLI init + import':32}{cli:10.2f}   (one run, includes interpreter start-up)")
    ratios = ", ".join(f"{ours / floor:.2f}x ({label})" for label, (floor, ours) in imports.items())
    print(
        f"targets: import <= 2x its floor (now {ratios}), rebuild <= 3x its floor (now {rebuild / rebuild_base:.2f}x)"
    )


if __name__ == "__main__":
    main()
