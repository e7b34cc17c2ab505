"""The X and Z reports, made from the day's own rows at this till.

    report = day_report(session, actor, business_date)   # devices.printing.documents.DayReport

Cash comes from the day's movements (the float, refunds, exchanges, pickups, gift cards sold,
paid in and out) and, once closed, its close. The rest is what this till did in the store's
calendar day: refunds by tender, returned value by each line's own reason (a return of two lines
with two reasons counts under both), restocking fees, store credit and gift cards issued and
redeemed, pickups handed over, warranty outcomes. Each figure is one grouped SQL query, so the
report costs about what a hand-written sum over the same rows does (benchmarks/day_bench.py).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storepos.devices.printing import documents as d
from storepos.domain.errors import StoreposError
from storepos.domain.events import EventKind
from storepos.domain.money import CENT, ZERO
from storepos.domain.till_day import Movement
from storepos.domain.vocabulary import ReturnStatus
from storepos.i18n import _
from storepos.persistence.models import (
    AuditEvent,
    CashMovement,
    DayClose,
    Employee,
    LedgerEntry,
    Refund,
    Return,
    ReturnLine,
    Store,
    Till,
    TillDay,
    ValueAccount,
)
from storepos.services.day.cash import day_of
from storepos.services.day.days import variance_limit
from storepos.services.printing.paper import store_info


def _money(value: Any) -> Decimal:
    """A sum as money: SQLite sums NUMERIC as REAL, so it is read back through text and rounded."""
    return Decimal(str(value or 0)).quantize(CENT)


def window(business_date: date, time_zone: str) -> tuple[datetime, datetime]:
    """The store's calendar day in UTC: [local midnight, next local midnight)."""
    zone = ZoneInfo(time_zone)
    start = datetime.combine(business_date, time(0), zone)
    end = datetime.combine(business_date + timedelta(days=1), time(0), zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def _names(session: Session, ids: set[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    rows = session.connection().execute(select(Employee.id, Employee.name).where(Employee.id.in_(wanted)))
    return {row.id: row.name for row in rows}


def _cash(session: Session, day: TillDay | None) -> dict[str, Any]:
    if day is None:
        return {"opened": False, "float_total": ZERO, "movements": (), "expected": ZERO,
                "paid": (), "cash_rounding": ZERO}
    grouped = session.connection().execute(
        select(CashMovement.kind, func.count(), func.sum(CashMovement.amount),
               func.sum(CashMovement.rounding))
        .where(CashMovement.day_id == day.id).group_by(CashMovement.kind)).all()
    totals = {Movement(kind): (n, _money(s)) for kind, n, s, _r in grouped}
    rounding = sum((_money(r) for *_rest, r in grouped), ZERO)
    order = list(Movement)
    movements = tuple(d.Tally(k.value, n, amount) for k, (n, amount)
                      in sorted(totals.items(), key=lambda kv: order.index(kv[0])))
    paid_rows = session.connection().execute(
        select(CashMovement.kind, CashMovement.amount, CashMovement.reason,
               CashMovement.approved_by, CashMovement.created_at)
        .where(CashMovement.day_id == day.id,
               CashMovement.kind.in_((Movement.PAID_IN, Movement.PAID_OUT)))
        .order_by(CashMovement.created_at)).all()
    names = _names(session, {r.approved_by for r in paid_rows})
    paid = tuple(d.PaidLine(str(r.kind), _money(r.amount), r.reason,
                            names.get(r.approved_by, "") if r.approved_by else "")
                 for r in paid_rows)
    float_total = totals.get(Movement.FLOAT, (0, ZERO))[1]
    return {"opened": Movement.FLOAT in totals, "float_total": float_total,
            "movements": movements, "expected": sum((t.amount for t in movements), ZERO),
            "paid": paid, "cash_rounding": rounding}


def _returns(session: Session, till_id: uuid.UUID, start: datetime,
             end: datetime) -> dict[str, Any]:
    done = (Return.till_id == till_id, Return.status == ReturnStatus.COMPLETED,
            Return.completed_at >= start, Return.completed_at < end)
    by_tender = session.connection().execute(
        select(Refund.kind, func.count(), func.sum(Refund.amount))
        .join(Return, Return.id == Refund.return_id).where(*done)
        .group_by(Refund.kind)).all()
    by_reason = session.connection().execute(
        select(ReturnLine.reason, func.sum(ReturnLine.quantity), func.sum(ReturnLine.refund_amount),
               func.sum(ReturnLine.restocking_fee))
        .join(Return, Return.id == ReturnLine.return_id).where(*done)
        .group_by(ReturnLine.reason)).all()
    returns = session.connection().execute(select(func.count()).select_from(Return)
                                           .where(*done)).scalar()
    tenders = sorted((d.Tally(str(k), n, _money(s)) for k, n, s in by_tender),
                     key=lambda t: (-t.amount, t.key))
    reasons = sorted((d.Tally(str(k), int(n or 0), _money(s)) for k, n, s, _fee in by_reason),
                     key=lambda t: (-t.amount, t.key))
    return {"returns": int(returns or 0), "items": sum(t.count for t in reasons),
            "restocking_fees": sum((_money(fee) for *_rest, fee in by_reason), ZERO),
            "by_tender": tuple(tenders), "by_reason": tuple(reasons)}


def _cards(session: Session, till_id: uuid.UUID, start: datetime,
           end: datetime) -> tuple[d.Tally, ...]:
    rows = session.connection().execute(
        select(ValueAccount.kind, LedgerEntry.kind, func.count(), func.sum(LedgerEntry.amount))
        .join(ValueAccount, ValueAccount.id == LedgerEntry.account_id)
        .where(LedgerEntry.till_id == till_id, LedgerEntry.created_at >= start,
               LedgerEntry.created_at < end)
        .group_by(ValueAccount.kind, LedgerEntry.kind)).all()
    return tuple(sorted((d.Tally(f"{account}.{entry}", n, _money(s))
                         for account, entry, n, s in rows), key=lambda t: t.key))


def _pickups_and_warranty(session: Session, till_id: uuid.UUID, start: datetime,
                          end: datetime) -> dict[str, Any]:
    """Pickups handed over and warranty decisions at this till: one pass over their events."""
    kinds = (EventKind.PICKUP_COLLECTED, EventKind.WARRANTY_APPROVED, EventKind.WARRANTY_DENIED)
    rows = session.connection().execute(
        select(AuditEvent.action, AuditEvent.details).where(
            AuditEvent.till_id == till_id, AuditEvent.action.in_([str(k) for k in kinds]),
            AuditEvent.occurred_at >= start, AuditEvent.occurred_at < end)).all()
    pickups = [details for action, details in rows if action == EventKind.PICKUP_COLLECTED]
    paid = sum((Decimal(str(p.get("amount", "0"))) for pick in pickups
                for p in pick.get("payments") or []), ZERO)
    outcomes: dict[str, int] = {}
    for action, details in rows:
        if action != EventKind.PICKUP_COLLECTED:
            key = str(details.get("outcome") or "denied")
            outcomes[key] = outcomes.get(key, 0) + 1
    return {"pickups": len(pickups), "pickups_paid": paid.quantize(CENT),
            "warranty": tuple(d.Tally(k, n) for k, n in sorted(outcomes.items()))}


def _close(session: Session, day: TillDay | None) -> dict[str, Any]:
    close = session.scalars(select(DayClose).where(DayClose.day_id == day.id)).first() \
        if day is not None else None
    if close is None:
        return {"closed": False}
    names = _names(session, {close.closed_by, close.approved_by})
    recorded = session.connection().execute(select(AuditEvent.details).where(
        AuditEvent.subject_id == close.day_id, AuditEvent.action == EventKind.DAY_CLOSED)).first()
    counts = tuple(d.Tally(face, int(n), (Decimal(face) * int(n)).quantize(CENT))
                   for face, n in sorted(close.counts.items(), key=lambda kv: -Decimal(kv[0])))
    return {"closed": True, "counts": counts, "counted": _money(close.counted),
            "variance": _money(close.variance), "closed_by": names.get(close.closed_by, ""),
            "approved_by": names.get(close.approved_by, "") if close.approved_by else "",
            "approval_reason": close.reason, "close_differs": _differs(close, recorded),
            "closed_at": close.closed_at if close.closed_at.tzinfo else
            close.closed_at.replace(tzinfo=UTC)}


def _differs(close: DayClose, recorded: Any) -> bool:
    """The close row against its audit entry (chained and sealed, and pushed to head office): a
    row rewritten by hand, past the database's triggers, no longer matches."""
    if recorded is None:
        return True
    details = recorded[0] or {}
    try:
        facts = tuple(Decimal(str(details[k])) for k in ("expected", "counted", "variance"))
    except (KeyError, ArithmeticError, ValueError):
        return True
    return (facts != (_money(close.expected), _money(close.counted), _money(close.variance))
            or details.get("counts") != close.counts)


def day_report(session: Session, store_id: uuid.UUID, till_id: uuid.UUID, business_date: date,
               *, employee: str, now: datetime) -> d.DayReport:
    """The X report (open day, or a day with no close) or the Z report (closed) of one till."""
    store = session.get(Store, store_id)
    till = session.get(Till, till_id)
    assert store is not None and till is not None
    start, end = window(business_date, store.time_zone)
    day = day_of(session, till_id, business_date)
    header = d.Header(store_info(session, store_id), now if now.tzinfo else
                      now.replace(tzinfo=UTC), till.prefix, employee)
    return d.DayReport(
        header=header, business_date=business_date, variance_limit=variance_limit(),
        **_cash(session, day), **_returns(session, till_id, start, end),
        cards=_cards(session, till_id, start, end),
        **_pickups_and_warranty(session, till_id, start, end), **_close(session, day),
    )


def till_report(session: Session, till_prefix: str, business_date: date | None,
                *, now: datetime, employee: str) -> d.DayReport:
    """The report of the till with this prefix (the command line's till), for its store's date
    today unless `business_date` names another."""
    till = session.scalars(select(Till).where(Till.prefix == till_prefix)).first()
    if till is None:
        raise StoreposError(_("No till {prefix} in this database.").format(prefix=till_prefix))
    store = session.get(Store, till.store_id)
    assert store is not None
    when = business_date or now.astimezone(ZoneInfo(store.time_zone)).date()
    return day_report(session, store.id, till.id, when, employee=employee, now=now)
