"""Building small multi-agency cases for the gap rules, through the real CLI (importable as `gapcase`)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from support import JC

HEADER = ("date", "kind", "subjects", "summary", "reference", "participants", "recipients", "sender", "tags")
RELATIONSHIP_HEADER = ("from", "relation", "to", "from_date", "to_date", "source", "note")
_numbers = itertools.count(1)


def row(date: str, kind: str, subjects: str = "Child A", *, participants: str = "", recipients: str = "",
        sender: str = "", tags: str = "", summary: str = "") -> tuple[str, ...]:  # fmt: skip
    """One canonical extract row; each gets its own reference so that look-alike rows stay apart."""
    number = next(_numbers)
    return (date, kind, subjects, summary or f"{kind} {number}", f"R-{number}", participants, recipients, sender,
            tags)  # fmt: skip


def record(jc: JC, write_csv: Callable[..., Path], agency: str, rows: Sequence[tuple[str, ...]]) -> None:
    """Imports `rows` as `agency`'s extract."""
    path = write_csv(f"{agency}-{next(_numbers)}.csv", HEADER, rows)
    result = jc("import", path, "--agency", agency)
    assert result.exit_code == 0, result.stderr + result.stdout


def relate(jc: JC, write_csv: Callable[..., Path], rows: Sequence[tuple[str, ...]]) -> None:
    """Imports relationships: (from, relation, to, from_date, to_date)."""
    path = write_csv(f"relationships-{next(_numbers)}.csv", RELATIONSHIP_HEADER,
                     [(*r, *("",) * (7 - len(r))) for r in rows])  # fmt: skip
    result = jc("relationships", "import", path)
    assert result.exit_code == 0, result.stderr + result.stdout


def gaps(jc: JC, *args: str) -> list[dict[str, Any]]:
    result = jc("gaps", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def of_rule(jc: JC, rule: str, *args: str) -> list[dict[str, Any]]:
    return [g for g in gaps(jc, *args) if g["rule"] == rule]


def evidence(jc: JC, write_csv: Callable[..., Path], *kinds: str) -> None:
    """Records one entry of each kind about Ms C (an adult) on the period's last day, so that the rules
    judged by those kinds are assessable (DESIGN §7): the review's records could have shown them."""
    record(jc, write_csv, "csc", [
        row("31/12/2019", kind, "Ms C", participants="police;gp" if kind == "strategy_discussion" else "")
        for kind in kinds
    ])  # fmt: skip
