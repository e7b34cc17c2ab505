"""Demo orders: lines, dates, pickups, tenders, and returns decided by the real engine.

One seeded random generator drives everything, in a fixed order, so a seed always gives the same
orders. Returns already made are run through the policy engine on the day they happened, so the
stored decision, restocking fee and refund are what the till would have recorded.

A web order becomes the web shop's own record, Shopify's REST order JSON (demo/shopify_orders.py),
which head office's order feed takes in and the tills pull: its ids are the feed's uuid5 mapping of
the Shopify ids, so what the till did with it afterwards (a return, a pickup handed over) names the
rows the pull brought. Counter sales and that history are the till's own rows.
"""

from __future__ import annotations

import random
import uuid
from bisect import bisect
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate
from typing import Generic, TypeVar

from storepos.central.webshop.ids import line_uuid, order_uuid, pickup_uuid, tender_uuid
from storepos.central.webshop.shopify import SOURCE
from storepos.demo.payments import Numbers, Payments, TenderCtx
from storepos.demo.reference import (
    CURRENCY,
    DemoRandom,
    Row,
    StoreCtx,
    VariantCtx,
    World,
    at_noon,
)
from storepos.demo.scenarios import Scenario
from storepos.demo.shopify_orders import shopify_order
from storepos.domain.money import ZERO, percent_of, round_cents
from storepos.domain.numbers import NumberKind
from storepos.domain.policy import Case, Inspection, Item, OrderFacts, Request, evaluate
from storepos.domain.text import fold
from storepos.domain.vocabulary import (
    AccountKind,
    Channel,
    Fulfillment,
    PickupStatus,
    Reason,
    RequestType,
    Resolution,
    Role,
    StoreKind,
    Tag,
    TenderKind,
)
from storepos.services.base.policy_book import get_policy
from storepos.services.returns.eligibility import ALL_SHOWN, unit_shares
from storepos.wording.policy import CONTRACT, reasons_text

F, T, P = Fulfillment, TenderKind, PickupStatus
V = TypeVar("V")
Line = tuple[Row, VariantCtx]  # an order line's row and what it sells
BOUNDARY_AGES = (0, 1, 2, 3, 7, 10, 13, 14, 15, 16, 29, 30, 31, 45, 74, 75, 76, 89, 90, 91,
                 120, 200, 364, 365, 366, 400)
SHIPPING = {"CAD": Decimal("9.95"), "USD": Decimal("8.95"), "AUD": Decimal("12.95")}
FREE_SHIPPING_FROM = Decimal("99.00")
RETURN_RATE, REQUEST_RATE = 0.07, 0.03
PROMOTIONS = (("discounted", 0.1), ("bundle", 0.03))  # line tags and how often they occur
_REFUNDABLE = (Resolution.REFUND, Resolution.STORE_CREDIT)
# What one order writes at the till, in foreign-key order (a web order's own rows come by pull).
ORDER_TABLES = ("value_accounts", "orders", "order_lines", "tenders", "returns",
                "return_lines", "refunds", "ledger_entries")
# What the till did with pulled web orders since: updates of the pulled rows, by id.
AFTER_PULL = ("pickups", "received", "returned")
FIRST_WEB_ORDER = 5_100_000_000  # the web shop's order ids (Shopify's are numbers)


class Weighted(Generic[V]):
    """A weighted draw with its cumulative weights worked out once (drawn millions of times)."""

    def __init__(self, pairs: Sequence[tuple[V, int]]) -> None:
        self.values = [v for v, _ in pairs]
        self.cumulative = list(accumulate(w for _, w in pairs))
        self.total = self.cumulative[-1]

    def draw(self, rng: random.Random) -> V:
        # What random.choices does for one draw, without building its lists every call.
        return self.values[bisect(self.cumulative, rng.random() * self.total)]


FULFILLMENTS = Weighted([(F.SHIP_TO_HOME, 45), (F.SHIP_TO_STORE, 20), (F.IN_STORE, 35)])
ONLINE_RETAILERS = Weighted([("softmoc", 55), ("softstar", 10), ("itsmysoft", 15),
                             ("shoeoftheweek", 20)])
LINE_COUNTS = Weighted([(1, 60), (2, 28), (3, 12)])
QUANTITIES = Weighted([(1, 90), (2, 8), (3, 2)])
EARLY_PICKUP = Weighted([(P.ARRIVED, 1), (P.READY, 2), (P.NOTIFIED, 3), (P.COLLECTED, 4)])
RETURN_REASONS = Weighted([(Reason.WRONG_SIZE, 55), (Reason.CHANGE_OF_MIND, 35),
                           (Reason.DEFECTIVE, 10)])
REQUEST_REASONS = Weighted([(Reason.WRONG_SIZE, 60), (Reason.CHANGE_OF_MIND, 40)])
# Online: what the web shop's transactions say (card, PayPal, gift card, manual payment).
_ONLINE: list[tuple[tuple[TenderKind, ...], int]] = [
    ((T.CARD,), 66), ((T.PAYPAL,), 14), ((T.GIFT_CARD, T.CARD), 6), ((T.GIFT_CARD,), 2),
]
_COUNTER: list[tuple[tuple[TenderKind, ...], int]] = [
    ((T.CARD,), 55), ((T.CASH,), 20), ((T.GIFT_CARD, T.CARD), 5), ((T.GIFT_CARD, T.CASH), 2),
    ((T.STORE_CREDIT, T.CARD), 2),
]
# Tender mixes: Soft Star's web shop also takes orders paid offline (a manual payment).
ONLINE_TENDERS = {
    "softmoc": Weighted(_ONLINE),
    "softstar": Weighted([*_ONLINE, ((T.PAY_OFFLINE,), 14)]),
    "itsmysoft": Weighted(_ONLINE),
    "shoeoftheweek": Weighted(_ONLINE),
}
COUNTER_TENDERS = {"CA": Weighted([*_COUNTER, ((T.INTERAC,), 15)]),
                   "softstar": Weighted([*_COUNTER, ((T.MONEY_ORDER,), 3), ((T.CHEQUE,), 3)]),
                   "": Weighted(_COUNTER)}


def _items(line: Row, variant: VariantCtx, shares: list[Decimal]) -> tuple[Item, ...]:
    """One engine item per unit coming back, with the line's and the variant's tags."""
    tags = frozenset(Tag(t) for t in (*line["tags"], *variant.tags))
    if variant.accessory:
        tags |= {Tag.ACCESSORY}
    return tuple(Item(str(i), variant.price, s, tags) for i, s in enumerate(shares))


def _request(reason: Reason, units: int) -> Request:
    """Every unit asked back, all shown; a defect is a warranty request, inspected and confirmed."""
    defective = reason is Reason.DEFECTIVE
    return Request(
        RequestType.WARRANTY if defective else RequestType.RETURN, reason,
        tuple(str(i) for i in range(units)), ALL_SHOWN,
        Inspection(defect_confirmed=True) if defective else None,
    )


class OrderFactory:
    def __init__(self, world: World, rng: DemoRandom, today_by_store: dict[str, date]) -> None:
        self.world, self.rng, self.today_by_store = world, rng, today_by_store
        self.rows: dict[str, list[Row]] = {table: [] for table in (*ORDER_TABLES, *AFTER_PULL)}
        self.web: list[dict[str, object]] = []  # Shopify REST orders for head office's feed
        self.web_lines: list[Row] = []  # the web orders' lines, for their returned units
        self.web_seq = FIRST_WEB_ORDER
        self.numbers = Numbers()
        self.payments = Payments(rng, self.numbers, self.rows)
        self.stores = {s.code: s for s in world.stores}
        self.pickup_stores = [s for s in world.stores if s.pickup]
        self.home = {s.policy: s for s in reversed(world.stores)}  # first store of each retailer
        self.policies = {p: get_policy(p) for p in {s.policy for s in world.stores}}
        self.online_seq = 10_000_000  # web order numbers: 8 digits, as printed on the invoice
        self.sales: Counter[str] = Counter()  # counter-sale numbers per till prefix
        self.tagged: dict[tuple[str, str], list[VariantCtx]] = {}
        for policy, variants in world.variants_by_policy.items():
            for v in variants:
                for tag in (*v.tags, *(("accessory",) if v.accessory else ())):
                    self.tagged.setdefault((policy, tag), []).append(v)

    def take_rows(self) -> dict[str, list[Row]]:
        """The rows made since the last call, in foreign-key order; the factory starts afresh."""
        self.rows["returned"] = [{"b_id": ln["id"], "b_back": ln["quantity_returned"]}
                                 for ln in self.web_lines if ln["quantity_returned"]]
        taken = dict(self.rows)
        for table in (*ORDER_TABLES, *AFTER_PULL):
            self.rows[table] = []  # in place: Payments writes into the same dict
        self.web_lines = []
        return taken

    def take_web_orders(self) -> list[dict[str, object]]:
        """The Shopify orders made since the last call."""
        taken, self.web = self.web, []
        return taken

    def make(self, sc: Scenario | None = None) -> None:
        # The draws from self.rng keep their order: the same seed makes the same demo.
        rng = self.rng
        fulfillment, store, pickup, policy = self._where(sc)
        local = store or pickup or self.home[policy]
        today = self.today_by_store[local.code]
        customer = rng.choice(self.world.customers_by_policy[policy])
        currency = local.currency if store else CURRENCY[customer.country]
        age = self._age(sc)
        placed = today - timedelta(days=age)

        web = None
        if store is None:  # the web shop's: its ids are the feed's mapping of Shopify's
            self.web_seq += 1
            web = self.web_seq
        order_id = order_uuid(SOURCE, str(web)) if web else rng.new_id()
        number = self._order_number(store)
        lines = self._lines(order_id, policy, sc, web)
        subtotal = sum((row["paid"] for row, _ in lines), ZERO)
        free = fulfillment is not F.SHIP_TO_HOME or subtotal >= FREE_SHIPPING_FROM
        shipping = ZERO if free else SHIPPING[currency]
        dispatched, received = self._delivery(order_id, fulfillment, pickup, placed, age, today,
                                              sc, number, web)

        order: Row = {
            "id": order_id, "number": number,
            "channel": (Channel.STORE if store else Channel.ONLINE).value,
            "fulfillment": fulfillment.value, "store_id": store.id if store else None,
            "pickup_store_id": pickup.id if pickup else None, "customer_id": customer.id,
            "billing_last_name": customer.last_name,
            "billing_last_name_key": fold(customer.last_name),  # Core inserts skip @validates
            "placed_on": placed, "dispatched_on": dispatched, "received_on": received,
            "shipping_charged": shipping, "free_shipping": free and fulfillment is F.SHIP_TO_HOME,
            "created_at": at_noon(placed, rng),
        }
        if sc and sc.tenders:
            kinds = sc.tenders
        elif store:
            mix = ("CA" if store.country == "CA" else
                   "softstar" if store.policy == "softstar" else "")
            kinds = COUNTER_TENDERS[mix].draw(rng)
        else:
            kinds = ONLINE_TENDERS[policy].draw(rng)
        tenders = self.payments.pay(
            order_id, kinds, subtotal + shipping, placed,
            prefix=store.tills[0][1] if store else "WEB", currency=currency,
            customer_id=customer.id, store_id=store.id if store else None,
            tender_ids=[tender_uuid(SOURCE, str(web * 10 + n)) for n in range(1, len(kinds) + 1)]
            if web else None,
        )
        if web:
            paid_with = self.rows["tenders"][-len(tenders):]
            del self.rows["tenders"][-len(tenders):]
            self.web.append(shopify_order(
                web, order, lines, paid_with, customer, currency, pickup.code if pickup else None,
                dispatched, received if fulfillment is F.SHIP_TO_HOME else None))
            self.web_lines.extend(row for row, _ in lines)
        else:
            self.rows["orders"].append(order)
            self.rows["order_lines"].extend(row for row, _ in lines)
        if received is None or any(t.kind is T.PAY_OFFLINE for t in tenders):
            return
        facts = OrderFacts(Channel.STORE if store else Channel.ONLINE, fulfillment, placed,
                           received, shipping, dispatched is not None)
        if (sc and sc.returned) or (not sc and rng.random() < RETURN_RATE):
            self._completed_return(
                order_id, customer.id, policy, facts, lines, tenders, today, sc, store or pickup
            )
        elif (sc and sc.requested) or (not sc and store is None and rng.random() < REQUEST_RATE):
            self._requested_return(order_id, lines, received, today)

    def _where(self, sc: Scenario | None
               ) -> tuple[Fulfillment, StoreCtx | None, StoreCtx | None, str]:
        """How the order is fulfilled: sold at a store, picked up at one, or shipped home; and
        the policy it falls under."""
        fulfillment = sc.fulfillment if sc else FULFILLMENTS.draw(self.rng)
        if fulfillment is F.IN_STORE:
            store = self.stores[sc.store] if sc and sc.store else self.rng.choice(self.world.stores)
            return fulfillment, store, None, store.policy
        if fulfillment is F.SHIP_TO_STORE:
            pickup = (self.stores[sc.store] if sc and sc.store
                      else self.rng.choice(self.pickup_stores))
            return fulfillment, None, pickup, pickup.policy
        return fulfillment, None, None, sc.policy if sc else ONLINE_RETAILERS.draw(self.rng)

    def _age(self, sc: Scenario | None) -> int:
        """Days since the order was placed: often right at a policy window's edge."""
        if sc:
            return sc.age
        if self.rng.random() < 0.3:
            return self.rng.choice(BOUNDARY_AGES)
        return self.rng.randrange(0, 541)

    def _order_number(self, store: StoreCtx | None) -> str:
        """A counter sale's till number (T01-000123), or the web shop's next number."""
        if store:
            till_prefix = self.rng.choice(store.tills)[1]
            self.sales[till_prefix] += 1
            return f"{till_prefix}-{self.sales[till_prefix]:06d}"
        self.online_seq += 1
        return str(self.online_seq)

    def _delivery(self, order_id: uuid.UUID, fulfillment: Fulfillment, pickup: StoreCtx | None,
                  placed: date, age: int, today: date, sc: Scenario | None, number: str,
                  web: int | None) -> tuple[date | None, date | None]:
        """When the order was dispatched and received (None: not yet)."""
        if fulfillment is F.IN_STORE:
            return placed, placed
        if fulfillment is F.SHIP_TO_STORE:
            assert pickup is not None and web is not None
            received = self._pickup(order_id, pickup, placed, today, sc.pickup if sc else None,
                                    number, web)
            return placed + timedelta(days=min(age, 1)), received
        lag = self.rng.randrange(0, 3)
        dispatched = placed + timedelta(days=lag) if lag <= age and age > 0 else None
        arrives = dispatched + timedelta(days=self.rng.randrange(2, 7)) if dispatched else None
        return dispatched, arrives if arrives and arrives <= today else None

    def _variant(self, policy: str, tag: str | None) -> VariantCtx:
        if tag:
            return self.rng.choice(self.tagged[policy, tag])
        return self.rng.choice(self.world.variants_by_policy[policy])

    def _lines(self, order_id: uuid.UUID, policy: str, sc: Scenario | None,
               web: int | None) -> list[Line]:
        rng = self.rng
        count = sc.lines if sc and sc.lines else LINE_COUNTS.draw(rng)
        lines: list[Line] = []
        for index in range(count):
            first = index == 0 and sc is not None
            variant = self._variant(policy, sc.variant_tag if first and sc else None)
            if first and sc and sc.quantity:
                quantity = sc.quantity
            elif variant.accessory:
                quantity = rng.choice((1, 1, 2, 3))
            else:
                quantity = QUANTITIES.draw(rng)
            if first and sc:
                tags = list(sc.line_tags)
            else:
                tags = [t for t, rate in PROMOTIONS if rng.random() < rate]
                if index > 0 and rng.random() < 0.05:
                    tags.append("second_pair_promo")
            paid = variant.price * quantity
            if "discounted" in tags:
                paid -= percent_of(paid, Decimal(rng.choice((10, 15, 20, 25, 30))))
            if "second_pair_promo" in tags:
                paid -= round_cents(variant.price / 2)  # the second pair at half price
            if "bundle" in tags:
                paid -= percent_of(paid, Decimal(15))
            if web:  # the feed reads a web line's promotion as its discount: "discounted"
                tags = ["discounted"] if paid < variant.price * quantity else []
            row: Row = {
                "id": line_uuid(SOURCE, str(web * 100 + index + 1)) if web else rng.new_id(),
                "order_id": order_id, "line_no": index + 1,
                "variant_id": variant.id, "quantity": quantity, "list_price": variant.price,
                "paid": paid, "tags": sorted(tags), "quantity_returned": 0,
            }
            lines.append((row, variant))
        return lines

    def _pickup(
        self, order_id: uuid.UUID, store: StoreCtx, placed: date, today: date,
        status: PickupStatus | None, number: str, web: int,
    ) -> date | None:
        """The state the store brought the feed's pickup to, fitting the order's age (an update
        of the pulled row); returns the day it was collected."""
        rng, age, hold = self.rng, (today - placed).days, store.hold_days
        if status is None:
            if age < 2:
                status = P.IN_TRANSIT
            elif age < 10:
                status = EARLY_PICKUP.draw(rng)
            else:
                status = P.SENT_BACK if age > hold + 2 and rng.random() < 0.12 else P.COLLECTED
        arrived = {P.IN_TRANSIT: None, P.ARRIVED: today, P.READY: today,
                   P.NOTIFIED: max(placed + timedelta(days=2), today - timedelta(days=3))
                   }.get(status, placed + timedelta(days=2))
        collected = sent_back = None
        if status is P.COLLECTED:
            assert arrived is not None
            collected = arrived + timedelta(days=rng.randrange(0, min(hold, max(age - 2, 0)) + 1))
        elif status is P.SENT_BACK:
            assert arrived is not None
            sent_back = arrived + timedelta(days=hold + 1)
        notified = arrived if status in (P.NOTIFIED, P.COLLECTED, P.SENT_BACK) else None
        stamp = collected or sent_back or notified or arrived or placed
        self.rows["pickups"].append({
            "b_id": pickup_uuid(SOURCE, str(web)), "status": status.value,
            "arrived_at": at_noon(arrived, rng) if arrived else None,
            "hold_until": arrived + timedelta(days=hold) if arrived else None,
            "notified_at": at_noon(notified, rng) if notified else None,
            "collected_at": at_noon(collected, rng) if collected else None,
            "sent_back_at": at_noon(sent_back, rng) if sent_back else None,
            "handed_over_by": rng.choice(store.staff[Role.CASHIER]) if collected else None,
            "id_checked": collected is not None, "updated_at": at_noon(stamp, rng),
        })
        if collected is not None:  # handed over: the order is received that day
            self.rows["received"].append({"b_id": order_id, "b_on": collected})
        return collected

    def _completed_return(
        self, order_id: uuid.UUID, customer_id: uuid.UUID, policy: str, facts: OrderFacts,
        lines: list[Line], tenders: list[TenderCtx], today: date, sc: Scenario | None,
        sold_at: StoreCtx | None,
    ) -> None:
        """Some units of one line came back earlier; the engine decided them on that day."""
        rng = self.rng
        assert facts.received_on is not None
        line, variant = lines[0] if sc else rng.choice(lines)
        quantity: int = line["quantity"]
        units = min(sc.returned, quantity) if sc else rng.randint(1, quantity)
        waited = (today - facts.received_on).days
        day = facts.received_on + timedelta(days=rng.randrange(0, min(waited, 20) + 1))
        if sc:
            day = facts.received_on + timedelta(days=min(waited, 1))
        candidates = [s for s in self.world.stores_of(policy) if s.kind is StoreKind.RETAIL]
        store = sold_at if sold_at and sold_at.kind is StoreKind.RETAIL else rng.choice(candidates)
        reason = Reason.WRONG_SIZE if sc else RETURN_REASONS.draw(rng)
        shares = unit_shares(line["paid"], quantity)[:units]
        case = Case(policy, day, store.kind, facts, _items(line, variant, shares),
                    _request(reason, len(shares)))
        decision = evaluate(self.policies[policy], case)
        first = decision.items["0"]
        choices = [r for r in first.allowed if r in _REFUNDABLE]
        if not choices:
            return  # the policy would have refused it (or offered only an exchange): no return
        resolution = choices[0] if len(choices) == 1 or rng.random() < 0.75 else choices[1]
        refund = sum((d.refund_amount for d in decision.items.values()), ZERO)
        fee = sum((d.restocking_fee for d in decision.items.values()), ZERO)
        line["quantity_returned"] = units
        return_id, (till_id, prefix) = rng.new_id(), rng.choice(store.tills)
        self.rows["returns"].append({
            "id": return_id, "return_number": self.numbers.next(NumberKind.RETURN, prefix),
            "order_id": order_id,
            "status": "completed", "store_id": store.id, "till_id": till_id,
            "employee_id": rng.choice(store.staff[Role.CASHIER]),
            "created_at": at_noon(day, rng), "completed_at": at_noon(day, rng), "note": "",
        })
        self.rows["return_lines"].append({
            "id": rng.new_id(), "return_id": return_id, "order_line_id": line["id"],
            "quantity": units, "reason": reason.value, "condition": ALL_SHOWN.as_dict(),
            "resolution": resolution.value, "allowed": [r.value for r in first.allowed],
            "reasons": list(reasons_text(first.reasons, CONTRACT)), "restocking_fee": fee,
            "refund_amount": refund,
            "override_by": None, "override_reason": None,
        })
        if refund > 0:
            self._pay_back(return_id, resolution, refund, tenders, day, store, prefix, customer_id)

    def _pay_back(self, return_id: uuid.UUID, resolution: Resolution, refund: Decimal,
                  tenders: list[TenderCtx], day: date, store: StoreCtx, prefix: str,
                  customer_id: uuid.UUID) -> None:
        """The earlier return's money: back to the tenders, or onto a new store credit."""
        if resolution is Resolution.REFUND:
            self.payments.refund(return_id, tenders, refund, day, store.id)
            return
        account = self.payments.open_account(
            AccountKind.STORE_CREDIT, refund, day, prefix, store.currency, customer_id,
            store.id, return_id=return_id,
        )
        self.payments.refund_row(return_id, T.STORE_CREDIT, refund, day, None, account.id)

    def _requested_return(
        self, order_id: uuid.UUID, lines: list[Line], received: date, today: date
    ) -> None:
        """A Return ID issued by customer care; the items are still on their way back."""
        rng = self.rng
        line, _ = rng.choice(lines)
        day = min(today, received + timedelta(days=rng.randrange(0, 10)))
        return_id = rng.new_id()
        self.rows["returns"].append({
            "id": return_id, "return_number": self.numbers.next(NumberKind.RETURN, "WEB"),
            "order_id": order_id,
            "status": "requested", "store_id": None, "till_id": None, "employee_id": None,
            "created_at": at_noon(day, rng), "completed_at": None,
            "note": "Return ID issued by customer care",
        })
        self.rows["return_lines"].append({
            "id": rng.new_id(), "return_id": return_id, "order_line_id": line["id"],
            "quantity": line["quantity"], "reason": REQUEST_REASONS.draw(rng).value,
            "condition": {}, "resolution": None, "allowed": [], "reasons": [],
            "restocking_fee": ZERO, "refund_amount": ZERO, "override_by": None,
            "override_reason": None,
        })
