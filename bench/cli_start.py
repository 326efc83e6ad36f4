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


def wall(args: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, cwd=tempfile.gettempdir())
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    command = str(Path(sys.executable).with_name("jointchron"))
    wall([command, "--help"], 2)  # the files in the page cache, as on a second run
    floors: list[float] = []
    ours: list[float] = []
    for _ in range(args.runs):  # alternately, so that a change of the machine's load falls on both
        floors += wall([sys.executable, "-c", "pass"], 1)
        ours += wall([command, "--help"], 1)
    floor = statistics.median(floors)
    load = os.getloadavg()
    print(f"median of {args.runs} runs on {len(os.sched_getaffinity(0))} core(s); "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")  # fmt: skip
    print(f"{'python -c pass':22}{floor:8.3f} s")
    print(f"{'jointchron --help':22}{statistics.median(ours):8.3f} s  ({statistics.median(ours) / floor:.1f}x; "
          f"fastest {min(ours):.3f} s)")  # fmt: skip
    print(f"target: under {TARGET_SECONDS} s")


if __name__ == "__main__":
    main()
