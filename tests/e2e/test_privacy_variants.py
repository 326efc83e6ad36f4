"""No real name in any default output, however an extract writes it: identifiers with other separators,
joined-up names, handles, e-mail addresses, apostrophes left out, month-first dates of birth, names in
tags, in the review's title and in correction reasons; and the register refuses what would make a
pseudonym or an identifier mean two things."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from support import JC, PEOPLE_HEADER

REGISTER = (
    ("P1", "Child Bk", "child", "Maggie Turner;Maggie Doyle", "14/03/2012", "nhs:943 476 5919;la:CH001234"),
    ("P2", "Mr D", "adult", "Darren Doyle;Daz Doyle", "23/01/1985", "pnc:85/123456X"),
    ("P3", "Ms O", "adult", "Siobhan O'Brien-Doyle", "", ""),
    ("P4", "Ms T", "adult", "Sarah Turner", "11/09/1988", ""),
)
HEADER = ("date", "kind", "subjects", "tags", "summary", "reference")
ROWS = (
    ("01/03/2019", "note", "Maggie Turner", "", "NHS 943.476.5919 on the referral; PNC 85123456X checked.", "R-1"),
    ("02/03/2019", "concern", "Child Bk", "Maggie Turner;Darren",
     "Messages from @MaggieTurner and DazDoyle to maggieturner; mail mturner@example.com.", "R-2"),
    ("03/03/2019", "note", "Mr D", "", "OBrien called from 07700 900123; Maggie born March 14 2012.", "R-3"),
    ("Maggie Turner", "note", "Child Bk", "", "A row shifted by a column.", "R-4"),
)  # fmt: skip
LEAKS = ("Maggie", "Turner", "Darren", "Daz", "Doyle", "Brien", "Siobhan", "mturner", "example.com", "07700",
         "March 14 2012", "85123456X", "123456X")  # fmt: skip


def leaks(text: str) -> list[str]:
    found = [word for word in LEAKS if word.lower() in text.lower()]
    digits = re.sub(r"\D", "", text)
    return found + (["the NHS number"] if "9434765919" in digits else [])


@pytest.fixture
def case(jc: JC, write_csv: Callable[..., Path]) -> JC:
    assert jc("init", "--title", "Child Bk review (Maggie Turner)", "--from", "01/01/2019", "--to",
              "31/12/2019").exit_code == 0  # fmt: skip
    assert jc("people", "import", write_csv("people.csv", PEOPLE_HEADER, REGISTER)).exit_code == 0
    return jc


def test_no_variant_of_a_registered_name_or_identifier_reaches_a_default_output(
    case: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    imported = case("import", write_csv("police.csv", HEADER, ROWS), "--agency", "police")
    entries = json.loads(case("chronology", "--format", "json").stdout)
    contact = next(e for e in entries if "referral" in e["summary"])["sources"][0]["contact_id"]
    assert case("amend", contact, "--set", "kind=concern", "--reason", "Maggie Turner's aunt Sarah Turner "
                "confirmed it", "--by", "Sarah Turner").exit_code == 0  # fmt: skip
    shown = {
        "import": imported.stdout + imported.stderr,
        "history": case("history", contact).stdout,
        "history json": case("history", contact, "--format", "json").stdout,
        **{fmt: case("chronology", "--format", fmt).stdout for fmt in ("table", "json", "csv", "md")},
        "knowledge": case("knowledge", "--format", "json").stdout,
    }
    for command in ("chart", "report"):
        assert case(command, "-o", tmp_path / f"{command}.html").exit_code == 0
        shown[command] = (tmp_path / f"{command}.html").read_text(encoding="utf-8")

    assert imported.exit_code == 3
    assert {name: leaks(text) for name, text in shown.items() if leaks(text)} == {}
    assert "<title>Child Bk review (Child Bk): review pack</title>" in shown["report"]
    tagged = next(e for e in entries if e["kind"] == "concern")
    assert tagged["tags"] == ["child_bk", "mr_d"]
    assert "Messages from @Child Bk and Mr D to Child Bk; mail [email]." in tagged["summary"]
    assert "[identifier] on the referral; PNC [identifier]" in shown["json"]
    assert "Ms O called from [phone]; Child Bk born [date of birth]." in shown["json"]
    assert "rejected: police.csv row 5, column 'date': the value is not a date" in shown["import"]

    named = case("chronology", "--format", "json", "--named").stdout
    assert "mturner@example.com" in named and "07700 900123" in named


def test_the_audit_log_and_the_list_of_imports_show_who_and_which_file_pseudonymised(
    case: JC, write_csv: Callable[..., Path]
) -> None:
    # A practitioner who is also in the register runs commands, and an agency names its file after the child.
    extract = write_csv("maggieturner_2019.csv", HEADER, ROWS[:1])
    assert case("import", extract, "--agency", "police").exit_code == 0
    (entry,) = json.loads(case("chronology", "--format", "json").stdout)
    assert (
        case("mark", entry["id"], "--significant", "--reason", "first", "--by", "Sarah Turner").exit_code == 0
    )

    shown = {
        "log": case("log").stdout,
        "log json": case("log", "--format", "json").stdout,
        "extracts": case("extracts").stdout,
        "extracts json": case("extracts", "--format", "json").stdout,
    }

    assert {name: leaks(text) for name, text in shown.items() if leaks(text)} == {}
    assert {e["by"] for e in json.loads(shown["log json"])} >= {"Ms T"}
    assert [e["file"] for e in json.loads(shown["extracts json"])] == ["Child Bk_2019.csv"]
    named = {
        "log": case("log", "--format", "json", "--named").stdout,
        "extracts": case("extracts", "--format", "json", "--named").stdout,
    }
    assert "Sarah Turner" in named["log"] and "maggieturner_2019.csv" in named["log"]
    assert "maggieturner_2019.csv" in named["extracts"]


def test_a_pseudonym_names_one_person_and_identifiers_have_their_schemes_shape(
    case: JC, write_csv: Callable[..., Path]
) -> None:
    more = write_csv("more.csv", PEOPLE_HEADER, [
        ("P9", "Child Bk", "child", "Leo Grant", "", ""),
        ("P10", "Child Lx", "child", "Lexi Grant", "", "nhs:notanumber!!"),
        ("P11", "Child Ly", "child", "Lyla Grant", "", "nhs:943 476 5918"),
        ("P12", "Mr G", "adult", "Gary Grant", "", "pnc:not-a-pnc"),
        ("P13", "Ms G", "adult", "Gina Grant", "", "nhs:943-476-5927;pnc:2001/0012345B;la:any thing"),
    ])  # fmt: skip

    result = case("people", "import", more)

    assert result.exit_code == 3, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("rejected:")]
    assert [line.split(":", 2)[1].strip() for line in lines] == [
        "more.csv row 2, column 'pseudonym'",
        "more.csv row 3, column 'identifiers'",
        "more.csv row 4, column 'identifiers'",
        "more.csv row 5, column 'identifiers'",
    ]
    assert "pseudonym already given to person P1" in lines[0]
    assert "an NHS number is ten digits" in lines[1] and "check digit" in lines[2] and "PNC ID" in lines[3]
    assert case("chronology", "--person", "Ms G", "--format", "json").exit_code == 0


def test_an_identifier_names_one_person_however_it_is_separated(
    case: JC, write_csv: Callable[..., Path]
) -> None:
    more = write_csv("more.csv", PEOPLE_HEADER, [
        ("P9", "Child Lx", "child", "Lexi Grant", "", "nhs:9434765919"),  # P1's NHS number, written joined
        ("P10", "Mr G", "adult", "Gary Grant", "", "pnc:85123456x"),  # P2's PNC ID without its slash
        ("P11", "Ms G", "adult", "Gina Grant", "", "la:CH009999;nhs:401 023 2137"),
        ("P12", "Child Ly", "child", "Lyla Grant", "", "nhs:401-023-2137"),  # the row above's, in this file
        ("P1", "Child Bk", "child", "Maggie Turner", "14/03/2012", "nhs:943 476 5919"),  # P1 again: its own
    ])  # fmt: skip

    result = case("people", "import", more)

    assert result.exit_code == 3, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("rejected:")]
    assert [line.split(":", 2)[1].strip() for line in lines] == [
        "more.csv row 2, column 'identifiers'",
        "more.csv row 3, column 'identifiers'",
        "more.csv row 5, column 'identifiers'",
    ]
    assert "NHS number already given to person P1" in lines[0] and "people merge" in lines[0]
    assert "PNC ID already given to person P2" in lines[1] and "person P11" in lines[2]
    assert leaks(result.stderr) == [] and "401" not in result.stderr
    assert case("chronology", "--person", "Ms G", "--format", "json").exit_code == 0


PUBLISHED = (
    ("On the 9th of March the family moved; seen again on the 12th and on 9/3, letter dated 2019/03/12, "
     "court 12-Mar-19 and 12MAR2019 (ref 20190312). Arrested 2330hrs, released 11.30am, interviewed at 0930, "
     "called 14h30 and at 23:40 on Tuesday 12 March 2019."),
    ("In March the family moved; seen again that month and in March, letter dated March 2019, "
     "court March 2019 and March 2019 (ref March 2019). Arrested [time], released [time], interviewed at [time], "
     "called [time] and at [time] in March 2019."),
)  # fmt: skip


def test_publish_coarsens_every_date_and_time_form_and_keeps_the_sentence_readable(
    case: JC, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv("police.csv", HEADER, [("09/03/2019", "note", "Child Bk", "", PUBLISHED[0], "R-1")])
    assert case("import", extract, "--agency", "police").exit_code == 0

    (entry,) = json.loads(case("chronology", "--format", "json", "--publish").stdout)

    assert entry["summary"] == PUBLISHED[1]


MORE_PUBLISHED = (
    ("Logged 2019-03-12T10:30:00Z and 2019-03-12 10:30; call on 3rd, visit by 14th; seen Tue 12/03/19 and "
     "Wednesday 2019/03/13; met at 12 noon."),
    ("Logged March 2019 [time] and March 2019 [time]; call that month, visit that month; seen March 2019 and "
     "March 2019; met at [time]."),
)  # fmt: skip


def test_publish_coarsens_iso_date_times_bare_ordinal_days_and_weekdays_before_a_date(
    case: JC, write_csv: Callable[..., Path]
) -> None:
    extract = write_csv(
        "police.csv", HEADER, [("12/03/2019", "note", "Child Bk", "", MORE_PUBLISHED[0], "R-1")]
    )
    assert case("import", extract, "--agency", "police").exit_code == 0

    (entry,) = json.loads(case("chronology", "--format", "json", "--publish").stdout)

    assert entry["summary"] == MORE_PUBLISHED[1]


def test_a_tag_holding_an_e_mail_address_or_a_phone_number_is_refused_where_it_is_written(
    case: JC, write_csv: Callable[..., Path], store: Path
) -> None:
    # A tag is stored as lower_snake (`mturner_example_com`), a form no output's scrubbing can recognise.
    imported = case("import", write_csv("police.csv", HEADER, [
        ("01/03/2019", "note", "Child Bk", "mturner@example.com", "Tagged with an e-mail address.", "R-1"),
        ("02/03/2019", "note", "Child Bk", "domestic abuse; 07700 900123", "Tagged with a phone number.", "R-2"),
        ("03/03/2019", "note", "Child Bk", "domestic abuse", "Tagged with a label.", "R-3"),
    ]), "--agency", "police")  # fmt: skip

    assert imported.exit_code == 3, imported.stderr
    shown = imported.stdout + imported.stderr
    assert "police.csv row 2, column 'tags': a tag holds an e-mail address or a telephone number" in shown
    assert "police.csv row 3, column 'tags': a tag holds an e-mail address or a telephone number" in shown
    assert "mturner" not in shown and "07700" not in shown  # the values are in the rejects file only
    rejects = "".join(p.read_text(encoding="utf-8") for p in (store / "rejects").glob("*.csv"))
    assert "mturner@example.com" in rejects and "07700 900123" in rejects
    entries = json.loads(case("chronology", "--format", "json", "--named").stdout)
    assert [e["tags"] for e in entries] == [["domestic_abuse"]]

    contact = entries[0]["sources"][0]["contact_id"]
    amended = case("amend", contact, "--set", "tags=mturner@example.com", "--reason", "tag it")
    assert amended.exit_code != 0
    assert "--set tags: a tag holds an e-mail address or a telephone number" in amended.stderr
    assert "mturner" not in amended.stderr
