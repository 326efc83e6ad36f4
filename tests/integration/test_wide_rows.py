"""Wide rows: one row of an extract, several dated events (`[[events]]`)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

from support import JC

HEADER = ("Case Ref", "Child", "Referral Date", "Referred By", "Outcome", "Assessment Start",
          "Assessment End", "NFA?")  # fmt: skip
MAPPING = """
[source]
agency = "csc"

[columns]
subjects = "Child"
reference = "Case Ref"

[agencies]
"Police" = "police"
"Neighbour" = ""

[[events]]
date = "Referral Date"
kind = "referral"
sender = "{Referred By}"
recipients = ["csc"]
summary = "Referral[ from {Referred By}][ ({Outcome})]"
tags_when = [{ column = "NFA?", value = "/^y/i", tags = ["nfa"] }]

[[events]]
date = ["Assessment Start", "/assessment.*begin/i"]
kind = "assessment_start"
summary = "Assessment started for {Child}"
tags = ["single_assessment"]

[[events]]
date = "Assessment End"
kind = "assessment_end"
summary = "Assessment completed"

[[events]]
date = "Referral Date"
kind = "decision"
when = "NFA?"
when_value = "/^y/i"
tags = ["nfa"]
summary = "No further action"
"""


def chronology(jc: JC) -> list[dict[str, object]]:
    result = jc("chronology", "--format", "json")
    assert result.exit_code == 0, result.stderr
    entries: list[dict[str, object]] = json.loads(result.stdout)
    return entries


def test_a_wide_row_becomes_one_contact_for_each_filled_date(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    extract = write_csv("csc.csv", HEADER, [
        ("R1", "Child A", "02/09/2019", "Police", "Strategy", "03/09/2019", "20/09/2019", "No"),
        ("R2", "Child B", "05/09/2019", "Neighbour", "", "", "", "Yes"),
    ])  # fmt: skip
    mapping = tmp_path / "csc.toml"
    mapping.write_text(MAPPING, encoding="utf-8")

    result = people("import", extract, "--map", mapping)

    assert result.exit_code == 0, result.stderr
    got = sorted(
        (e["date"], e["kind"], e["subjects"], e["summary"], e["tags"], e["sender"], e["recipients"])
        for e in chronology(people)
    )
    assert got == [
        ("2019-09-02", "referral", ["Child A"], "Referral from Police (Strategy)", [], "police", ["csc"]),
        ("2019-09-03", "assessment_start", ["Child A"], "Assessment started for Child A", ["single_assessment"],
         "csc", []),
        ("2019-09-05", "decision", ["Child B"], "No further action", ["nfa"], "csc", []),
        ("2019-09-05", "referral", ["Child B"], "Referral from Neighbour", ["nfa"], "csc", ["csc"]),
        ("2019-09-20", "assessment_end", ["Child A"], "Assessment completed", [], "csc", []),
    ]  # fmt: skip


def test_a_bad_date_in_one_event_rejects_the_whole_row_and_names_the_column(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    extract = write_csv("csc.csv", HEADER, [
        ("R1", "Child A", "02/09/2019", "Police", "", "03/09/2019", "31/09/2019", "No"),
        ("R2", "Child B", "05/09/2019", "Police", "", "", "", "No"),
    ])  # fmt: skip
    mapping = tmp_path / "csc.toml"
    mapping.write_text(MAPPING, encoding="utf-8")

    result = people("import", extract, "--map", mapping)

    assert result.exit_code == 3
    assert "row 2, column 'Assessment End': the value is not a real date" in result.stderr
    rejects = next(line for line in result.stderr.splitlines() if line.startswith("Every rejected row"))
    with Path(rejects.rsplit(": ", 1)[1]).open(encoding="utf-8-sig", newline="") as handle:
        assert [(r["row"], r["column"], r["value"]) for r in csv.DictReader(handle)] == [
            ("2", "Assessment End", "31/09/2019")
        ]
    assert [e["subjects"] for e in chronology(people)] == [["Child B"]]


def test_reimporting_a_wide_extract_adds_nothing_and_a_revised_one_amends_its_events(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    mapping = tmp_path / "csc.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    rows = [("R1", "Child A", "02/09/2019", "Police", "", "03/09/2019", "", "No")]
    first = people("import", write_csv("csc.csv", HEADER, rows), "--map", mapping)
    again = people("import", write_csv("csc-copy.csv", HEADER, rows), "--map", mapping)
    revised = people("import", write_csv("csc-v2.csv", HEADER, [
        ("R1", "Child A", "02/09/2019", "Police", "Strategy", "03/09/2019", "", "No"),
    ]), "--map", mapping)  # fmt: skip

    assert first.exit_code == again.exit_code == revised.exit_code == 0
    assert "│ contacts imported   │ 2 " in first.stdout
    assert "│ contacts imported   │ 0 " in again.stdout and "│ unchanged           │ 2 " in again.stdout
    assert "│ amended             │ 1 " in revised.stdout
    assert len(chronology(people)) == 2
