"""Excel import: rows/s and peak memory of reading and importing a large .xlsx extract.

    python bench/import_xlsx.py [--rows 100000]

The workbook holds the same canonical rows as bench/import_scale.py, with real date cells and a
title row above the header. Each measurement runs in a subprocess of its own (peak memory from
`os.wait4`). The *floor* is the fastest reader available here, python-calamine, reading every
cell of the sheet; openpyxl's read-only mode is shown beside it. jointchron's own reader (header
row detection, one row object per record) is compared with that floor, then the whole import.

Target (issue 3): reading the .xlsx no slower than the fastest reader by more than 1.5x.
"""

from __future__ import annotations

import argparse
import datetime
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from import_scale import HEADER, KINDS, PEOPLE, cli, people_file, run

CALAMINE = r"""
import sys
from python_calamine import CalamineWorkbook
book = CalamineWorkbook.from_path(sys.argv[1])
count = sum(1 for row in book.get_sheet_by_name(book.sheet_names[0]).to_python(skip_empty_area=False) if row)
print(count)
"""
OPENPYXL = r"""
import sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
print(sum(1 for _ in book.worksheets[0].iter_rows(values_only=True)))
"""
OURS = r"""
import sys
from pathlib import Path
from jointchron.importers.mapping import Mapping
from jointchron.importers.sheet_files import open_sheets
mapping = Mapping.canonical()
print(sum(1 for sheet in open_sheets(Path(sys.argv[1]), mapping, mapping.header_hints()) for _ in sheet.rows))
"""


def generate(path: Path, rows: int, seed: int = 7) -> None:
    import openpyxl

    rng = random.Random(seed)
    start = datetime.datetime(2018, 1, 1)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Extract")
    sheet.append(["Police extract for the review"])
    sheet.append([])
    sheet.append(list(HEADER))
    for i in range(rows):
        when = start + datetime.timedelta(days=rng.randrange(1500), minutes=rng.randrange(480, 1080))
        sheet.append([
            when, "", rng.choice(KINDS), f"Child {rng.randrange(PEOPLE)}", f"Record {i}: seen at home.",
            f"Worker {rng.randrange(50)}", f"REF-{i:08d}", "csc" if i % 7 == 0 else "",
            "domestic_abuse" if i % 11 == 0 else "",
        ])  # fmt: skip
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, default=None, help="work directory (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        work = Path(tmp)
        workbook, store = work / "extract.xlsx", work / "store"
        generate(workbook, args.rows)
        people_file(work / "people.csv")
        print(f"{args.rows:,} rows in one sheet, {workbook.stat().st_size / 1e6:.1f} MB")
        for setup in (
            cli(store, "init", "--title", "Excel", "--from", "01/01/2018", "--to", "31/12/2022"),
            cli(store, "people", "import", work / "people.csv"),
        ):
            subprocess.run(setup, check=True, capture_output=True)
        floor = run([sys.executable, "-c", CALAMINE, str(workbook)])
        results = [
            ("floor: python-calamine", floor),
            ("openpyxl read-only", run([sys.executable, "-c", OPENPYXL, str(workbook)])),
            ("jointchron reader", run([sys.executable, "-c", OURS, str(workbook)])),
            ("jointchron import", run(cli(store, "import", workbook, "--agency", "police", "--by", "bench"))),
        ]
        print(f"{'':26}{'seconds':>9}{'rows/s':>11}{'ratio':>7}{'peak RSS':>11}{'exit':>6}")
        for label, measure in results:
            print(f"{label:26}{measure.seconds:9.2f}{args.rows / measure.seconds:11,.0f}"
                  f"{measure.seconds / floor.seconds:7.2f}{measure.peak_mb:8.0f} MB{measure.exit_code:6}")  # fmt: skip
            if measure.exit_code:
                print(f"  stderr: {measure.stderr.strip()[-400:]}")
        reader = results[2][1].seconds / floor.seconds
        print(
            f"reader target <= 1.5x the fastest reader: {'met' if reader <= 1.5 else 'NOT met'} ({reader:.2f}x)"
        )


if __name__ == "__main__":
    main()
