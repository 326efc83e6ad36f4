"""Hostile and broken files, each written by the test: one clear line or per-row rejects, bounded memory, and a
store left as it was (issue 12 "Hostile and broken files", issue 13 items 17-21).

Memory is measured, never time: the command runs in its own process, whose peak resident size (its own, from
/proc/self/status, or its row worker's, from getrusage) is compared with a generous bound. The process also
runs under an address space limit, so that a regression fails the test instead of taking the shared machine's memory; the time limit on
it is there so that a regression (a regex that backtracks for ever) fails instead of hanging the suite.
"""

from __future__ import annotations

import csv
import json
import os
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from workbooks import SHEET_HEAD, text_cell, text_row, write_parts, write_workbook

from processes import count, events_held
from support import JC, table_of

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
    # VmHWM is this process's own peak since it began running Python; getrusage's RUSAGE_SELF also keeps the peak
    # of the pytest process it was started from (ru_maxrss is preserved across fork and execve).
    with open("/proc/self/status") as status:
        own = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
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
                       'reference = "reference"\ntags = "/(a+)+!$/"\n'
                       '[kinds]\n"/(a+)+$/" = "note"\n"/(a+)+!$/" = "visit"\n', encoding="utf-8")  # fmt: skip

    result = measured(store, "import", extract, "--agency", "police", "--map", mapping)

    assert result.exit_code == 0, result.stderr
    assert contacts_held(store) == 1
    assert chronology(review) == [("visit", ["x"])]
    assert result.peak_mb < MEMORY_BOUND_MB
    # A column pattern that matches no header is refused, as quickly, naming the key (issue 12).
    mapping.write_text(mapping.read_text(encoding="utf-8").replace('tags = "/(a+)+!$/"', 'tags = "/(a+)+$/"'),
                       encoding="utf-8")  # fmt: skip
    refused = measured(store, "import", extract, "--agency", "police", "--map", mapping)
    assert refused.exit_code != 0 and "tags" in refused.stderr and "matches no column" in refused.stderr


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


# -- Excel workbooks ---------------------------------------------------------------------------------------

DATA = [["16/10/2019", "note", "Child A", f"Visit {n}", f"X{n}"] for n in range(1, 6)]


def sheet_xml(rows: list[list[str]], dimension: str | None = None, after: str = "") -> list[str]:
    """A worksheet's XML pieces: the header row, `rows`, then `after` (more <row> XML)."""
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    body = [text_row(n, values) for n, values in enumerate([HEADER, *rows], 1)]
    return [SHEET_HEAD, declared, "<sheetData>", *body, after, "</sheetData></worksheet>"]


def test_a_workbook_whose_sheet_inflates_past_a_gigabyte_is_refused_before_it_is_read(
    review: JC, store: Path, tmp_path: Path
) -> None:
    padding = " " * (1 << 24)
    bomb = write_parts(tmp_path / "police.xlsx", {"Contacts": [
        *sheet_xml(DATA)[:-1], *(padding for _ in range(70)), "</sheetData></worksheet>",
    ]})  # fmt: skip
    assert bomb.stat().st_size < 10_000_000  # 1.1 GB of XML in a few MB

    result = measured(store, "import", bomb, "--agency", "police")

    assert result.exit_code == 1
    assert "xl/worksheets/sheet1.xml would inflate to 1.1 GB, more than the 1 GB" in one_line_error(
        result.stderr
    )
    assert result.peak_mb < MEMORY_BOUND_MB
    assert contacts_held(store) == imported_files(store) == 0


def test_a_workbook_part_longer_than_its_zip_header_says_is_refused_as_damaged(
    review: JC, store: Path, tmp_path: Path
) -> None:
    path = write_parts(tmp_path / "police.xlsx", {"Contacts": [*sheet_xml(DATA)[:-1], " " * 50_000_000,
                                                                "</sheetData></worksheet>"]})  # fmt: skip
    lie_about_size(path, "xl/worksheets/sheet1.xml", 4_000)

    result = measured(store, "import", path, "--agency", "police")

    assert result.exit_code == 1
    assert "its part xl/worksheets/sheet1.xml is damaged" in one_line_error(result.stderr)
    assert result.peak_mb < MEMORY_BOUND_MB
    assert contacts_held(store) == 0


def lie_about_size(path: Path, part: str, size: int) -> None:
    """Writes `size` as the part's inflated size in its local header and in the central directory."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as package:
        info = package.getinfo(part)
    local = info.header_offset
    assert data[local : local + 4] == b"PK\x03\x04"
    central = data.rfind(b"PK\x01\x02" + data[local + 4 : local + 6])
    while data[central + 46 : central + 46 + len(part)] != part.encode():
        central = data.rfind(b"PK\x01\x02", 0, central)
    if info.file_size >= 0xFFFFFFFF or info.compress_size >= 0xFFFFFFFF:
        pytest.skip("a zip64 part")
    data[local + 22 : local + 26] = struct.pack("<I", size)
    data[central + 24 : central + 28] = struct.pack("<I", size)
    path.write_bytes(bytes(data))


def test_a_million_formatted_empty_rows_are_passed_over_and_the_records_imported(
    review: JC, store: Path, tmp_path: Path
) -> None:
    formatted = (f'<row r="{n}" s="1" customFormat="1">' + "".join(f'<c r="{c}{n}" s="1"/>' for c in "ABCDE")
                 + "</row>" for n in range(7, 1_000_007))  # fmt: skip
    pieces = sheet_xml(DATA, dimension="A1:E1000006")
    path = write_parts(tmp_path / "police.xlsx", {"Contacts": [*pieces[:-1], *formatted, pieces[-1]]})

    result = measured(store, "import", path, "--agency", "police")

    assert result.exit_code == 0, result.stderr
    assert table_of(result.stdout)["rows read"] == "5" and table_of(result.stdout)["rows rejected"] == "0"
    assert contacts_held(store) == 5
    assert result.peak_mb < MEMORY_BOUND_MB


def test_a_password_protected_workbook_is_said_to_be_encrypted(
    review: JC, store: Path, tmp_path: Path
) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_workbook(tmp_path / "plain.xlsx", {"Contacts": [HEADER, *DATA]})
    encrypted = tmp_path / "police.xlsx"
    with plain.open("rb") as source, encrypted.open("wb") as target:
        OOXMLFile(source).encrypt("review-password", target)

    result = review("import", encrypted, "--agency", "police")

    assert result.exit_code == 1
    assert "police.xlsx is password-protected (encrypted)" in one_line_error(result.stderr)
    assert contacts_held(store) == 0


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (",".join(HEADER) + "\n16/10/2019,note,Child A,Visit,R1\n", "cannot be opened as a workbook: it is a text (CSV) "
         "file, although it is named .xlsx; rename it to police.csv"),
        ("<html><body><table><tr><td>date</td></tr></table></body></html>", "cannot be opened as a workbook: it is a web page (HTML)"),
    ],
)  # fmt: skip
def test_a_text_file_named_xlsx_is_refused_saying_what_it_is(
    review: JC, store: Path, tmp_path: Path, content: str, said: str
) -> None:
    path = tmp_path / "police.xlsx"
    path.write_text(content, encoding="utf-8")

    result = review("import", path, "--agency", "police")

    assert result.exit_code == 1
    assert said in one_line_error(result.stderr)
    assert contacts_held(store) == 0


@pytest.mark.parametrize(
    "after",
    [
        '<row r="1048576">' + text_cell("XFD1048576", "x") + "</row>",  # a cell at the last of Excel's cells
        '<row r="2"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',  # placed by its cell, not its row
    ],
)
def test_a_sheet_whose_cells_reach_xfd1048576_is_refused_in_one_line_before_it_is_read(
    review: JC, store: Path, tmp_path: Path, after: str
) -> None:
    path = write_parts(
        tmp_path / "police.xlsx", {"Contacts": sheet_xml(DATA, dimension="A1:E6", after=after)}
    )
    assert path.stat().st_size < 5_000

    result = measured(store, "import", path, "--agency", "police")

    assert result.exit_code == 1
    assert "sheet 'Contacts' has cells out to XFD1048576 (1,048,576 rows by 16,384 columns), more than the " \
           "20,000,000 cells" in one_line_error(result.stderr)  # fmt: skip
    assert result.peak_mb < MEMORY_BOUND_MB
    assert contacts_held(store) == 0


def test_a_sheet_holding_only_a_cell_at_xfd1048576_is_refused_in_one_line(
    review: JC, store: Path, tmp_path: Path
) -> None:
    lone = [
        SHEET_HEAD,
        '<sheetData><row r="1048576">',
        text_cell("XFD1048576", "date"),
        "</row></sheetData></worksheet>",
    ]
    path = write_parts(tmp_path / "police.xlsx", {"Sheet1": lone})

    result = measured(store, "import", path, "--agency", "police")

    assert result.exit_code == 1
    assert "has cells out to XFD1048576" in one_line_error(result.stderr)
    assert result.peak_mb < MEMORY_BOUND_MB


def test_a_sheet_declaring_every_cell_of_excel_but_holding_five_rows_is_read(
    review: JC, store: Path, tmp_path: Path
) -> None:
    path = write_parts(tmp_path / "police.xlsx", {"Contacts": sheet_xml(DATA, dimension="A1:XFD1048576")})

    result = review("import", path, "--agency", "police")

    assert result.exit_code == 0, result.stderr
    assert contacts_held(store) == 5


def test_ten_thousand_columns_of_a_workbook_are_read_in_bounded_memory(
    review: JC, store: Path, tmp_path: Path
) -> None:
    extra = [f"Extra {n}" for n in range(10_000 - len(HEADER))]
    rows = [[*values, *(["v"] * len(extra))] for values in DATA]
    path = write_parts(tmp_path / "police.xlsx", {"Contacts": [
        SHEET_HEAD, "<sheetData>", *(text_row(n, r) for n, r in enumerate([[*HEADER, *extra], *rows], 1)),
        "</sheetData></worksheet>",
    ]})  # fmt: skip

    result = measured(store, "import", path, "--agency", "police")

    assert result.exit_code == 0, result.stderr
    assert contacts_held(store) == 5
    assert result.peak_mb < MEMORY_BOUND_MB


def test_a_merged_subject_cell_is_filled_into_each_of_its_rows_and_the_report_says_so(
    people: JC, store: Path, tmp_path: Path
) -> None:
    rows = [["16/10/2019", "note", "Child A" if n == 0 else None, f"Visit {n}", f"M{n}"] for n in range(5)]
    path = tmp_path / "police.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Contacts"
    for row in [HEADER, *rows]:
        sheet.append(row)
    sheet.merge_cells("C2:C6")
    workbook.save(path)

    result = people("import", path, "--agency", "police")

    assert result.exit_code == 0, result.stderr
    assert (
        "sheet 'Contacts': the merged cells C2:C6 hold one value, filled into each of their cells (rows 2–6)"
        in (result.stdout)
    )
    shown = json.loads(people("chronology", "--format", "json").stdout)
    assert [entry["subjects"] for entry in shown] == [["Child A"]] * 5


def test_a_formula_without_a_saved_result_rejects_its_row_naming_the_cell(
    review: JC, store: Path, tmp_path: Path
) -> None:
    path = write_workbook(tmp_path / "police.xlsx", {"Contacts": [
        HEADER,
        ["16/10/2019", "note", "Child A", "=CONCATENATE(\"Visit \", 1)", "F1"],
        ["16/10/2019", "note", "Child A", "=CONCATENATE(\"Visit \", 2)", "F2"],
        ["17/10/2019", "note", "Child A", "Visit 3", "F3"],
    ]}, cached={("Contacts", "D3"): 2})  # fmt: skip

    result = review("import", path, "--agency", "police")

    assert result.exit_code == 3, result.stderr
    rejected = rejected_lines(result.stderr)
    assert len(rejected) == 1 and "row 2" in rejected[0], result.stderr
    assert "cell D2 (column 'summary') holds a formula whose result was never saved" in rejected[0]
    assert contacts_held(store) == 2  # the row whose formula has its saved result, and the plain one


def test_hidden_sheets_are_skipped_and_said_unless_the_mapping_names_them(
    review: JC, store: Path, tmp_path: Path
) -> None:
    sheets = {name: sheet_xml([["16/10/2019", "note", "Child A", f"On {name}", f"{name}1"]])
              for name in ("Contacts", "Old", "Lookups")}  # fmt: skip
    path = write_parts(tmp_path / "police.xlsx", sheets, states={"Old": "hidden", "Lookups": "veryHidden"})

    result = review("import", path, "--agency", "police")

    assert result.exit_code == 0, result.stderr
    assert "Sheets read: 'Contacts'" in result.stdout
    assert ("Sheets not read: 'Old' (hidden: name it in [source] sheet to read it), 'Lookups' (very hidden: name "
            "it in [source] sheet to read it)") in result.stdout  # fmt: skip
    assert contacts_held(store) == 1

    mapping = tmp_path / "police.toml"
    mapping.write_text('[source]\nsheet = ["Contacts", "Old"]\n', encoding="utf-8")
    again = review("import", path, "--agency", "police", "--map", mapping)

    assert again.exit_code == 0, again.stderr
    assert "Sheets read: 'Contacts', 'Old' (hidden)" in again.stdout
    assert contacts_held(store) == 2  # the hidden sheet's row; the other was held already


def test_a_workbook_without_a_declared_size_or_cell_references_is_read(
    review: JC, store: Path, tmp_path: Path
) -> None:
    # openpyxl's write-only mode declares no size; some writers leave out each cell's reference too.
    streamed = tmp_path / "streamed.xlsx"
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Contacts")
    for row in [HEADER, *DATA]:
        sheet.append(row)
    workbook.save(streamed)
    unplaced = write_parts(tmp_path / "unplaced.xlsx", {"Contacts": [
        SHEET_HEAD, "<sheetData>",
        *("<row>" + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in row) + "</row>"
          for row in [HEADER, *[[*values[:4], f"U{n}"] for n, values in enumerate(DATA)]]),
        "</sheetData></worksheet>",
    ]})  # fmt: skip

    for path in (streamed, unplaced):
        result = review("import", path, "--agency", "police")
        assert result.exit_code == 0, result.stderr
    assert contacts_held(store) == 10


def test_a_workbook_cell_holding_a_nul_or_fifty_megabytes_rejects_its_row_and_the_other_rows_are_kept(
    review: JC, store: Path, tmp_path: Path
) -> None:
    # XML cannot hold a NUL; a workbook writes one as _x0000_, which the reader gives back as the character.
    rows = [["16/10/2019", "note", "Child A", "before_x0000_after", "W1"],
            ["16/10/2019", "note", "Child A", "x" * 50_000_000, "W2"], *DATA]  # fmt: skip
    path = write_parts(tmp_path / "police.xlsx", {"Contacts": sheet_xml(rows)})

    result = measured(store, "import", path, "--agency", "police")

    assert result.exit_code == 3, result.stderr
    rejected = rejected_lines(result.stderr)
    assert len(rejected) == 2 and "row 2" in rejected[0] and "row 3" in rejected[1], result.stderr
    assert "column 'summary' holds a NUL character" in rejected[0]
    assert "column 'summary' holds 50,000,000 characters, more than the 1,000,000" in rejected[1]
    assert "\x00" not in result.stdout + result.stderr
    assert contacts_held(store) == len(DATA)
    assert result.peak_mb < MEMORY_BOUND_MB
    rejects = next((store / "rejects").glob("police-*.csv"))
    assert rejects.stat().st_size < 100_000
