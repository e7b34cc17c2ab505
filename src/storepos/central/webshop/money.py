"""Money read from a web shop's JSON, and order discounts spread over lines to the cent."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from typing import Any

from storepos.i18n import _

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def amount(value: Any, what: str) -> Decimal:
    """A non-negative amount with at most two decimals ("12.50", 12.5 as JSON number, 12)."""
    if isinstance(value, bool) or value is None:
        raise ValueError(_("{what} is missing or not an amount").format(what=what))
    try:
        # A JSON number arrives as float: its repr ("12.5") is the decimal that was written.
        found = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
    except InvalidOperation:
        raise ValueError(_("{what} {value} is not an amount").format(what=what, value=repr(value))) from None
    if not found.is_finite() or found < 0:
        raise ValueError(_("{what} {value} is not an amount of 0 or more").format(
            what=what, value=repr(value)))
    if found != found.quantize(CENT):
        raise ValueError(_("{what} {value} has more than two decimals").format(
            what=what, value=repr(value)))
    return found.quantize(CENT)


def spread(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """`total` split in proportion to `weights`, in cents that add up to `total` exactly
    (largest remainder: the cents left after rounding down go to the largest fractions, the
    earlier line first on a tie)."""
    if not weights:
        return []
    whole = sum(weights, ZERO)
    if whole <= 0:
        shares = [ZERO] * len(weights)
        shares[0] = total
        return shares
    cents = int((total / CENT).to_integral_value())
    exact = [Decimal(cents) * w / whole for w in weights]
    floors = [int(e.to_integral_value(rounding=ROUND_FLOOR)) for e in exact]
    left = cents - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [(Decimal(c) * CENT).quantize(CENT) for c in floors]
