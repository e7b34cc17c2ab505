"""What a scanned code is, from the text alone: printed numbers by letter, anything else an order."""

from __future__ import annotations

import pytest

from storepos.domain.errors import InvalidInput
from storepos.domain.numbers import NumberKind, format_number
from storepos.services.base.scan import NothingMatches, ScanKind, ScanTarget, classify


@pytest.mark.parametrize(("kind", "expected"), [
    (NumberKind.RETURN, ScanKind.RETURN),
    (NumberKind.PICKUP, ScanKind.PICKUP),
    (NumberKind.GIFT_CARD, ScanKind.GIFT_CARD),
    (NumberKind.STORE_CREDIT, ScanKind.STORE_CREDIT),
    (NumberKind.WARRANTY_CLAIM, ScanKind.WARRANTY_CLAIM),
])
def test_printed_numbers_are_known_by_their_letter(kind: NumberKind, expected: ScanKind) -> None:
    number = format_number(kind, "TOR1", 123)
    assert classify(number) == ScanTarget(expected, number)
    # As a scanner or a person types it: lower case, spaces instead of dashes.
    assert classify(" " + number.lower().replace("-", " ") + " ") == ScanTarget(expected, number)


def test_anything_else_is_taken_for_an_order_number() -> None:
    assert classify("10000123") == ScanTarget(ScanKind.ORDER, "10000123")
    assert classify(" #tor1-000045 ") == ScanTarget(ScanKind.ORDER, "TOR1-000045")


def test_a_typo_in_a_printed_number_says_so() -> None:
    good = format_number(NumberKind.RETURN, "TOR1", 123)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(InvalidInput, match="typing mistake"):
        classify(bad)


def test_blank_card_and_junk_codes_are_refused_in_words() -> None:
    with pytest.raises(InvalidInput, match="Scan a barcode or type a number"):
        classify("   ")
    with pytest.raises(InvalidInput, match="full card number") as refused:
        classify("4111 1111 1111 1111")
    assert "4111" not in refused.value.message  # a card number is never repeated back
    with pytest.raises(NothingMatches, match="Nothing matches"):
        classify("x" * 40)
