"""The policy engine's inputs and outputs: a case (order, items, request) and a decision.

Plain classes with `__slots__` (storepos.domain.record says why not dataclasses); each field is
`Final`: mypy refuses any assignment outside `__init__`.
"""

from __future__ import annotations

from decimal import Decimal

from storepos.domain.money import ZERO, format_money
from storepos.domain.record import Record
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

TYPE_CHECKING = False
if TYPE_CHECKING:  # reasons.py reads PaidWith back from JSON: it imports this module
    from collections.abc import Callable
    from datetime import date
    from typing import Final

    from storepos.domain.policy.reasons import Explanation

# Tenders paid by a card the customer can show: SoftMoc's "original credit card used for the
# purchase" (Interac is a debit card). PayPal, gift cards, cash and the rest have none to show.
CARD_TENDERS = frozenset({TenderKind.CARD, TenderKind.INTERAC})
_NO_TAGS: frozenset[Tag] = frozenset()


class OrderFacts(Record):
    __slots__ = ("channel", "fulfillment", "placed_on",  # noqa: RUF023  (the fields, in order)
                 "received_on", "shipping_charged", "dispatched")
    channel: Final[Channel]
    fulfillment: Final[Fulfillment]
    placed_on: Final[date]
    received_on: Final[date | None]  # delivered or picked up; None while the customer does not have it
    shipping_charged: Final[Decimal]
    dispatched: Final[bool]

    def __init__(self, channel: Channel, fulfillment: Fulfillment, placed_on: date, received_on: date | None,
                 shipping_charged: Decimal, dispatched: bool) -> None:
        self.channel = channel
        self.fulfillment = fulfillment
        self.placed_on = placed_on
        self.received_on = received_on
        self.shipping_charged = shipping_charged
        self.dispatched = dispatched


class Item(Record):
    __slots__ = ("id", "price", "paid", "tags")  # noqa: RUF023  (the fields, in order)
    id: Final[str]
    price: Final[Decimal]  # list price
    paid: Final[Decimal]  # after every discount
    tags: Final[frozenset[Tag]]

    def __init__(self, id: str, price: Decimal, paid: Decimal,
                 tags: frozenset[Tag] = _NO_TAGS) -> None:
        self.id = id
        self.price = price
        self.paid = paid
        self.tags = tags


class PaidWith(Record):
    """One tender that paid the order, as the till knows it (a CLI case never names them)."""

    __slots__ = ("kind", "label")
    kind: Final[TenderKind]
    label: Final[str]  # a card as staff see it ("VISA ••••4242"); any other tender by name

    def __init__(self, kind: TenderKind, label: str) -> None:
        self.kind = kind
        self.label = label

    @property
    def is_card(self) -> bool:
        return self.kind in CARD_TENDERS

    @property
    def paid(self) -> bool:
        return self.kind is not TenderKind.PAY_OFFLINE  # submitted unpaid: nothing goes back


class Condition(Record):
    """The counter checklist. An unticked box is "not shown": False."""

    __slots__ = ("worn", "original_box", "packaging_intact",  # noqa: RUF023  (the fields, in order)
                 "proof_of_purchase", "original_card")
    worn: Final[bool]
    original_box: Final[bool]
    packaging_intact: Final[bool]
    proof_of_purchase: Final[bool]
    original_card: Final[bool]

    def __init__(self, worn: bool = False, original_box: bool = False, packaging_intact: bool = False,
                 proof_of_purchase: bool = False, original_card: bool = False) -> None:
        self.worn = worn
        self.original_box = original_box
        self.packaging_intact = packaging_intact
        self.proof_of_purchase = proof_of_purchase
        self.original_card = original_card


class Inspection(Record):
    __slots__ = ("defect_confirmed", "wear_and_tear", "misuse")  # noqa: RUF023  (the fields, in order)
    defect_confirmed: Final[bool]
    wear_and_tear: Final[bool]
    misuse: Final[bool]

    def __init__(self, defect_confirmed: bool = False, wear_and_tear: bool = False,
                 misuse: bool = False) -> None:
        self.defect_confirmed = defect_confirmed
        self.wear_and_tear = wear_and_tear
        self.misuse = misuse


_NOTHING_SHOWN = Condition()


class Request(Record):
    __slots__ = ("type", "reason", "item_ids",  # noqa: RUF023  (the fields, in order)
                 "condition", "inspection")
    type: Final[RequestType]
    reason: Final[Reason]
    item_ids: Final[tuple[str, ...]]
    condition: Final[Condition]
    inspection: Final[Inspection | None]

    def __init__(self, type: RequestType, reason: Reason, item_ids: tuple[str, ...],
                 condition: Condition = _NOTHING_SHOWN, inspection: Inspection | None = None) -> None:
        self.type = type
        self.reason = reason
        self.item_ids = item_ids
        self.condition = condition
        self.inspection = inspection


class Case(Record):
    __slots__ = ("policy", "today", "store_kind", "order",  # noqa: RUF023  (the fields, in order)
                 "items", "request", "paid_with")
    policy: Final[str]
    today: Final[date]
    store_kind: Final[StoreKind]
    order: Final[OrderFacts]
    items: Final[tuple[Item, ...]]
    request: Final[Request]
    # The order's tenders, when the till knows them: a refund goes back to them, and the original
    # card is asked for only when a card paid. Empty (the CLI): the condition's original_card says.
    paid_with: Final[tuple[PaidWith, ...]]

    def __init__(self, policy: str, today: date, store_kind: StoreKind, order: OrderFacts,
                 items: tuple[Item, ...], request: Request, paid_with: tuple[PaidWith, ...] = ()) -> None:
        self.policy = policy
        self.today = today
        self.store_kind = store_kind
        self.order = order
        self.items = items
        self.request = request
        self.paid_with = paid_with

    @property
    def no_card_paid(self) -> bool:
        """The till knows the tenders and none is a card: there is no original card to show."""
        return bool(self.paid_with) and not any(p.is_card for p in self.paid_with)

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)


# format_money's answers by amount: a thousand decisions say "0.00" and a few prices thousands of
# times. Equal amounts have one text (quantized to the cent), but for -0.00, equal to 0.00.
_MONEY_TEXTS: dict[Decimal, str] = {}


def money_text(value: Decimal) -> str:
    text = _MONEY_TEXTS.get(value)
    if text is None or (text == "0.00" and value is not ZERO and value.is_signed()):  # ZERO: most
        text = format_money(value)
        if len(_MONEY_TEXTS) < 10_000 and not value.is_signed():
            _MONEY_TEXTS[value] = text
    return text


# Canonical order of resolutions in a decision (the contract's own order).
RESOLUTION_ORDER: tuple[Resolution, ...] = tuple(Resolution)


class ItemDecision(Record):
    __slots__ = ("allowed", "restocking_fee",  # noqa: RUF023  (the fields, in order)
                 "refund_amount", "reasons")
    allowed: Final[tuple[Resolution, ...]]  # empty: denied
    restocking_fee: Final[Decimal]
    refund_amount: Final[Decimal]  # paid - restocking fee; 0.00 when nothing may be refunded or credited
    reasons: Final[tuple[Explanation, ...]]  # never empty; each cites the clause it applies

    def __init__(self, allowed: tuple[Resolution, ...], restocking_fee: Decimal, refund_amount: Decimal,
                 reasons: tuple[Explanation, ...]) -> None:
        self.allowed = allowed
        self.restocking_fee = restocking_fee
        self.refund_amount = refund_amount
        self.reasons = reasons

    @property
    def denied(self) -> bool:
        return not self.allowed

    def to_json(self, word: Callable[[Explanation], str],
                worded: dict[int, list[str]] | None = None) -> dict[str, object]:
        """The contract's JSON; `word` turns each reason into its sentence (the domain has no words).
        `worded`: the sentences of reasons already worded, by the id of their (held) tuple."""
        reasons = self.reasons
        if worded is None:
            said = [word(r) for r in reasons]
        else:
            known = worded.get(id(reasons))
            if known is None:
                known = worded[id(reasons)] = [word(r) for r in reasons]
            said = known.copy()
        return {
            "allowed": [r._value_ for r in self.allowed],  # not .value: a property, many times slower
            "restocking_fee": money_text(self.restocking_fee),
            "refund_amount": money_text(self.refund_amount),
            "reasons": said,
        }


class Decision(Record):
    __slots__ = ("policy", "items",  # noqa: RUF023  (the fields, in order)
                 "shipping_refund", "needs_manager")
    policy: Final[str]
    items: Final[dict[str, ItemDecision]]
    shipping_refund: Final[Decimal]
    needs_manager: Final[bool]

    def __init__(self, policy: str, items: dict[str, ItemDecision] | None = None,
                 shipping_refund: Decimal = ZERO, needs_manager: bool = False) -> None:
        self.policy = policy
        self.items = {} if items is None else items
        self.shipping_refund = shipping_refund
        self.needs_manager = needs_manager

    def to_json(self, word: Callable[[Explanation], str]) -> dict[str, object]:
        worded: dict[int, list[str]] = {}
        return {
            "policy": self.policy,
            # The engine gives a case's items one tuple of reasons when they share them: worded once.
            "items": {item_id: d.to_json(word, worded) for item_id, d in self.items.items()},
            "shipping_refund": money_text(self.shipping_refund),
            "needs_manager": self.needs_manager,
        }
