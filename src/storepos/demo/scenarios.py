"""Scripted demo orders: the first orders of every demo, so even a small one shows every case.

Each scenario pins what matters (fulfillment, age in days, a tag, the tenders, a return, a pickup
status); the generator draws the rest. Ages sit on the policy windows' edges: 14/15 days (itsmysoft,
Shoe of the Week), 30/31 (Shoe of the Week from purchase), 75/76 (SoftMoc refund), 90/91 (SoftMoc
exchange and credit), 365/366 (SoftMoc warranty).
"""

from __future__ import annotations

from dataclasses import dataclass

from storepos.domain.vocabulary import Fulfillment, PickupStatus, TenderKind

HOME, PICKUP, COUNTER = Fulfillment.SHIP_TO_HOME, Fulfillment.SHIP_TO_STORE, Fulfillment.IN_STORE
T = TenderKind


@dataclass(frozen=True, slots=True)
class Scenario:
    fulfillment: Fulfillment
    age: int  # days between purchase and today
    policy: str = "softmoc"  # the retailer of a ship-to-home order
    store: str | None = None  # counter sale: where sold; pickup: where collected
    variant_tag: str | None = None  # the first line is a variant carrying this tag
    line_tags: tuple[str, ...] = ()  # promotions on the first line
    quantity: int | None = None  # units on the first line
    lines: int | None = None
    tenders: tuple[TenderKind, ...] | None = None
    returned: int = 0  # units of the first line already back (a completed return)
    requested: bool = False  # a Return ID issued, items not back yet
    pickup: PickupStatus | None = None


SHOWCASE: tuple[Scenario, ...] = (
    # SoftMoc online, the counter's everyday case, around its 75- and 90-day windows (web orders
    # are paid as the web shop records it: card, PayPal, gift card; Interac and store credit at
    # the counter).
    Scenario(HOME, 10, tenders=(T.CARD,)),
    Scenario(HOME, 74, tenders=(T.PAYPAL,)),
    Scenario(HOME, 75, tenders=(T.CARD,), lines=2),
    Scenario(HOME, 76, tenders=(T.CARD,)),
    Scenario(HOME, 89, tenders=(T.GIFT_CARD, T.CARD)),
    Scenario(HOME, 90, tenders=(T.CARD,)),
    Scenario(COUNTER, 91, store="TOR", tenders=(T.STORE_CREDIT, T.CARD)),
    Scenario(HOME, 200, tenders=(T.CARD,)),
    Scenario(HOME, 364, tenders=(T.CARD,)),
    Scenario(HOME, 366, tenders=(T.CARD,)),
    Scenario(HOME, 400, tenders=(T.PAYPAL,)),
    Scenario(HOME, 0, tenders=(T.CARD,)),  # not dispatched yet: only a cancellation applies
    # Counter sales, including the outlet and Montréal (fr_CA).
    Scenario(COUNTER, 3, store="VGN", tenders=(T.CASH,)),
    Scenario(COUNTER, 20, store="MTL", tenders=(T.INTERAC,)),
    Scenario(COUNTER, 45, store="TOR", tenders=(T.GIFT_CARD, T.CASH)),
    Scenario(COUNTER, 5, store="SYD", tenders=(T.CARD,)),
    # Pickups in every state, at SoftMoc retail stores.
    Scenario(PICKUP, 1, store="TOR", pickup=PickupStatus.IN_TRANSIT),
    Scenario(PICKUP, 3, store="MTL", pickup=PickupStatus.ARRIVED),
    Scenario(PICKUP, 4, store="TOR", pickup=PickupStatus.READY),
    Scenario(PICKUP, 6, store="BUF", pickup=PickupStatus.NOTIFIED),
    Scenario(PICKUP, 27, store="TOR", pickup=PickupStatus.COLLECTED, tenders=(T.GIFT_CARD, T.CARD)),
    Scenario(PICKUP, 40, store="MTL", pickup=PickupStatus.SENT_BACK),
    # Every tag: variant tags, a product tag (accessory) and promotions on the line.
    Scenario(HOME, 12, variant_tag="final_sale"),
    Scenario(HOME, 12, variant_tag="clearance"),
    Scenario(HOME, 12, variant_tag="sale"),
    Scenario(HOME, 12, line_tags=("discounted",)),
    # The web shop's promotions reach the till as "discounted"; the counter's keep their names.
    Scenario(COUNTER, 12, store="TOR", line_tags=("second_pair_promo",), lines=2),
    Scenario(COUNTER, 12, store="TOR", line_tags=("bundle",), lines=2),
    Scenario(HOME, 12, variant_tag="accessory", quantity=3),
    Scenario(HOME, 30, policy="softstar", variant_tag="one_of_a_kind", tenders=(T.CARD,)),
    # Soft Star's tenders: unpaid "pay offline" web orders; money orders and cheques at its store.
    Scenario(HOME, 2, policy="softstar", tenders=(T.PAY_OFFLINE,)),
    Scenario(COUNTER, 20, store="COR", tenders=(T.MONEY_ORDER,)),
    Scenario(COUNTER, 25, store="COR", tenders=(T.CHEQUE,)),
    # itsmysoft and Shoe of the Week count from receipt: either side of 14 days.
    Scenario(HOME, 14, policy="itsmysoft", tenders=(T.CARD,)),
    Scenario(HOME, 22, policy="itsmysoft", tenders=(T.PAYPAL,)),
    Scenario(HOME, 10, policy="shoeoftheweek", tenders=(T.CARD,)),
    Scenario(HOME, 31, policy="shoeoftheweek", tenders=(T.CARD,)),
    # Partly and fully returned lines, and Return IDs requested but not yet used.
    Scenario(HOME, 40, quantity=2, returned=1, tenders=(T.GIFT_CARD, T.CARD)),
    Scenario(COUNTER, 30, store="TOR", quantity=3, returned=2, lines=2),
    Scenario(HOME, 20, quantity=1, returned=1, lines=2, tenders=(T.CARD,)),  # line fully back
    Scenario(HOME, 15, requested=True, tenders=(T.CARD,)),
    Scenario(HOME, 8, policy="shoeoftheweek", requested=True, lines=2),
)
