"""The policy engine's inputs and outputs: a case (order, items, request) and a decision."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from storepos.domain.money import format_money
from storepos.domain.vocabulary import (
    Channel,
    Fulfillment,
    Reason,
    RequestType,
    Resolution,
    StoreKind,
    Tag,
    TenderKind,
)

if TYPE_CHECKING:  # reasons.py reads PaidWith back from JSON: it imports this module
    from storepos.domain.policy.reasons import Explanation

# Tenders paid by a card the customer can show: SoftMoc's "original credit card used for the
# purchase" (Interac is a debit card). PayPal, gift cards, cash and the rest have none to show.
CARD_TENDERS = frozenset({TenderKind.CARD, TenderKind.INTERAC})


@dataclass(frozen=True, slots=True)
class OrderFacts:
    channel: Channel
    fulfillment: Fulfillment
    placed_on: date
    received_on: date | None  # delivered or picked up; None while the customer does not have it
    shipping_charged: Decimal
    dispatched: bool


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    price: Decimal  # list price
    paid: Decimal  # after every discount
    tags: frozenset[Tag] = frozenset()


@dataclass(frozen=True, slots=True)
class PaidWith:
    """One tender that paid the order, as the till knows it (a CLI case never names them)."""

    kind: TenderKind
    label: str  # a card as staff see it ("VISA ••••4242"); any other tender by name

    @property
    def is_card(self) -> bool:
        return self.kind in CARD_TENDERS

    @property
    def paid(self) -> bool:
        return self.kind is not TenderKind.PAY_OFFLINE  # submitted unpaid: nothing goes back


@dataclass(frozen=True, slots=True)
class Condition:
    """The counter checklist. An unticked box is "not shown": False."""

    worn: bool = False
    original_box: bool = False
    packaging_intact: bool = False
    proof_of_purchase: bool = False
    original_card: bool = False


@dataclass(frozen=True, slots=True)
class Inspection:
    defect_confirmed: bool = False
    wear_and_tear: bool = False
    misuse: bool = False


@dataclass(frozen=True, slots=True)
class Request:
    type: RequestType
    reason: Reason
    item_ids: tuple[str, ...]
    condition: Condition = Condition()
    inspection: Inspection | None = None


@dataclass(frozen=True, slots=True)
class Case:
    policy: str
    today: date
    store_kind: StoreKind
    order: OrderFacts
    items: tuple[Item, ...]
    request: Request
    # The order's tenders, when the till knows them: a refund goes back to them, and the original
    # card is asked for only when a card paid. Empty (the CLI): the condition's original_card says.
    paid_with: tuple[PaidWith, ...] = ()

    @property
    def no_card_paid(self) -> bool:
        """The till knows the tenders and none is a card: there is no original card to show."""
        return bool(self.paid_with) and not any(p.is_card for p in self.paid_with)

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)


# Canonical order of resolutions in a decision (the contract's own order).
RESOLUTION_ORDER: tuple[Resolution, ...] = tuple(Resolution)


@dataclass(frozen=True, slots=True)
class ItemDecision:
    allowed: tuple[Resolution, ...]  # empty: denied
    restocking_fee: Decimal
    refund_amount: Decimal  # paid - restocking fee; 0.00 when nothing may be refunded or credited
    reasons: tuple[Explanation, ...]  # never empty; each cites the clause it applies

    @property
    def denied(self) -> bool:
        return not self.allowed

    def to_json(self, word: Callable[[Explanation], str]) -> dict[str, object]:
        """The contract's JSON; `word` turns each reason into its sentence (the domain has no words)."""
        return {
            "allowed": [r.value for r in self.allowed],
            "restocking_fee": format_money(self.restocking_fee),
            "refund_amount": format_money(self.refund_amount),
            "reasons": [word(r) for r in self.reasons],
        }


@dataclass(frozen=True, slots=True)
class Decision:
    policy: str
    items: dict[str, ItemDecision] = field(default_factory=dict)
    shipping_refund: Decimal = Decimal("0.00")
    needs_manager: bool = False

    def to_json(self, word: Callable[[Explanation], str]) -> dict[str, object]:
        return {
            "policy": self.policy,
            "items": {item_id: d.to_json(word) for item_id, d in self.items.items()},
            "shipping_refund": format_money(self.shipping_refund),
            "needs_manager": self.needs_manager,
        }
