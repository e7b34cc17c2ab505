"""What a newcomer types first on a demo store: an order that can really come back here today.

The sign-in page of a demo store names it, so a first try at the counter shows a return decided
line by line instead of an unknown number or a denial.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from storepos.persistence.models import StockLevel
from storepos.services.base.order_lookup import OrderNotFound, OrderView, find_order
from storepos.services.orders.browse import recent_orders
from storepos.services.returns.eligibility import StoreNotFound, evaluate_order, load_store, store_today


def _fits_the_store(order: OrderView, carried: set[uuid.UUID], today: date) -> bool:
    """The demo chain mixes four retailers and time zones: an order of this store's own catalogue,
    placed and received by the store's calendar (Sydney's web orders are a day ahead of Toronto)."""
    dates = [d for d in (order.placed_on, order.received_on) if d is not None]
    return all(d <= today for d in dates) and all(ln.variant_id in carried for ln in order.lines)


def returnable_order(session: Session, store_code: str, *, looked_at: int = 200) -> tuple[str, str] | None:
    """(order number, billing last name) of a recent order with a line the store may take back."""
    try:
        store = load_store(session, store_code)
    except StoreNotFound:
        return None
    today = store_today(store)
    carried = set(session.scalars(select(StockLevel.variant_id).where(StockLevel.store_id == store.id)))
    recent = recent_orders(session, limit=looked_at)
    # An online order first: returning the web shop's orders at the counter is the app's main work.
    for summary in sorted(recent, key=lambda o: o.channel != "online"):
        try:
            order = find_order(session, summary.number, summary.billing_last_name)
        except OrderNotFound:
            continue
        if not _fits_the_store(order, carried, today):
            continue
        if any(line.returnable and line.allowed for line in evaluate_order(order, store).lines):
            return summary.number, summary.billing_last_name
    return None


def first_steps_hint(session: Session, store_code: str) -> str:
    found = returnable_order(session, store_code)
    if found is None:
        return ""
    number, last_name = found
    return (f"To try a return: sign in, type order {number} in the scan field on the home screen, "
            f"then the last name {last_name}.")
