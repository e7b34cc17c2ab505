"""Lists of orders for browsing: the most recent, or those matching a number, e-mail or phone.

A list needs only a summary per order (one grouped query), not each order's lines and tenders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from storepos.persistence.models import Order, OrderLine, Store
from storepos.services.base.order_lookup import (
    OrderNotFound,
    find_orders_by_contact,
    normalise_order_number,
)


@dataclass(frozen=True, slots=True)
class OrderSummary:
    number: str
    billing_last_name: str
    channel: str
    fulfillment: str
    placed_on: date
    store_name: str | None  # the pickup store, or the store of a counter sale
    items: int
    paid: Decimal  # lines after discounts, shipping excluded


_pickup, _sold = aliased(Store), aliased(Store)


def _summaries() -> Select[*tuple[Any, ...]]:
    return (
        select(
            Order.number, Order.billing_last_name, Order.channel, Order.fulfillment, Order.placed_on,
            func.coalesce(_pickup.name, _sold.name),
            func.coalesce(func.sum(OrderLine.quantity), 0),
            func.coalesce(func.sum(OrderLine.paid), 0),
        )
        .outerjoin(OrderLine, OrderLine.order_id == Order.id)
        .outerjoin(_pickup, _pickup.id == Order.pickup_store_id)
        .outerjoin(_sold, _sold.id == Order.store_id)
        .group_by(Order.id, _pickup.name, _sold.name)
    )


def _run(session: Session, stmt: Select[*tuple[Any, ...]]) -> list[OrderSummary]:
    return [
        OrderSummary(number, last, channel.value, fulfillment.value, placed, store, int(items),
                     Decimal(paid).quantize(Decimal("0.01")))
        for number, last, channel, fulfillment, placed, store, items, paid in session.execute(stmt)
    ]


def recent_orders(session: Session, limit: int = 200) -> list[OrderSummary]:
    stmt = _summaries().order_by(Order.placed_on.desc(), Order.number.desc()).limit(limit)
    return _run(session, stmt)


def search_orders(session: Session, text: str, limit: int = 50) -> list[OrderSummary]:
    """An exact order number, else a customer's e-mail or phone. Empty when nothing matches."""
    found = _run(session, _summaries().where(Order.number == normalise_order_number(text)))
    if found:
        return found
    try:
        numbers = [o.number for o in find_orders_by_contact(session, text, limit=limit)]
    except OrderNotFound:
        return []
    stmt = _summaries().where(Order.number.in_(numbers)).order_by(Order.placed_on.desc())
    return _run(session, stmt)
