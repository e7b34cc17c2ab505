"""Cash into or out of the drawer, recorded in the caller's transaction with the action that moved
it (a return's cash refund, an exchange's difference, a pickup's balance, a gift card sold for cash,
a manager's paid in or out). Called by the returns, pickups and gift card services; never commits.

    record_cash(session, actor, Movement.CASH_REFUND, Decimal("40.00"),
                reference="R-TOR1-000012-4", subject=("return", return_id))

Cash is handed over rounded to the smallest coin of the day's currency (domain.money.cash_rounding:
5 cents in CAD and AUD): the movement holds the cash that moved and, in `rounding`, its difference
from the exact amount owed, which stays on the refund or payment row; its event carries both. An
amount that rounds to no coin at all still makes a movement (0.00, its rounding), so the day's
rounding total is the sum of what the receipts say.

The movement goes on this till's day for the store's date: the day is made when the first
movement comes before anyone counted a float (the report says so). A closed day takes no more
cash: the action is refused in words and rolls back whole, money and all.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from storepos.domain.errors import StoreposError
from storepos.domain.events import EventKind
from storepos.domain.money import ZERO, cash_rounding
from storepos.domain.till_day import Movement, signed
from storepos.i18n import _
from storepos.i18n.formats import day as day_words
from storepos.persistence.models import CashMovement, DayClose, Store, TillDay
from storepos.services.base import journal
from storepos.services.base.context import Actor


class DayClosed(StoreposError):
    """The till's day is closed: nothing more goes on it."""


def day_of(session: Session, till_id: uuid.UUID, business_date: date) -> TillDay | None:
    return session.scalars(select(TillDay).where(TillDay.till_id == till_id,
                                                 TillDay.business_date == business_date)).first()


def is_closed(session: Session, day_id: uuid.UUID) -> bool:
    return bool(session.scalar(select(exists().where(DayClose.day_id == day_id))))


def closed_words(business_date: date) -> str:
    return _("The till was closed for {date}: no more cash goes on that day. A correction is "
             "entered on the next day.").format(date=day_words(business_date))


def current_day(session: Session, actor: Actor, *, make: bool = True) -> TillDay | None:
    """This till's day for the store's date; made (with no float yet) when `make`."""
    today = actor.today()
    found = day_of(session, actor.till_id, today)
    if found is not None or not make:
        return found
    store = session.get(Store, actor.store_id)
    assert store is not None  # the actor's store
    made = TillDay(id=uuid.uuid4(), till_id=actor.till_id, store_id=actor.store_id,
                   business_date=today, currency=store.currency, opened_at=actor.now(),
                   opened_by=actor.employee_id)
    session.add(made)
    session.flush()
    return made


def open_day_for_cash(session: Session, actor: Actor) -> TillDay:
    """The day a movement goes on now: refused in words when it is closed."""
    found = current_day(session, actor)
    assert found is not None
    if is_closed(session, found.id):
        raise DayClosed(closed_words(found.business_date))
    return found


def handed_rounding(movement: CashMovement) -> Decimal:
    """The movement's rounding as a receipt shows it: the cash handed over less the exact amount,
    whichever way the cash went (12.47 refunded, 12.45 handed: -0.02; 10.02 taken, 10.00: -0.02).
    The movement keeps it signed as the drawer sees it (the refund's +0.02)."""
    return signed(Movement(movement.kind), movement.rounding)


def record_cash(session: Session, actor: Actor, kind: Movement, amount: Decimal, *,
                reference: str = "", subject: tuple[str, uuid.UUID | None] = ("", None),
                reason: str = "", approved_by: uuid.UUID | None = None,
                counts: dict[str, int] | None = None) -> CashMovement:
    """One movement of the cash for `amount` owed (positive; stored signed, rounded to the
    currency's smallest coin, the difference in `rounding`) and its audit and outbox entry.

    When the rounding leaves no coin to hand over (0.02 owed in CAD) the movement is still
    written, 0.00 with its rounding: the receipt shows that rounding, so the day's rounding total
    must hold it, and expected cash (the sum of the amounts) stays what the drawer holds."""
    if amount <= ZERO:
        raise ValueError("a cash movement's amount is positive; its kind gives the direction")
    found = open_day_for_cash(session, actor)
    handed, _adjustment = cash_rounding(amount, found.currency)
    moved = signed(kind, handed)
    movement = CashMovement(
        id=uuid.uuid4(), day_id=found.id, kind=kind, amount=moved,
        rounding=moved - signed(kind, amount),
        reference=reference[:40], subject_type=subject[0], subject_id=subject[1],
        counts=counts or {}, reason=reason, employee_id=actor.employee_id,
        approved_by=approved_by, created_at=actor.now(),
    )
    session.add(movement)
    session.flush()
    if kind is not Movement.FLOAT:  # the float's own event is the day's opening
        journal.record(session, actor, EventKind.CASH_MOVED, "cash_movement", movement.id, {
            "business_date": found.business_date, "kind": kind, "amount": movement.amount,
            "owed": signed(kind, amount), "rounding": movement.rounding,
            "currency": found.currency, "reference": movement.reference,
        }, approved_by=approved_by, reason=reason or None)
    return movement
