"""The Find orders screen's door: each function is one read, run inside the unit of work
`AppContext.run` opens on the worker thread (`(session, actor, ...) -> order summaries`).
`OrdersDoor` is its shape, which the screen's presenter takes (this module is the real one).
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.orm import Session

from storepos.services.base.context import Actor
from storepos.services.orders.browse import OrderSummary, recent_orders, search_orders

__all__ = ["OrderSummary", "OrdersDoor", "recent", "search"]


class OrdersDoor(Protocol):
    """What the Find orders presenter asks of the services (tests hand it a fake)."""

    def recent(self, session: Session, actor: Actor) -> list[OrderSummary]: ...
    def search(self, session: Session, actor: Actor, text: str) -> list[OrderSummary]: ...


def recent(session: Session, actor: Actor) -> list[OrderSummary]:
    """The most recent orders, newest first."""
    return recent_orders(session)


def search(session: Session, actor: Actor, text: str) -> list[OrderSummary]:
    """An exact order number, else a customer's e-mail or phone; empty when nothing matches."""
    return search_orders(session, text)
