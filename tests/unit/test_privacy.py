"""The pseudonymiser's rules on plain text: names, ordinary words, substrings, identifiers, publishing."""

from __future__ import annotations

import datetime
import uuid

import pytest

from jointchron.domain.dates import FuzzyDate
from jointchron.domain.person import Person
from jointchron.projections.coarsen import coarsen, coarsen_text_dates
from jointchron.projections.privacy import Pseudonymiser, published


def person(pseudonym: str, *names: str, ids: tuple[str, ...] = (), dob: datetime.date | None = None,
           confirmed: bool = True) -> Person:  # fmt: skip
    return Person(id=uuid.uuid4(), source_id=pseudonym, pseudonym=pseudonym, role=None, names=names, dob=dob,
                  identifiers=ids, confirmed=confirmed)  # fmt: skip


REGISTER = [
    person("Child Bk", "Maggie Turner", "Maggie Doyle", ids=("nhs:943 476 5919", "la:CH001234"),
           dob=datetime.date(2012, 3, 14)),
    person("Ms T", "Sarah Turner"),
    person("Mr D", "Darren Doyle"),
    person("Child W", "Will May"),
    person("Ms G", "Grace Brown"),
    person("Ms A", "Ann Lee"),
    person("Ms E", "Anne Hill"),
    person("Child J", "Jo Green"),
    person("Ms K", "Joanne Khan"),
]  # fmt: skip


@pytest.fixture
def privacy() -> Pseudonymiser:
    return Pseudonymiser(REGISTER)


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("Maggie said Darren hurt her.", "Child Bk said Mr D hurt her."),
        ("MAGGIE told maggie turner's teacher", "Child Bk told Child Bk's teacher"),
        ("Maggie's mum; Maggies brother", "Child Bk's mum; Child Bks brother"),
        ("‘Darren’ (Dárren) and “Sarah”", "‘Mr D’ (Mr D) and “Ms T”"),
        ("The Turners and Doyle", "The [name]s and [name]"),
        ("maggie_turner_2019.csv", "Child Bk_2019.csv"),
    ],
)
def test_every_name_and_name_part_is_replaced_in_any_case(
    privacy: Pseudonymiser, written: str, shown: str
) -> None:
    assert privacy.text(written) == shown


def test_a_name_that_is_an_ordinary_word_is_replaced_only_with_a_capital_initial(
    privacy: Pseudonymiser,
) -> None:
    assert (
        privacy.text("Will said he will attend; WILL MAY seen") == "Child W said he will attend; Child W seen"
    )
    assert privacy.text("Grace Brown's brown coat; grace period") == "Ms G's brown coat; grace period"
    assert privacy.text("Mrs Brown visited the hill farm") == "Mrs Ms G visited the hill farm"


def test_a_month_name_beside_a_date_is_the_month_and_not_the_person(privacy: Pseudonymiser) -> None:
    assert privacy.text("seen in May, on 12 May and May 2019") == "seen in May, on 12 May and May 2019"
    assert privacy.text("May said no") == "Child W said no"


def test_a_name_inside_a_longer_name_is_never_replaced_there(privacy: Pseudonymiser) -> None:
    assert privacy.text("Ann and Anne met Jo and Joanne; ann's bag; JOANNE") == (
        "Ms A and Ms E met Child J and Ms K; Ms A's bag; Ms K"
    )


def test_titles_and_relations_in_a_name_are_never_replaced_on_their_own() -> None:
    privacy = Pseudonymiser([person("Unconfirmed 1A2B", "unknown male", confirmed=False), *REGISTER])

    assert privacy.text("An unknown male; the male; Mr Doyle") == "An Unconfirmed 1A2B; the male; Mr [name]"


def test_a_confirmed_persons_name_wins_over_an_unconfirmed_record_of_it() -> None:
    privacy = Pseudonymiser([*REGISTER, person("Unconfirmed 9F9F", "Maggie Tuner", confirmed=False)])

    assert privacy.text("Maggie Tuner and Maggie") == "Unconfirmed 9F9F and Child Bk"


def test_identifiers_and_dates_of_birth_are_hidden_with_or_without_spaces(privacy: Pseudonymiser) -> None:
    assert privacy.text("NHS 9434765919 / 943 476 5919, CH001234, born 14/03/2012 (2012-03-14)") == (
        "NHS [identifier] / [identifier], [identifier], born [date of birth] ([date of birth])"
    )


def test_named_output_shows_the_text_as_written() -> None:
    text = "Maggie said Darren hurt her on 14/03/2019."
    assert Pseudonymiser(REGISTER, named=True).text(text) == text


def test_a_published_text_loses_practitioners_days_and_times() -> None:
    privacy = Pseudonymiser(
        REGISTER, publish=True, practitioners=["DC 4471 Patel", "DSL Mrs Black", "MASH Duty"]
    )

    shown = privacy.text("On 09/03/2019 at 23:40 DC 4471 Patel saw Maggie; Mrs Black told the MASH Duty team")

    assert (
        shown
        == "In March 2019 at [time] [practitioner] saw Child Bk; Mrs [practitioner] told the MASH Duty team"
    )
    assert privacy.practitioner("Dr Rahman") == "" and privacy.reference("OCC-1") == ""


def test_a_published_date_is_its_month() -> None:
    day = FuzzyDate.parse("16/10/2019 14:30")
    assert coarsen(day).display() == "Oct 2019" and coarsen(day).time is None
    assert coarsen(FuzzyDate.parse("between 28/10/2019 and 02/11/2019")).display() == (
        "between 01/10/2019 and 30/11/2019"
    )
    assert coarsen(FuzzyDate.parse("2019")).display() == "2019"
    assert coarsen_text_dates("seen 3rd March 2019 and 16.10.19") == "seen March 2019 and October 2019"


def test_a_published_record_has_months_for_days_and_no_practitioner() -> None:
    gap = {"due": "2019-05-24", "trigger": {"date": "2019-05-20", "practitioner": "DC Patel"}, "n": 3,
           "explanation": "Maggie disclosed on 20/05/2019."}  # fmt: skip

    assert published(gap, Pseudonymiser(REGISTER, publish=True)) == {
        "due": "2019-05",
        "trigger": {"date": "2019-05", "practitioner": ""},
        "n": 3,
        "explanation": "Child Bk disclosed in May 2019.",
    }


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("Child Bk (7) and Child Bk's (12 yrs)", "Child Bk (aged 5-9) and Child Bk's (aged 10-14)"),
        ("aged 34; a 7-year-old; 16 years old; 6 months old", "aged 25-34; a 5-to-9-year-old; 15-17 years old; "
         "under 1 year old"),
        ("Flat 2, 17 Oak Road, M14 5TX and 4 Elm Row", "[address], [postcode] and [address]"),
        ("NHS 401 023 2137 (not 401 023 2138)", "NHS [NHS number] (not 401 023 2138)"),
        ("Oakfield primary school", "the school school"),
    ],
)  # fmt: skip
def test_a_published_text_loses_addresses_postcodes_nhs_numbers_exact_ages_and_listed_terms(
    written: str, shown: str
) -> None:
    privacy = Pseudonymiser(REGISTER, publish=True, redactions=[("Oakfield  Primary", "the school")])
    assert privacy.text(written) == shown


def test_contact_details_are_hidden_in_every_output_but_a_named_one(privacy: Pseudonymiser) -> None:
    text = "Mail a.b@example.org or call 07700 900123, +44 (0)161 496 0000 or (0161) 496 0000 on 12/03/2019."
    assert privacy.text(text) == "Mail [email] or call [phone], [phone] or [phone] on 12/03/2019."
    assert Pseudonymiser(REGISTER, named=True).text(text) == text


def test_publish_check_knows_ordinary_words_their_inflections_and_names() -> None:
    from jointchron.projections.publish_check import is_ordinary, remaining_terms

    assert all(is_ordinary(w) for w in ("Contacted", "Safeguarding", "March", "Tuesday", "NHS", "Strategy"))
    assert not any(is_ordinary(w) for w in ("Oakfield", "Kowalski", "Okafor"))
    texts = [({"field": "summary"}, "Seen by Mrs Patel at Oakfield Primary with Child Bk; Police attended.")]
    assert [t.term for t in remaining_terms(texts, ["Child Bk"], ["Police"])] == [
        "Mrs Patel",
        "Oakfield Primary",
    ]
