"""A store with a cashier, a stock clerk and a manager, and one ship-to-store order on its way
there: the world the pickup tests move through its life cycle (SQLite or PostgreSQL)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from storepos.domain.vocabulary import Role, TenderKind
from storepos.persistence.db import make_session_factory
from storepos.persistence.models import AuditEvent
from storepos.persistence.uow import UnitOfWork
from storepos.services.base.context import Actor
from storepos.services.pickups import status as pickups
from tests.factories import (
    UTC,
    FixedClock,
    actor_for,
    card,
    make_customer,
    make_employee,
    make_pickup_order,
    make_product,
    make_store,
    tender,
)

D = Decimal
MANAGER_PIN = "97531"
T = TypeVar("T")


@dataclass
class PickupWorld:
    factory: sessionmaker[Session]
    clock: FixedClock
    cashier: Actor
    stock: Actor
    manager: Actor
    manager_number: str
    store_id: uuid.UUID
    order_id: uuid.UUID
    order_number: str
    pickup_number: str
    variant_id: uuid.UUID

    def run(self, action: Callable[[Session], T]) -> T:
        """One unit of work: the action, then commit (nothing is kept if it raises)."""
        with UnitOfWork(self.factory) as uow:
            result = action(uow.session)
            uow.commit()
            return result

    def actions(self, subject_id: uuid.UUID) -> list[str]:
        with self.factory() as s:
            return list(s.scalars(select(AuditEvent.action).where(
                AuditEvent.subject_id == subject_id).order_by(AuditEvent.occurred_at,
                                                               AuditEvent.action)))


def build(
    engine: Engine, *, pay: str = "card", time_zone: str = "America/Toronto",
    at: datetime = datetime(2025, 6, 1, 16, 0, tzinfo=UTC), hold_days: int | None = None,
    **order: Any,
) -> PickupWorld:
    """Order: one pair at 120.00 + 9.95 shipping (129.95), paid by card or submitted unpaid."""
    factory = make_session_factory(engine)
    clock = FixedClock(at)
    with UnitOfWork(factory) as uow:
        s = uow.session
        store = make_store(s, time_zone=time_zone)
        if hold_days is not None:
            store.pickup_hold_days = hold_days
        cashier = actor_for(make_employee(s, store, Role.CASHIER), store, clock=clock)
        stock = actor_for(make_employee(s, store, Role.STOCK), store, clock=clock)
        boss = make_employee(s, store, Role.MANAGER, pin=MANAGER_PIN, name="Maria Manager")
        shoe = make_product(s, store, sizes=("8",), on_hand=2)["8"]
        paid_by = {"card": [card("129.95")],
                   "offline": [tender(TenderKind.PAY_OFFLINE, "129.95")]}[pay]
        the_order = make_pickup_order(s, store, [(shoe, 1, "120.00")], tenders=paid_by,
                                      customer=make_customer(s), shipping="9.95", **order)
        row = pickups.register_pickup(s, stock, the_order.id)
        uow.commit()
        return PickupWorld(factory, clock, cashier, stock, actor_for(boss, store, clock=clock),
                           boss.number, store.id, the_order.id, the_order.number, row.number,
                           shoe.id)
