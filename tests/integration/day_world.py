"""A store whose till takes cash: a cashier, two managers, a style in three sizes, orders paid in
cash; the till's day opened, refunded in cash, exchanged, counted and closed through the services
(SQLite or PostgreSQL; random codes, so the shared PostgreSQL database never sees a clash)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from storepos.domain.till_day import Movement
from storepos.domain.vocabulary import Reason, Resolution, Role, TenderKind
from storepos.persistence.db import make_session_factory
from storepos.persistence.uow import UnitOfWork
from storepos.services.base.context import Actor
from storepos.services.day import days
from storepos.services.returns.complete import complete_return
from storepos.services.returns.eligibility import ALL_SHOWN
from storepos.services.returns.types import LineRequest, Payment, ReturnRequest, ReturnSummary
from storepos.services.staff import auth
from tests.factories import (
    PIN,
    FixedClock,
    actor_for,
    make_customer,
    make_employee,
    make_order,
    make_product,
    make_store,
    tender,
)

D = Decimal
FLOAT = {"100.00": 3, "20.00": 5, "10.00": 4, "5.00": 4, "2.00": 5, "1.00": 10, "0.25": 20}  # 485.00


@dataclass
class DayWorld:
    factory: sessionmaker[Session]
    clock: FixedClock
    cashier: Actor
    manager: Actor
    other_manager: Actor
    store_id: uuid.UUID
    sizes: dict[str, uuid.UUID]
    orders: list[uuid.UUID]  # each: 1 x size 8 paid 120.00 in cash

    def run(self, action: Any, actor: Actor | None = None) -> Any:
        with UnitOfWork(self.factory) as uow:
            result = action(uow.session, actor or self.cashier)
            uow.commit()
            return result

    def approve(self, binding: Any, manager: Actor | None = None, requester: Actor | None = None,
                reason: str = "Counted twice, the float was short") -> auth.Approval:
        who = manager or self.manager
        return auth.approve(self.factory, requester or self.cashier, who.employee_number, PIN,
                            reason, binding)


def build(engine: Engine, *, orders: int = 4, currency: str = "CAD") -> DayWorld:
    factory = make_session_factory(engine)
    clock = FixedClock()
    with UnitOfWork(factory) as uow:
        s = uow.session
        store = make_store(s, currency=currency)
        cashier = actor_for(make_employee(s, store, Role.CASHIER, name="Cam Cashier"), store,
                            clock=clock)
        manager = actor_for(make_employee(s, store, Role.MANAGER, name="Maria Manager"), store,
                            clock=clock)
        other = actor_for(make_employee(s, store, Role.MANAGER, name="Omar Other"), store,
                          clock=clock)
        sizes = make_product(s, store, price="120.00", sizes=("8", "9", "10"),
                             prices={"10": "135.00"}, on_hand=orders + 3)
        who = make_customer(s)
        made = [make_order(s, [(sizes["8"], 1, "120.00")], tenders=[tender(TenderKind.CASH, "120.00")],
                           store=store, customer=who).id for _ in range(orders)]
        uow.commit()
        return DayWorld(factory, clock, cashier, manager, other, store.id,
                        {k: v.id for k, v in sizes.items()}, made)


def open_day(w: DayWorld, counts: dict[str, int] | None = None) -> days.DayState:
    return w.run(lambda s, a: days.open_day(s, a, counts or FLOAT))  # type: ignore[no-any-return]


def cash_refund(w: DayWorld, order_id: uuid.UUID, reason: Reason = Reason.CHANGE_OF_MIND) -> ReturnSummary:
    line = LineRequest(1, 1, reason, ALL_SHOWN, Resolution.REFUND)
    return w.run(lambda s, a: complete_return(  # type: ignore[no-any-return]
        s, a, ReturnRequest((line,), order_id=order_id)))


def exchange_up(w: DayWorld, order_id: uuid.UUID) -> ReturnSummary:
    """Size 8 (120.00) for size 10 (135.00): 15.00 collected in cash."""
    line = LineRequest(1, 1, Reason.WRONG_SIZE, ALL_SHOWN, Resolution.EXCHANGE,
                       exchange_variant_id=w.sizes["10"])
    return w.run(lambda s, a: complete_return(  # type: ignore[no-any-return]
        s, a, ReturnRequest((line,), order_id=order_id,
                            payments=(Payment(TenderKind.CASH, D("15.00")),))))


def paid_out(w: DayWorld, amount: str, reason: str = "Window cleaner") -> days.DayState:
    state = w.run(lambda s, a: days.state(s, a))
    approval = w.approve(days.paid_binding(Movement.PAID_OUT, state.business_date, D(amount)),
                         reason=reason)
    return w.run(lambda s, a: days.pay(  # type: ignore[no-any-return]
        s, a, Movement.PAID_OUT, amount, reason, approval))
