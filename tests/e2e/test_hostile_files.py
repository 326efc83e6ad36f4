"""Hostile and broken files, each written by the test: one clear line or per-row rejects, bounded memory, and a
store left as it was (issue 12 "Hostile and broken files", issue 13 items 17-21).

Memory is measured, never time: the command runs in its own process, whose peak resident size (its own or its
row worker's) is read from getrusage and compared with a generous bound. The process also runs under an address
space limit, so that a regression fails the test instead of taking the shared machine's memory; the time limit on
it is there so that a regression (a regex that backtracks for ever) fails instead of hanging the suite.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from processes import count, events_held
from support import JC

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)

HEADER = ["date", "kind", "subjects", "summary", "reference"]
# Peak resident memory an import of these small hostile files may reach (an ordinary import is 150-250 MB).
MEMORY_BOUND_MB = 700
# A command that has not finished by then is stuck (a regression), not slow.
HANG = 600

_MEASURED = """
import os, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
def peak():
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(os.environ["PEAK_FILE"], "w") as handle:
        handle.write(str(max(own, workers) // 1024))
import atexit
atexit.register(peak)
from jointchron.cli import main
main(sys.argv[1:], prog_name="jointchron")
"""


class Measured:
    def __init__(self, result: subprocess.CompletedProcess[str], peak_mb: int) -> None:
        self.exit_code, self.stdout, self.stderr, self.peak_mb = (
            result.returncode, result.stdout, result.stderr, peak_mb
        )  # fmt: skip


def measured(store: Path, *args: str | Path) -> Measured:
    """`jointchron --store STORE ARGS…` in its own process, with its peak memory in MB."""
    peak = store.parent / "peak.txt"
    peak.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("JOINTCHRON_STORE", "JOINTCHRON_DEBUG")}
    result = subprocess.run(
        [sys.executable, "-c", _MEASURED, "--store", str(store), *map(str, args)],
        env={**env, "PEAK_FILE": str(peak)}, cwd=store.parent, capture_output=True, text=True, timeout=HANG,
    )  # fmt: skip
    assert peak.exists(), result.stderr[-2000:]  # the process ended by exiting, not by a signal
    return Measured(result, int(peak.read_text()))


def one_line_error(stderr: str) -> str:
    """The one-line error a command ended with (asserted to be exactly one line, no traceback)."""
    assert "Traceback" not in stderr and "panicked" not in stderr, stderr[-2000:]
    assert stderr.startswith("error: ") and stderr.count("\n") == 1, stderr[-2000:]
    assert "unexpected" not in stderr, stderr
    return stderr


def chronology(review: JC) -> list[tuple[str, list[str]]]:
    shown = review("chronology", "--format", "json")
    assert shown.exit_code == 0, shown.stderr
    return [(entry["kind"], entry["tags"]) for entry in json.loads(shown.stdout)]


def contacts_held(store: Path) -> int:
    return count(events_held(store), "ContactRecorded")


def imported_files(store: Path) -> int:
    return count(events_held(store), "ExtractImported")


# -- mapping files ---------------------------------------------------------------------------------------


def test_a_mapping_regex_that_backtracks_catastrophically_is_matched_in_linear_time(
    review: JC, store: Path, tmp_path: Path
) -> None:
    # Python's re takes about 2**40 steps to decide that /(a+)+$/ does not match forty a's and a "!".
    long_header = "a" * 100_000 + "!"
    extract = tmp_path / "police.csv"
    extract.write_text(",".join([*HEADER, long_header]) + "\n16/10/2019,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!,"
                       "Child A,Visit,R1,x\n", encoding="utf-8")  # fmt: skip
    mapping = tmp_path / "police.toml"
    mapping.write_text('[columns]\ndate = "date"\nkind = "kind"\nsubjects = "subjects"\nsummary = "summary"\n'
                       'reference = "reference"\ntags = ["/(a+)+$/", "/(a+)+!$/"]\n'
                       '[kinds]\n"/(a+)+$/" = "note"\n"/(a+)+!$/" = "visit"\n', encoding="utf-8")  # fmt: skip

    result = measured(store, "import", extract, "--agency", "police", "--map", mapping)

    assert result.exit_code == 0, result.stderr
    assert contacts_held(store) == 1
    assert chronology(review) == [("visit", ["x"])]
    assert result.peak_mb < MEMORY_BOUND_MB


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("/list 0?1(?!\\\\d)/i", "write (?:\\D|$) instead of (?!\\d)"),
        ("/(a)\\\\1/", "back-references such as \\1 are not supported"),
        ("/((a{100}){100}){100}/", "may repeat at most 1,000 times"),
        ("/a b/x", "the x (verbose) flag is not supported"),
    ],
)
def test_a_regex_only_backtracking_could_match_is_refused_in_one_line_with_a_way_to_write_it(
    review: JC, store: Path, tmp_path: Path, pattern: str, reason: str
) -> None:
    extract = tmp_path / "police.csv"
    extract.write_text(",".join(HEADER) + "\n16/10/2019,note,Child A,Visit,R1\n", encoding="utf-8")
    mapping = tmp_path / "police.toml"
    mapping.write_text(f'[columns]\ndate = "date"\nkind = "{pattern}"\n', encoding="utf-8")

    result = review("import", extract, "--agency", "police", "--map", mapping)

    assert result.exit_code == 1
    assert reason in one_line_error(result.stderr), result.stderr
    assert "[columns] kind" in result.stderr
    assert contacts_held(store) == 0


@pytest.mark.parametrize("encoding", ["rot13", "zlib", "base64", "undefined", "no-such-encoding"])
def test_a_mapping_encoding_that_is_not_a_character_set_is_refused_in_one_line(
    review: JC, store: Path, tmp_path: Path, encoding: str
) -> None:
    extract = tmp_path / "police.csv"
    extract.write_text(",".join(HEADER) + "\n16/10/2019,note,Child A,Visit,R1\n", encoding="utf-8")
    mapping = tmp_path / "police.toml"
    mapping.write_text(f'[source]\nencoding = "{encoding}"\n', encoding="utf-8")

    result = review("import", extract, "--agency", "police", "--map", mapping)

    assert result.exit_code == 1
    assert f"[source] encoding {encoding!r} is not a character set" in one_line_error(result.stderr)
    assert contacts_held(store) == 0


def test_a_mapping_nested_a_hundred_thousand_levels_deep_is_refused_in_one_line(
    review: JC, store: Path, tmp_path: Path
) -> None:
    extract = tmp_path / "police.csv"
    extract.write_text(",".join(HEADER) + "\n16/10/2019,note,Child A,Visit,R1\n", encoding="utf-8")
    mapping = tmp_path / "deep.toml"
    mapping.write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")

    result = review("import", extract, "--agency", "police", "--map", mapping)

    assert result.exit_code == 1
    assert "nests arrays or tables too deeply" in one_line_error(result.stderr)
    assert contacts_held(store) == 0


def test_a_mapping_file_of_gigabytes_is_refused_without_being_read(
    review: JC, store: Path, tmp_path: Path
) -> None:
    extract = tmp_path / "police.csv"
    extract.write_text(",".join(HEADER) + "\n16/10/2019,note,Child A,Visit,R1\n", encoding="utf-8")
    mapping = tmp_path / "huge.toml"
    with mapping.open("wb") as handle:  # a sparse file: 4 GB long, no disk used
        handle.truncate(4 << 30)

    result = measured(store, "import", extract, "--agency", "police", "--map", mapping)

    assert result.exit_code == 1
    assert "is larger than 1,024 KB" in one_line_error(result.stderr)
    assert result.peak_mb < MEMORY_BOUND_MB
    assert contacts_held(store) == 0


# -- the CIN census XML ------------------------------------------------------------------------------------


def census(children: str) -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<Message>\n<Children>\n{children}</Children>\n</Message>\n'
    )


def census_child(la_id: str, inside: str = "") -> str:
    return (f"<Child>\n<ChildIdentifiers><LAchildID>{la_id}</LAchildID></ChildIdentifiers>\n<CINdetails>\n"
            f"<CINreferralDate>2019-09-02</CINreferralDate><ReferralSource>6</ReferralSource>\n{inside}"
            "</CINdetails>\n</Child>\n")  # fmt: skip


LAUGHS = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))


@pytest.mark.parametrize(
    "prologue",
    [
        f'<!DOCTYPE Message [<!ENTITY lol0 "lol">{LAUGHS}]>',  # a billion laughs
        '<!DOCTYPE Message [<!ENTITY x SYSTEM "file:///etc/passwd">]>',  # an external entity
        '<!DOCTYPE Message SYSTEM "http://example.org/census.dtd">',  # an external DTD
        '<!DOCTYPE Message [<!ENTITY % p SYSTEM "http://example.org/p.dtd"> %p;]>',  # a parameter entity
    ],
)
def test_a_census_with_a_doctype_or_entities_is_refused_before_anything_is_expanded_or_fetched(
    review: JC, store: Path, tmp_path: Path, prologue: str
) -> None:
    text = census(census_child("CH1", "<ReasonForClosure>&lol9;&x;</ReasonForClosure>"))
    path = tmp_path / "census.xml"
    path.write_text(text.replace("\n<Message>", f"\n{prologue}\n<Message>", 1), encoding="utf-8")

    result = measured(store, "import", path, "--profile", "cin-census")

    assert result.exit_code == 1
    assert "it declares a DTD or entities" in one_line_error(result.stderr)
    assert result.peak_mb < MEMORY_BOUND_MB
    assert contacts_held(store) == imported_files(store) == 0


def test_a_census_nested_eleven_hundred_levels_deep_is_read_up_to_the_line_it_breaks(
    review: JC, store: Path, tmp_path: Path
) -> None:
    deep = "<Note>" * 1_100 + "x" + "</Note>" * 1_100
    path = tmp_path / "census.xml"
    path.write_text(
        census(census_child("CH1") + census_child("CH2", deep) + census_child("CH3")), encoding="utf-8"
    )

    result = review("import", path, "--profile", "cin-census")

    assert result.exit_code == 3, result.stderr
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    lines = path.read_text().splitlines()
    second_child = [n for n, text in enumerate(lines, 1) if text == "<Child>"][1]
    rejected = [ln for ln in result.stderr.splitlines() if ln.startswith("rejected:")]
    assert len(rejected) == 1 and "nested more than 64 deep" in rejected[0], result.stderr
    broken_at = re.search(r" row (\d+)", rejected[0])
    assert broken_at is not None and int(broken_at.group(1)) > second_child
    assert contacts_held(store) == 1  # CH1's referral, read before the line it breaks


def test_a_census_child_with_six_thousand_assessments_is_read_whole(
    review: JC, store: Path, tmp_path: Path
) -> None:
    assessments = "".join(
        f"<Assessments><AssessmentActualStartDate>2019-{1 + n % 12:02d}-{1 + n % 28:02d}</AssessmentActualStartDate>"
        f"<AssessmentAuthorisationDate>2019-12-31</AssessmentAuthorisationDate><FactorsIdentifiedAtAssessment>"
        f"<AssessmentFactors>F{n}</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>\n"
        for n in range(6_000)
    )
    path = tmp_path / "census.xml"
    path.write_text(census(census_child("CH1", assessments)), encoding="utf-8")

    result = measured(store, "import", path, "--profile", "cin-census")

    assert result.exit_code == 0, result.stderr
    # The referral, and an assessment's start and its authorisation each: those on one day are one event each.
    assert contacts_held(store) == 1 + 6_000 + 6_000
    assert result.peak_mb < MEMORY_BOUND_MB


# -- CSV files ------------------------------------------------------------------------------------------------


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def rejected_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("rejected:")]


def test_a_cell_holding_a_nul_rejects_its_row_naming_the_column_and_the_other_rows_are_kept(
    review: JC, store: Path, tmp_path: Path
) -> None:
    extract = write_csv(tmp_path / "police.csv", HEADER, [
        ["16/10/2019", "note", "Child A", "before\x00after", "N1"],
        ["16/10/2019", "no\x00te", "Child A", "Visit", "N2"],
        ["17/10/2019", "note", "Child A", "Visit", "N3"],
    ])  # fmt: skip

    result = review("import", extract, "--agency", "police")

    assert result.exit_code == 3, result.stderr
    rejected = rejected_lines(result.stderr)
    assert len(rejected) == 2
    assert "row 2" in rejected[0] and "column 'summary' holds a NUL character" in rejected[0]
    assert "row 3" in rejected[1] and "column 'kind' holds a NUL character" in rejected[1]
    assert "\x00" not in result.stdout + result.stderr
    assert contacts_held(store) == 1


def test_a_fifty_megabyte_cell_rejects_its_row_in_bounded_memory_and_the_other_rows_are_kept(
    review: JC, store: Path, tmp_path: Path
) -> None:
    extract = write_csv(tmp_path / "police.csv", HEADER, [
        ["16/10/2019", "note", "Child A", "x" * 50_000_000, "B1"],
        ["17/10/2019", "note", "Child A", "Visit", "B2"],
    ])  # fmt: skip

    result = measured(store, "import", extract, "--agency", "police")

    assert result.exit_code == 3, result.stderr
    rejected = rejected_lines(result.stderr)
    assert (
        len(rejected) == 1
        and "column 'summary' holds 50,000,000 characters, more than the 1,000,000" in (rejected[0])
    )
    assert contacts_held(store) == 1
    assert result.peak_mb < MEMORY_BOUND_MB
    rejects = next((store / "rejects").glob("police-*.csv"))
    assert rejects.stat().st_size < 100_000  # the rejects file keeps the start of the cell, not 50 MB


def test_ten_thousand_columns_are_read_in_bounded_memory(review: JC, store: Path, tmp_path: Path) -> None:
    extra = [f"Extra {n}" for n in range(10_000 - len(HEADER))]
    rows = [
        ["16/10/2019", "note", "Child A", f"Visit {n}", f"W{n}", *(["v"] * len(extra))] for n in range(200)
    ]
    extract = write_csv(tmp_path / "police.csv", [*HEADER, *extra], rows)

    result = measured(store, "import", extract, "--agency", "police")

    assert result.exit_code == 0, result.stderr
    assert contacts_held(store) == 200
    assert result.peak_mb < MEMORY_BOUND_MB


def test_a_header_row_wider_than_excel_allows_is_refused_in_one_line(
    review: JC, store: Path, tmp_path: Path
) -> None:
    extract = write_csv(tmp_path / "police.csv", [*HEADER, *(f"c{n}" for n in range(20_000))],
                        [["16/10/2019", "note", "Child A", "Visit", "W1"]])  # fmt: skip

    result = review("import", extract, "--agency", "police")

    assert result.exit_code == 1
    assert "the header row has 20,005 columns, more than the 16,384" in one_line_error(result.stderr)
    assert contacts_held(store) == 0


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_file_without_a_byte_order_mark_is_read_as_utf16(
    review: JC, store: Path, tmp_path: Path, encoding: str
) -> None:
    extract = write_csv(tmp_path / "police.csv", HEADER, [["16/10/2019", "note", "Child A", "Zoë's visit", "U1"]],
                        encoding=encoding)  # fmt: skip

    result = review("import", extract, "--agency", "police")

    assert result.exit_code == 0, result.stderr
    shown = review("chronology", "--format", "json", "--named")
    assert [entry["summary"] for entry in json.loads(shown.stdout)] == ["Zoë's visit"]
