"""The real `jointchron` command in its own process, and a look at what its store holds afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from jointchron.service.review_store import Store


def spawn(store: Path, *args: str | Path, **env: str) -> subprocess.Popen[str]:
    """Starts `jointchron --store STORE ARGS…`, with the test's environment (and so its event log)."""
    return subprocess.Popen(
        [sys.executable, "-m", "jointchron.cli", "--store", str(store), *map(str, args)],
        env={**os.environ, **env},
        cwd=store.parent,  # not the repository, whose jointchron/ would shadow the installed package
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def events_held(store: Path) -> Counter[tuple[str, str]]:
    """How many events of each (kind, aggregate id) the event log holds."""
    opened = Store.open(store)
    try:
        held: Counter[tuple[str, str]] = Counter()
        start = 0
        while page := opened.app.recorder.select_notifications(start, 10_000, inclusive_of_start=False):  # type: ignore[attr-defined]
            held.update((n.topic.rpartition(":")[2], str(n.originator_id)) for n in page)
            start = page[-1].id
        return held
    finally:
        opened.close()


def count(held: Counter[tuple[str, str]], kind: str) -> int:
    return sum(n for (name, _), n in held.items() if name == kind)
