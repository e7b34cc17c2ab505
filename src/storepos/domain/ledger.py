"""Gift card and store credit arithmetic: the next ledger position, and the words for refusals.

An account's balance is its last entry's `balance_after`; a movement is a signed amount (+ adds
value, - spends it). These rules refuse, in plain words, what the database CHECK would only
reject with a constraint name: a zero or malformed amount, and a balance going below zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from storepos.domain.amounts import MAX_TYPED_AMOUNT, AmountError, parse_typed_amount
from storepos.domain.errors import InvalidInput
from storepos.domain.money import ZERO, MoneyError, format_money, parse_money


class LedgerError(InvalidInput):
    """A movement the ledger refuses: not enough balance, a bad amount."""


@dataclass(frozen=True, slots=True)
class Position:
    """Where an account stands: the last entry's sequence number and balance (0, 0 when new)."""

    seq: int
    balance: Decimal


EMPTY = Position(0, ZERO)


# An amount check_amount refuses: the code, with `what` (the field's English name) and `most` as
# params, worded above the domain (services/base/amount_words.py).
NOT_MONEY, NOT_POSITIVE, TOO_LARGE = "amount_not_money", "amount_not_positive", "amount_too_large"


def check_amount(amount: object, *, what: str = "The amount") -> Decimal:
    """A positive sum of money with at most two decimals, at most MAX_TYPED_AMOUNT: a Decimal
    (never a float), or text a person typed, read by `amounts.parse_typed_amount` (never cleaned:
    "1e3" is refused, not read as 1000 or 13)."""
    if isinstance(amount, str):
        try:
            value = parse_typed_amount(amount)
        except AmountError as exc:
            raise LedgerError(exc.message) from None
    else:
        try:
            value = parse_money(amount)
        except MoneyError:
            raise LedgerError(f"{what} must be a sum of money like 25.00.", code=NOT_MONEY,
                              params={"what": what}) from None
    if value <= 0:
        raise LedgerError(f"{what} must be more than zero.", code=NOT_POSITIVE,
                          params={"what": what})
    if value > MAX_TYPED_AMOUNT:
        raise LedgerError(f"{what} is too large: one movement is at most {MAX_TYPED_AMOUNT:,}.",
                          code=TOO_LARGE, params={"what": what, "most": MAX_TYPED_AMOUNT})
    return value


def apply(position: Position, amount: Decimal, *, label: str) -> Position:
    """The position after a signed movement; `label` names the account ("Gift card ••••0015")."""
    if amount == 0:
        raise LedgerError(f"{label}: a movement of 0.00 changes nothing.")
    balance = position.balance + amount
    if balance < 0:
        raise LedgerError(
            f"{label} can't go below zero: the balance is {format_money(position.balance)}, "
            f"less than {format_money(-amount)}."
        )
    return Position(position.seq + 1, balance)


def correction_amount(original: Decimal) -> Decimal:
    """A correction reverses the entry it corrects, exactly: the entry itself is never edited."""
    return -original


def mask_account_number(number: str, keep: int = 4) -> str:
    """A gift card or store-credit number as a receipt shows it: ••••0015."""
    chars = "".join(c for c in number if c.isalnum())
    return "\u2022\u2022\u2022\u2022" + chars[-keep:]
