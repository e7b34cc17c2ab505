"""Where gift card and store credit value comes from, and the caps on value made at the counter.

Every movement that adds value names its source: a sale (the tender taken for it), a return, a
warranty decision, a manager's promotion or goodwill credit, or a correction. The till refuses a
credit with none (services.cards.value_accounts); the central side refuses one that arrives without
(central.card_sources), as a till's database edited by hand would send.

Caps bound value made at the counter (sales, promotions, goodwill): `per_card` on a card's balance,
`per_day` on what one till makes in the store's calendar day. Above either, a manager approves.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class ValueSource(StrEnum):
    SALE = "sale"              # the customer paid: the tender is kept with it
    RETURN = "return"          # a refund onto a card or store credit; the return is named
    WARRANTY = "warranty"      # a warranty decision's credit; the claim is named
    PROMOTION = "promotion"    # a card given away: a manager approves, with a reason
    GOODWILL = "goodwill"      # value added with no sale, return or claim: a manager, a reason
    CORRECTION = "correction"  # reverses an earlier entry (a manager, a reason)


# Sources a manager must approve, whatever the amount.
MANAGER_SOURCES = frozenset({ValueSource.PROMOTION, ValueSource.GOODWILL})
# Sources the caps apply to: value made at the counter, not refunds or decided claims.
CAPPED_SOURCES = frozenset({ValueSource.SALE, ValueSource.PROMOTION, ValueSource.GOODWILL})


@dataclass(frozen=True, slots=True)
class CardCaps:
    """Most value a card may hold, and most value one till makes in a day, without a manager."""

    per_card: Decimal = Decimal("1000.00")
    per_day: Decimal = Decimal("5000.00")  # per till, per store calendar day

    def __post_init__(self) -> None:
        for name in ("per_card", "per_day"):
            value = getattr(self, name)
            if not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
                raise ValueError(f"card cap {name} must be an amount above zero")


DEFAULT_CAPS = CardCaps()


def _shown(value: Decimal) -> str:
    return f"{value:,.2f}"


def over_cap(caps: CardCaps, balance_after: Decimal, day_after: Decimal) -> str | None:
    """The sentence saying which cap a movement goes over, or None when it stays within both."""
    if balance_after > caps.per_card:
        return (f"A card holds at most {_shown(caps.per_card)} without a manager; this one "
                f"would hold {_shown(balance_after)}.")
    if day_after > caps.per_day:
        return (f"This till makes at most {_shown(caps.per_day)} of card value a day "
                f"without a manager; this would bring today to {_shown(day_after)}.")
    return None
