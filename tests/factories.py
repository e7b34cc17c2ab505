"""Small builders for test data on SQLite or PostgreSQL: stores, staff, products, orders, clocks.

The PostgreSQL test database is shared by the whole run, so every code, number and UPC carries a
random token; tests never collide and never count rows globally. Builders add and flush rows in
the session they are given; the test decides when to commit.

    store = make_store(session, policy="softmoc")
    cashier = make_employee(session, store, Role.CASHIER)
    actor = actor_for(cashier, store, clock=FixedClock(datetime(2025, 6, 1, 15, tzinfo=UTC)))
    shoe = make_product(session, store, price="120.00", sizes=("8", "9"), on_hand=3)
    order = make_order(session, [(shoe["8"], 1, "120.00")], tenders=[card("120.00")])
"""

from __future__ import annotations

import secrets
import string
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from sqlalchemy.orm import Session, sessionmaker

from storepos.domain.vocabulary import Channel, Fulfillment, Role, StoreKind, TenderKind
from storepos.persistence.models import (
    Customer,
    Employee,
    Order,
    OrderLine,
    Product,
    StockLevel,
    Store,
    Tender,
    Till,
    Variant,
)
from storepos.services.base.context import Actor
from storepos.services.staff import auth
from storepos.services.staff.approvals import Approval, Binding
from storepos.services.staff.pins import hash_pin

UTC = UTC
PIN = "2468"


def token(n: int = 6) -> str:
    return "".join(secrets.choice(string.ascii_uppercase) for _ in range(n))


def digits(n: int) -> str:
    return "".join(secrets.choice(string.digits) for _ in range(n))


@dataclass
class FixedClock:
    """A clock the test moves by hand: `clock()` is now, in UTC."""

    at: datetime = field(default_factory=lambda: datetime(2025, 6, 1, 16, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


@lru_cache(maxsize=8)
def pin_hash(pin: str) -> str:
    # Argon2 is slow on purpose; one hash per PIN is enough for a test run.
    return hash_pin(pin)


def make_store(
    session: Session, *, policy: str = "softmoc", kind: StoreKind = StoreKind.RETAIL,
    time_zone: str = "America/Toronto", currency: str = "CAD",
) -> Store:
    code = "S" + token(7)
    store = Store(code=code, name=f"Store {code}", kind=kind, country="CA", time_zone=time_zone,
                  currency=currency, locale="en_CA", policy=policy)
    store.tills.append(Till(prefix="T" + token(7), name="Till 1"))
    session.add(store)
    session.flush()
    return store


def make_employee(
    session: Session, store: Store, role: Role = Role.CASHIER, *, pin: str = PIN,
    name: str | None = None, active: bool = True,
) -> Employee:
    employee = Employee(store_id=store.id, number=digits(8), name=name or f"{role.value} {token(3)}",
                        role=role, pin_hash=pin_hash(pin), active=active)
    session.add(employee)
    session.flush()
    return employee


def actor_for(employee: Employee, store: Store, *, clock: FixedClock | None = None) -> Actor:
    till = store.tills[0]
    return Actor(
        employee_id=employee.id, employee_number=employee.number, employee_name=employee.name,
        role=Role(employee.role), store_id=store.id, store_time_zone=store.time_zone,
        till_id=till.id, till_prefix=till.prefix, clock=clock or FixedClock(),
    )


def make_customer(session: Session, *, first: str = "Ana", last: str = "Côté") -> Customer:
    customer = Customer(first_name=first, last_name=last, email=f"{token().lower()}@example.com")
    session.add(customer)
    session.flush()
    return customer


def make_product(
    session: Session, store: Store | None = None, *, price: str = "120.00",
    sizes: tuple[str, ...] = ("8", "9", "10"), colour: str = "Black", on_hand: int = 3,
    prices: dict[str, str] | None = None, brand: str = "Birkenstock", name: str = "Arizona",
) -> dict[str, Variant]:
    """A style in one colour and several sizes (a price per size optional), stocked at `store`."""
    product = Product(style_code="ST" + token(8), brand=brand, name=name)
    session.add(product)
    variants = {}
    for size in sizes:
        list_price = Decimal((prices or {}).get(size, price))
        variant = Variant(product=product, colour=colour, size=size, upc=digits(12),
                          list_price=list_price)
        session.add(variant)
        variants[size] = variant
    session.flush()
    if store is not None:
        for variant in variants.values():
            session.add(StockLevel(store_id=store.id, variant_id=variant.id, on_hand=on_hand))
        session.flush()
    return variants


def other_colour(session: Session, variant: Variant, colour: str, *, store: Store | None = None,
                 price: str | None = None, on_hand: int = 3) -> Variant:
    other = Variant(product_id=variant.product_id, colour=colour, size=variant.size,
                    upc=digits(12), list_price=Decimal(price) if price else variant.list_price)
    session.add(other)
    session.flush()
    if store is not None:
        session.add(StockLevel(store_id=store.id, variant_id=other.id, on_hand=on_hand))
        session.flush()
    return other


def card(amount: str, brand: str = "VISA", last4: str = "4242") -> Tender:
    return Tender(kind=TenderKind.CARD, amount=Decimal(amount), card_brand=brand,
                  card_last4=last4, auth_ref="A" + digits(6))


def tender(kind: TenderKind, amount: str, account_id: uuid.UUID | None = None) -> Tender:
    return Tender(kind=kind, amount=Decimal(amount), account_id=account_id)


def make_order(
    session: Session,
    lines: list[tuple[Variant, int, str]],
    *,
    tenders: list[Tender],
    store: Store | None = None,
    customer: Customer | None = None,
    placed_on: date = date(2025, 5, 20),
    received_on: date | None = None,
    channel: Channel = Channel.STORE,
    fulfillment: Fulfillment = Fulfillment.IN_STORE,
    shipping: str = "0.00",
    last_name: str = "Côté",
    tags: dict[int, list[str]] | None = None,
) -> Order:
    """An order with (variant, quantity, paid for the whole line) lines, paid by `tenders`.

    `tags` maps a line number to the line's own tags (e.g. {1: ["final_sale"]}).
    """
    order = Order(
        number="W" + digits(9), channel=channel, fulfillment=fulfillment,
        store_id=store.id if store and channel is Channel.STORE else None,
        customer_id=customer.id if customer else None, billing_last_name=last_name,
        placed_on=placed_on, dispatched_on=None if fulfillment is Fulfillment.IN_STORE else placed_on,
        received_on=received_on if received_on or fulfillment is not Fulfillment.IN_STORE
        else placed_on,
        shipping_charged=Decimal(shipping),
    )
    session.add(order)
    session.flush()
    for no, (variant, quantity, paid) in enumerate(lines, start=1):
        session.add(OrderLine(order_id=order.id, line_no=no, variant_id=variant.id,
                              quantity=quantity, list_price=variant.list_price,
                              paid=Decimal(paid), tags=(tags or {}).get(no, [])))
    for t in tenders:
        t.order_id = order.id
        session.add(t)
    session.flush()
    return order


# -- ship-to-store pickups (added with the pickups service) ---------------------------------------

def make_pickup_order(
    session: Session, store: Store, lines: list[tuple[Variant, int, str]], *,
    tenders: list[Tender], customer: Customer | None = None, last_name: str = "Côté",
    placed_on: date = date(2025, 5, 20), shipping: str = "0.00",
) -> Order:
    """An online order shipped to `store` for pickup: dispatched, not yet received."""
    order = make_order(session, lines, tenders=tenders, customer=customer, last_name=last_name,
                       placed_on=placed_on, shipping=shipping, channel=Channel.ONLINE,
                       fulfillment=Fulfillment.SHIP_TO_STORE)
    order.pickup_store_id = store.id
    session.flush()
    return order


def approval_by(manager: Actor, reason: str = "Approved at the counter") -> Approval:
    """A manager's approval as the staff service hands it out after the PIN check."""
    return Approval(manager.employee_id, manager.employee_number, manager.employee_name, reason,
                    manager.now())


def minted_yes(sessions: sessionmaker[Session], requester: Actor, manager: Actor, binding: Binding,
               reason: str = "Approved at the counter") -> Approval:
    """A manager's token as the staff service mints it after checking their PIN (this file's PIN),
    for `requester` and bound to `binding`: the only approval a service takes."""
    return auth.approve(sessions, requester, manager.employee_number, PIN, reason, binding)
