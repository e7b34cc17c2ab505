"""Opening, paying in and out, counting and closing the till's day (one transaction each; the
caller commits).

    open_day(session, actor, {"20.00": 5, "5.00": 4, "0.25": 40})        # the float, counted
    pay(session, actor, Movement.PAID_OUT, "12.50", "Window cleaner", approval)   # a manager's yes
    close_day(session, actor, counts, approval=None)   # a variance over the limit needs a manager

The count is by denomination in the store's currency (domain.till_day.DENOMINATIONS). A closed day
is never reopened or changed: the close is a row of its own, and the database refuses any edit.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storepos.domain.errors import InvalidInput, StoreposError
from storepos.domain.events import EventKind
from storepos.domain.money import ZERO, cash_rounding, parse_money
from storepos.domain.till_day import (
    DayError,
    Movement,
    clean_count,
    count_total,
    needs_manager,
)
from storepos.domain.vocabulary import Role
from storepos.i18n import N_, _
from storepos.i18n.formats import money
from storepos.persistence.models import CashMovement, DayClose, Store, TillDay
from storepos.services.base import journal
from storepos.services.base.amount_words import checked_amount
from storepos.services.base.context import Actor
from storepos.services.day.cash import (
    DayClosed,
    closed_words,
    current_day,
    is_closed,
    record_cash,
)
from storepos.services.staff import approvals
from storepos.services.staff.approvals import Approval
from storepos.services.staff.auth import require_counter, require_role

VARIANCE_SETTING = "STOREPOS_DAY_VARIANCE_LIMIT"
DEFAULT_VARIANCE_LIMIT = Decimal("5.00")


class NeedsManager(StoreposError):
    """The count is off by more than the limit: a manager approves it with the reason."""

    def __init__(self, message: str, variance: Decimal) -> None:
        super().__init__(message)
        self.variance = variance


def variance_limit() -> Decimal:
    """The most a count may be off without a manager (STOREPOS_DAY_VARIANCE_LIMIT, default 5.00)."""
    text = os.environ.get(VARIANCE_SETTING, "").strip()
    if not text:
        return DEFAULT_VARIANCE_LIMIT
    try:
        return parse_money(text)
    except ValueError:
        return DEFAULT_VARIANCE_LIMIT  # a wrong setting never lets a variance through unseen


def count_words(error: DayError) -> str:
    """A count the rules refuse, in words."""
    p = error.params
    if error.code == "not_a_denomination":
        return _("{value} is not a note or coin of {currency}.").format(**p)
    if error.code == "count_out_of_range":
        return _("The count of {value} pieces must be a whole number from 0 to {most}.").format(**p)
    if error.code == "unknown_currency":
        return _("This till cannot count {currency}.").format(**p)
    return _("The count of {value} pieces must be a whole number.").format(**p)


def _counted(currency: str, counts: Mapping[str, object]) -> tuple[dict[str, int], Decimal]:
    try:
        return clean_count(currency, counts), count_total(currency, counts)
    except DayError as error:
        raise InvalidInput(count_words(error)) from None


def _movements_total(session: Session, day_id: uuid.UUID) -> Decimal:
    return session.scalar(select(func.coalesce(func.sum(CashMovement.amount), ZERO))
                          .where(CashMovement.day_id == day_id)) or ZERO


def _has_float(session: Session, day_id: uuid.UUID) -> bool:
    return bool(session.scalar(select(func.count()).select_from(CashMovement).where(
        CashMovement.day_id == day_id, CashMovement.kind == Movement.FLOAT)))


@dataclass(frozen=True, slots=True)
class DayState:
    """Where this till's day stands, for the Day screen."""

    business_date: date
    currency: str
    opened: bool  # a float was counted
    closed: bool
    expected: Decimal  # what the drawer should hold now
    float_total: Decimal
    variance_limit: Decimal


def state(session: Session, actor: Actor) -> DayState:
    require_counter(actor, N_("see the till's day"))
    found = current_day(session, actor, make=False)
    store = session.get(Store, actor.store_id)
    currency = found.currency if found else (store.currency if store else "CAD")
    if found is None:
        return DayState(actor.today(), currency, False, False, ZERO, ZERO, variance_limit())
    float_total = session.scalar(select(func.coalesce(func.sum(CashMovement.amount), ZERO)).where(
        CashMovement.day_id == found.id, CashMovement.kind == Movement.FLOAT)) or ZERO
    return DayState(found.business_date, found.currency, _has_float(session, found.id),
                    is_closed(session, found.id), _movements_total(session, found.id),
                    float_total, variance_limit())


def open_day(session: Session, actor: Actor, counts: Mapping[str, object]) -> DayState:
    """The float counted by denomination, as the day's first cash."""
    require_counter(actor, N_("open the till"))
    found = current_day(session, actor)
    assert found is not None
    if is_closed(session, found.id):
        raise DayClosed(closed_words(found.business_date))
    if _has_float(session, found.id):
        raise InvalidInput(_("The till is already open for today; its float was counted."))
    clean, total = _counted(found.currency, counts)
    if total <= 0:
        raise InvalidInput(_("Count the float: type how many of each note and coin the drawer "
                             "holds."))
    record_cash(session, actor, Movement.FLOAT, total, subject=("till_day", found.id),
                counts=clean)
    journal.record(session, actor, EventKind.DAY_OPENED, "till_day", found.id, {
        "business_date": found.business_date, "currency": found.currency, "float": total,
        "counts": clean})
    session.flush()
    return state(session, actor)


def paid_binding(kind: Movement, business_date: date, amount: Decimal) -> approvals.Binding:
    """What a manager approves: cash paid in or out of this day's drawer, up to this amount."""
    return approvals.Binding(approvals.CASH_PAID, f"{kind.value} {business_date.isoformat()}",
                             amount=amount)


def pay(session: Session, actor: Actor, kind: Movement, amount: Decimal | str, reason: str,
        approval: Approval | None) -> DayState:
    """Cash paid in or out with a reason; a manager (not the one paying) approves it."""
    require_counter(actor, N_("pay cash in or out"))
    if kind not in (Movement.PAID_IN, Movement.PAID_OUT):
        raise InvalidInput(_("Only paid in and paid out are entered by hand."))
    value = checked_amount(amount, what="The amount")
    why = " ".join((reason or "").split())
    if not why:
        raise InvalidInput(_("Say why the cash goes in or out (for example: change from the bank)."))
    found = current_day(session, actor)
    assert found is not None
    if is_closed(session, found.id):
        raise DayClosed(closed_words(found.business_date))
    if cash_rounding(value, found.currency)[0] == ZERO:
        raise InvalidInput(_("{amount} is less than the smallest coin: no cash can move.").format(
            amount=money(value, found.currency)))
    if kind is Movement.PAID_OUT and value > _movements_total(session, found.id):
        raise InvalidInput(_("The drawer should hold only {amount}: it can't pay out more.").format(
            amount=money(_movements_total(session, found.id), found.currency)))
    verified = approvals.verify(session, actor, approval,
                                paid_binding(kind, found.business_date, value))
    record_cash(session, actor, kind, value, reason=why[:300], approved_by=verified.manager_id,
                subject=("till_day", found.id))
    return state(session, actor)


def variance_binding(day_id: uuid.UUID, variance: Decimal) -> approvals.Binding:
    """What a manager approves at close: this day's count, off by at most this much."""
    return approvals.Binding(approvals.DAY_VARIANCE, str(day_id), amount=abs(variance))


@dataclass(frozen=True, slots=True)
class Closed:
    day_id: uuid.UUID
    business_date: date
    expected: Decimal
    counted: Decimal
    variance: Decimal


def preview_close(session: Session, actor: Actor,
                  counts: Mapping[str, object]) -> tuple[uuid.UUID, Decimal, Decimal, Decimal]:
    """(day id, expected, counted, variance) for a count, nothing written."""
    require_counter(actor, N_("count the till"))
    found = current_day(session, actor, make=False)
    if found is None:
        raise InvalidInput(_("Nothing to close: the till was not opened today."))
    if is_closed(session, found.id):
        raise DayClosed(closed_words(found.business_date))
    counted = _counted(found.currency, counts)[1]
    expected = _movements_total(session, found.id)
    return found.id, expected, counted, counted - expected


def close_day(session: Session, actor: Actor, counts: Mapping[str, object],
              approval: Approval | None = None) -> Closed:
    """The drawer counted, expected against counted; over the limit a manager approves."""
    require_role(actor, Role.CASHIER, Role.MANAGER, doing=N_("close the till"))
    day_id, expected, counted, variance = preview_close(session, actor, counts)
    found = session.get(TillDay, day_id)
    assert found is not None
    clean, _total = _counted(found.currency, counts)
    limit = variance_limit()
    manager: Approval | None = None
    if needs_manager(variance, limit):
        if approval is None:
            raise NeedsManager(_(
                "The drawer is {variance} off what it should hold ({expected} expected, "
                "{counted} counted): more than {limit}. A manager approves the count with the "
                "reason.").format(variance=money(abs(variance), found.currency),
                                  expected=money(expected, found.currency),
                                  counted=money(counted, found.currency),
                                  limit=money(limit, found.currency)), variance)
        manager = approvals.verify(session, actor, approval, variance_binding(day_id, variance))
    movements = {str(kind): total for kind, total in session.execute(
        select(CashMovement.kind, func.sum(CashMovement.amount))
        .where(CashMovement.day_id == day_id).group_by(CashMovement.kind))}
    float_total = movements.get(Movement.FLOAT.value, ZERO)
    rounding = session.scalar(select(func.coalesce(func.sum(CashMovement.rounding), ZERO))
                              .where(CashMovement.day_id == day_id)) or ZERO
    close = DayClose(id=uuid.uuid4(), day_id=day_id, closed_at=actor.now(),
                     closed_by=actor.employee_id, counts=clean, expected=expected,
                     counted=counted, variance=variance,
                     approved_by=manager.manager_id if manager else None,
                     reason=manager.reason if manager else "")
    session.add(close)
    session.flush()
    journal.record(session, actor, EventKind.DAY_CLOSED, "till_day", day_id, {
        "business_date": found.business_date, "currency": found.currency, "float": float_total,
        "expected": expected, "counted": counted, "variance": variance, "counts": clean,
        "movements": movements, "threshold": limit,
        "cash_rounding": Decimal(str(rounding)).quantize(Decimal("0.01")),
    }, approved_by=manager.manager_id if manager else None,
        reason=manager.reason if manager else None)
    return Closed(day_id, found.business_date, expected, counted, variance)
