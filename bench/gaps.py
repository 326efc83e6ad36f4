"""Gap rules benchmark: `jointchron gaps` on synthetic reviews of 20,000 and 200,000 contacts.

    python bench/gaps.py [--repeat 3] [--small 20000] [--large 200000]

Each review has one child per 100 contacts (200 and 2,000 children) in families with a mother, often
a partner, and siblings, linked by relationships that start and end over the period; five agencies
record contacts of every kind, some tagged for harm, so every England rule has triggers to judge.
The stores are built through the service (as `jointchron import` does); the figure timed is
`Store.gap_records()`, what `jointchron gaps` runs, on a caught-up read model. The floor is reading the
joint chronology back (`joint_entries`), which every report starts with. Medians of --repeat runs.
Target: 200,000 contacts well under a minute, and the large/small ratio under 12 (about linear).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Sized
from pathlib import Path

from jointchron.importers.mapping import Mapping
from jointchron.projections.entries import joint_entries
from jointchron.service.review_store import Store

START = datetime.date(2019, 1, 1)
DAYS = 730
AGENCIES = ("police", "csc", "gp", "school", "probation")
# (kind, weight, agencies that record it, tags to pick from)
KINDS = (
    ("visit", 14, ("csc",), ("", "seen_alone")),
    ("appointment", 14, ("gp",), ("",)),
    ("missed_appointment", 5, ("gp",), ("",)),
    ("absence", 8, ("school",), ("",)),
    ("note", 10, AGENCIES, ("",)),
    ("concern", 6, ("school", "gp"), ("", "", "domestic_abuse", "sexual_abuse")),
    ("disclosure", 1, ("school", "gp"), ("sexual_abuse", "physical_abuse")),
    ("injury", 1, ("gp",), ("physical_abuse",)),
    ("incident", 5, ("police",), ("domestic_abuse", "violence", "")),
    ("referral", 4, ("school", "gp", "police"), ("",)),
    ("contact_received", 2, ("csc",), ("",)),
    ("decision", 4, ("csc",), ("",)),
    ("strategy_discussion", 2, ("csc", "police"), ("",)),
    ("minutes_shared", 2, ("csc",), ("",)),
    ("s47_start", 1, ("csc",), ("",)),
    ("conference", 1, ("csc",), ("icpc", "review")),
    ("assessment_start", 2, ("csc",), ("",)),
    ("assessment_end", 2, ("csc",), ("",)),
    ("information_request", 2, ("csc",), ("",)),
    ("information_shared", 3, ("gp", "school", "police"), ("",)),
    ("notification", 2, ("police",), ("domestic_abuse", "")),
    ("arrest", 1, ("police",), ("iioc", "sexual_abuse", "violence")),
    ("bail", 1, ("police",), ("iioc", "")),
    ("appointment", 3, ("probation",), ("",)),
)
HEADER = ("date", "kind", "subjects", "summary", "reference", "participants", "recipients", "sender", "tags")


def day(rng: random.Random) -> str:
    return (START + datetime.timedelta(days=rng.randrange(DAYS))).strftime("%d/%m/%Y")


def generate(folder: Path, contacts: int, children: int, seed: int = 11) -> None:
    """People, relationships and one extract per agency, written as the CSV files a review receives."""
    rng = random.Random(seed)
    people, links, families = [], [], []
    child_no = 0
    family = 0
    while child_no < children:
        family += 1
        mother, partner = f"M{family:05d}", f"A{family:05d}"
        people.append((mother, f"Ms {family}", "adult", f"Mother {family}", "01/01/1985", ""))
        kids = []
        for _ in range(min(rng.randint(1, 3), children - child_no)):
            child_no += 1
            kid = f"C{child_no:05d}"
            born = datetime.date(2005, 1, 1) + datetime.timedelta(days=rng.randrange(5000))
            people.append((kid, f"Child {child_no}", "", f"Kid {child_no}", born.strftime("%d/%m/%Y"), ""))
            links.append((mother, "parent_of", kid, "", "", "csc", ""))
            kids.append(kid)
        if rng.random() < 0.7:
            people.append((partner, f"Mr {family}", "adult", f"Partner {family}", "01/01/1980", ""))
            links.append((partner, "partner_of", mother, day(rng), "", "police", ""))
            families.append((kids, [mother, partner]))
        else:
            families.append((kids, [mother]))
    write(folder / "people.csv", ("person_id", "pseudonym", "role", "names", "dob", "identifiers"), people)
    write(
        folder / "relationships.csv",
        ("from", "relation", "to", "from_date", "to_date", "source", "note"),
        links,
    )
    weights = [k[1] for k in KINDS]
    rows: dict[str, list[tuple[str, ...]]] = {a: [] for a in AGENCIES}
    for number in range(contacts):
        kind, _weight, recorders, tags = rng.choices(KINDS, weights)[0]
        agency = rng.choice(recorders)
        kids, adults = rng.choice(families)
        if kind in ("arrest", "bail") or (kind in ("incident", "notification") and rng.random() < 0.5):
            subjects = rng.choice(adults)
        elif agency == "probation":
            subjects = adults[-1]
        else:
            subjects = ";".join(rng.sample(kids, rng.randint(1, len(kids))))
        participants = "police;gp" if kind == "strategy_discussion" and rng.random() < 0.7 else ""
        recipients = {"referral": "csc", "minutes_shared": rng.choice(("police", "gp", "school")),
                      "information_shared": "csc", "notification": rng.choice(("csc", "school"))}.get(kind, "")  # fmt: skip
        rows[agency].append((day(rng), kind, subjects, f"Record {number}", f"{agency}-{number}", participants,
                             recipients, "", rng.choice(tags)))  # fmt: skip
    for agency, agency_rows in rows.items():
        write(folder / f"{agency}.csv", HEADER, agency_rows)


def write(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def build(folder: Path) -> tuple[Store, float]:
    started = time.perf_counter()
    store = Store.create(folder / "store")
    store.init_review("Benchmark", "england", START, START + datetime.timedelta(days=DAYS - 1))
    store.import_people(folder / "people.csv")
    store.import_relationships(folder / "relationships.csv")
    for agency in AGENCIES:
        store.import_extract(folder / f"{agency}.csv", agency, Mapping.canonical(), by="bench")
    store.views()  # caught up: the timings below are of the rules, not of the catch-up
    return store, time.perf_counter() - started


def median(runs: int, measure: Callable[[], Sized]) -> tuple[float, int]:
    """The median time of `runs` calls, and how many things the last call returned."""
    times, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        size = len(measure())
        times.append(time.perf_counter() - started)
    return statistics.median(times), size


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--small", type=int, default=20_000)
    parser.add_argument("--large", type=int, default=200_000)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for contacts in (args.small, args.large):
            folder = Path(tmp) / str(contacts)
            folder.mkdir()
            children = contacts // 100
            generate(folder, contacts, children)
            store, built = build(folder)
            floor, _entries = median(args.repeat, lambda: joint_entries(store.views()))  # noqa: B023
            seconds, found = median(args.repeat, store.gap_records)
            store.close()
            results.append((contacts, children, built, floor, seconds, found))
    print(f"median of {args.repeat} runs; store built once per size (import + catch-up, not timed below)")
    print(
        f"{'contacts':>9}{'children':>10}{'build s':>9}{'floor s':>9}{'gaps s':>9}{'gaps/floor':>12}{'gaps':>8}"
    )
    for contacts, children, built, floor, seconds, count in results:
        print(
            f"{contacts:>9,}{children:>10,}{built:>9.1f}{floor:>9.2f}{seconds:>9.2f}{seconds / floor:>12.2f}{count:>8,}"
        )
    ratio = results[1][4] / results[0][4]
    print(f"ratio {results[1][0]:,} / {results[0][0]:,} contacts: {ratio:.1f} (target < 12; "
          f"{results[1][0] / results[0][0]:.0f}x the contacts); {results[1][0]:,} in {results[1][4]:.1f} s "
          "(target well under 60 s)")  # fmt: skip


if __name__ == "__main__":
    main()
