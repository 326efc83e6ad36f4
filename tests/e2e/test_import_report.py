"""The import report: the summary table, the rejects CSV next to the store, and a progress bar on terminals."""

from __future__ import annotations

import csv
import os
import pty
import subprocess
import sys
from pathlib import Path

from support import JC, table_of

HEADER = "date,kind,subjects,summary,reference\n"


def big_extract(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER)
        for i in range(rows):
            handle.write(
                f"{1 + i % 28:02d}/03/2019,note,Child A,Record {i}: seen at home and spoken to alone.,R{i}\n"
            )
    return path


def test_the_summary_table_counts_every_row_and_hides_personal_values(people: JC, tmp_path: Path) -> None:
    extract = tmp_path / "school.csv"
    extract.write_text(HEADER + "01/03/2019,note,Child A,Fine,S1\n01/03/2019,note,Amy Smyth,Said: Amy hurt,S2\n"
                       "31/02/2019,note,Child A,Bad date,S3\n01/03/2019,note,Child A,Fine,S4\n")  # fmt: skip

    result = people("import", extract, "--agency", "school")

    assert result.exit_code == 3
    assert table_of(result.stderr) == {"rows read": "4", "contacts imported": "3", "amended": "0", "unchanged": "0",
                                       "no longer present": "0", "rows rejected": "1",
                                       "unresolved subjects": "1"}  # fmt: skip
    assert "rejected: school.csv row 4, column 'date': the value is not a real date" in (result.stderr)
    assert "Smyth" not in result.stderr + result.stdout


def test_the_rejects_file_is_in_the_store_and_holds_every_rejected_row(
    people: JC, tmp_path: Path, store: Path
) -> None:
    extract = tmp_path / "police.csv"
    bad = "".join(f"3{i % 9}/02/2019,incident,Child A,Bad {i},P{i}\n" for i in range(1500))
    extract.write_text(HEADER + "01/03/2019,note,Child A,Good,G1\n" + bad)

    result = people("import", extract, "--agency", "police")

    assert result.exit_code == 3
    assert "… and 1480 more rejections" in result.stderr
    [rejects] = (store / "rejects").iterdir()
    assert rejects.name.startswith("police-") and rejects.suffix == ".csv"
    assert f"Every rejected row, with its value and reason: {rejects}" in result.stderr
    with rejects.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1500 and list(rows[0]) == ["file", "sheet", "row", "column", "value", "reason"]
    assert (rows[-1]["row"], rows[-1]["column"], rows[-1]["value"]) == ("1502", "date", "35/02/2019")


def test_a_long_import_shows_a_progress_bar_on_a_terminal_and_never_when_piped(
    review: JC, tmp_path: Path, store: Path
) -> None:
    piped = review("import", big_extract(tmp_path / "police.csv", 14_000), "--agency", "police")
    assert piped.exit_code == 0 and "Importing" not in piped.stdout + piped.stderr

    terminal = big_extract(tmp_path / "gp.csv", 14_000)
    # The GP's own file: the same bytes would be refused as the police's records already held.
    terminal.write_text(
        terminal.read_text(encoding="utf-8").replace("Record ", "GP record "), encoding="utf-8"
    )
    assert terminal.stat().st_size > 1_000_000
    controller, stderr = pty.openpty()
    command = [
        sys.executable,
        "-m",
        "jointchron.cli",
        "--store",
        str(store),
        "import",
        str(terminal),
        "--agency",
        "gp",
    ]
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    # not from the repository, whose jointchron/ would shadow the installed package
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, env=env, cwd=tmp_path)
    os.close(stderr)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed with the child
            break
        if not chunk:
            break
        shown += chunk
    stdout, _ = child.communicate(timeout=120)
    os.close(controller)

    assert child.returncode == 0, shown.decode(errors="replace")
    assert b"Importing gp.csv" in shown and b"rows read" in shown
    assert table_of(stdout.decode())["contacts imported"] == "14000"
