"""A store, its staff, a style in three sizes and another colour, and one paid order: the world
the returns and exchange tests complete returns in (SQLite or PostgreSQL; random codes, so the
shared PostgreSQL database never sees a clash)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from storepos.domain.vocabulary import (
    Channel,
    Fulfillment,
    Reason,
    Resolution,
    Role,
    TenderKind,
)
from storepos.persistence.db import make_session_factory
from storepos.persistence.models import LedgerEntry, OrderLine, Return, StockLevel
from storepos.persistence.uow import UnitOfWork
from storepos.services.base.context import Actor
from storepos.services.cards import value_accounts as va
from storepos.services.cards.value_source import sold
from storepos.services.returns.complete import complete_return, override_binding
from storepos.services.returns.eligibility import ALL_SHOWN
from storepos.services.returns.types import LineRequest, ReturnRequest, ReturnSummary
from storepos.services.staff import auth
from tests.factories import (
    FixedClock,
    actor_for,
    card,
    make_customer,
    make_employee,
    make_order,
    make_product,
    make_store,
    other_colour,
    tender,
)

D = Decimal
MANAGER_PIN = "86420"


@dataclass
class World:
    factory: sessionmaker[Session]
    cashier: Actor
    manager_number: str
    manager_id: uuid.UUID
    store_id: uuid.UUID
    order_id: uuid.UUID
    line_id: uuid.UUID
    sizes: dict[str, uuid.UUID]  # variant ids of the style by size ("8", "9", "10")
    tan_8: uuid.UUID  # the same style in another colour, cheaper
    gift_card: va.AccountView | None
    customer_id: uuid.UUID | None


def build(
    engine: Engine, *, policy: str = "softmoc", pay: str = "split", shipping: str = "0.00",
    online: bool = False, tags: list[str] | None = None, customer: bool = True,
) -> World:
    """Order of 2 × size 8 (paid 240.00) placed 2025-05-20; today 2025-06-01 at the store."""
    factory = make_session_factory(engine)
    with UnitOfWork(factory) as uow:
        s = uow.session
        store = make_store(s, policy=policy)
        cashier = actor_for(make_employee(s, store, Role.CASHIER), store, clock=FixedClock())
        manager = make_employee(s, store, Role.MANAGER, pin=MANAGER_PIN, name="Maria Manager")
        sizes = make_product(s, store, price="120.00", sizes=("8", "9", "10"),
                             prices={"10": "135.00"}, on_hand=3)
        tan = other_colour(s, sizes["8"], "Tan", store=store, price="100.00")
        who = make_customer(s) if customer else None
        gift = None
        total = D("240.00") + D(shipping)
        if pay == "split":
            gift = va.issue_gift_card(s, cashier, "100.00", sold(TenderKind.CASH)).account
            tenders = [card(str(total - 100)), tender(TenderKind.GIFT_CARD, "100.00", gift.id)]
        elif pay == "offline":
            tenders = [card("120.00"), tender(TenderKind.PAY_OFFLINE, "120.00")]
        elif pay == "gift":  # a gift card paid it all
            gift = va.issue_gift_card(s, cashier, str(total), sold(TenderKind.CASH)).account
            tenders = [tender(TenderKind.GIFT_CARD, str(total), gift.id)]
        elif pay in ("paypal", "cash"):  # one tender, no card
            tenders = [tender(TenderKind(pay), str(total))]
        else:
            tenders = [card(str(total))]
        order = make_order(
            s, [(sizes["8"], 2, "240.00")], tenders=tenders, store=store, customer=who,
            shipping=shipping, tags={1: tags} if tags else None,
            channel=Channel.ONLINE if online else Channel.STORE,
            fulfillment=Fulfillment.SHIP_TO_HOME if online else Fulfillment.IN_STORE,
            received_on=date(2025, 5, 25) if online else None,
        )
        if gift:
            va.redeem(s, cashier, gift.number, str(tenders[-1].amount), order_id=order.id)
        line_id = s.scalars(select(OrderLine.id).where(OrderLine.order_id == order.id)).one()
        uow.commit()
        return World(factory, cashier, manager.number, manager.id, store.id, order.id, line_id,
                     {k: v.id for k, v in sizes.items()}, tan.id, gift, who.id if who else None)


def line(qty: int = 1, resolution: Resolution = Resolution.REFUND, **kw: Any) -> LineRequest:
    return LineRequest(1, qty, kw.pop("reason", Reason.CHANGE_OF_MIND),
                       kw.pop("condition", ALL_SHOWN), resolution, **kw)


def complete(w: World, *lines: LineRequest, **kw: Any) -> ReturnSummary:
    receipts = kw.pop("receipts", None)
    with UnitOfWork(w.factory) as uow:
        summary = complete_return(uow.session, w.cashier, ReturnRequest(
            tuple(lines), order_id=kw.pop("order_id", w.order_id), **kw), receipts=receipts)
        uow.commit()
        return summary


def approve(w: World, reason: str, lines: tuple[int, ...] = (1,),
            amount: Decimal = Decimal("1000.00")) -> auth.Approval:
    """The manager's token for an override on these lines of the world's order, up to `amount`."""
    return auth.approve(w.factory, w.cashier, w.manager_number, MANAGER_PIN, reason,
                        override_binding(w.order_id, lines, amount))


def scalar(w: World, stmt: Any) -> Any:
    with w.factory() as s:
        return s.scalar(stmt)


def returned(w: World) -> int:
    return scalar(w, select(OrderLine.quantity_returned).where(OrderLine.id == w.line_id))


def on_hand(w: World, variant_id: uuid.UUID) -> int:
    return scalar(w, select(StockLevel.on_hand).where(StockLevel.variant_id == variant_id,
                                                      StockLevel.store_id == w.store_id))


def balance(w: World, account_id: uuid.UUID) -> Decimal:
    return scalar(w, select(LedgerEntry.balance_after).where(LedgerEntry.account_id == account_id)
                  .order_by(LedgerEntry.seq.desc()).limit(1))


def returns_of(w: World) -> int:
    return scalar(w, select(func.count()).select_from(Return).where(Return.order_id == w.order_id))
