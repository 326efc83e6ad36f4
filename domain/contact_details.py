"""Contact details recognised by their shape: e-mail addresses and UK telephone numbers.

Outputs hide them unless `--named` (projections/redaction.py); a field that is a label, such as a tag, refuses
them, because its stored form (`mturner_example_com`) no longer has the shape that would hide it.
"""

from __future__ import annotations

import re

EMAIL_ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# UK numbers as records write them: 07700 900123, 0161 496 0000, (0161) 496 0000, +44 (0)7700 900123.
PHONE_NUMBER = re.compile(
    r"(?<![\w+/.-])(?:(?:\+44\s?(?:\(0\)\s?)?|0)\d{2,4}|\(0\d{2,4}\))[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w/.-])"
)


def holds_contact_details(text: str) -> bool:
    """Whether `text` holds an e-mail address or a telephone number."""
    return ("@" in text and EMAIL_ADDRESS.search(text) is not None) or PHONE_NUMBER.search(text) is not None
