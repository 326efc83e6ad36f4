"""The Python API an analyst uses in a notebook: the same store, the same records and errors as the CLI."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

import jointchron
from jointchron.domain.errors import InvalidDate, InvalidValue, JointchronError
from jointchron.importers.report import ImportReport
from jointchron.service.application import ReviewNotOpened
from jointchron.service.review_store import Store
from support import JC, PEOPLE, PEOPLE_HEADER

HEADER = ("Occurrence", "When", "Type", "Who", "Summary")
POLICE_ROWS = (
    ("P-1", "10/03/2019", "Arrest", "Dan Brown", "Dan Brown arrested after the disclosure by Amy Smith."),
    ("P-2", "12/03/2019", "Strategy", "Amy Smith", "Strategy discussion about Amy Smith."),
    ("P-3", "20/06/2019", "Welfare visit", "Ben Smith", "Ben Smith seen at home."),
)
MAPPING = """\
[columns]
reference = "Occurrence"
date = "When"
kind = "Type"
subjects = "Who"
summary = "Summary"

[kinds]
"Arrest" = "arrest"
"Strategy" = "strategy_discussion"
"Welfare visit" = "visit"
"""


@pytest.fixture
def review(store: Path, write_csv: Callable[..., Path]) -> Store:
    """A review opened from Python, with the people register imported."""
    opened = jointchron.init_review(store, title="Child A", jurisdiction="england", start="01/01/2019",
                                    end="31/12/2019")  # fmt: skip
    opened.import_people(write_csv("people.csv", PEOPLE_HEADER, PEOPLE))
    yield opened
    opened.close()


@pytest.fixture
def police(review: Store, tmp_path: Path, write_csv: Callable[..., Path]) -> ImportReport:
    (tmp_path / "police.toml").write_text(MAPPING, encoding="utf-8")
    extract = write_csv("police.csv", HEADER, POLICE_ROWS)
    return review.import_extract(
        str(extract), agency="police", mapping=str(tmp_path / "police.toml"), by="Jo"
    )


def test_an_extract_imported_from_python_gives_its_report_and_a_pseudonymised_chronology_frame(
    review: Store, police: ImportReport
) -> None:
    assert isinstance(police, ImportReport)
    assert (police.counts.read, police.counts.imported, police.counts.rejected) == (3, 3, 0)

    frame = review.chronology()

    assert isinstance(frame, pd.DataFrame)
    assert list(frame["kind"]) == ["arrest", "strategy_discussion", "visit"]
    assert frame["date"].dtype.kind == "M" and frame["date"].iloc[0] == pd.Timestamp("2019-03-10")
    assert list(frame["subjects"]) == [["Mr D"], ["Child A"], ["Child B"]]
    assert frame.loc[0, "summary"] == "Mr D arrested after the disclosure by Child A."
    assert "Amy" not in frame.to_string() and "Dan Brown" not in frame.to_string()
    assert frame.loc[0, "sources"][0]["file"] == "police.csv" and frame.loc[0, "sources"][0]["row"] == 2


def test_the_chronology_frame_filters_by_person_agency_and_uk_dates_and_shows_names_only_when_asked(
    review: Store, police: ImportReport
) -> None:
    assert list(review.chronology(person="Child A")["kind"]) == ["strategy_discussion"]
    assert list(review.chronology(start="11/03/2019", end=datetime.date(2019, 6, 30))["kind"]) == [
        "strategy_discussion", "visit",
    ]  # fmt: skip
    assert len(review.chronology(agency="Police")) == 3
    with pytest.raises(
        JointchronError, match="no agency 'csc' in this review"
    ):  # a filter never matches nothing
        review.chronology(agency="csc")
    assert list(review.chronology(named=True)["subjects"]) == [["Dan Brown"], ["Amy Smith"], ["Ben Smith"]]


def test_the_chronology_frame_holds_the_entries_the_cli_prints(
    review: Store, police: ImportReport, jc: JC
) -> None:
    review.release_views()  # the CLI below opens the read model as another command would
    printed = json.loads(jc("chronology", "--format", "json").stdout)

    frame = review.chronology()

    assert list(frame["id"]) == [e["id"] for e in printed]
    assert list(frame.columns) == list(printed[0])
    assert frame.drop(columns=["date", "end_date"]).to_dict("records") == [
        {k: v for k, v in e.items() if k not in ("date", "end_date")} for e in printed
    ]


def test_an_empty_chronology_and_no_gaps_are_frames_with_their_columns(review: Store) -> None:
    chronology = review.chronology()
    gaps = review.gaps()

    assert chronology.empty and {"id", "date", "agency", "kind", "summary", "sources"} <= set(
        chronology.columns
    )
    assert gaps.empty and {"rule", "status", "child", "due", "explanation"} <= set(gaps.columns)


def test_gaps_are_a_frame_of_the_records_the_cli_prints(
    review: Store, jc: JC, write_csv: Callable[..., Path]
) -> None:
    header = ("date", "kind", "subjects", "summary", "sender", "recipients", "reference")
    school = write_csv("school.csv", header, [
        ("06/05/2019", "referral", "Child A", "Referral after a disclosure.", "", "csc", "S-1"),
        ("07/05/2019", "disclosure", "Child A", "Child A disclosed harm.", "", "", "S-2"),
    ])  # fmt: skip
    csc = write_csv("csc.csv", header, [
        ("20/05/2019", "decision", "Child A", "Strategy decided.", "", "", "C-1"),
    ])  # fmt: skip
    review.import_extract(school, agency="school")
    review.import_extract(csc, agency="csc")
    review.release_views()
    printed = json.loads(jc("gaps", "--format", "json").stdout)

    gaps = review.gaps()

    assert printed, "the case should have gaps"
    assert list(gaps["id"]) == [g["id"] for g in printed]
    assert list(gaps["rule"]) == [g["rule"] for g in printed]
    assert gaps["due"].dtype.kind == "M"
    assert all(isinstance(text, str) and text for text in gaps["explanation"])
    assert "Amy" not in gaps.to_string()
    assert list(review.gaps(person="Child B")["id"]) == [g["id"] for g in printed if g["child"] == "Child B"]


def test_the_timeline_is_the_altair_chart_of_jointchron_chart(review: Store, police: ImportReport) -> None:
    chart = review.timeline(person="Child A")

    assert isinstance(chart, alt.TopLevelMixin)
    spec = json.dumps(chart.to_dict())
    assert "Child A" in spec and "Strategy discussion about Child A." in spec
    assert "Amy" not in spec and "Ben Smith" not in spec


def test_errors_from_python_are_the_one_line_errors_of_the_cli(
    tmp_path: Path, write_csv: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(
        "JOINTCHRON_EVENTS_URL", raising=False
    )  # stores in files, so that a new directory is empty
    monkeypatch.delenv("JOINTCHRON_STORE", raising=False)
    review = jointchron.init_review(tmp_path / "store", title="T", start="01/01/2019", end="31/12/2019")
    extract = write_csv("x.csv", HEADER, POLICE_ROWS)
    failures: list[JointchronError] = []
    for attempt in (
        lambda: jointchron.open_review(tmp_path / "no-review-here"),
        lambda: jointchron.init_review(
            tmp_path / "other", title="T", jurisdiction="englnd", start="01/01/2019", end="31/12/2019"
        ),
        lambda: review.chronology(start="31/02/2019"),
        lambda: review.import_extract(
            extract, agency="police", mapping=tmp_path / "x.toml", profile="annex-a"
        ),
        lambda: review.import_extract(tmp_path / "missing.csv", agency="police"),
    ):
        with pytest.raises(JointchronError) as raised:
            attempt()
        failures.append(raised.value)

    review.close()
    assert [type(f) for f in failures[:3]] == [ReviewNotOpened, InvalidValue, InvalidDate]
    assert "england, wales, scotland" in str(failures[1])
    assert all("\n" not in str(f) and str(f) for f in failures)


def test_changes_made_from_python_are_in_the_audit_log_and_a_dry_run_is_not(
    review: Store, police: ImportReport, tmp_path: Path
) -> None:
    again = review.import_extract(tmp_path / "police.csv", agency="police", mapping=tmp_path / "police.toml",
                                  dry_run=True)  # fmt: skip

    log = review.audit_log()

    assert again.counts.unchanged == 3
    assert [(e["command"], e["by"]) for e in log][-1] == ("import", "Jo")
    assert log[-1]["arguments"] == ["police.csv", "--agency", "police"]
    assert [e["command"] for e in log[:2]] == ["init", "people import"]
    assert len([e for e in log if e["command"] == "import"]) == 1


def test_import_jointchron_is_light_and_its_names_load_when_used(tmp_path: Path) -> None:
    probe = (
        "import json, sys, jointchron\n"
        "light = sorted(m for m in ('pandas', 'altair', 'duckdb', 'eventsourcing') if m in sys.modules)\n"
        "callable(jointchron.open_review) and callable(jointchron.init_review)\n"
        "print(json.dumps([light, 'duckdb' in sys.modules, sorted(jointchron.__all__)]))\n"
    )
    # run outside the repository, whose jointchron/ would shadow the installed package
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path
    )

    light, loaded_when_used, names = json.loads(result.stdout)
    assert light == []
    assert loaded_when_used is True
    assert names == ["ImportReport", "JointchronError", "Store", "init_review", "open_review"]


def test_every_public_method_of_the_review_store_has_a_docstring() -> None:
    undocumented = [
        name for name in dir(Store) if not name.startswith("_") and callable(getattr(Store, name))
        and not (getattr(Store, name).__doc__ or "").strip()
    ]  # fmt: skip

    assert undocumented == []
