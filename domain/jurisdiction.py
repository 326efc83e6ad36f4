"""The jurisdictions a review can be held under: each has its own rulebook and bank holidays."""

from __future__ import annotations

from typing import Literal

Jurisdiction = Literal["england", "wales", "scotland"]
JURISDICTIONS: tuple[Jurisdiction, ...] = ("england", "wales", "scotland")
