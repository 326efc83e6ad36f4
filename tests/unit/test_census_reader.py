"""The CIN census reader does work in proportion to the records of a child, however many they are.

Work is counted, not timed: the calls into the reader's own code (importers/cin_census.py) made while the rows
of a child with N assessments are read, against those made for 2N.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import FrameType

from jointchron.importers import cin_census
from jointchron.importers.cin_census import census_sheets


def census_with_assessments(path: Path, count: int) -> Path:
    assessments = "".join(
        f"<Assessments><AssessmentActualStartDate>2019-10-{1 + n % 28:02d}</AssessmentActualStartDate>"
        f"<FactorsIdentifiedAtAssessment><AssessmentFactors>F{n}</AssessmentFactors></FactorsIdentifiedAtAssessment>"
        "</Assessments>\n"
        for n in range(count)
    )
    path.write_text(
        "<Message><Children><Child><ChildIdentifiers><LAchildID>CH1</LAchildID></ChildIdentifiers>\n"
        f"<CINdetails><CINreferralDate>2019-09-02</CINreferralDate>\n{assessments}</CINdetails></Child>"
        "</Children></Message>\n",
        encoding="utf-8",
    )
    return path


def calls_to_read(path: Path) -> tuple[int, list[list[object]]]:
    """How many times the reader's own functions were entered while the file's assessments were read."""
    own = cin_census.__file__
    calls = 0

    def count(frame: FrameType, event: str, _arg: object) -> None:
        nonlocal calls
        if event == "call" and frame.f_code.co_filename == own:
            calls += 1

    sheet = next(census_sheets(path, ["Assessments"]))
    sys.setprofile(count)
    try:
        rows = [row.values for row in sheet.rows]
    finally:
        sys.setprofile(None)
    return calls, rows


def test_reading_twice_the_assessments_of_one_child_takes_about_twice_the_work(tmp_path: Path) -> None:
    small_calls, small = calls_to_read(census_with_assessments(tmp_path / "small.xml", 400))
    large_calls, large = calls_to_read(census_with_assessments(tmp_path / "large.xml", 800))

    assert len(small) == 400 and len(large) == 800
    assert large[799][:3] == ["CH1", "2019-09-02", "2019-10-16"] and large[799][5] == "F799"
    # Linear work doubles; quadratic work (each record searching all of its episode's) quadruples.
    assert large_calls < 2.3 * small_calls, (small_calls, large_calls)


def test_a_record_takes_its_childs_id_and_its_episodes_date_whichever_comes_first(tmp_path: Path) -> None:
    path = tmp_path / "census.xml"
    path.write_text(
        "<Message><Children><Child><CINdetails>"
        "<Assessments><AssessmentActualStartDate>2019-10-01</AssessmentActualStartDate></Assessments>"
        "<CINreferralDate>2019-09-02</CINreferralDate></CINdetails>"
        "<ChildIdentifiers><LAchildID>CH9</LAchildID></ChildIdentifiers></Child></Children></Message>",
        encoding="utf-8",
    )
    rows = [row.values for row in next(census_sheets(path, ["Assessments"])).rows]
    assert rows == [["CH9", "2019-09-02", "2019-10-01", "", "", "", "CIN episode from 2019-09-02"]]
