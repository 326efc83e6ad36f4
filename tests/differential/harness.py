"""The differential harness: a synthetic review through the real CLI, and the independent judge's verdict,
compared gap by gap on (rule, child, adult, agency, every trigger date, status), then due date, follow-up,
days late and missing sectors; plus each rule's assessability from `jointchron rules --format json`."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from differential.judge import Gap, Judge
from differential.synthetic import Review, generate

from jointchron.cli import main

HEADER = ("date", "kind", "subjects", "summary", "reference", "participants", "recipients", "sender", "tags")
ENTRY_RULES = ("strategy-attendance", "minutes-to-participants", "referrer-feedback")  # children as a set
Key = tuple[str, Any, str | None, str | None, tuple[str, ...], str]
Detail = tuple[str | None, str | None, int | None, tuple[str, ...]]


class EngineFailed(Exception):
    """A `jointchron` command of the harness did not succeed."""


@dataclass
class Outcome:
    seed: int
    review: Review
    agreed: int = 0
    only_engine: list[Key] = field(default_factory=list)
    only_judge: list[Key] = field(default_factory=list)
    details: list[tuple[Key, Detail, Detail]] = field(default_factory=list)  # (key, engine, judge)
    assessable: list[tuple[str, Any, bool]] = field(default_factory=list)  # (rule, engine, judge)
    failed: str = ""  # the command that did not succeed, and what it said

    @property
    def agrees(self) -> bool:
        return not (self.only_engine or self.only_judge or self.details or self.assessable or self.failed)


def _uk(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def write_review(review: Review, folder: Path) -> dict[str, Path]:
    """The review as the files an officer would import: people, relationships, one extract per agency."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {"people": folder / "people.csv", "relationships": folder / "relationships.csv"}
    with files["people"].open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(("person_id", "pseudonym", "role", "names", "dob", "identifiers"))
        out.writerows((p.pid, p.pseudonym, p.role, p.name, _uk(p.dob), "") for p in review.people)
    with files["relationships"].open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(("from", "relation", "to", "from_date", "to_date", "source", "note"))
        out.writerows((k.a, k.relation, k.b, _uk(k.since) if k.since else "", _uk(k.until) if k.until else "",
                       "", "") for k in review.links)  # fmt: skip
    for agency in review.agencies:
        rows = [r for r in review.records if r.agency == agency]
        if not rows:
            continue
        files[agency] = folder / f"{agency}.csv"
        with files[agency].open("w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow(HEADER)
            out.writerows((_uk(r.day), r.kind, ";".join(r.subjects), f"{r.kind} {r.reference}", r.reference,
                           ";".join(r.participants), ";".join(r.recipients), r.sender, ";".join(r.tags))
                          for r in rows)  # fmt: skip
    return files


def run_engine(review: Review, folder: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """`jointchron` in-process: init, people, relationships, each agency's import, then gaps and rules."""
    files = write_review(review, folder)
    store = str(folder / "store")

    def jc(*args: str | Path) -> str:
        result = CliRunner().invoke(main, ["--store", store, *map(str, args)], catch_exceptions=False)
        if result.exit_code != 0:
            raise EngineFailed(
                f"jointchron {' '.join(map(str, args[:3]))}: exit {result.exit_code}: {result.stderr}"
            )
        return result.stdout

    jc("init", "--title", f"Differential {review.seed}", "--jurisdiction", "england",
       "--from", _uk(review.start), "--to", _uk(review.end))  # fmt: skip
    jc("people", "import", files.pop("people"))
    jc("relationships", "import", files.pop("relationships"))
    for agency, path in files.items():
        jc("import", path, "--agency", agency)
    return json.loads(jc("gaps", "--format", "json")), json.loads(jc("rules", "--format", "json"))


def engine_key(g: dict[str, Any]) -> tuple[Key, Detail]:
    child = tuple(sorted(g["children"])) if g["rule"] in ENTRY_RULES else g["child"]
    key = (
        g["rule"],
        child,
        g["adult"],
        g["agency"],
        tuple(sorted(t["date"] for t in g["triggers"])),
        g["status"],
    )
    follow = g["follow_up"]["date"] if g["follow_up"] else None
    missing = tuple(sorted(g["missing"])) if g["status"] == "incomplete" else ()
    return key, (g["due"], follow, g["days_late"], missing)


def judge_key(g: Gap) -> tuple[Key, Detail]:
    key = (g.rule, g.child, g.adult, g.agency, tuple(sorted(d.isoformat() for d in g.triggers)), g.status)
    iso = [d.isoformat() if d else None for d in (g.due, g.follow_up)]
    return key, (iso[0], iso[1], g.days_late, tuple(sorted(g.missing)))


def compare(seed: int, folder: Path) -> Outcome:
    review = generate(seed)
    outcome = Outcome(seed, review)
    try:
        found, rules = run_engine(review, folder)
    except EngineFailed as failure:
        outcome.failed = str(failure).strip()
        return outcome
    judge = Judge(review)
    engine = [engine_key(g) for g in found]
    mine = [judge_key(g) for g in judge.gaps()]
    left, right = Counter(k for k, _ in engine), Counter(k for k, _ in mine)
    outcome.only_engine = sorted((left - right).elements(), key=str)
    outcome.only_judge = sorted((right - left).elements(), key=str)
    outcome.agreed = sum((left & right).values())
    details_e, details_j = dict(engine), dict(mine)
    for key in sorted((left & right).keys(), key=str):
        if details_e[key] != details_j[key]:
            outcome.details.append((key, details_e[key], details_j[key]))
    can = judge.assessable()
    for rule in rules:
        if rule["id"] in can and rule.get("assessable") != can[rule["id"]]:
            outcome.assessable.append((rule["id"], rule.get("assessable", "(no field)"), can[rule["id"]]))
    return outcome


def _show(key: Key) -> str:
    rule, child, adult, agency, triggers, status = key
    who = ", ".join(x for x in (str(child) if child else "", f"adult {adult}" if adult else "",
                                f"agency {agency}" if agency else "") if x)  # fmt: skip
    return f"{rule} [{status}] {who}; triggers {', '.join(triggers)}"


def records_about(review: Review, key: Key) -> list[str]:
    """The records behind a disagreement: everything about its child(ren) and adult, in date order."""
    _, child, adult, _, _, _ = key
    people = set(child if isinstance(child, tuple) else [child]) | {adult}
    rows = sorted((r for r in review.records if people & set(r.subjects)), key=lambda r: (r.day, r.agency))
    return [f"    {r.day} {r.day:%a} {r.agency:<9} {r.kind:<20} {';'.join(r.subjects):<22} "
            f"parts={';'.join(r.participants)} to={';'.join(r.recipients)} from={r.sender} "
            f"tags={';'.join(r.tags)}" for r in rows]  # fmt: skip


def report(outcome: Outcome, *, records: bool = True) -> str:
    """A readable diff: what only the engine found, what only the judge found, what differs in detail."""
    r = outcome.review
    lines = [f"seed {outcome.seed}: period {r.start} to {r.end}, agencies {', '.join(r.agencies)}, "
             f"{len(r.records)} records{'; no ' + r.left_out if r.left_out else ''}; {outcome.agreed} gaps agree"]  # fmt: skip
    for title, keys in (("only the engine", outcome.only_engine), ("only the judge", outcome.only_judge)):
        for key in keys:
            lines.append(f"  {title}: {_show(key)}")
            lines += records_about(r, key) if records else []
    for key, engine, mine in outcome.details:
        lines.append(f"  details differ: {_show(key)}")
        lines.append(f"    (due, follow-up, days late, missing) engine {engine} judge {mine}")
    if outcome.failed:
        lines.append(f"  the engine failed: {outcome.failed}")
    for rule, engine_says, judge_says in outcome.assessable:
        lines.append(f"  assessable {rule}: engine {engine_says}, judge {judge_says}")
    return "\n".join(lines)
