"""The till's day: the float counted at opening, every cash movement, the count at close.

Pure rules (standard library only): the notes and coins of each currency, what a count adds up
to, what the drawer should hold, and whether a variance needs a manager. The layers above word
them; codes here are what is stored.

    counted = count_total("CAD", {"50.00": 2, "20.00": 5, "0.25": 8})   # Decimal("202.00")
    expected = expected_cash(movements)                                  # float + ins - outs
    needs_manager(variance, threshold)                                   # |variance| > threshold
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from storepos.domain.money import ZERO, parse_money

# One table, by currency: the notes and coins a drawer holds, largest first. Canada has had no
# 1-cent coin since 2013 (cash totals round to 5 cents); the US keeps the penny; Australia has no
# 1 or 2-cent coins since 1992.
DENOMINATIONS: dict[str, tuple[Decimal, ...]] = {
    "CAD": tuple(Decimal(v) for v in (
        "100.00", "50.00", "20.00", "10.00", "5.00", "2.00", "1.00", "0.25", "0.10", "0.05")),
    "USD": tuple(Decimal(v) for v in (
        "100.00", "50.00", "20.00", "10.00", "5.00", "2.00", "1.00", "0.50", "0.25", "0.10",
        "0.05", "0.01")),
    "AUD": tuple(Decimal(v) for v in (
        "100.00", "50.00", "20.00", "10.00", "5.00", "2.00", "1.00", "0.50", "0.20", "0.10",
        "0.05")),
}
# The notes (the rest are coins), for showing them apart.
NOTES: dict[str, Decimal] = {"CAD": Decimal("5.00"), "USD": Decimal("1.00"),
                             "AUD": Decimal("5.00")}
MOST_PIECES = 100_000  # of one denomination in one drawer: more is a typing slip


class DayError(ValueError):
    """A count or a movement the rules refuse; `code` says which rule, `params` its values."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code, self.params = code, params


class Movement(StrEnum):
    """Why cash went in or out of the drawer: the action that moved it."""

    FLOAT = "float"                          # counted in at opening
    CASH_REFUND = "cash_refund"              # a return refunded in cash
    EXCHANGE_COLLECTED = "exchange_collected"  # an exchange's difference paid in cash
    EXCHANGE_PAID = "exchange_paid"          # an exchange's difference given back in cash
    PICKUP_BALANCE = "pickup_balance"        # a pay-offline order paid in cash at pickup
    GIFT_CARD_SOLD = "gift_card_sold"        # a gift card bought with cash
    PAID_IN = "paid_in"                      # cash put in, with a reason and a manager
    PAID_OUT = "paid_out"                    # cash taken out, with a reason and a manager


INTO_DRAWER = frozenset({Movement.FLOAT, Movement.EXCHANGE_COLLECTED, Movement.PICKUP_BALANCE,
                         Movement.GIFT_CARD_SOLD, Movement.PAID_IN})
NEEDS_MANAGER = frozenset({Movement.PAID_IN, Movement.PAID_OUT})


def signed(kind: Movement, amount: Decimal) -> Decimal:
    """The amount as the drawer sees it: + in, - out (`amount` is positive)."""
    return amount if kind in INTO_DRAWER else -amount


def denominations(currency: str) -> tuple[Decimal, ...]:
    try:
        return DENOMINATIONS[currency.upper()]
    except KeyError:
        raise DayError("unknown_currency", currency=currency) from None


def clean_count(currency: str, counts: Mapping[str, object]) -> dict[str, int]:
    """{"20.00": 5, ...} with every key a denomination of the currency and every count a whole
    number of pieces from 0 to MOST_PIECES; zeros dropped."""
    known = {f"{d:.2f}" for d in denominations(currency)}
    clean: dict[str, int] = {}
    for key, value in counts.items():
        try:
            face = f"{parse_money(key):.2f}"
        except ValueError:
            raise DayError("not_a_denomination", currency=currency, value=key) from None
        if face not in known:
            raise DayError("not_a_denomination", currency=currency, value=key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise DayError("not_a_count", value=face)
        if value < 0 or value > MOST_PIECES:
            raise DayError("count_out_of_range", value=face, most=MOST_PIECES)
        if value:
            clean[face] = clean.get(face, 0) + value
    return dict(sorted(clean.items(), key=lambda kv: -Decimal(kv[0])))


def count_total(currency: str, counts: Mapping[str, object]) -> Decimal:
    return sum((Decimal(face) * n for face, n in clean_count(currency, counts).items()), ZERO)


@dataclass(frozen=True, slots=True)
class CashLine:
    kind: Movement
    amount: Decimal  # positive; `signed` gives the drawer's sign


def expected_cash(lines: Iterable[CashLine]) -> Decimal:
    """What the drawer should hold: the float, plus what came in, less what went out."""
    return sum((signed(line.kind, line.amount) for line in lines), ZERO)


def needs_manager(variance: Decimal, threshold: Decimal) -> bool:
    """A count off by more than the threshold (either way) needs a manager and a reason."""
    return abs(variance) > threshold


def refund_movement(exchange: bool) -> Movement:
    """Cash back to the customer: an exchange's difference, or a refund."""
    return Movement.EXCHANGE_PAID if exchange else Movement.CASH_REFUND
