"""Gap rules (DESIGN §7): statutory rulebooks run over the joint chronology to find what was missed."""

from jointchron.projections.gaps.engine import Gap, evaluate
from jointchron.projections.gaps.report import GapsQuery, find_gaps, load_case, rules_in_force
from jointchron.projections.gaps.rulebook import BUILT_IN, Rulebook, RulebookError, load_rulebook

__all__ = [
    "BUILT_IN",
    "Gap",
    "GapsQuery",
    "Rulebook",
    "RulebookError",
    "evaluate",
    "find_gaps",
    "load_case",
    "load_rulebook",
    "rules_in_force",
]
