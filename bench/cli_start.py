"""How long `jointchron --help` takes to start, against the interpreter's own start (`python -c pass`).

    python bench/cli_start.py [--runs 20]
    taskset -c 0 python bench/cli_start.py        # on one core

Each run is a fresh process, started outside the checkout (whose jointchron/ would shadow the installed
package), the two commands alternately; the wall time of each is taken, and the medians and their
ratio printed. Target (issue 15 §2): `jointchron --help` under 0.3 s.
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

TARGET_SECONDS = 0.3


def timed(args: list[str]) -> tuple[float, float]:
    """The wall time and the CPU time (user and system, from `os.wait4`) of one run. On a machine others
    share, the wall time includes waiting for a core; the CPU time does not."""
    started = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, cwd=tempfile.gettempdir())
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"{args} failed")
    return elapsed, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    command = str(Path(sys.executable).with_name("jointchron"))
    timed([command, "--help"])  # the files in the page cache, as on a second run
    floors: list[tuple[float, float]] = []
    ours: list[tuple[float, float]] = []
    for _ in range(args.runs):  # alternately, so that a change of the machine's load falls on both
        floors.append(timed([sys.executable, "-c", "pass"]))
        ours.append(timed([command, "--help"]))
    load = os.getloadavg()
    print(f"median of {args.runs} runs on {len(os.sched_getaffinity(0))} core(s); "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")  # fmt: skip
    print(f"{'':22}{'wall s':>8}{'CPU s':>8}")
    floor_wall, floor_cpu = (statistics.median(t[i] for t in floors) for i in (0, 1))
    our_wall, our_cpu = (statistics.median(t[i] for t in ours) for i in (0, 1))
    print(f"{'python -c pass':22}{floor_wall:8.3f}{floor_cpu:8.3f}")
    print(f"{'jointchron --help':22}{our_wall:8.3f}{our_cpu:8.3f}   ({our_wall / floor_wall:.1f}x, "
          f"{our_cpu / floor_cpu:.1f}x; fastest {min(w for w, _ in ours):.3f} s)")  # fmt: skip
    print(f"target: under {TARGET_SECONDS} s")


if __name__ == "__main__":
    main()
