"""Import at scale: rows/s and peak memory of `jointchron import` on a large canonical CSV.

    python bench/import_scale.py [--rows 1000000] [--revision]

Each measurement runs in a subprocess of its own, so that its peak resident memory is its own:
the figures come from `os.wait4`, which returns the same `rusage` as
`resource.getrusage(RUSAGE_CHILDREN)` for that one child. The *floor*, measured in the same run
on the same file, is what any importer must do at least: read the file with the csv module,
`json.dumps` each row, and store the rows in one SQLite `executemany` transaction.

`--revision` also imports a revised version of the file (2% of rows amended, 1% gone, 1% new),
the case that reconciles every row against the store.

Target (issue 3): peak memory under 500 MB at 1,000,000 rows; import within 4x its floor.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

KINDS = ("visit", "appointment", "note", "concern", "referral", "incident", "missed_appointment", "decision")
HEADER = ("date", "time", "kind", "subjects", "summary", "practitioner", "reference", "recipients", "tags")
PEOPLE = 200
MEMORY_LIMIT_MB = 500

FLOOR = r"""
import csv, json, sqlite3, sys
path, db = sys.argv[1], sys.argv[2]
con = sqlite3.connect(db)
con.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, state BLOB)")
with open(path, newline="", encoding="utf-8") as handle:
    reader = csv.reader(handle)
    header = next(reader)
    rows = ((json.dumps(dict(zip(header, row))).encode(),) for row in reader)
    with con:
        con.executemany("INSERT INTO events (state) VALUES (?)", rows)
con.close()
"""


@dataclass
class Measure:
    seconds: float
    peak_mb: float  # the largest process's peak resident memory (ru_maxrss)
    exit_code: int
    stderr: str
    tree_mb: float = 0.0  # the peak of the process and its workers together (summed PSS, sampled)


def run(args: list[str]) -> Measure:
    """Runs one child process; returns its wall time, its peak resident memory and its process tree's.

    `ru_maxrss` of a waited-for process is the largest of it and its own children, not their sum;
    a large import also forks a worker that reads rows (importers/row_worker.py), so the memory of
    the two together is sampled every 50 ms as their summed proportional set size (pages they share
    counted once).
    """
    started = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0.0]
    done = threading.Event()
    sampler = threading.Thread(target=_sample_tree, args=(child.pid, peak, done), daemon=True)
    sampler.start()
    assert child.stderr is not None
    stderr = child.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    # Linux reports ru_maxrss in kilobytes.
    return Measure(elapsed, usage.ru_maxrss / 1024, child.returncode, stderr, peak[0])


def _sample_tree(root: int, peak: list[float], done: threading.Event) -> None:
    while not done.wait(0.05):
        peak[0] = max(peak[0], sum(_pss_kb(pid) for pid in _tree(root)) / 1024)


def _tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry)] = int(fields[1])
    tree, queue = [], [root]
    while queue:
        pid = queue.pop()
        tree.append(pid)
        queue += [p for p, parent in parents.items() if parent == pid]
    return tree


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def generate(path: Path, rows: int, seed: int = 7, revision: bool = False) -> None:
    """A canonical extract; with `revision`, the same extract as an agency would send it again."""
    rng = random.Random(seed)
    start = datetime.date(2018, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(rows):
            day = start + datetime.timedelta(days=rng.randrange(1500))
            row = [
                day.strftime("%d/%m/%Y"), f"{rng.randrange(8, 18):02d}:{rng.randrange(60):02d}" if i % 3 else "",
                rng.choice(KINDS), f"Child {rng.randrange(PEOPLE)}", f"Record {i}: seen at home, discussed school.",
                f"Worker {rng.randrange(50)}", f"REF-{i:08d}", "csc" if i % 7 == 0 else "",
                "domestic_abuse" if i % 11 == 0 else "",
            ]  # fmt: skip
            if revision:
                if i % 100 == 1:
                    continue  # no longer present
                if i % 50 == 2:
                    row[4] += " Revised."
            writer.writerow(row)
        if revision:
            for i in range(rows, rows + rows // 100):
                writer.writerow(["01/06/2022", "", "note", f"Child {i % PEOPLE}", f"Record {i}: new.", "", f"REF-{i:08d}",
                                 "", ""])  # fmt: skip


def people_file(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("person_id", "pseudonym", "role", "names", "dob", "identifiers"))
        for i in range(PEOPLE):
            writer.writerow((f"P{i}", f"Child {i}", "child", f"Child {i}", "", ""))


def cli(store: Path, *args: str | Path) -> list[str]:
    return [sys.executable, "-m", "jointchron.cli", "--store", str(store), *map(str, args)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--revision", action="store_true", help="also import a revised extract")
    parser.add_argument("--dir", type=Path, default=None, help="work directory (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        work = Path(tmp)
        extract, store = work / "extract.csv", work / "store"
        generate(extract, args.rows)
        people_file(work / "people.csv")
        size = extract.stat().st_size / 1e6
        print(f"{args.rows:,} canonical rows, {size:.1f} MB")
        for setup in (
            cli(store, "init", "--title", "Scale", "--from", "01/01/2018", "--to", "31/12/2022"),
            cli(store, "people", "import", work / "people.csv"),
        ):
            subprocess.run(setup, check=True, capture_output=True)
        startup = run([sys.executable, "-c", "import jointchron.cli"])
        floor = run([sys.executable, "-c", FLOOR, str(extract), str(work / "floor.sqlite")])
        results = [("floor (csv + json + sqlite)", floor, floor)]
        ours = run(cli(store, "import", extract, "--agency", "police", "--by", "bench"))
        results.append(("jointchron import", ours, floor))
        if args.revision:
            revised = work / "extract-v2.csv"
            generate(revised, args.rows, revision=True)
            # The read model catches up with the first import before the revised one is compared with it;
            # any command does so (here `rebuild`). Measured apart: it is the read model's cost, not the import's.
            catch_up = run(cli(store, "rebuild"))
            floor2 = run([sys.executable, "-c", FLOOR, str(revised), str(work / "floor2.sqlite")])
            again = run(cli(store, "import", revised, "--agency", "police", "--by", "bench"))
            results += [("read model catch-up (rebuild)", catch_up, floor), ("floor, revised file", floor2, floor2),
                        ("jointchron revised import", again, floor2)]  # fmt: skip
        print(
            f"{'':30}{'seconds':>9}{'rows/s':>11}{'ratio':>7}{'peak RSS':>11}{'with workers':>14}{'exit':>6}"
        )
        for label, measure, base in results:
            print(f"{label:30}{measure.seconds:9.1f}{args.rows / measure.seconds:11,.0f}"
                  f"{measure.seconds / base.seconds:7.2f}{measure.peak_mb:8.0f} MB{measure.tree_mb:11.0f} MB"
                  f"{measure.exit_code:6}")  # fmt: skip
            if measure.exit_code:
                print(f"  stderr: {measure.stderr.strip()[-400:]}")
        print(f"{'interpreter + CLI imports':30}{startup.seconds:9.1f}{'':18}{startup.peak_mb:8.0f} MB")
        worst = max(max(m.peak_mb, m.tree_mb) for label, m, _ in results if label.startswith("jointchron"))
        print(f"peak memory target < {MEMORY_LIMIT_MB} MB: {'met' if worst < MEMORY_LIMIT_MB else 'NOT met'} "
              f"({worst:.0f} MB); speed target <= 4x floor: {ours.seconds / floor.seconds:.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
