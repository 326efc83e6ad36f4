"""Random synthetic multi-agency reviews for the differential harness (seeded, reproducible).

A review is a register of families (a mother, often a partner, children, sometimes the partner's own child
in another family or an associate three steps away), 3-6 agencies of different sectors, and the contacts
the England rules look at: harm, referrals, decisions, assessments, enquiries, conferences, strategy
discussions and their minutes, and adults' offending. Each expected follow-up comes in time, late or
never, at random; dates cluster around Easter, the May bank holidays and Christmas, and fall on weekends.

The review is plain data; `judge.py` reads it directly and `harness.py` writes it as canonical CSV files.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import holidays

D = dt.date
OTHER_AGENCIES = ("gp", "school", "hv", "hospital", "nursery", "probation", "housing", "yot")
HEALTH = ("gp", "hv", "hospital")
NAMES = ("Avery", "Blake", "Casey", "Devon", "Emery", "Finley", "Harper", "Jordan", "Kendall", "Logan",
         "Morgan", "Parker", "Quinn", "Riley", "Sawyer", "Taylor", "Rowan", "Skyler", "Tatum", "Wren")  # fmt: skip
SURNAMES = ("Ashdown", "Brackley", "Colwell", "Dunmore", "Everleigh", "Fairholm", "Garston", "Hollins")


@dataclass(frozen=True)
class Person:
    pid: str
    pseudonym: str
    role: str
    name: str
    dob: D


@dataclass(frozen=True)
class Link:
    a: str  # pseudonyms
    relation: str
    b: str
    since: D | None = None
    until: D | None = None


@dataclass(frozen=True)
class Record:
    agency: str
    day: D
    kind: str
    subjects: tuple[str, ...]
    participants: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    sender: str = ""
    tags: tuple[str, ...] = ()
    reference: str = ""


@dataclass
class Review:
    seed: int
    start: D
    end: D
    agencies: list[str]
    people: list[Person] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    left_out: str = ""  # the evidence no extract of this review records ("" for none)


class _Builder:
    """Keeps the random source, the working-day calendar and the records written so far."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        year = self.rng.randint(2019, 2025)
        start = self.rng.choice([D(year, 1, 1), D(year - 1, 10, 1), D(year, 3, 1)])
        end = self.rng.choice([D(year, 12, 31), D(year + 1, 1, 31), D(year + 1, 2, 15)])
        others = self.rng.sample([a for a in OTHER_AGENCIES if a != "police"], self.rng.randint(1, 4))
        agencies = ["csc", *(["police"] if self.rng.random() < 0.85 else []), *others]
        if len(agencies) < 3:
            agencies.append(self.rng.choice([a for a in OTHER_AGENCIES if a not in agencies]))
        self.review = Review(seed, start, end, agencies)
        self.bank = holidays.country_holidays("GB", subdiv="ENG", years=range(year - 2, year + 3))
        self.hot = [d for d, name in self.bank.items() if start <= d <= end and "Boxing" not in name]
        self.keys: set[tuple[str, str, D, str]] = set()
        self.refs = 0

    def working(self, day: D, n: int) -> D:
        step = 1 if n >= 0 else -1
        while n:
            day += dt.timedelta(days=step)
            if day.weekday() < 5 and day not in self.bank:
                n -= step
        return day

    def day(self) -> D:
        """A day in the period, often near a bank holiday, never in its last fortnight."""
        r = self.review
        if self.hot and self.rng.random() < 0.35:
            return min(max(self.rng.choice(self.hot) + dt.timedelta(days=self.rng.randint(-9, 4)), r.start),
                       r.end - dt.timedelta(days=14))  # fmt: skip
        return r.start + dt.timedelta(days=self.rng.randint(0, (r.end - r.start).days - 14))

    def after(
        self, day: D, in_time: int, late: tuple[int, int], weights: tuple[float, float, float]
    ) -> D | None:
        """A follow-up `in_time` working days at most after `day`, or late, or never."""
        how = self.rng.choices(("in_time", "late", "never"), weights)[0]
        if how == "never":
            return None
        n = (
            self.rng.randint(0, in_time)
            if how == "in_time"
            else self.rng.randint(in_time + 1, in_time + late[1])
        )
        return self.working(day, n) if self.rng.random() < 0.8 else day + dt.timedelta(days=n + 1)

    def add(
        self, agency: str, day: D | None, kind: str, subjects: tuple[str, ...], **fields: object
    ) -> D | None:
        """Adds a record unless it falls after the period's end plus a month. An agency's second record of
        the same kind about the same person on the same day would be one entry, and a day apart a near
        match of its own record (which DESIGN leaves open for repeat referrals): moved on a day at a time."""
        if day is None or agency not in self.review.agencies or day > self.review.end + dt.timedelta(days=30):
            return None
        while any(
            (agency, kind, day + dt.timedelta(days=d), s) in self.keys for s in subjects for d in (-1, 0, 1)
        ):
            day += dt.timedelta(days=1)
        self.keys.update((agency, kind, day, s) for s in subjects)
        self.refs += 1
        self.review.records.append(Record(agency, day, kind, subjects, reference=f"S{self.refs}", **fields))  # type: ignore[arg-type]
        return day

    def others(self, *, but: tuple[str, ...] = ("csc",)) -> list[str]:
        return [a for a in self.review.agencies if a not in but]


def generate(seed: int) -> Review:
    """A random review: the same seed gives the same review."""
    b = _Builder(seed)
    rng, r = b.rng, b.review
    families = [_family(b, f) for f in range(rng.randint(2, 4))]
    if len(families) > 1 and rng.random() < 0.6:  # a partner's own child lives in another family
        (_, partner, _), (_, _, children) = rng.sample(families, 2)
        if partner:
            r.links.append(Link(partner, "parent_of", rng.choice(children)))
    if rng.random() < 0.4:  # an associate of a partner, and the associate's child: three steps away
        partners = [p for _, p, _ in families if p]
        if partners:
            friend = _person(b, "adult", len(r.people))
            kid = _person(b, "child", len(r.people))
            r.links += [Link(friend, "associate_of", rng.choice(partners)), Link(friend, "parent_of", kid)]
            _background(b, kid)
    for mother, partner, children in families:
        for _ in range(rng.randint(1, 3)):
            _harm(b, children)
        for _ in range(rng.randint(1, 4)):
            _referral(b, children)
        for _ in range(rng.randint(0, 2)):
            _assessment(b, children)
        for _ in range(rng.randint(0, 2)):
            _s47(b, children)
        for adult in (partner, mother):
            if adult and rng.random() < (0.8 if adult == partner else 0.3):
                _offending(b, adult, [c for c in children if rng.random() < 0.3])
    _connections_followed_up(b)
    _leave_out(b)
    return r


def _leave_out(b: _Builder) -> None:
    """Some reviews hold no extract that records one kind of evidence at all (as a census holds no
    decisions and no participants): the rules that need it are then not assessable."""
    r = b.review
    omit = b.rng.choices(("", "decision", "minutes_shared", "assessment_end", "information_", "conference s47_end",
                          "participants"), (10, 1, 1, 1, 1, 1, 1))[0]  # fmt: skip
    r.left_out = omit
    if omit == "participants":
        r.records = [x if x.kind != "strategy_discussion" else Record(x.agency, x.day, x.kind, x.subjects,
                     reference=x.reference) for x in r.records if not (x.kind == "strategy_discussion"
                     and x.agency != "csc")]  # fmt: skip
    elif omit:
        r.records = [x for x in r.records if not x.kind.startswith(tuple(omit.split()))]


def _person(b: _Builder, role: str, n: int) -> str:
    r, rng = b.review, b.rng
    letters = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(2))
    pseudonym = f"{'Child' if role == 'child' else rng.choice(('Ms', 'Mr'))} {letters}{n}"
    if role == "child":
        dob = D(r.start.year - rng.randint(1, 15), rng.randint(1, 12), rng.randint(1, 28))
    else:
        dob = D(r.start.year - rng.randint(22, 45), rng.randint(1, 12), rng.randint(1, 28))
    name = f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}{n}"
    r.people.append(Person(f"P{n}", pseudonym, role, name, dob))
    return pseudonym


def _family(b: _Builder, f: int) -> tuple[str, str | None, list[str]]:
    r, rng = b.review, b.rng
    mother = _person(b, "adult", len(r.people))
    children = [_person(b, "child", len(r.people)) for _ in range(rng.randint(1, 3))]
    r.links += [Link(mother, "parent_of", c) for c in children]
    if len(children) > 1 and rng.random() < 0.3:
        r.links.append(Link(children[0], "sibling_of", children[1]))
    partner = None
    if rng.random() < 0.75:
        partner = _person(b, "adult", len(r.people))
        since = b.day() if rng.random() < 0.3 else None
        until = b.day() if since is None and rng.random() < 0.2 else None
        r.links.append(Link(partner, "partner_of", mother, since, until))
        if rng.random() < 0.3:
            r.links.append(Link(partner, "resides_with", rng.choice(children)))
    for child in children:
        _background(b, child)
    return mother, partner, children


def _background(b: _Builder, child: str) -> None:
    """Agencies that know the child: their own ordinary records, some in the year before the period."""
    r, rng = b.review, b.rng
    kinds = {"gp": "appointment", "hv": "visit", "hospital": "appointment", "school": "absence",
             "nursery": "note", "housing": "visit", "probation": "note", "yot": "note", "police": "note"}  # fmt: skip
    for agency in b.others():
        if rng.random() < 0.55:
            for _ in range(rng.randint(1, 4)):
                day = r.start - dt.timedelta(days=rng.randint(-300, 420))
                b.add(agency, day, kinds[agency], (child,))


def _group(b: _Builder, children: list[str]) -> tuple[str, ...]:
    return tuple(children) if len(children) > 1 and b.rng.random() < 0.2 else (b.rng.choice(children),)


def _discussion(b: _Builder, day: D | None, about: tuple[str, ...]) -> None:
    """A strategy discussion chaired by social care, sometimes also recorded by the police, with its minutes."""
    rng = b.rng
    people = b.others()
    participants = tuple(a for a in people if rng.random() < (0.8 if a in ("police", *HEALTH) else 0.4))
    held = b.add("csc", day, "strategy_discussion", about, participants=participants)
    if held is None:
        return
    if "police" in participants and rng.random() < 0.3:
        b.add("police", held, "strategy_discussion", about, participants=("csc",))
    sent: dict[D, list[str]] = {}
    for agency in participants:
        when = b.after(held, 5, (1, 15), (0.55, 0.25, 0.2))
        if when is not None and rng.random() < 0.2:
            b.add(agency, when, "minutes_shared", about, sender="csc")
        elif when is not None:
            sent.setdefault(when, []).append(agency)
    for when, agencies in sent.items():
        b.add("csc", when, "minutes_shared", about, recipients=tuple(agencies))


def _harm(b: _Builder, children: list[str]) -> None:
    rng = b.rng
    about = _group(b, children)
    reporter = rng.choice(b.others())
    kind, tags = rng.choice([("disclosure", ("sexual_abuse",)), ("injury", ("physical_abuse",)),
                             ("concern", ("sexual_abuse",)), ("concern", ("neglect",)), ("disclosure", ()),
                             ("incident", ("physical_abuse",)), ("notification", ("serious_harm",))])  # fmt: skip
    day = b.add(reporter, b.day(), kind, about, tags=tags)
    if day is None:
        return
    if rng.random() < 0.5:
        b.add(reporter, b.working(day, rng.randint(0, 2)), "referral", about, recipients=("csc",))
    if rng.random() < 0.12:
        _discussion(b, b.working(day, -rng.randint(1, 4)), about)  # already in hand, or just before that
    else:
        _discussion(b, b.after(day, 3, (1, 15), (0.5, 0.3, 0.2)), about)


def _referral(b: _Builder, children: list[str]) -> None:
    rng, r = b.rng, b.review
    about = _group(b, children)
    referrer = rng.choice(b.others())
    day: D | None = b.day() if rng.random() < 0.8 else r.start - dt.timedelta(days=rng.randint(1, 200))
    nfa = ("nfa",) if rng.random() < 0.1 else ()
    if rng.random() < 0.25:
        day = b.add("csc", day, "contact_received", about, sender=referrer, tags=nfa)
    else:
        day = b.add(referrer, day, "referral", about, recipients=("csc",))
        if day is not None and (nfa or rng.random() < 0.3):  # social care's own record of the same referral
            b.add(
                "csc",
                day + dt.timedelta(days=rng.choice((0, 0, 1))),
                "referral",
                about,
                sender=referrer,
                tags=nfa,
            )
    if day is None:
        return
    how = rng.choices(("decision", "action", "late_action"), (0.75, 0.15, 0.1))[0]
    decided = b.after(day, 1, (1, 12), (0.5, 0.3, 0.2)) if how == "decision" else None
    if how != "decision":
        action = rng.choice(("assessment_start", "strategy_discussion", "s47_start"))
        acted = b.working(day, rng.randint(0, 1) if how == "action" else rng.randint(2, 8))
        if action == "strategy_discussion":
            _discussion(b, acted, about)
        elif action == "assessment_start":
            _assessment(b, list(about), acted)
        else:
            _s47(b, list(about), acted)
        if rng.random() < 0.5:
            decided = b.working(acted, rng.randint(1, 10))
    told = b.after(day, 5, (1, 15), (0.5, 0.25, 0.25))
    if decided is not None and told is not None and rng.random() < 0.4:
        told = b.add("csc", max(decided, told), "decision", about, recipients=(referrer,))
        decided = None if told == decided else decided
    elif told is not None:
        b.add("csc", told, "information_shared", about, recipients=(referrer,))
    b.add("csc", decided, "decision", about)


def _assessment(b: _Builder, children: list[str], day: D | None = None) -> None:
    rng = b.rng
    about = _group(b, children)
    day = b.add("csc", day or b.day(), "assessment_start", about)
    if day is None:
        return
    ended = b.after(day, 45, (1, 30), (0.55, 0.3, 0.15))
    b.add("csc", ended, "assessment_end", about)
    for agency in b.others():
        if rng.random() < 0.6:
            asked = b.after(
                day - dt.timedelta(days=rng.choice((0, 0, 0, 20, 60))), 30, (25, 40), (0.6, 0.2, 0.2)
            )
            if rng.random() < 0.5:
                b.add("csc", asked, "information_request", about, recipients=(agency,))
            elif rng.random() < 0.5:
                b.add(agency, asked, "information_shared", about, recipients=("csc",))
            else:
                b.add("csc", asked, "information_shared", about, sender=agency)
    if rng.random() < 0.15:
        _assessment(b, list(about), b.working(day, rng.randint(20, 90)))


def _s47(b: _Builder, children: list[str], day: D | None = None) -> None:
    rng = b.rng
    about = _group(b, children)
    day = b.add("csc", day or b.day(), "s47_start", about)
    if day is None:
        return
    answered = b.after(day, 15, (1, 20), (0.55, 0.3, 0.15))
    if rng.random() < 0.7:
        participants = tuple(a for a in b.others() if rng.random() < 0.6)
        b.add("csc", answered, "conference", about, participants=participants, tags=("icpc",))
        if answered is not None and rng.random() < 0.3:
            b.add("csc", b.working(answered, rng.randint(40, 70)), "conference", about, tags=("review",))
    else:
        b.add("csc", answered, "s47_end", about, tags=("no_icpc",))


OFFENCES = (("incident", ("domestic_abuse",)), ("arrest", ("sexual_abuse", "iioc")), ("investigation", ("iioc",)),
            ("incident", ("violence",)), ("arrest", ("physical_abuse",)), ("incident", ()), ("arrest", ("theft",)),
            ("notification", ("domestic_abuse",)))  # fmt: skip


def _offending(b: _Builder, adult: str, own_children: list[str]) -> None:
    """Police (sometimes probation) records about an adult, some tagged for harm, often a sequence."""
    rng = b.rng
    kind, tags = rng.choice(OFFENCES)
    recorder = "probation" if "probation" in b.review.agencies and rng.random() < 0.15 else "police"
    day = b.add(recorder, b.day(), kind, (adult, *own_children), tags=tags)
    if day is None or not tags:
        return
    for later in ("bail", "charge", "conviction"):
        if rng.random() < 0.4:
            day = b.add(recorder, b.working(day, rng.randint(3, 40)), later, (adult,), tags=tags)
            if day is None:
                break


def _connections_followed_up(b: _Builder) -> None:
    """After each tagged record about an adult, someone may act for the children and tell the agencies."""
    rng, r = b.rng, b.review
    children = [p.pseudonym for p in r.people if p.role == "child"]
    for record in [x for x in r.records if x.kind in ("incident", "arrest", "investigation", "notification")
                   and set(x.tags) & {"domestic_abuse", "iioc", "violence", "physical_abuse"}]:  # fmt: skip
        adult = record.subjects[0]
        near = [c for c in children if _within_two(r.links, adult, c)] or children
        for child in rng.sample(near, min(len(near), 2)):
            acted = b.after(record.day, 10, (1, 20), (0.4, 0.3, 0.3))
            kind = rng.choice(("referral", "strategy_discussion", "decision", "assessment_start"))
            if kind == "referral":
                b.add(record.agency, acted, "referral", (child,), recipients=("csc",))
            elif kind == "strategy_discussion":
                _discussion(b, acted, (child,))
            else:
                b.add("csc", acted, kind, (child,))
        for agency in b.others(but=("csc", record.agency)):
            if rng.random() < 0.5:
                told = b.after(record.day, 10, (1, 25), (0.45, 0.3, 0.25))
                about = (adult,) if rng.random() < 0.5 else (rng.choice(near),)
                b.add(record.agency, told, rng.choice(("notification", "information_shared")), about,
                      recipients=(agency,))  # fmt: skip


def _within_two(links: list[Link], adult: str, child: str) -> bool:
    """Whether the child is within two links of the adult, whatever the links' dates (a generator's guess)."""
    touching = {link.b if link.a == adult else link.a for link in links if adult in (link.a, link.b)}
    return child in touching or any(
        child in (link.a, link.b) and {link.a, link.b} & touching for link in links
    )
