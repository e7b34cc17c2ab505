"""A SoftMoc store in Toronto, its staff, a boot in two sizes, and one counter sale of a pair
(140.00 by card, placed 2025-01-10): the world the warranty claim tests inspect and decide."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from storepos.domain.vocabulary import Resolution, Role
from storepos.domain.warranty import DefectCategory
from storepos.persistence.db import make_session_factory
from storepos.persistence.models import AuditEvent, OrderLine, StockLevel
from storepos.persistence.uow import UnitOfWork
from storepos.services.base.context import Actor
from storepos.services.base.order_lookup import find_order
from storepos.services.staff import auth
from storepos.services.warranty.claims import (
    open_claim_from_order,
    record_inspection,
    submit_claim,
)
from storepos.services.warranty.decisions import decision_binding
from tests.factories import (
    UTC,
    FixedClock,
    actor_for,
    card,
    make_customer,
    make_employee,
    make_order,
    make_product,
    make_store,
)

D = Decimal
MANAGER_PIN = "86420"
PLACED = date(2025, 1, 10)
T = TypeVar("T")

# A tiny but real JPEG header and PNG signature: enough for the content check.
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def day(n: int) -> datetime:
    """Noon in Toronto, n days after the purchase."""
    return datetime(2025, 1, 10, 17, 0, tzinfo=UTC) + timedelta(days=n)


@dataclass
class WarrantyWorld:
    factory: sessionmaker[Session]
    clock: FixedClock
    cashier: Actor
    stock_clerk: Actor
    manager: Actor
    manager_number: str
    cashier_number: str
    second_manager: Actor  # approves what `manager` decides: no one approves their own decision
    store_id: uuid.UUID
    order_id: uuid.UUID
    order_number: str
    line_id: uuid.UUID
    sizes: dict[str, uuid.UUID]

    def run(self, action: Callable[[Session], T]) -> T:
        with UnitOfWork(self.factory) as uow:
            result = action(uow.session)
            uow.commit()
            return result

    def approve(self, reason: str = "Sole came away; clear manufacturing defect", *, number: str,
                outcome: Resolution | None, override: bool = False,
                credit: Decimal | None = None) -> auth.Approval:
        """The second manager's token for the manager's decision on claim `number` (outcome None:
        a denial): a manager never approves their own decision."""
        binding = decision_binding(number, outcome, override=override, credit_amount=credit)
        return auth.approve(self.factory, self.manager, self.second_manager.employee_number,
                            MANAGER_PIN, reason, binding)

    def on_hand(self, size: str) -> int:
        with self.factory() as s:
            return s.scalar(select(StockLevel.on_hand).where(
                StockLevel.variant_id == self.sizes[size], StockLevel.store_id == self.store_id))

    def returned(self) -> int:
        with self.factory() as s:
            return s.scalar(select(OrderLine.quantity_returned).where(OrderLine.id == self.line_id))

    def events(self, subject_id: uuid.UUID) -> list[str]:
        with self.factory() as s:
            return list(s.scalars(select(AuditEvent.action).where(
                AuditEvent.subject_id == subject_id).order_by(AuditEvent.occurred_at)))

    def claim(self, *, confirmed: bool = True, wear: bool = False, misuse: bool = False,
              submit: bool = True) -> str:
        """Open a claim on line 1 (found the counter's way), inspect it, and submit it."""
        def action(s: Session) -> str:
            order = find_order(s, self.order_number, "cote")
            number = open_claim_from_order(s, self.cashier, order.id, 1).number
            record_inspection(s, self.cashier, number,
                              defect_category=DefectCategory.SOLE_SEPARATION,
                              notes="Left sole separating at the toe", defect_confirmed=confirmed,
                              wear_and_tear=wear, misuse=misuse)
            if submit:
                submit_claim(s, self.cashier, number)
            return number
        self.clock.advance(minutes=1)  # audit rows of one claim keep their order
        return self.run(action)


def build(engine: Engine, *, on_hand: int = 2, at: datetime | None = None) -> WarrantyWorld:
    factory = make_session_factory(engine)
    clock = FixedClock(at or day(30))
    with UnitOfWork(factory) as uow:
        s = uow.session
        store = make_store(s, policy="softmoc")
        cashier = make_employee(s, store, Role.CASHIER)
        clerk = make_employee(s, store, Role.STOCK)
        boss = make_employee(s, store, Role.MANAGER, pin=MANAGER_PIN, name="Maria Manager")
        second = make_employee(s, store, Role.MANAGER, pin=MANAGER_PIN, name="Marc Second")
        sizes = make_product(s, store, price="140.00", sizes=("8", "9"), on_hand=on_hand,
                             brand="Timberland", name="6-inch Premium Boot")
        order = make_order(s, [(sizes["8"], 1, "140.00")], tenders=[card("140.00")],
                           store=store, customer=make_customer(s), placed_on=PLACED)
        line_id = s.scalars(select(OrderLine.id).where(OrderLine.order_id == order.id)).one()
        uow.commit()
        return WarrantyWorld(
            factory, clock, actor_for(cashier, store, clock=clock),
            actor_for(clerk, store, clock=clock), actor_for(boss, store, clock=clock),
            boss.number, cashier.number, actor_for(second, store, clock=clock), store.id,
            order.id, order.number, line_id, {k: v.id for k, v in sizes.items()},
        )
