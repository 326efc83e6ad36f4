"""Files as agencies save them: Windows-1252 and UTF-8 with a BOM, `,` `;` tab and `|`, quotes across lines.

Every file is written byte for byte by the test and imported through the CLI. No line is ever
dropped: a line that cannot be read is reported with its number, and the rows around it are kept.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from support import JC

HEADER = "date,kind,subjects,summary,reference"


def write(tmp_path: Path, name: str, text: str | bytes, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    return path


def rejects_of(stderr: str) -> list[dict[str, str]]:
    line = next(line for line in stderr.splitlines() if line.startswith("Every rejected row"))
    with Path(line.rsplit(": ", 1)[1].strip()).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def chronology(jc: JC) -> list[dict[str, object]]:
    result = jc("chronology", "--format", "json")
    assert result.exit_code == 0, result.stderr
    entries: list[dict[str, object]] = json.loads(result.stdout)
    return entries


def test_a_windows_1252_file_saved_by_excel_keeps_its_euro_pound_curly_quotes_and_dashes(
    people: JC, tmp_path: Path
) -> None:
    text = (
        f"{HEADER}\r\n"
        "12/09/2019,note,Child A,“Mum” said the £20 – or €25 – was for Amy’s shoes,P1\r\n"
        "13/09/2019,note,Child A,Plain text,P2\r\n"
    )
    extract = write(tmp_path, "school.csv", text, encoding="cp1252")
    assert b"\x93Mum\x94" in extract.read_bytes() and b"\xa3" in extract.read_bytes()

    result = people("import", extract, "--agency", "school")

    assert result.exit_code == 0, result.stderr
    summaries = [e["summary"] for e in chronology(people)]
    assert summaries == ["“Mum” said the £20 – or €25 – was for Child A’s shoes", "Plain text"]


def test_a_utf8_file_with_a_byte_order_mark_and_semicolons_is_read_with_its_first_header(
    people: JC, tmp_path: Path
) -> None:
    text = (
        "\ufeffDate;Kind;Subjects;Summary;Reference\r\n12/09/2019;visit;Child B;Zoë’s visit, at home;G1\r\n"
    )
    extract = write(tmp_path, "gp.csv", text)

    result = people("import", extract, "--agency", "gp")

    assert result.exit_code == 0, result.stderr
    [entry] = chronology(people)
    assert entry["kind"] == "visit" and entry["summary"] == "Zoë’s visit, at home"
    assert entry["date"] == "2019-09-12"


def test_tab_and_pipe_separated_files_are_recognised(people: JC, tmp_path: Path) -> None:
    tabbed = write(
        tmp_path, "police.tsv", "date\tkind\tsubjects\tsummary\n12/09/2019\tarrest\tMr D\tArrested, bailed\n"
    )
    piped = write(tmp_path, "csc.txt", "date|kind|subjects|summary\n13/09/2019|visit|Child A|Seen; well\n")

    assert people("import", tabbed, "--agency", "police").exit_code == 0
    assert people("import", piped, "--agency", "csc").exit_code == 0

    entries = chronology(people)
    assert [(e["agency"], e["kind"], e["summary"]) for e in entries] == [
        ("police", "arrest", "Arrested, bailed"),
        ("csc", "visit", "Seen; well"),
    ]


def test_a_title_line_above_a_semicolon_header_does_not_hide_the_separator(
    people: JC, tmp_path: Path
) -> None:
    text = (
        "Police chronology, CSPR\n\ndate;kind;subjects;summary\n12/09/2019;incident;Child A;Seen, then left\n"
    )
    result = people("import", write(tmp_path, "police.csv", text), "--agency", "police")
    assert result.exit_code == 0, result.stderr
    [entry] = chronology(people)
    assert entry["summary"] == "Seen, then left" and entry["sources"][0]["row"] == 4  # type: ignore[index]


def test_a_stray_undecodable_byte_rejects_its_row_only_and_is_named_in_the_report(
    people: JC, tmp_path: Path
) -> None:
    data = (
        f"{HEADER}\n".encode()
        + "12/09/2019,note,Child A,Café visit,P1\n".encode()
        + b"13/09/2019,note,Child A,Broken \xff byte,P2\n"
        + "14/09/2019,note,Child A,Naïve résumé,P3\n".encode()
    )
    extract = write(tmp_path, "health.csv", data)

    result = people("import", extract, "--agency", "health")

    assert result.exit_code == 3
    assert "health.csv row 3, column 'summary': byte 0xff cannot be read" in result.stderr
    assert "Broken" not in result.stderr + result.stdout
    [reject] = rejects_of(result.stderr)
    assert (reject["file"], reject["sheet"], reject["row"], reject["column"]) == (
        "health.csv",
        "",
        "3",
        "summary",
    )
    assert reject["value"] == "Broken \\xff byte" and "encoding" in reject["reason"]
    assert [e["summary"] for e in chronology(people)] == ["Café visit", "Naïve résumé"]


def test_a_byte_windows_1252_leaves_undefined_is_reported_not_dropped(people: JC, tmp_path: Path) -> None:
    data = f"{HEADER}\r\n".encode() + "12/09/2019,note,Child A,£5 given,P1\r\n".encode("cp1252")
    data += b"13/09/2019,note\x81,Child A,x,P2\r\n"
    result = people("import", write(tmp_path, "housing.csv", data), "--agency", "housing")
    assert result.exit_code == 3
    [reject] = rejects_of(result.stderr)
    assert (reject["row"], reject["column"], reject["value"]) == ("3", "kind", "note\\x81")
    assert [e["summary"] for e in chronology(people)] == ["£5 given"]


def test_a_ragged_row_is_rejected_whole_and_a_short_row_reads_its_missing_cells_as_empty(
    people: JC, tmp_path: Path
) -> None:
    text = (
        f"{HEADER}\n"
        "12/09/2019,note,Child A,Good,P1\n"
        "13/09/2019,note,Child A,Split, by an extra comma,P2\n"
        "14/09/2019,note,Child A\n"
    )
    result = people("import", write(tmp_path, "school.csv", text), "--agency", "school")

    assert result.exit_code == 3
    assert "school.csv row 3: the row has 6 values but the header has 5 columns" in (result.stderr)
    [reject] = rejects_of(result.stderr)
    assert (reject["row"], reject["column"]) == ("3", "")
    assert reject["value"] == "13/09/2019 | note | Child A | Split | by an extra comma | P2"
    assert [(e["date"], e["summary"]) for e in chronology(people)] == [
        ("2019-09-12", "Good"),
        ("2019-09-14", ""),
    ]


def test_quoted_cells_over_several_lines_keep_every_later_row_number_right(
    people: JC, tmp_path: Path
) -> None:
    text = (
        f"{HEADER}\r\n"
        '12/09/2019,note,Child A,"Line one\r\nline two\r\nline three",P1\r\n'
        '13/09/2019,note,Child A,"Quote ""inside"", comma",P2\r\n'
        "31/02/2019,note,Child A,Bad date,P3\r\n"
        "14/09/2019,note,Child A,After,P4\r\n"
    )
    result = people("import", write(tmp_path, "csc.csv", text), "--agency", "csc")

    assert result.exit_code == 3
    [reject] = rejects_of(result.stderr)
    assert (reject["row"], reject["column"], reject["value"]) == ("6", "date", "31/02/2019")
    entries = chronology(people)
    assert [(e["summary"], e["sources"][0]["row"]) for e in entries] == [  # type: ignore[index]
        ("Line one\r\nline two\r\nline three", 2),
        ('Quote "inside", comma', 5),
        ("After", 7),
    ]


def test_a_quote_never_closed_costs_its_own_line_and_not_the_rows_after_it(
    people: JC, tmp_path: Path
) -> None:
    text = (
        f"{HEADER}\n"
        '12/09/2019,note,Child A,"Opened and never closed,P1\n'
        "13/09/2019,note,Child A,Next row,P2\n"
        '14/09/2019,note,Child A,"Quoted, fine",P3\n'
        '15/09/2019,note,Child A,"Last, also unclosed\n'
    )
    result = people("import", write(tmp_path, "police.csv", text), "--agency", "police")

    assert result.exit_code == 3
    rejects = rejects_of(result.stderr)
    assert [(r["row"], r["column"]) for r in rejects] == [("2", ""), ("5", "")]
    assert all("quote opened in this line is never closed" in r["reason"] for r in rejects)
    assert rejects[0]["value"] == '12/09/2019,note,Child A,"Opened and never closed,P1'
    assert [e["summary"] for e in chronology(people)] == ["Next row", "Quoted, fine"]
