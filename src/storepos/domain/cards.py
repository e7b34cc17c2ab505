"""Payment cards: only brand, last four and the authorisation reference are ever kept.

A full card number (a 13-19 digit run, spaces or dashes allowed, passing the Luhn check) is refused
wherever free text is stored (PCI DSS 3.3.1 / 3.4.1).
"""

from __future__ import annotations

import re

from storepos.domain.errors import InvalidInput

_CANDIDATE = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")


class FullCardNumberError(InvalidInput):
    """Raised when text holds what looks like a full payment card number."""


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def contains_card_number(text: str) -> bool:
    for match in _CANDIDATE.finditer(text):
        digits = re.sub(r"[ -]", "", match.group())
        if 13 <= len(digits) <= 19 and luhn_ok(digits):
            return True
    return False


def refuse_card_number(field: str, text: str | None) -> str | None:
    if text is not None and contains_card_number(text):
        raise FullCardNumberError(
            f"{field}: a full card number cannot be stored; keep the brand and last four digits only"
        )
    return text


def check_last_four(text: str) -> str:
    if not (len(text) == 4 and text.isdigit()):
        raise FullCardNumberError("card last four must be exactly four digits")
    return text


def mask_card(brand: str, last_four: str) -> str:
    """How a card is shown to staff and on receipts: "VISA ••••1234"."""
    return f"{brand} \u2022\u2022\u2022\u2022{last_four}"
