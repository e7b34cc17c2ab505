"""Refund arithmetic: splitting money back over the tenders that paid, exchange differences.

Split tenders are refunded in proportion to what each paid (`allocate`, so the parts always sum to
the total). A tender that was never paid ("pay offline") keeps its share of the proportion but
refunds nothing: the customer did not pay that part. No tender ever gets back more than it paid
over all returns of the order: a cent of rounding that would overshoot moves to another tender.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from storepos.domain.errors import InvalidInput
from storepos.domain.money import ZERO, allocate, format_money


class RefundError(InvalidInput):
    """A refund that cannot be paid back as asked: the English for logs, `code` and `params` for
    services/returns/refund_words.py to word it in the reader's language."""


@dataclass(frozen=True, slots=True)
class TenderRoom:
    """One tender of the order: what it paid, what earlier returns gave back, whether it was paid."""

    paid: Decimal
    refunded: Decimal = ZERO
    paid_for_real: bool = True  # False for "pay offline": nothing was taken, nothing goes back

    @property
    def room(self) -> Decimal:
        return self.paid - self.refunded if self.paid_for_real else ZERO


def split_refund(total: Decimal, tenders: list[TenderRoom]) -> list[Decimal]:
    """How much of `total` goes back on each tender (same order); 0.00 for unpaid tenders."""
    if total < 0:
        raise RefundError("A refund can't be negative.", code="negative")
    if total == 0:
        return [ZERO] * len(tenders)
    if not tenders or sum((t.paid for t in tenders), ZERO) <= 0:
        raise RefundError("This order has no payment on record to refund to.", code="no_payment")
    shares = allocate(total, [t.paid for t in tenders])
    parts = []
    excess = ZERO
    for share, tender in zip(shares, tenders, strict=True):
        if not tender.paid_for_real:
            parts.append(ZERO)  # dropped, not moved: that part was never paid
            continue
        part = min(share, tender.room)
        excess += share - part
        parts.append(part)
    for i, tender in enumerate(tenders):  # rounding cents another tender can still take
        if excess == 0:
            break
        give = min(excess, tender.room - parts[i])
        if give > 0:
            parts[i] += give
            excess -= give
    if excess > 0:
        left = sum((t.room for t in tenders), ZERO)
        raise RefundError(
            f"Only {format_money(left)} is left to refund on this order's payments, "
            f"not {format_money(total)}.", code="too_much", params={"left": left, "total": total})
    return parts


def settle_offline(order_total: Decimal, tenders: list[TenderRoom]) -> list[TenderRoom]:
    """The same tenders, each unpaid one weighted by what the paid tenders still leave unpaid.

    An order submitted "pay offline" and paid at pickup keeps its pay-offline tender beside the
    tender that paid; weighed at full amount, it would swallow its share of every later refund.
    So an unpaid tender weighs only the part of the order total no paid tender covers (0 once paid).
    """
    outstanding = max(order_total - sum((t.paid for t in tenders if t.paid_for_real), ZERO), ZERO)
    settled = []
    for tender in tenders:
        if not tender.paid_for_real:
            weight = min(tender.paid, outstanding)
            outstanding -= weight
            tender = replace(tender, paid=weight)
        settled.append(tender)
    return settled


def exchange_difference(new_unit_price: Decimal, quantity: int, credit: Decimal) -> Decimal:
    """What the customer pays (+) or gets back (-) when `quantity` units swap for another variant."""
    if quantity <= 0:
        raise RefundError("An exchange needs at least one unit.", code="no_unit")
    return new_unit_price * quantity - credit


_CITATION = re.compile(r"\s*\([^()]*\)\s*\.?\s*$")


def short_reason(sentence: str) -> str:
    """A policy sentence without its clause citation, for a narrow receipt."""
    shorter = _CITATION.sub("", sentence).rstrip(" :;,")
    return (shorter or sentence.strip()).rstrip(".") + "."
