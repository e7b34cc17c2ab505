"""Text taken from a web order: trimmed, cut to the column it fills, and refused (left empty,
with a warning naming the field, never the value) when it holds a full card number."""

from __future__ import annotations

from typing import Any

from storepos.domain.cards import carries_card_number, mask_card_numbers
from storepos.i18n import _

from .model import OrderRefused


class Fields:
    """Reads the text fields of one order, collecting the warnings about them."""

    def __init__(self, order: str) -> None:
        self.order = order  # how the order is named in a warning ("order #1001")
        self.warnings: list[str] = []

    def text(self, value: Any, where: str, limit: int = 255) -> str:
        if value is None or isinstance(value, (dict, list, bool)):
            return ""
        found = " ".join(str(value).split())
        if carries_card_number(found):
            self.warnings.append(_("{order}: {field} held what looks like a full card number; "
                                   "that field was left out.").format(order=self.order, field=where))
            return ""
        return found[:limit]

    def refuse(self, why: str) -> OrderRefused:
        return refused(_("{order}: {why}").format(order=self.order, why=why))


def refused(message: str) -> OrderRefused:
    """A refusal whose words never repeat a card number (a bad value is quoted in them)."""
    return OrderRefused(mask_card_numbers(message))
