"""A full card number is refused in every free-text column; card_last4 is exactly four digits."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from storepos.domain.cards import FullCardNumberError, luhn_ok
from storepos.persistence.models import (
    AuditEvent,
    LedgerEntry,
    Return,
    ReturnLine,
    Tender,
    WarrantyClaim,
)

CARD_TEXTS = [
    "4111 1111 1111 1111",
    "4111-1111-1111-1111",
    "4111111111111111",
    "paid with 5500 0055 5555 5559, thanks",
    "378282246310005",  # Amex, 15 digits
    "4111.1111.1111.1111",  # dots, slashes, underscores, double spaces passed the old filter
    "4111/1111/1111/1111",
    "4111_1111_1111_1111",
    "4111  1111  1111  1111",
    "\uff14\uff11\uff11\uff11\u3000\uff11\uff11\uff11\uff11\u3000\uff11\uff11\uff11\uff11\u3000\uff11\uff11\uff11\uff11",
]

SETTERS: dict[str, Callable[[str], object]] = {
    "Tender.reference": lambda text: Tender(reference=text),
    "Tender.auth_ref": lambda text: Tender(auth_ref=text),
    "Return.note": lambda text: Return(note=text),
    "WarrantyClaim.notes": lambda text: WarrantyClaim(notes=text),
    "LedgerEntry.note": lambda text: LedgerEntry(note=text),
    "AuditEvent.reason": lambda text: AuditEvent(reason=text),
    "ReturnLine.override_reason": lambda text: ReturnLine(override_reason=text),
}


@pytest.mark.parametrize("field", SETTERS)
@pytest.mark.parametrize("text", CARD_TEXTS)
def test_full_card_number_is_refused(field: str, text: str) -> None:
    with pytest.raises(FullCardNumberError) as caught:
        SETTERS[field](text)
    assert "full card number" in str(caught.value)


def test_refused_when_set_later_too() -> None:
    ret = Return(note="customer kept the box")
    with pytest.raises(FullCardNumberError):
        ret.note = "refund to 4111 1111 1111 1111"
    assert ret.note == "customer kept the box"


@pytest.mark.parametrize("field", SETTERS)
def test_ordinary_text_is_kept(field: str) -> None:
    not_a_card = "1234 5678 9012 3456"
    assert not luhn_ok(not_a_card.replace(" ", ""))
    for text in ["auth 0A1B2C", "PayPal 9XK12345AB678901C", not_a_card, "cheque 000123"]:
        SETTERS[field](text)  # no error


def test_card_last4_must_be_four_digits() -> None:
    assert Tender(card_brand="VISA", card_last4="1111").card_last4 == "1111"
    assert Tender(card_last4=None).card_last4 is None
    for bad in ["111", "11111", "4111111111111111", "12a4", ""]:
        with pytest.raises(FullCardNumberError):
            Tender(card_last4=bad)
