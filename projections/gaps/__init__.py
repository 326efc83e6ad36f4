"""Gap rules (DESIGN §7): statutory rulebooks run over the joint chronology to find what was missed."""

from jointchron.projections.gaps.engine import Assessment, DataProblem, Gap, assess, evaluate
from jointchron.projections.gaps.findings import Finding, findings_of
from jointchron.projections.gaps.report import (
    GapReport,
    GapsQuery,
    assessed_rules,
    find_gaps,
    gap_report,
    load_case,
    rules_in_force,
)
from jointchron.projections.gaps.rulebook import BUILT_IN, Rulebook, RulebookError, load_rulebook

__all__ = [
    "BUILT_IN",
    "Assessment",
    "DataProblem",
    "Finding",
    "Gap",
    "GapReport",
    "GapsQuery",
    "Rulebook",
    "RulebookError",
    "assess",
    "assessed_rules",
    "evaluate",
    "find_gaps",
    "findings_of",
    "gap_report",
    "load_case",
    "load_rulebook",
    "rules_in_force",
]
