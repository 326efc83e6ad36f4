"""Import and rebuild on both event stores, SQLite and PostgreSQL, against the same floors.

    python bench/postgres.py [--rows 100000] [--repeat 3] [--url postgresql://user:pw@host:port/db]

The measurements and floors are those of bench/import_rebuild.py (imported from it): the import
floor is csv + json.dumps + one SQLite executemany transaction, the rebuild floor is select +
json.loads + one DuckDB append. The PostgreSQL URL comes from --url, else
$JOINTCHRON_TEST_POSTGRES_URL (`scripts/test-postgres start` prints one); each run gets a schema
of its own, dropped at the end. Medians of --repeat runs; the targets are the same for both stores.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from import_rebuild import (
    generate,
    import_floor,
    jointchron_import,
    jointchron_rebuild,
    median,
    rebuild_floor,
)
from psycopg.sql import SQL, Identifier


@contextmanager
def events_in(url: str | None) -> Iterator[None]:
    """Stores opened meanwhile keep their events at `url` (None: events.sqlite in their directory)."""
    before = os.environ.pop("JOINTCHRON_EVENTS_URL", None)
    if url is not None:
        os.environ["JOINTCHRON_EVENTS_URL"] = url
    try:
        yield
    finally:
        os.environ.pop("JOINTCHRON_EVENTS_URL", None)
        if before is not None:
            os.environ["JOINTCHRON_EVENTS_URL"] = before


def on(url: str | None, measure: Callable[[], float]) -> float:
    with events_in(url):
        return measure()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--url", default=os.environ.get("JOINTCHRON_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    if not args.url:
        parser.error(
            "give --url postgresql://… or set $JOINTCHRON_TEST_POSTGRES_URL (scripts/test-postgres start)"
        )
    schemas = [f"bench_{uuid.uuid4().hex[:12]}" for _ in range(args.repeat)]
    pg = [f"{args.url}?schema={schema}" for schema in schemas]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            extract = work / "extract.csv"
            generate(extract, args.rows)
            print(
                f"{args.rows:,} canonical rows, {extract.stat().st_size / 1e6:.1f} MB; median of {args.repeat} runs"
            )
            floor = median(args.repeat, lambda i: import_floor(extract, work / f"floor{i}.sqlite"))
            imports = {
                "sqlite": median(args.repeat, lambda i: on(None, lambda: jointchron_import(work / f"s{i}", extract))),
                "postgresql": median(args.repeat, lambda i: on(pg[i], lambda: jointchron_import(work / f"p{i}", extract))),
            }  # fmt: skip
            rebuild_base = median(
                args.repeat, lambda i: rebuild_floor(work / "s0" / "events.sqlite", work / f"floor{i}.duckdb")
            )
            rebuilds = {
                "sqlite": median(args.repeat, lambda i: on(None, lambda: jointchron_rebuild(work / "s0"))),
                "postgresql": median(
                    args.repeat, lambda i: on(pg[0], lambda: jointchron_rebuild(work / "p0"))
                ),
            }
    finally:
        with psycopg.connect(args.url, autocommit=True) as conn:
            for schema in schemas:
                conn.execute(SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(Identifier(schema)))
    print(f"{'':30}{'seconds':>10}{'rows/s':>12}{'ratio':>8}")
    lines = [("import floor", floor, floor)]
    lines += [(f"jointchron import, {name}", seconds, floor) for name, seconds in imports.items()]
    lines += [("rebuild floor", rebuild_base, rebuild_base)]
    lines += [(f"jointchron rebuild, {name}", seconds, rebuild_base) for name, seconds in rebuilds.items()]
    for label, seconds, base in lines:
        print(f"{label:30}{seconds:10.2f}{args.rows / seconds:12,.0f}{seconds / base:8.2f}")
    for name in imports:
        print(f"targets, {name}: import <= 4x its floor (now {imports[name] / floor:.2f}x), "
              f"rebuild <= 3x its floor (now {rebuilds[name] / rebuild_base:.2f}x)")  # fmt: skip


if __name__ == "__main__":
    main()
