"""jointchron: multi-agency chronologies for child safeguarding practice reviews.

    import jointchron
    review = jointchron.open_review("review-store")
    review.chronology(person="Child Bk")            # a pandas DataFrame

The names below are loaded when first used, so that `import jointchron` (and `jointchron --help`)
does not import pandas, Altair or DuckDB.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jointchron.domain.errors import JointchronError
    from jointchron.importers.report import ImportReport
    from jointchron.service.review_store import Store
    from jointchron.service.reviews import init_review, open_review

# name → the module that defines it
_LAZY = {
    "open_review": "jointchron.service.reviews",
    "init_review": "jointchron.service.reviews",
    "Store": "jointchron.service.review_store",
    "ImportReport": "jointchron.importers.report",
    "JointchronError": "jointchron.domain.errors",
}
__all__ = ["ImportReport", "JointchronError", "Store", "init_review", "open_review"]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'jointchron' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
