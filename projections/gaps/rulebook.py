"""Rulebooks: one jurisdiction's gap rules, read from TOML and checked before any rule runs.

A rulebook is data, not code, so that a safeguarding partnership can read, cite and extend
the rules it is judged by. A broken rulebook stops with one line naming the rule and the
field at fault; it never half-runs.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationError,
    field_validator,
    model_validator,
)

from jointchron.domain.errors import JointchronError
from jointchron.domain.vocabulary import KINDS, SECTORS, tag
from jointchron.projections.gaps.workdays import SUBDIVISIONS, Window

BUILT_IN: Final[tuple[str, ...]] = ("england", "wales", "scotland")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_MAX_EXTENDS = 5


class RulebookError(JointchronError):
    """A rulebook that cannot be used: not found, not TOML, or a rule that does not make sense."""


def _window(value: object) -> Window:
    if isinstance(value, Window):
        return value
    return Window.parse(value)  # type: ignore[arg-type]


WindowField = Annotated[Window, PlainValidator(_window), PlainSerializer(str)]


def _words(values: Sequence[str], allowed: Sequence[str], what: str) -> tuple[str, ...]:
    for value in values:
        if value not in allowed:
            raise ValueError(f"unknown {what} {value!r}; use one of: {', '.join(allowed)}")
    return tuple(values)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Match(_Strict):
    """What an entry must look like: shared by triggers and expectations."""

    kinds: tuple[str, ...] = ()
    tags_any: tuple[str, ...] = ()
    tags_all: tuple[str, ...] = ()
    tags_none: tuple[str, ...] = ()
    recorded_by: tuple[str, ...] = ()  # sectors of the agencies whose records these are
    sent_to: tuple[str, ...] = ()  # sectors of the agencies it was sent to

    @field_validator("kinds")
    @classmethod
    def _known_kinds(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return _words(values, KINDS, "kind")

    @field_validator("recorded_by", "sent_to")
    @classmethod
    def _known_sectors(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return _words(values, SECTORS, "sector")

    @field_validator("tags_any", "tags_all", "tags_none")
    @classmethod
    def _tags(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(tag(v) for v in values)


class Trigger(_Match):
    """One way a rule can be set off; a rule with several triggers fires on any of them."""

    about: Literal["any", "child", "adult"] = "any"  # a subject who is a child / an adult on the day


class Expectation(_Match):
    """One kind of follow-up that answers a trigger; a rule with several accepts any of them."""

    kinds: tuple[str, ...] = Field(min_length=1)
    # child: about the child the gap concerns; child_or_adult: or the adult of the trigger;
    # subjects: about any subject of the trigger; any: about anyone.
    about: Literal["child", "child_or_adult", "subjects", "any"] = "child"
    # How the agency the gap concerns must take part in it.
    agency_as: Literal["none", "recipient", "participant", "sender"] = "none"
    # Counts only within the window: action shows a decision was made in time, but late action
    # proves nothing about when it was made, so the rule's evidence stays its other expectations.
    in_time_only: bool = False


class Evidence(_Match):
    """What the records must hold somewhere for a rule to be judged at all (DESIGN §7, assessability)."""

    kinds: tuple[str, ...] = Field(min_length=1)
    participants: int = Field(default=0, ge=0, le=10)  # … with at least this many agencies taking part


class Target(_Strict):
    """Whom a rule is judged for, once per trigger."""

    # subjects: each child subject; connected: each child connected to an adult subject;
    # entry: the trigger entry itself (the gap names its child subjects).
    children: Literal["subjects", "connected", "entry"] = "subjects"
    # participants: each agency that took part; knew_child: each agency whose own records show the
    # child within `knew_within` before; referrer: the agency that made the referral.
    agencies: Literal["none", "participants", "knew_child", "referrer"] = "none"
    hops: int = Field(default=2, ge=1, le=4)
    knew_within: WindowField = Window(12, "months")
    exclude_sectors: tuple[str, ...] = ()
    exclude_trigger_agencies: bool = False
    # Judge each (adult, child[, agency]) once, from the first trigger that links them.
    once_per_pair: bool = False

    @field_validator("exclude_sectors")
    @classmethod
    def _known_sectors(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return _words(values, SECTORS, "sector")


class Pattern(_Strict):
    count: int = Field(ge=2)
    within: WindowField


class Rule(_Strict):
    id: str
    title: str = Field(min_length=1)
    severity: Literal["high", "medium", "low"]
    basis: str = Field(min_length=1)
    check: Literal["follow_up", "attendance", "pattern"] = "follow_up"
    trigger: tuple[Trigger, ...] = Field(min_length=1)
    for_each: Target = Target()
    expect: tuple[Expectation, ...] = ()
    within: WindowField | None = None
    already_in_hand: WindowField | None = None  # a follow-up this long before the trigger also counts
    until: tuple[str, ...] = ()  # kinds about the child that close the window (e.g. assessment_end)
    requires_sectors: tuple[str, ...] = ()
    pattern: Pattern | None = None
    expected_text: str = ""  # how explanations name the follow-up: "a strategy discussion about {child}"
    # The trigger starts a piece of work and the expected entries end it: each end answers only the
    # start it belongs to (the same record or episode, else the earliest start still open).
    work_item: bool = False
    # What a rule's evidence is, when not its expectations: a rule none of whose evidence any
    # extract of the review records is not assessable, and raises no gap.
    needs: tuple[Evidence, ...] = ()
    counted_from: str = ""  # how sentences say where the window starts, when not at the trigger

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"{value[:40]!r} is not a rule id; use lower-case letters, digits and -")
        return value

    @field_validator("until")
    @classmethod
    def _known_kinds(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return _words(values, KINDS, "kind")

    @field_validator("requires_sectors")
    @classmethod
    def _known_sectors(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return _words(values, SECTORS, "sector")

    @model_validator(mode="after")
    def _complete(self) -> Rule:
        # Messages start with the field at fault: the loader puts them after the rule's id.
        if self.check == "follow_up":
            if not self.expect:
                raise ValueError("field expect: missing; say which follow-up answers the trigger")
            if self.within is None and not self.until:
                raise ValueError("field within: missing; give a window such as '3 working days'")
        if self.check == "attendance" and not self.requires_sectors:
            raise ValueError("field requires_sectors: missing; list the sectors that must take part")
        if self.check == "pattern" and self.pattern is None:
            raise ValueError("field pattern: missing; give e.g. { count = 3, within = '12 months' }")
        needs_agency = any(e.agency_as != "none" for e in self.expect)
        if needs_agency and self.for_each.agencies == "none":
            raise ValueError("field for_each.agencies: an expectation names agency_as, so say which agencies")
        if self.for_each.children == "connected" and not any(t.about == "adult" for t in self.trigger):
            raise ValueError(
                "field trigger: children connected to an adult need a trigger with about = 'adult'"
            )
        if self.expect and all(e.in_time_only for e in self.expect):
            raise ValueError(
                "field expect: every expectation is in_time_only; one must be the rule's evidence"
            )
        if self.work_item and (self.check != "follow_up" or self.within is None):
            raise ValueError("field work_item: only a follow_up rule with a window can pair starts and ends")
        return self

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """What the records must hold for this rule to be judged (an empty tuple: nothing beyond triggers)."""
        if self.needs:
            return self.needs
        if self.check == "attendance":
            return tuple(Evidence(kinds=t.kinds, participants=2) for t in self.trigger if t.kinds)
        if self.check == "pattern":
            return ()
        # Any entry of an expected kind shows the records could have held the follow-up (DESIGN §7).
        return tuple(Evidence(kinds=e.kinds) for e in self.expect if not e.in_time_only)


class Rulebook(_Strict):
    name: str
    title: str = ""
    jurisdiction: str = ""
    calendar: Literal["england", "wales", "scotland"]
    basis: str = ""
    source: str = "built-in"
    # How explanations name a kind in this jurisdiction (Scotland: strategy_discussion is an IRD).
    labels: dict[str, str] = Field(default_factory=dict)
    rules: tuple[Rule, ...] = Field(min_length=1)

    @field_validator("labels")
    @classmethod
    def _known_kinds(cls, values: dict[str, str]) -> dict[str, str]:
        _words(list(values), KINDS, "kind")
        return values

    @model_validator(mode="after")
    def _unique(self) -> Rulebook:
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"rule {rule.id!r} is defined twice; give each rule its own id")
            seen.add(rule.id)
        return self

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)


def load_rulebook(spec: str | Path | None, jurisdiction: str) -> Rulebook:
    """The rulebook `spec` names (a built-in name or a TOML file), else the jurisdiction's own."""
    raw, where = _read(str(spec) if spec else jurisdiction, Path.cwd(), depth=0)
    return _validate(raw, where, default_calendar=jurisdiction)


def parse_rulebook(text: str, where: str = "rulebook") -> Rulebook:
    """A rulebook from TOML text (a built-in or file it extends is looked up from the current folder)."""
    raw = _extend(_toml(text, where), Path.cwd(), where, depth=0)
    return _validate(raw, where)


def _read(spec: str, base: Path, depth: int) -> tuple[dict[str, Any], str]:
    if spec.lower() in BUILT_IN and not (base / spec).is_file():
        text = (resources.files("jointchron.projections") / "rulebooks" / f"{spec.lower()}.toml").read_text(
            encoding="utf-8"
        )
        raw = _toml(text, spec.lower())
        raw.setdefault("rulebook", {}).setdefault("source", "built-in")
        return _extend(raw, base, spec.lower(), depth), spec.lower()
    path = Path(spec) if Path(spec).is_absolute() else base / spec
    if not path.is_file():
        raise RulebookError(
            f"no rulebook {spec!r}: give a built-in name ({', '.join(BUILT_IN)}) or the path of a .toml file"
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise RulebookError(f"cannot read rulebook {path.name}: {error}; save it as UTF-8 text") from None
    raw = _toml(text, path.name)
    raw.setdefault("rulebook", {}).setdefault("name", path.stem)
    raw["rulebook"].setdefault("source", str(path))
    return _extend(raw, path.parent, path.name, depth), path.name


def _toml(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulebookError(f"rulebook {where} is not valid TOML: {error}") from None


def _extend(raw: dict[str, Any], base: Path, where: str, depth: int) -> dict[str, Any]:
    """Applies `extends` and `disable`: a local rulebook is a built-in one plus, minus or replacing rules."""
    head = raw.get("rulebook", {})
    if not isinstance(head, dict):
        raise RulebookError(f"rulebook {where}: [rulebook] must be a table")
    unknown = set(raw) - {"rulebook", "rules"}
    if unknown:
        raise RulebookError(
            f"rulebook {where}: unknown table {sorted(unknown)[0]!r}; use [rulebook] and [[rules]]"
        )
    rules = raw.get("rules", [])
    if not isinstance(rules, list) or not all(isinstance(r, dict) for r in rules):
        raise RulebookError(f"rulebook {where}: write each rule as a [[rules]] table")
    parent_spec = head.get("extends")
    disabled = head.get("disable", [])
    if not isinstance(disabled, list) or not all(isinstance(d, str) for d in disabled):
        raise RulebookError(f"rulebook {where}: disable must be a list of rule ids")
    if parent_spec is None:
        if disabled:
            raise RulebookError(f"rulebook {where}: disable needs extends = 'england' (or another rulebook)")
        return {"rulebook": head, "rules": rules}
    if depth >= _MAX_EXTENDS or not isinstance(parent_spec, str):
        raise RulebookError(f"rulebook {where}: extends must name one rulebook, without a loop")
    parent_raw, parent_where = _read(parent_spec, base, depth + 1)
    _validate(parent_raw, parent_where)  # a broken parent is reported as the parent's fault
    parent_ids = [r.get("id") for r in parent_raw["rules"]]
    for rule_id in disabled:
        if rule_id not in parent_ids:
            raise RulebookError(
                f"rulebook {where}: disable names {rule_id!r}, which {parent_where} does not have"
            )
    own = {r.get("id"): r for r in rules}
    merged = [own.pop(r.get("id"), r) for r in parent_raw["rules"] if r.get("id") not in disabled]
    merged += [r for r in rules if r.get("id") in own]
    parent_head = {k: v for k, v in parent_raw["rulebook"].items() if k not in ("source", "name")}
    head = {**parent_head, **{k: v for k, v in head.items() if k not in ("extends", "disable")}}
    return {"rulebook": head, "rules": merged}


def _validate(raw: dict[str, Any], where: str, default_calendar: str | None = None) -> Rulebook:
    head = dict(raw.get("rulebook", {}))
    head.setdefault("name", where.removesuffix(".toml"))
    # Bank holidays: the rulebook's own, else its jurisdiction's, else the review's.
    for fallback in (head.get("jurisdiction"), default_calendar):
        if "calendar" not in head and fallback in SUBDIVISIONS:
            head["calendar"] = fallback
    try:
        return Rulebook.model_validate({**head, "rules": [_lists(r) for r in raw.get("rules", [])]})
    except ValidationError as error:
        # A misspelt field also leaves the real one missing: the misspelling is the one to report.
        problems = sorted(error.errors(), key=lambda p: p["type"] != "extra_forbidden")
        first = _describe(problems[0], raw.get("rules", []), where)
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise RulebookError(first + more) from None


def _lists(rule: dict[str, Any]) -> dict[str, Any]:
    # A single [rules.trigger] table is as good as one [[rules.trigger]] entry.
    rule = dict(rule)
    for key in ("trigger", "expect", "needs"):
        if isinstance(rule.get(key), dict):
            rule[key] = [rule[key]]
    return rule


def _describe(problem: Mapping[str, Any], rules: Sequence[Any], where: str) -> str:
    loc = list(problem["loc"])
    message = str(problem["msg"]).removeprefix("Value error, ")
    if problem["type"] == "extra_forbidden":
        message = "unknown field; check its spelling against the rulebook format in docs/gaps.md"
    elif problem["type"] == "missing":
        message = "missing"
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        rule = rules[loc[1]] if loc[1] < len(rules) else {}
        name = f"rule {rule['id']!r}" if isinstance(rule, dict) and rule.get("id") else f"rule #{loc[1] + 1}"
        field = _path(loc[2:])
        if not field:
            return f"rulebook {where}: {name}: {message}"
        return f"rulebook {where}: {name}, field {field}: {message}"
    field = _path(loc)
    return f"rulebook {where}: field {field}: {message}" if field else f"rulebook {where}: {message}"


def _path(loc: Sequence[Any]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        elif not str(part).startswith("function-"):
            text += ("." if text else "") + str(part)
    return text
