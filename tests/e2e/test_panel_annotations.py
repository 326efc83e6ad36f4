"""The panel's own work as events: notes, marks, episodes, judgements and questions survive every re-import."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from jointchron.domain.drafts import contact_id
from support import JC

HEADER = ("date", "time", "kind", "subjects", "summary", "reference", "other_agencies")
Write = Callable[..., Path]


def chronology(jc: JC, *args: str) -> list[dict[str, Any]]:
    result = jc("chronology", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def load(jc: JC, write_csv: Write, agency: str, rows: list[tuple[str, ...]], name: str = "") -> None:
    result = jc("import", write_csv(name or f"{agency}.csv", HEADER, rows), "--agency", agency)
    assert result.exit_code in (0, 3), result.stderr


def last_id(result: Any) -> str:
    assert result.exit_code == 0, result.stderr
    return str(result.stdout.split()[-1])


def reference_sorting_before(agency: str, other: str) -> str:
    """A reference whose contact id sorts before `other`'s: the merged entry's old name would change."""
    return next(f"S{n}" for n in range(1000) if str(contact_id(agency, f"ref:S{n}")) < other)


def strategy_recorded(jc: JC, write_csv: Write) -> None:
    """CSC records strategy discussions (about an adult here), so the records can show whether one followed."""
    load(
        jc,
        write_csv,
        "csc",
        [("01/12/2019", "", "strategy_discussion", "Ms C", "Strategy meeting.", "C1", "")],
    )


@pytest.fixture
def disclosure(people: JC, write_csv: Write) -> tuple[JC, str]:
    """Police record Child A's disclosure on 11/03/2019 (a Monday), and the entry's id."""
    load(
        people,
        write_csv,
        "police",
        [("11/03/2019", "10:00", "disclosure", "Child A", "Amy Smith told PC Ray.", "P1", "")],
    )
    [entry] = chronology(people)
    return people, entry["id"]


def test_a_note_stays_on_its_entry_when_a_further_agencys_record_merges_into_it(
    disclosure: tuple[JC, str], write_csv: Write
) -> None:
    jc, entry = disclosure
    assert jc("note", entry[:8], "Amy Smith was seen alone", "--by", "Panel chair").exit_code == 0
    school = reference_sorting_before("school", entry)

    load(
        jc,
        write_csv,
        "school",
        [("11/03/2019", "", "disclosure", "Child A", "Told her teacher.", school, "")],
    )

    [merged] = chronology(jc)
    assert merged["agencies"] == ["police", "school"]  # one entry of two records
    assert merged["id"] == entry  # named by its first record, not the smaller id the school's has
    assert merged["analysis"] == "Child A was seen alone" and merged["notes"][0]["by"] == "Panel chair"


def test_an_entry_keeps_its_id_and_annotations_when_a_revised_extract_amends_its_record(
    disclosure: tuple[JC, str], write_csv: Write
) -> None:
    jc, entry = disclosure
    load(
        jc,
        write_csv,
        "school",
        [
            (
                "11/03/2019",
                "",
                "disclosure",
                "Child A",
                "Told her teacher.",
                reference_sorting_before("school", entry),
                "",
            )
        ],
    )
    jc("note", entry, "Both agencies heard it the same day")
    jc("mark", entry, "--significant", "--reason", "first disclosure")

    load(
        jc,
        write_csv,
        "police",
        [("11/03/2019", "10:00", "disclosure", "Child A", "Amy told PC Ray at school.", "P1", "")],
        "police-v2.csv",
    )

    [amended] = chronology(jc)
    assert "amended" in amended["flags"] and "at school" in amended["summary"]
    assert amended["id"] == entry and amended["significant"] is True
    assert amended["analysis"] == "Both agencies heard it the same day"


def test_the_panels_work_is_the_same_after_a_rebuild(disclosure: tuple[JC, str], write_csv: Write) -> None:
    jc, entry = disclosure
    strategy_recorded(jc, write_csv)
    load(
        jc,
        write_csv,
        "school",
        [
            (
                "11/03/2019",
                "",
                "disclosure",
                "Child A",
                "Told her teacher.",
                reference_sorting_before("school", entry),
                "",
            )
        ],
    )
    jc("note", entry, "Seen alone")
    jc("mark", entry, "--significant")
    jc("episode", "add", "Disclosure", "--from", "11/03/2019", "--to", "20/03/2019", "--entries", entry)
    jc("question", "school", "Who told the DSL?", "--about", entry)
    gap = json.loads(jc("gaps", "--format", "json").stdout)[0]["id"]
    jc("gaps", "judge", gap, "--accept", "--reason", "no strategy discussion")
    before = [chronology(jc), jc("gaps", "--all", "--format", "json").stdout, jc("episode", "list", "--format", "json").stdout,
              jc("questions", "--format", "json").stdout]  # fmt: skip

    assert jc("rebuild").exit_code == 0

    after = [chronology(jc), jc("gaps", "--all", "--format", "json").stdout, jc("episode", "list", "--format", "json").stdout,
             jc("questions", "--format", "json").stdout]  # fmt: skip
    assert after == before
    assert before[0][0]["id"] == entry and before[0][0]["episodes"] == ["Disclosure"]
    assert json.loads(before[1])[0]["judgement"]["decision"] == "accepted"


def test_notes_and_marks_show_in_every_chronology_format_and_significant_filters(
    disclosure: tuple[JC, str], write_csv: Write, tmp_path: Path
) -> None:
    jc, entry = disclosure
    load(jc, write_csv, "csc", [("20/03/2019", "", "note", "Child B", "Routine call.", "C1", "")])
    jc("note", entry, "Amy Smith named Dan Brown")
    jc("mark", entry, "--significant", "--reason", "first disclosure")

    shown = chronology(jc)
    assert [(e["significant"], e["analysis"]) for e in shown] == [(True, "Child A named Mr D"), (False, "")]
    assert [e["id"] for e in chronology(jc, "--significant")] == [entry]
    assert chronology(jc, "--named")[0]["analysis"] == "Amy Smith named Dan Brown"
    csv = jc("chronology", "--format", "csv").stdout.splitlines()
    assert csv[0].endswith(",significant,analysis,episodes") and csv[1].endswith(",yes,Child A named Mr D,")
    jc("chronology", "--format", "xlsx", "-o", tmp_path / "c.xlsx")
    sheet = load_workbook(tmp_path / "c.xlsx")["Chronology"]
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("Analysis") + 1).value == "Child A named Mr D"
    assert sheet.cell(2, header.index("Significant") + 1).value == "yes"
    jc("chronology", "--format", "docx", "-o", tmp_path / "c.docx")
    row = [c.text for c in Document(str(tmp_path / "c.docx")).tables[0].rows[1].cells]
    assert "Significant" in row[0] and row[4] == "Child A named Mr D"
    markdown = jc("chronology", "--format", "md").stdout
    assert "**significant**" in markdown and "| Child A named Mr D |" in markdown
    jc("chronology", "-o", tmp_path / "table.txt")
    table = (tmp_path / "table.txt").read_text(encoding="utf-8")
    assert "analysis" in table and "Child A named Mr D" in table and "* 11/03/2019" in table


def test_unmarking_an_entry_takes_it_out_of_the_significant_entries(disclosure: tuple[JC, str]) -> None:
    jc, entry = disclosure
    jc("mark", entry, "--significant")
    jc("mark", entry, "--not-significant", "--reason", "routine after all")

    assert chronology(jc, "--significant") == []
    assert [v["reason"] for v in json.loads(jc("history", entry, "--format", "json").stdout)[-2:]] == [
        "significant", "not significant: routine after all"]  # fmt: skip


def test_a_dismissed_gap_leaves_the_gaps_list_but_stays_with_its_reason_under_all(
    disclosure: tuple[JC, str], write_csv: Write
) -> None:
    jc, _ = disclosure
    strategy_recorded(jc, write_csv)
    [gap] = json.loads(jc("gaps", "--format", "json").stdout)
    assert gap["rule"] == "strategy-after-harm" and gap["judgement"] is None

    done = jc(
        "gaps", "judge", gap["id"][:8], "--dismiss", "--reason", "held by phone; Amy Smith's SW confirmed"
    )

    assert done.exit_code == 0, done.stderr
    assert json.loads(jc("gaps", "--format", "json").stdout) == []
    [shown] = json.loads(jc("gaps", "--all", "--format", "json").stdout)
    assert shown["judgement"]["decision"] == "dismissed" and shown["judgement"]["needs_review"] is False
    assert shown["judgement"]["reason"] == "held by phone; Child A's SW confirmed"
    assert "Panel: dismissed: held by phone" in jc("gaps", "--all").stdout
    csv = jc("gaps", "--all", "--format", "csv").stdout.splitlines()
    assert csv[0].endswith(",panel_judgement") and csv[1].endswith(
        ",dismissed: held by phone; Child A's SW confirmed"
    )
    [*_, logged] = json.loads(jc("log", "--format", "json").stdout)
    assert logged["command"] == "gaps judge" and logged["arguments"] == [
        gap["id"][:8],
        "--dismiss",
        "--reason …",
    ]


def test_a_judgement_is_flagged_for_review_when_a_revised_extract_changes_its_gaps_evidence(
    disclosure: tuple[JC, str], write_csv: Write
) -> None:
    jc, _ = disclosure
    strategy_recorded(jc, write_csv)
    [gap] = json.loads(jc("gaps", "--format", "json").stdout)
    jc("gaps", "judge", gap["id"], "--accept", "--reason", "no strategy discussion at all")
    csc = [("03/04/2019", "", "strategy_discussion", "Child A", "Strategy discussion.", "C9", "police")]

    load(jc, write_csv, "csc", csc)

    [late] = [g for g in json.loads(jc("gaps", "--format", "json").stdout) if g["rule"] == gap["rule"]]
    assert late["id"] == gap["id"] and late["status"] == "late"
    assert late["judgement"]["needs_review"] is True and "status" in late["judgement"]["changed"]
    assert "needs review" in jc("gaps").stdout


def test_questions_to_agencies_are_listed_until_answered(disclosure: tuple[JC, str]) -> None:
    jc, entry = disclosure
    asked = last_id(jc("question", "police", "Was Amy Smith seen alone?", "--about", entry[:8]))

    [open_question] = json.loads(jc("questions", "--open", "--format", "json").stdout)
    assert open_question["text"] == "Was Child A seen alone?" and open_question["about"] == entry
    assert jc("answer", asked[:8], "Yes, by PC Ray.", "--by", "Police IMR author").exit_code == 0
    assert json.loads(jc("questions", "--open", "--format", "json").stdout) == []
    [answered] = json.loads(jc("questions", "--format", "json").stdout)
    assert answered["answers"][0]["by"] == "Police IMR author" and answered["open"] is False


def test_a_question_to_an_agency_the_review_does_not_hold_is_refused_in_one_line(
    disclosure: tuple[JC, str],
) -> None:
    jc, _ = disclosure
    log = jc("log", "--format", "json").stdout

    refused = jc("question", "polise", "Who attended?")

    assert refused.exit_code == 1 and refused.stderr.count("\n") == 1
    assert "did you mean police?" in refused.stderr
    assert jc("log", "--format", "json").stdout == log  # nothing written


def test_a_note_on_an_id_that_names_no_entry_is_refused_and_writes_nothing(
    disclosure: tuple[JC, str],
) -> None:
    jc, _ = disclosure
    log = jc("log", "--format", "json").stdout

    refused = jc("note", "deadbeef", "a note")

    assert refused.exit_code == 1 and "no entry has id deadbeef" in refused.stderr
    assert jc("log", "--format", "json").stdout == log


def test_every_piece_of_the_panels_work_is_in_the_audit_log_without_its_text(
    disclosure: tuple[JC, str],
) -> None:
    jc, entry = disclosure
    jc("note", entry, "Amy Smith was seen alone", "--by", "Panel chair")

    [*_, last] = json.loads(jc("log", "--format", "json").stdout)
    assert last["command"] == "note" and last["by"] == "Panel chair"
    assert last["arguments"] == [entry, "…"]


def test_a_withdrawn_note_leaves_the_analysis_but_stays_in_the_entrys_history(
    disclosure: tuple[JC, str],
) -> None:
    jc, entry = disclosure
    note = last_id(jc("note", entry, "On the wrong entry"))

    assert jc("retract", note[:8], "--reason", "wrong entry").exit_code == 0

    assert chronology(jc)[0]["analysis"] == ""
    history = jc("history", entry).stdout
    assert "panel note (withdrawn: wrong entry)" in history and "On the wrong entry" in history


def test_a_note_on_an_entry_later_withdrawn_stays_in_its_history(disclosure: tuple[JC, str]) -> None:
    jc, entry = disclosure
    jc("note", entry, "Check with police")
    jc("withdraw", entry, "--reason", "duplicate")

    assert chronology(jc) == []
    assert "panel note" in jc("history", entry).stdout and "Check with police" in jc("history", entry).stdout
    [kept] = chronology(jc, "--include-withdrawn")
    assert kept["analysis"] == "Check with police"


def test_an_episode_holds_the_entries_of_its_period_and_the_panels_analysis(
    disclosure: tuple[JC, str], write_csv: Write, tmp_path: Path
) -> None:
    jc, entry = disclosure
    load(jc, write_csv, "csc", [("20/03/2019", "", "note", "Child A", "Call.", "C1", ""),
                                ("20/05/2019", "", "note", "Child A", "Later call.", "C2", "")])  # fmt: skip
    episode = last_id(jc("episode", "add", "Disclosure and after", "--from", "11/03/2019", "--to", "31/03/2019",
                         "--summary", "Amy Smith told police"))  # fmt: skip
    jc("episode", "note", episode[:8], "No strategy discussion followed")

    [shown] = json.loads(jc("episode", "list", "--format", "json").stdout)
    assert shown["title"] == "Disclosure and after" and shown["summary"] == "Child A told police"
    assert len(shown["entries"]) == 2 and entry in shown["entries"]
    assert [a["text"] for a in shown["analysis"]] == ["No strategy discussion followed"]
    jc("episode", "list", "-o", tmp_path / "episodes.txt")
    assert "Disclosure and after" in (tmp_path / "episodes.txt").read_text(encoding="utf-8")


def test_an_episode_refuses_an_entry_outside_its_period(disclosure: tuple[JC, str]) -> None:
    jc, entry = disclosure

    refused = jc("episode", "add", "Later", "--from", "01/04/2019", "--to", "30/04/2019", "--entries", entry)

    assert refused.exit_code == 1 and "outside the episode" in refused.stderr
    assert json.loads(jc("episode", "list", "--format", "json").stdout) == []
