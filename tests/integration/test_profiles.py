"""Built-in profiles (`--profile NAME`) on realistic files written by the tests."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from workbooks import write_workbook

from jointchron.service.review_store import Store
from support import JC

EXTRA_PEOPLE = ("person_id", "pseudonym", "role", "names", "dob", "identifiers")
YES, NO = "a) Yes", "b) No"
DEMOGRAPHICS = ["Gender", "Ethnicity", "Date of Birth", "Age"]
CHILD = ["b) Female", "a) WBRI", datetime.date(2012, 2, 1), 7.6]


def chronology(jc: JC) -> list[dict[str, object]]:
    result = jc("chronology", "--format", "json")
    assert result.exit_code == 0, result.stderr
    entries: list[dict[str, object]] = json.loads(result.stdout)
    return entries


def facts(entries: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return sorted(
        (e["date"], e["kind"], e["subjects"], e["tags"], e["sender"], e["recipients"]) for e in entries
    )


def register(jc: JC, write_csv: Callable[..., Path], *rows: tuple[str, ...]) -> None:
    result = jc("people", "import", write_csv("more-people.csv", EXTRA_PEOPLE, rows))
    assert result.exit_code == 0, result.stderr


def profile_of_extracts(store: Path) -> list[str]:
    opened = Store.open(store)
    try:
        return [str(row[0]) for row in opened.views().execute("SELECT profile FROM extracts").fetchall()]
    finally:
        opened.close()


# -- annex-a ---------------------------------------------------------------------------------------


def test_annex_a_lists_become_dated_contacts_about_the_children_they_name(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path, store: Path
) -> None:
    register(people, write_csv, ("P5", "Child E", "child", "Eve Jones", "01/02/2012", "la:9212044"))
    workbook = write_workbook(
        tmp_path / "annex_a.xlsx",
        {
            "Guidance": [["Lists 1 to 11 follow; Date of Contact is day first"]],
            "List 1": [
                ["Child Unique ID", *DEMOGRAPHICS, "Date of Contact", "Contact Source"],
                [9212044, *CHILD, datetime.date(2019, 9, 16), "q) 6: Police"],
                ["CH2", *CHILD, "16/09/2019", "b) 1B: Individual"],
                ["CH1", *CHILD, 43727, "g) Police"],
            ],
            "List 3": [
                ["Annex A – List 3: Referrals in the last six months"],
                [],
                ["Child Unique ID", *DEMOGRAPHICS, "Date of Referral", "Referral Source", "Referral NFA?",
                 "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker"],
                [9212044, *CHILD, datetime.date(2019, 9, 17), "j) 3D: Health services", YES, 0, "MASH",
                 "Dustin\u00a0Hazlett"],
                ["CH1", *CHILD, datetime.date(2019, 9, 18), "e) 2A: Schools", "No", 1, "Locality 1", "Ann Lee"],
            ],
            "List 5": [
                ["Child Unique ID", *DEMOGRAPHICS, "Does the Child have a Disability",
                 "Strategy discussion initiating Section 47 Enquiry Start Date",
                 "Was an Initial Child Protection Conference deemed unnecessary?",
                 "Date of Initial Child Protection Conference",
                 "Did the Initial Child Protection Conference Result in a Child Protection Plan"],
                ["CH1", *CHILD, NO, datetime.date(2019, 9, 20), "No", datetime.date(2019, 10, 4), "Yes"],
                [9212044, *CHILD, NO, datetime.date(2019, 9, 21), YES, None, None],
            ],
            "List 7": [
                ["Child Unique ID", *DEMOGRAPHICS, "Child Protection Plan Start Date", "Initial Category of Abuse",
                 "Latest Category of Abuse", "Date of the Last Statutory Visit", "Was the Child Seen Alone?",
                 "Date of latest review conference", "Child Protection Plan End Date"],
                ["CH1", *CHILD, datetime.date(2019, 10, 4), "c) Sexual abuse", "c) Sexual abuse",
                 datetime.date(2019, 11, 1), YES, "=F2+90", None],
            ],
            "List 11": [
                ["Individual adopter identifier", "Date enquiry received"],
                [7105179, datetime.date(2019, 8, 6)],
            ],
        },
        cached={("List 7", "K2"): 43832},  # 02/01/2020
        date_cells={("List 7", "K2"): "dd/mm/yyyy"},
    )  # fmt: skip

    result = people("import", workbook, "--profile", "annex-a")

    assert result.exit_code == 0, result.stderr
    assert "annex_a.xlsx (csc)" in result.stdout and "│ rows read           │ 8 " in result.stdout
    entries = chronology(people)
    assert facts(entries) == [
        ("2019-09-16", "contact_received", ["Child B"], [], "csc", ["csc"]),
        ("2019-09-16", "contact_received", ["Child E"], [], "police", ["csc"]),
        ("2019-09-17", "referral", ["Child E"], ["nfa"], "health", ["csc"]),
        ("2019-09-18", "referral", ["Child A"], [], "school", ["csc"]),
        ("2019-09-19", "contact_received", ["Child A"], [], "police", ["csc"]),
        ("2019-09-20", "s47_start", ["Child A"], [], "csc", []),
        ("2019-09-20", "strategy_discussion", ["Child A"], [], "csc", []),
        ("2019-09-21", "s47_end", ["Child E"], ["no_icpc"], "csc", []),
        ("2019-09-21", "s47_start", ["Child E"], [], "csc", []),
        ("2019-09-21", "strategy_discussion", ["Child E"], [], "csc", []),
        ("2019-10-04", "conference", ["Child A"], ["icpc"], "csc", []),
        ("2019-10-04", "plan_start", ["Child A"], ["cp", "sexual_abuse"], "csc", []),
        ("2019-11-01", "visit", ["Child A"], ["cp", "seen_alone"], "csc", []),
        ("2020-01-02", "conference", ["Child A"], ["cp", "rcpc"], "csc", []),
    ]
    referral = next(e for e in entries if e["kind"] == "referral" and e["subjects"] == ["Child E"])
    assert referral["summary"] == (
        "Referral to children's social care from j) 3D: Health services; no further action: a) Yes; allocated to MASH"
    )
    assert referral["sources"] == [{
        "agency": "csc", "file": "annex_a.xlsx", "sheet": "List 3", "row": 4, "contact_id": referral["id"],
        "reference": "", "episode": "", "practitioner": "Dustin Hazlett", "summary": referral["summary"],
    }]  # fmt: skip
    assert profile_of_extracts(store) == ["annex-a"]
    again = people("import", workbook, "--profile", "annex-a")
    assert again.exit_code == 0 and len(chronology(people)) == len(entries)


def test_an_annex_a_list_without_its_header_row_or_with_a_bad_date_is_reported_and_the_rest_is_read(
    people: JC, tmp_path: Path
) -> None:
    workbook = write_workbook(tmp_path / "annex_a.xlsx", {
        "List 1": [
            ["Child Unique ID", *DEMOGRAPHICS, "Date of Contact", "Contact Source"],
            ["CH1", *CHILD, datetime.date(2019, 9, 16), "q) 6: Police"],
            ["CH2", *CHILD, "31/09/2019", "q) 6: Police"],
        ],
        "List 3": [["Child", "When", "Who"], ["CH1", "17/09/2019", "Police"]],
    })  # fmt: skip

    result = people("import", workbook, "--profile", "annex-a")

    assert result.exit_code == 3
    assert "sheet 'List 1' row 3, column 'Date of Contact': the value is not a real date" in result.stderr
    print(result.stderr)
    assert "sheet 'List 3' row 1" in result.stderr
    assert (
        "no header row with a 'Date of referral' column in the first 30 rows, so this sheet was not read"
        in (result.stderr)
    )
    assert facts(chronology(people)) == [
        ("2019-09-16", "contact_received", ["Child A"], [], "police", ["csc"])
    ]


def test_an_annex_a_list_saved_on_its_own_as_csv_is_read_with_that_lists_mapping(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    header = ("Child Unique ID", "Gender", "Date of Referral", "Referral Source", "Referral NFA?")
    extract = write_csv(
        "annex_a_list_3.csv", header, [("CH1", "a) Male", "18/09/2019", "q) 6: Police", "Yes")]
    )
    unnamed = write_csv("referrals.csv", header, [("CH2", "b) Female", "19/09/2019", "e) 2A: Schools", "No")])

    assert people("import", extract, "--profile", "annex-a").exit_code == 0
    assert people("import", unnamed, "--profile", "annex-a").exit_code == 0
    assert facts(chronology(people)) == [
        ("2019-09-18", "referral", ["Child A"], ["nfa"], "police", ["csc"]),
        ("2019-09-19", "referral", ["Child B"], [], "school", ["csc"]),
    ]


def sample_workbook() -> Path:
    """The public Annex A sample in ../shared/samples/, beside the repository (see its README)."""
    repository = Path(__file__).resolve().parents[2]
    return repository / ".." / "shared" / "samples" / "annex_a_sample_2024.xlsx"


@pytest.mark.skipif(
    not sample_workbook().exists(), reason="../shared/samples/annex_a_sample_2024.xlsx is absent"
)
def test_the_published_annex_a_sample_is_read_as_a_local_authority_sends_it(jc: JC) -> None:
    opened = jc("init", "--title", "Annex A sample", "--from", "01/01/2000", "--to", "31/12/2021")
    assert opened.exit_code == 0, opened.stderr

    result = jc("import", sample_workbook(), "--profile", "annex-a")

    assert result.exit_code == 0, result.stderr
    assert "│ rows read           │ 54 " in result.stdout  # Lists 1-10; List 11 is about adopters
    entries = chronology(jc)
    kinds: dict[str, int] = {}
    for entry in entries:
        kinds[str(entry["kind"])] = kinds.get(str(entry["kind"]), 0) + 1
    assert kinds == {
        "contact_received": 5, "assessment_start": 10, "assessment_end": 10, "referral": 6,
        "strategy_discussion": 5, "s47_start": 5, "s47_end": 2, "conference": 8, "plan_start": 22,
        "plan_end": 6, "visit": 22, "decision": 26, "meeting": 5, "appointment": 10, "note": 5,
    }  # fmt: skip
    senders = sorted(str(e["sender"]) for e in entries if e["kind"] in ("contact_received", "referral"))
    assert senders == ["csc", "csc", "health", "other", "police", "police", "police", "police", "police", "police",
                       "school"]  # fmt: skip
    placement = [e for e in entries if "placement_order" in e["tags"]]  # type: ignore[operator]
    assert len(placement) == 5  # List 10's dates are formulas (=I2+5): their cached values are read
    assert all(e["subjects"] and str(e["subjects"][0]).startswith("Unconfirmed") for e in entries)  # type: ignore[index]
    assert "9212044.0" not in result.stderr + result.stdout

    # Every Annex A record is about a child, registered or not, so the child rules judge them; but Annex A
    # records no decision on a referral (its decisions are about looked-after children and adoption), so
    # referral-decision is not assessable from it and raises nothing.
    gaps = json.loads(jc("gaps", "--format", "json").stdout)
    rules = {r["id"]: r for r in json.loads(jc("rules", "--format", "json").stdout)}
    assert "assessment-timescale" in {g["rule"] for g in gaps}
    assert rules["referral-decision"]["assessable"] is False and "referral-decision" not in {
        g["rule"] for g in gaps
    }


# -- cin-census ------------------------------------------------------------------------------------

CENSUS = """<?xml version="1.0" encoding="utf-8"?>
<Message xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Header>
    <CollectionDetails><Collection>CIN</Collection><Year>2020</Year><ReferenceDate>2020-03-31</ReferenceDate></CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>999</LEA><SoftwareCode>Local Authority</SoftwareCode></Source>
  </Header>
  <Children>
    <Child>
      <ChildIdentifiers>
        <LAchildID>CH1</LAchildID>
        <UPN>A123456789012</UPN>
        <PersonBirthDate>2012-02-01</PersonBirthDate>
      </ChildIdentifiers>
      <ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>2019-09-02</CINreferralDate>
        <ReferralSource>6</ReferralSource>
        <PrimaryNeedCode>N1</PrimaryNeedCode>
        <CINclosureDate>2019-12-20</CINclosureDate>
        <ReasonForClosure>RC7</ReasonForClosure>
        <DateOfInitialCPC>2019-09-20</DateOfInitialCPC>
        <ReferralNFA>false</ReferralNFA>
        <Assessments>
          <AssessmentActualStartDate>2019-09-03</AssessmentActualStartDate>
          <AssessmentInternalReviewDate>2019-10-01</AssessmentInternalReviewDate>
          <AssessmentAuthorisationDate>2019-10-15</AssessmentAuthorisationDate>
          <FactorsIdentifiedAtAssessment>
            <AssessmentFactors>3A</AssessmentFactors>
            <AssessmentFactors>4A</AssessmentFactors>
          </FactorsIdentifiedAtAssessment>
        </Assessments>
        <Section47>
          <S47ActualStartDate>2019-09-04</S47ActualStartDate>
          <InitialCPCtarget>2019-09-25</InitialCPCtarget>
          <DateOfInitialCPC>2019-09-20</DateOfInitialCPC>
          <ICPCnotRequired>false</ICPCnotRequired>
        </Section47>
        <ChildProtectionPlans>
          <CPPstartDate>2019-09-20</CPPstartDate>
          <CPPendDate>2019-12-19</CPPendDate>
          <InitialCategoryOfAbuse>SAB</InitialCategoryOfAbuse>
          <LatestCategoryOfAbuse>SAB</LatestCategoryOfAbuse>
          <Reviews><CPPreviewDate>2019-12-05</CPPreviewDate></Reviews>
        </ChildProtectionPlans>
      </CINdetails>
    </Child>
    <Child>
      <ChildIdentifiers><LAchildID>CH2</LAchildID><PersonDeathDate>2019-12-30</PersonDeathDate></ChildIdentifiers>
      <CINdetails>
        <CINreferralDate>2019-10-01</CINreferralDate>
        <ReferralSource>1A</ReferralSource>
        <ReferralNFA>true</ReferralNFA>
        <CINPlanDates><CINPlanStartDate>2019-10-10</CINPlanStartDate><CINPlanEndDate>2019-11-10</CINPlanEndDate></CINPlanDates>
        <Section47>
          <S47ActualStartDate>2019-10-02</S47ActualStartDate>
          <ICPCnotRequired>true</ICPCnotRequired>
        </Section47>
      </CINdetails>
    </Child>
  </Children>
</Message>
"""


def test_a_cin_census_file_becomes_each_childs_referrals_assessments_enquiries_and_plans(
    people: JC, tmp_path: Path
) -> None:
    census = tmp_path / "cin_census.xml"
    census.write_text(CENSUS, encoding="utf-8")

    result = people("import", census, "--profile", "cin-census")

    assert result.exit_code == 0, result.stderr
    entries = chronology(people)
    assert facts(entries) == [
        ("2019-09-02", "referral", ["Child A"], [], "police", ["csc"]),
        ("2019-09-03", "assessment_start", ["Child A"], [], "csc", []),
        ("2019-09-04", "s47_start", ["Child A"], [], "csc", []),
        ("2019-09-04", "strategy_discussion", ["Child A"], [], "csc", []),
        ("2019-09-20", "conference", ["Child A"], ["icpc"], "csc", []),
        ("2019-09-20", "plan_start", ["Child A"], ["cp", "sexual_abuse"], "csc", []),
        ("2019-10-01", "note", ["Child A"], ["assessment_review"], "csc", []),
        ("2019-10-01", "referral", ["Child B"], ["nfa"], "csc", ["csc"]),
        ("2019-10-02", "s47_end", ["Child B"], ["no_icpc"], "csc", []),
        ("2019-10-02", "s47_start", ["Child B"], [], "csc", []),
        ("2019-10-02", "strategy_discussion", ["Child B"], [], "csc", []),
        ("2019-10-10", "plan_start", ["Child B"], ["cin"], "csc", []),
        ("2019-10-15", "assessment_end", ["Child A"], [], "csc", []),
        ("2019-11-10", "plan_end", ["Child B"], ["cin"], "csc", []),
        ("2019-12-05", "conference", ["Child A"], ["cp", "rcpc"], "csc", []),
        ("2019-12-19", "plan_end", ["Child A"], ["cp"], "csc", []),
        ("2019-12-20", "plan_end", ["Child A"], ["cin", "cin_closed"], "csc", []),
        ("2019-12-30", "note", ["Child B"], ["death"], "csc", []),
    ]
    authorised = next(e for e in entries if e["kind"] == "assessment_end")
    assert authorised["summary"] == "Children's social care assessment authorised; factors 3A; 4A"
    lines = CENSUS.splitlines()
    enquiry = next(e for e in entries if e["kind"] == "s47_start" and e["subjects"] == ["Child B"])
    source = enquiry["sources"][0]  # type: ignore[index]
    assert source["sheet"] == "Section47" and lines[source["row"] - 1].strip() == "<Section47>"


def test_a_file_that_is_not_a_cin_census_or_declares_entities_is_refused_in_one_line(
    review: JC, tmp_path: Path
) -> None:
    other = tmp_path / "other.xml"
    other.write_text("<Report><Row/></Report>", encoding="utf-8")
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE Message [<!ENTITY a "aaaa">]><Message>&a;</Message>')

    for path, reason in ((other, "not a CIN census file"), (bomb, "DTD")):
        result = review("import", path, "--profile", "cin-census")
        assert result.exit_code == 1
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
        assert reason in result.stderr


# -- GP and probation extracts ------------------------------------------------------------------


def test_a_systmone_srcode_extract_maps_coded_events_to_kinds_and_patients_to_people(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    register(people, write_csv, ("P5", "Child E", "child", "Eve Jones", "01/02/2012", "tpp:556677"))
    extract = write_csv("srcode.csv", (
        "RowIdentifier", "IDOrganisationVisibleTo", "IDPatient", "IDEvent", "DateEvent", "DateEventRecorded",
        "CTV3Code", "CTV3Text", "SNOMEDCode", "SNOMEDText", "TextualEventDoneBy",
    ), [
        (1001, "A81001", 556677, 1, "14 Nov 2019 10:20:00", "14 Nov 2019 10:25:00", "XaQyW",
         "Child is cause for concern", "395072006", "Child is cause for concern (finding)", "Dr A Khan"),
        (1002, "A81001", 556677, 2, "20 Nov 2019 09:00:00", "20 Nov 2019 12:00:00", "XaJvm",
         "Did not attend", "281399006", "Did not attend (qualifier value)", "Reception"),
        (1003, "A81001", 556677, 3, "21 Nov 2019 11:00:00", "21 Nov 2019 11:00:00", "",
         "", "185317003", "Telephone encounter (procedure)", "Dr A Khan"),
        (1004, "A81001", 556677, 4, "22 Nov 2019 16:10:00", "22 Nov 2019 16:10:00", "XaZ0q",
         "Domestic abuse", "", "", "Dr A Khan"),
        (1005, "A81001", 556677, 5, "23 Nov 2019 08:00:00", "23 Nov 2019 08:00:00", "246..",
         "O/E - blood pressure reading", "", "", "Nurse B"),
    ])  # fmt: skip

    result = people("import", extract, "--profile", "systmone-srcode")

    assert result.exit_code == 0, result.stderr
    entries = chronology(people)
    got = [(e["date"], e["time"], e["kind"], e["tags"], e["subjects"]) for e in entries]
    assert got == [
        ("2019-11-14", "10:20", "concern", ["safeguarding"], ["Child E"]),
        ("2019-11-20", "09:00", "missed_appointment", [], ["Child E"]),
        ("2019-11-21", "11:00", "appointment", [], ["Child E"]),
        ("2019-11-22", "16:10", "concern", ["domestic_abuse"], ["Child E"]),
        ("2019-11-23", "08:00", "note", [], ["Child E"]),
    ]
    assert entries[0]["summary"] == "Child is cause for concern" and entries[0]["agency"] == "gp"
    assert entries[0]["sources"][0]["practitioner"] == "Dr A Khan"  # type: ignore[index]


def test_an_emis_observation_extract_keeps_each_date_to_its_stated_precision_and_rejects_unknown_dates(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    guid = "{8A1B2C3D-0000-4000-8000-000000000001}"
    register(people, write_csv, ("P5", "Child E", "child", "Eve Jones", "01/02/2012", f"emis:{guid}"))
    extract = write_csv("observation.csv", (
        "ObservationGuid", "PatientGuid", "EffectiveDate", "EffectiveDatePrecision", "EnteredDate", "Term",
        "AssociatedText", "ClinicianName",
    ), [
        ("{O1}", guid, "2019-03-14 09:30:00", "YMDT", "2019-03-14", "Safeguarding concern",
         "Bruise on left arm, explanation inconsistent", "Dr Patel"),
        ("{O2}", guid, "2019-01-01 00:00:00", "Y", "2019-04-02", "History of domestic abuse", "", "Dr Patel"),
        ("{O3}", guid, "2019-05-01", "YM", "2019-05-20", "Did not attend", "", ""),
        ("{O4}", guid, "2019-06-02 10:45:00", "YMD", "2019-06-02", "Seen in clinic", "", "Nurse Q"),
        ("{O5}", guid, "1900-01-01", "U", "2019-06-03", "Mother has depression", "", "Dr Patel"),
    ])  # fmt: skip

    result = people("import", extract, "--profile", "emis-observation")

    assert result.exit_code == 3
    assert "row 6, column 'EffectiveDatePrecision': " in result.stderr
    got = [(e["date"], e["precision"], e["time"], e["kind"], e["summary"]) for e in chronology(people)]
    assert got == [
        ("2019-01-01", "year", None, "concern", "History of domestic abuse"),
        (
            "2019-03-14",
            "day",
            "09:30",
            "concern",
            "Safeguarding concern Bruise on left arm, explanation inconsistent",
        ),
        ("2019-05-01", "month", None, "missed_appointment", "Did not attend"),
        ("2019-06-02", "day", None, "appointment", "Seen in clinic"),
    ]


def test_an_ndelius_contact_extract_becomes_probation_contacts_about_the_person_on_probation(
    people: JC, write_csv: Callable[..., Path]
) -> None:
    register(people, write_csv, ("P6", "Mr F", "adult", "Frank Green", "07/08/1980", "crn:X123456"))
    extract = write_csv("contacts.csv", (
        "CRN", "CONTACT_ID", "CONTACT_DATE", "CONTACT_START_TIME", "CONTACT_TYPE_CODE", "CONTACT_TYPE_DESCRIPTION",
        "CONTACT_OUTCOME_DESCRIPTION", "NOTES", "STAFF_NAME",
    ), [
        ("X123456", "9001", "14-NOV-19", "10:30", "CHVS", "Home Visit to Case (NS)", "Attended - Complied",
         "Seen at home; new partner present, has two children.", "Sam Officer"),
        ("X123456", "9002", "21-NOV-19", "14:00", "C084", "Planned Office Visit (NS)", "Failed to Attend", "",
         "Sam Officer"),
        ("X123456", "9003", "25/11/2019", "", "EDSS", "Domestic Abuse Enquiry - Police", "",
         "Call-out history requested from police.", "Sam Officer"),
        ("X123456", "9004", "02-DEC-19", "09:00", "MAPP", "MAPPA Meeting", "", "", "Sam Officer"),
    ])  # fmt: skip

    result = people("import", extract, "--profile", "ndelius-contact")

    assert result.exit_code == 0, result.stderr
    got = [
        (e["date"], e["time"], e["kind"], e["tags"], e["subjects"], e["agency"]) for e in chronology(people)
    ]
    assert got == [
        ("2019-11-14", "10:30", "visit", [], ["Mr F"], "probation"),
        ("2019-11-21", "14:00", "appointment", [], ["Mr F"], "probation"),
        ("2019-11-25", None, "information_request", ["domestic_abuse"], ["Mr F"], "probation"),
        ("2019-12-02", "09:00", "meeting", ["mappa"], ["Mr F"], "probation"),
    ]


# -- the command line ---------------------------------------------------------------------------


def test_profiles_lists_every_built_in_profile_with_a_description(jc: JC) -> None:
    result = jc("profiles")

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    names = [line.split()[0] for line in lines]
    assert names == ["annex-a", "cin-census", "emis-observation", "ndelius-contact", "systmone-srcode"]
    assert all(len(line.split(None, 1)[1]) > 20 for line in lines)


def test_an_unknown_profile_or_both_map_and_profile_is_a_usage_error_in_one_line(
    review: JC, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    extract = write_csv("x.csv", ("date", "kind"), [("01/01/2019", "note")])
    mapping = tmp_path / "m.toml"
    mapping.write_text('[source]\nagency = "gp"\n', encoding="utf-8")

    unknown = review("import", extract, "--profile", "annex-b")
    both = review("import", extract, "--profile", "annex-a", "--map", mapping)

    assert unknown.exit_code == 2 and unknown.stderr.count("\n") == 1
    assert "unknown profile 'annex-b'" in unknown.stderr and "annex-a, cin-census" in unknown.stderr
    assert both.exit_code == 2 and both.stderr.count("\n") == 1 and "not both" in both.stderr
