"""A small, hand-made order for the lookup and eligibility tests, on SQLite or PostgreSQL.

The PostgreSQL test database is shared by the whole run, so every code, number, e-mail and phone
here carries a random token: tests never collide with each other's rows.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Engine

from storepos.domain.vocabulary import (
    Channel,
    Fulfillment,
    Reason,
    ReturnStatus,
    StoreKind,
    TenderKind,
)
from storepos.persistence.db import make_session_factory
from storepos.persistence.models import (
    Customer,
    Order,
    OrderLine,
    Product,
    Return,
    ReturnLine,
    Store,
    Tender,
    Till,
    Variant,
)

TODAY = date(2025, 6, 1)


@dataclass(frozen=True)
class Built:
    order_id: uuid.UUID
    number: str
    return_id: str  # a requested Return ID for line 2
    email: str  # as stored (lower case)
    phone_digits: str  # as stored, ten digits
    retail_code: str
    outlet_code: str
    line_ids: tuple[uuid.UUID, ...]


def _store(session, code: str, kind: StoreKind) -> Store:  # type: ignore[no-untyped-def]
    store = Store(
        code=code, name=f"SoftMoc {code}", kind=kind, country="CA", time_zone="America/Toronto",
        currency="CAD", locale="en_CA", policy="softmoc",
    )
    session.add(store)
    session.flush()
    session.add(Till(store_id=store.id, prefix=code[:8], name="Till 1"))
    return store


def build_order(
    engine: Engine,
    *,
    age_days: int = 10,
    fulfillment: Fulfillment = Fulfillment.SHIP_TO_HOME,
    last_name: str = "Côté",
) -> Built:
    """Order placed `age_days` before TODAY, received three days later, with three lines:

    1. Birkenstock Arizona, 2 units, paid 199.99 (units 100.00 + 99.99), 1 already returned;
    2. Sorel Caribou, 1 unit, clearance variant, a requested Return ID covers it;
    3. Saphir polish (accessory), 1 unit, already returned.
    """
    token = secrets.token_hex(3).upper()
    placed = TODAY - timedelta(days=age_days)
    with make_session_factory(engine)() as session:
        retail = _store(session, f"R{token}", StoreKind.RETAIL)
        outlet = _store(session, f"O{token}", StoreKind.OUTLET)
        boots = Product(style_code=f"ARZ-{token}", brand="Birkenstock", name="Arizona", tags=[])
        winter = Product(style_code=f"CAR-{token}", brand="Sorel", name="Caribou", tags=[])
        polish = Product(style_code=f"CRM-{token}", brand="Saphir", name="Crème polish",
                         tags=["accessory"])
        session.add_all([boots, winter, polish])
        session.flush()
        upc = f"{secrets.randbelow(10**11):011d}"
        variants = [
            Variant(product_id=boots.id, colour="Taupe", size="39", upc=upc + "1",
                    list_price=Decimal("149.99"), tags=[]),
            Variant(product_id=winter.id, colour="Black Tusk", size="10", upc=upc + "2",
                    list_price=Decimal("149.99"), tags=["clearance"]),
            Variant(product_id=polish.id, colour="Neutral", size="OS", upc=upc + "3",
                    list_price=Decimal("19.99"), tags=[]),
        ]
        session.add_all(variants)
        phone = f"416{secrets.randbelow(10**7):07d}"
        customer = Customer(
            first_name="Chloé", last_name=last_name,
            email=f"Chloe.Cote.{token}@Example.COM",
            phone=f"({phone[:3]}) {phone[3:6]}-{phone[6:]}",
        )
        session.add(customer)
        session.flush()
        order = Order(
            number=f"7{secrets.randbelow(10**9):09d}", channel=Channel.ONLINE,
            fulfillment=fulfillment, customer_id=customer.id, billing_last_name=last_name,
            placed_on=placed, dispatched_on=placed + timedelta(days=1),
            received_on=placed + timedelta(days=3), shipping_charged=Decimal("9.95"),
            pickup_store_id=retail.id if fulfillment is Fulfillment.SHIP_TO_STORE else None,
        )
        session.add(order)
        session.flush()
        lines = [
            OrderLine(order_id=order.id, line_no=1, variant_id=variants[0].id, quantity=2,
                      list_price=Decimal("149.99"), paid=Decimal("199.99"),
                      tags=["discounted"], quantity_returned=1),
            OrderLine(order_id=order.id, line_no=2, variant_id=variants[1].id, quantity=1,
                      list_price=Decimal("149.99"), paid=Decimal("149.99"), tags=[]),
            OrderLine(order_id=order.id, line_no=3, variant_id=variants[2].id, quantity=1,
                      list_price=Decimal("19.99"), paid=Decimal("19.99"), tags=[],
                      quantity_returned=1),
        ]
        session.add_all(lines)
        session.add_all([
            Tender(order_id=order.id, kind=TenderKind.CARD, amount=Decimal("300.00"),
                   card_brand="VISA", card_last4="4242", auth_ref="A1B2C3"),
            Tender(order_id=order.id, kind=TenderKind.PAYPAL, amount=Decimal("79.92"),
                   reference="PAYID-TEST"),
        ])
        session.flush()
        requested = Return(return_number=f"R-WEB-{token}-1", order_id=order.id,
                           status=ReturnStatus.REQUESTED)
        session.add(requested)
        session.flush()
        session.add(ReturnLine(return_id=requested.id, order_line_id=lines[1].id, quantity=1,
                               reason=Reason.WRONG_SIZE))
        session.commit()
        return Built(
            order.id, order.number, requested.return_number, customer.email or "", phone,
            retail.code, outlet.code, tuple(line.id for line in lines),
        )
