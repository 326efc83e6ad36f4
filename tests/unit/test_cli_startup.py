"""`jointchron --help` starts fast: the commands import their libraries when they run, not at start."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Each of these takes tens to hundreds of milliseconds to import; none is needed to list the commands.
HEAVY = ("duckdb", "pandas", "pyarrow", "numpy", "altair", "vl_convert", "pydantic", "eventsourcing", "psycopg",
         "openpyxl", "python_calamine", "docx", "holidays", "rapidfuzz", "networkx", "weasyprint",
         # the terminal's tables and consoles: made when a command first writes, not to list the commands
         "rich")  # fmt: skip

PROBE = """
import json, sys
from jointchron.cli import main
for args in (["--help"], *[[name, "--help"] for name in sorted(main.commands)]):
    try:
        main(args, standalone_mode=False)
    except SystemExit:
        pass
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def test_help_of_every_command_imports_no_heavy_library(tmp_path: Path) -> None:
    # run outside the repository, whose jointchron/ would shadow the installed package
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    assert sorted(loaded & set(HEAVY)) == []
