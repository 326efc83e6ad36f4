"""A seeded synthetic review: a people register with names in every form the pseudonymiser handles, and
agency extracts whose free text writes those names, identifiers, e-mail addresses, telephone numbers and
dates of birth as records do.

Used by `bench/chronology_csv.py` (100,000 entries) and by the golden test of pseudonymised output
(`tests/e2e/test_pseudonymised_golden.py`, a few thousand). The same seed and size always write the same
files: the golden test's digests depend on it, so change nothing here without regenerating them.
"""

from __future__ import annotations

import csv
import datetime
import random
from dataclasses import dataclass
from pathlib import Path

PEOPLE_HEADER = ("person_id", "pseudonym", "role", "names", "dob", "identifiers")
EXTRACT_HEADER = ("date", "time", "kind", "subjects", "summary", "detail", "outcome", "practitioner", "reference",
                  "recipients", "tags")  # fmt: skip
AGENCIES = ("police", "csc", "school", "health")
KINDS = ("visit", "appointment", "note", "concern", "referral", "incident", "missed_appointment", "decision",
         "information_shared", "disclosure")  # fmt: skip
TAGS = ("", "", "", "domestic_abuse", "neglect", "child_present", "seen_alone")

# Forenames and surnames as registers hold them: ordinary words (`Will`, `May`, `Brown`, `Hope`), names inside
# other names (`Ann`/`Anne`, `Jo`/`Joanne`), accents, apostrophes and hyphens.
FORENAMES = ("Maggie", "Darren", "Will", "May", "Grace", "Ann", "Anne", "Jo", "Joanne", "Zoë", "Siobhán",
             "Liam", "Aisha", "Kayden", "Tyler", "Summer", "Jack", "Ruby", "Bill", "Mark", "Chloé", "Dean",
             "Kerry-Ann", "Mohammed", "Olivia", "Noah", "Harry", "Rose", "Amber", "Kai", "Precious", "Reece")  # fmt: skip
SURNAMES = ("Turner", "Doyle", "Brown", "Hill", "Green", "O'Brien", "Smith-Jones", "Khan", "Nowak", "Hope",
            "Walker", "McDonald", "Price", "Okafor", "Lee", "Baker", "Fox", "Wood", "Ní Bhriain", "Stone",
            "D'Souza", "Evans", "Begum", "Kowalski", "Parker", "Field", "Patel", "Singh")  # fmt: skip
WORKERS = ("PC 4417 Hughes", "DC Sarah Ellison", "SW Tom Baines", "Jane Riley (HV)", "Dr A. Mensah", "Mrs Lowe",
           "Head of Year Priya Shah", "Duty Team", "MASH admin", "Nurse K. O'Neill", "PCSO 9021", "")  # fmt: skip
PLACES = ("at home", "at school", "at the surgery", "at the police station", "in the park", "at nan's house",
          "at the contact centre", "by telephone", "on a home visit", "at A&E")  # fmt: skip
MONTHS = ("January", "March", "May", "June", "August", "October")


@dataclass(frozen=True)
class Someone:
    person_id: str
    pseudonym: str
    role: str
    forename: str
    surname: str
    alias: str
    dob: datetime.date
    nhs: str
    pnc: str
    phone: str

    @property
    def names(self) -> str:
        return f"{self.forename} {self.surname}" + (f";{self.alias}" if self.alias else "")


def nhs_number(rng: random.Random) -> str:
    """Ten digits with a valid modulus-11 check digit, written as records write them (`943 476 5919`)."""
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            text = "".join(map(str, [*digits, check]))
            return f"{text[:3]} {text[3:6]} {text[6:]}"


def register(rng: random.Random, families: int) -> list[Someone]:
    people: list[Someone] = []
    for family in range(families):
        surname = SURNAMES[family % len(SURNAMES)] if family < len(SURNAMES) else rng.choice(SURNAMES)
        for member in range(rng.randrange(2, 6)):
            n = len(people)
            child = member >= 2 or (member == 1 and rng.random() < 0.3)
            year = rng.randrange(2005, 2018) if child else rng.randrange(1965, 1995)
            dob = datetime.date(year, rng.randrange(1, 13), rng.randrange(1, 29))
            forename = rng.choice(FORENAMES)
            alias = f"{forename} {rng.choice(SURNAMES)}" if rng.random() < 0.25 else ""
            pseudonym = f"Child {chr(65 + n % 26)}{chr(97 + n // 26 % 26)}" if child else f"Adult {n}"
            pnc = (
                "" if child else f"{rng.randrange(80, 99)}/{rng.randrange(100000, 999999)}{chr(65 + n % 26)}"
            )
            phone = f"07700 9{rng.randrange(10000, 99999)}"
            people.append(Someone(f"P{n:04d}", pseudonym, "child" if child else "adult", forename, surname, alias,
                                  dob, nhs_number(rng), pnc, phone))  # fmt: skip
    return people


def write_people(path: Path, people: list[Someone]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(PEOPLE_HEADER)
        for p in people:
            identifiers = [f"nhs:{p.nhs}", f"la:CH{p.person_id[1:]}77", *([f"pnc:{p.pnc}"] if p.pnc else [])]
            writer.writerow((p.person_id, p.pseudonym, p.role, p.names, p.dob.strftime("%d/%m/%Y"),
                             ";".join(identifiers)))  # fmt: skip


def name_form(rng: random.Random, p: Someone) -> str:
    """One way a record writes this person (privacy.py's forms, and some it must leave alone)."""
    first, last = p.forename, p.surname
    joined = (first + last).replace(" ", "").replace("'", "")
    forms = (
        f"{first} {last}", first, last, f"{first}'s", f"{first}s", f"{last}, {first}", f"{first.upper()} {last.upper()}",
        f"{first.lower()}", joined, f"@{joined.lower()}", f"{first.lower()}_{last.lower()}.docx",
        f"{first.lower()}.{last.lower()}", f"Mr {last}" if p.role == "adult" else f"{first} ({2019 - p.dob.year})",
        p.alias or first, f"{first}’s",
    )  # fmt: skip
    return rng.choice(forms)


def sentence(rng: random.Random, people: list[Someone], subjects: list[Someone], serial: int) -> str:
    """A free-text summary: names of subjects and of their family, and details that identify them."""
    who = rng.choice(subjects)
    other = rng.choice(people) if rng.random() < 0.3 else who
    pick = rng.randrange(12)
    if pick == 0:
        return f"Record {serial}: seen {rng.choice(PLACES)}, discussed school attendance."
    if pick == 1:
        return f"{name_form(rng, who)} seen {rng.choice(PLACES)}; will attend review in {rng.choice(MONTHS)}."
    if pick == 2:
        return (
            f"Call from {name_form(rng, other)} on {other.phone} about {name_form(rng, who)} (ref {serial})."
        )
    if pick == 3:
        return f"NHS no {who.nhs.replace(' ', '') if serial % 2 else who.nhs} confirmed for {name_form(rng, who)}; DOB {who.dob:%d/%m/%Y}."
    if pick == 4:
        email = f"{who.forename.lower()}.{who.surname.lower()}{serial % 97}@example.org".replace(" ", "")
        return f"E-mail from {email} forwarded; {name_form(rng, who)} {rng.choice(PLACES)}."
    if pick == 5 and other.pnc:
        return f"PNC {other.pnc} checked: {name_form(rng, other)} arrested {serial % 28 + 1} {rng.choice(MONTHS)}."
    if pick == 6:
        return f"{name_form(rng, who)} and {name_form(rng, other)} {rng.choice(PLACES)}; grace period of {serial % 9} days."
    if pick == 7:
        return f"Home visit {serial}: {name_form(rng, who)} not seen, brown envelope left; mum says she will call in May."
    if pick == 8:
        return f"Strategy discussion {serial} about {name_form(rng, who)} born {who.dob:%d %B %Y}."
    if pick == 9:
        return (
            f"Note {serial}: no concerns raised; hope to close by {rng.choice(MONTHS)} {2019 + serial % 3}."
        )
    return f"{name_form(rng, who)} told staff that {name_form(rng, other)} shouted (#{serial})."


def write_extracts(
    folder: Path, people: list[Someone], rows: int, rng: random.Random
) -> list[tuple[Path, str]]:
    """`rows` contacts over the four agencies; about one in twenty is a second agency's record of an
    event another holds (same day, kind and subjects), which the joint chronology merges."""
    start = datetime.date(2018, 1, 1)
    files = {agency: folder / f"{agency}.csv" for agency in AGENCIES}
    handles = {agency: path.open("w", newline="", encoding="utf-8") for agency, path in files.items()}
    try:
        writers = {agency: csv.writer(handle) for agency, handle in handles.items()}
        for writer in writers.values():
            writer.writerow(EXTRACT_HEADER)
        previous: tuple[str, str, str, str] | None = None
        for i in range(rows):
            agency = AGENCIES[rng.randrange(len(AGENCIES))]
            if previous is not None and previous[0] != agency and rng.random() < 0.05:
                day, kind, subjects_cell = previous[1], previous[2], previous[3]
                cell = subjects_cell.split(";")
                subjects = [p for p in people if p.person_id in cell or f"nhs:{p.nhs}" in cell] or [people[0]]
            else:
                day = (start + datetime.timedelta(days=rng.randrange(1400))).strftime("%d/%m/%Y")
                kind = rng.choice(KINDS)
                subjects = rng.sample(people, rng.randrange(1, 3))
                subjects_cell = ";".join(
                    p.person_id if rng.random() < 0.8 else f"nhs:{p.nhs}" for p in subjects
                )
            time = f"{rng.randrange(8, 19):02d}:{rng.randrange(60):02d}" if rng.random() < 0.6 else ""
            detail = sentence(rng, people, subjects, i + 1) if rng.random() < 0.8 else ""
            outcome = sentence(rng, people, subjects, i + 2) if rng.random() < 0.6 else ""
            writers[agency].writerow((
                day, time, kind, subjects_cell, sentence(rng, people, subjects, i), detail, outcome,
                rng.choice(WORKERS), f"{agency[:3].upper()}-{i:07d}", "csc" if agency != "csc" and i % 9 == 0 else "",
                rng.choice(TAGS),
            ))  # fmt: skip
            previous = (agency, day, kind, subjects_cell)
    finally:
        for handle in handles.values():
            handle.close()
    return [(path, agency) for agency, path in files.items()]


def write_review_files(
    folder: Path, rows: int, seed: int = 15, families: int | None = None
) -> tuple[Path, list[tuple[Path, str]]]:
    """The register (`people.csv`) and one extract per agency, in `folder`: (people file, [(extract, agency)])."""
    rng = random.Random(seed)
    people = register(rng, families if families is not None else max(4, min(120, rows // 800)))
    people_file = folder / "people.csv"
    write_people(people_file, people)
    return people_file, write_extracts(folder, people, rows, rng)


def build_review(store_dir: Path, rows: int, seed: int = 15, files: Path | None = None) -> Path:
    """A review store at `store_dir` holding the synthetic register and extracts, through the real imports."""
    from jointchron.service.review_store import Store

    folder = files or store_dir.parent / f"{store_dir.name}-files"
    folder.mkdir(parents=True, exist_ok=True)
    people_file, extracts = write_review_files(folder, rows, seed)
    store = Store.create(store_dir)
    try:
        store.init_review(
            "Synthetic review", "england", datetime.date(2018, 1, 1), datetime.date(2021, 12, 31)
        )
        store.import_people(people_file, by="synthetic")
        for path, agency in extracts:
            report = store.import_extract(path, agency, by="synthetic")
            assert report.counts.imported == report.counts.read, (agency, report.counts)
    finally:
        store.close()
    return store_dir
