"""Ship-to-store pickups at the store: the lists by status, scanning parcels in, marking them ready,
recording that the customer was told, and sending back what nobody collected. The hand-over itself
(ID check, payment, receipt) is in `pickup_handover`.

Every move goes through `domain.pickups.check_move`, so a pickup only ever moves forward, and is
recorded with `journal.record`. Like every service: the caller's Session and Actor in, plain
frozen dataclasses out, nothing committed here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from storepos.domain import pickups as rules
from storepos.domain.cards import refuse_card_number
from storepos.domain.errors import InvalidInput, StoreposError
from storepos.domain.events import EventKind
from storepos.domain.numbers import NumberKind, parse_number
from storepos.domain.pickups import NotifyChannel, PickupListStatus
from storepos.domain.vocabulary import Fulfillment, PickupStatus, Role, TenderKind
from storepos.i18n import N_, _
from storepos.persistence.base import table_of
from storepos.persistence.models import (
    Customer,
    Order,
    OrderLine,
    Pickup,
    Store,
    Tender,
)
from storepos.services.base import journal
from storepos.services.base.context import Actor
from storepos.services.base.numbering import next_number
from storepos.services.base.order_lookup import normalise_order_number
from storepos.services.staff.auth import require_role

S = PickupStatus
ALL_STAFF = (Role.CASHIER, Role.STOCK, Role.MANAGER)
NOTE_MAX = 300


class PickupNotFound(StoreposError, LookupError):
    """No pickup with that pickup or order number at this store."""


@dataclass(frozen=True, slots=True)
class PickupRow:
    """One line of the pickup list."""

    id: uuid.UUID
    number: str
    order_id: uuid.UUID
    order_number: str
    customer_name: str
    billing_last_name: str
    status: PickupStatus
    list_status: PickupListStatus  # the stored status, or OVERDUE past the hold day
    arrived_at: datetime | None
    hold_until: date | None
    notified_at: datetime | None
    collected_at: datetime | None
    sent_back_at: datetime | None
    days_overdue: int
    amount_due: Decimal  # to be paid at pickup (orders submitted "pay offline")


def _utc(moment: datetime | None) -> datetime | None:
    # SQLite hands timestamps back without a zone; they are stored in UTC.
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


def _paid_sum() -> Select[Decimal]:
    t = table_of(Tender)
    return (select(func.coalesce(func.sum(t.c.amount), 0))
            .where(t.c.order_id == Order.id, t.c.kind != TenderKind.PAY_OFFLINE.value))


def _total_sum() -> Select[Decimal]:
    return select(func.coalesce(func.sum(OrderLine.paid), 0)).where(OrderLine.order_id == Order.id)


_ROW = (
    select(
        Pickup.id, Pickup.number, Pickup.order_id, Pickup.status, Pickup.arrived_at,
        Pickup.hold_until, Pickup.notified_at, Pickup.collected_at, Pickup.sent_back_at,
        Order.number.label("order_number"), Order.billing_last_name, Order.shipping_charged,
        Customer.first_name, Customer.last_name,
        _total_sum().scalar_subquery().label("lines_paid"),
        _paid_sum().scalar_subquery().label("tenders_paid"),
    )
    .join(Order, Order.id == Pickup.order_id)
    .outerjoin(Customer, Customer.id == Order.customer_id)
)


def customer_name(first: str | None, last: str | None, billing_last_name: str) -> str:
    name = f"{first or ''} {last or ''}".strip()
    return name or billing_last_name


def _row(r: Any, today: date) -> PickupRow:
    status = PickupStatus(r.status)
    total = Decimal(r.lines_paid) + r.shipping_charged
    return PickupRow(
        id=r.id, number=r.number, order_id=r.order_id, order_number=r.order_number,
        customer_name=customer_name(r.first_name, r.last_name, r.billing_last_name),
        billing_last_name=r.billing_last_name, status=status,
        list_status=rules.list_status(status, r.hold_until, today),
        arrived_at=_utc(r.arrived_at), hold_until=r.hold_until, notified_at=_utc(r.notified_at),
        collected_at=_utc(r.collected_at), sent_back_at=_utc(r.sent_back_at),
        days_overdue=rules.days_overdue(status, r.hold_until, today),
        amount_due=rules.amount_due(total, [Decimal(r.tenders_paid)]),
    )


def _status_filter(wanted: PickupListStatus, today: date) -> ColumnElement[bool]:
    waiting = [s.value for s in rules.WAITING]
    if wanted is PickupListStatus.OVERDUE:
        return and_(Pickup.status.in_(waiting), Pickup.hold_until < today)
    status = PickupStatus(wanted.value)
    if status in rules.WAITING:  # overdue ones are listed under "overdue" only
        return and_(Pickup.status == status,
                    or_(Pickup.hold_until.is_(None), Pickup.hold_until >= today))
    return Pickup.status == status


def list_pickups(
    session: Session, actor: Actor, status: PickupListStatus | None = None, *, limit: int = 500,
) -> tuple[PickupRow, ...]:
    """This store's pickups with one list status (all when None), oldest hold day first."""
    require_role(actor, *ALL_STAFF, doing=N_("see the pickup list"))
    today = actor.today()
    stmt = _ROW.where(Pickup.store_id == actor.store_id)
    if status is not None:
        stmt = stmt.where(_status_filter(status, today))
    stmt = stmt.order_by(Pickup.hold_until.is_(None), Pickup.hold_until, Pickup.number).limit(limit)
    return tuple(_row(r, today) for r in session.execute(stmt))


def send_back_list(session: Session, actor: Actor) -> tuple[PickupRow, ...]:
    """Orders nobody collected within the hold period: they go back to the warehouse."""
    return list_pickups(session, actor, PickupListStatus.OVERDUE)


def pickup_counts(session: Session, actor: Actor) -> dict[PickupListStatus, int]:
    """How many pickups each tab of the list holds (for the tab titles)."""
    require_role(actor, *ALL_STAFF, doing=N_("see the pickup list"))
    today = actor.today()
    counts = dict.fromkeys(PickupListStatus, 0)
    late = and_(Pickup.hold_until.is_not(None), Pickup.hold_until < today)
    rows = session.execute(
        select(Pickup.status, late.label("late"), func.count())
        .where(Pickup.store_id == actor.store_id)
        .group_by(Pickup.status, late)
    )
    for status, is_late, n in rows:
        stored = PickupStatus(status)
        overdue = bool(is_late) and stored in rules.WAITING
        counts[PickupListStatus.OVERDUE if overdue else PickupListStatus(stored.value)] += n
    return counts


def _locate(session: Session, actor: Actor, scanned: str, *, lock: bool = True) -> Pickup:
    """A pickup of this store by its pickup number ("P-…") or its order number."""
    text = (scanned or "").strip()
    if not text:
        raise InvalidInput(_("Scan or type the pickup number or the order number."))
    stmt = select(Pickup)
    parts = text.upper().replace("-", " ").split()
    if len(parts) == 4 and parts[0] == "P":
        number = parse_number(text)  # a typo in a pickup number says so plainly
        wanted = str(number)
        stmt = stmt.where(Pickup.number == wanted)
        if number.kind is not NumberKind.PICKUP:
            raise InvalidInput(_("{number} is not a pickup number.").format(number=wanted))
    else:  # an order number, or the web shop feed's pickup number (P + the order's number)
        wanted = normalise_order_number(text)
        stmt = stmt.join(Order, Order.id == Pickup.order_id).where(
            or_(Order.number == wanted, Pickup.number == wanted))
    if lock:
        stmt = stmt.with_for_update()  # PostgreSQL: two tills moving one pickup queue up
    pickup = session.scalars(stmt).first()
    if pickup is None:
        raise PickupNotFound(_("No pickup {number}.").format(number=wanted))
    if pickup.store_id != actor.store_id:
        store = session.get(Store, pickup.store_id)
        if store is not None:
            raise PickupNotFound(_("Pickup {number} is for {store}, not this store.").format(
                number=pickup.number, store=store.name))
        raise PickupNotFound(_("Pickup {number} is for another store, not this store.").format(
            number=pickup.number))
    return pickup


def _move(pickup: Pickup, target: PickupStatus, today: date) -> PickupStatus:
    current = PickupStatus(pickup.status)
    rules.check_move(pickup.number, current, target, hold=pickup.hold_until, today=today)
    pickup.status = target
    return current


def find_pickup(session: Session, actor: Actor, scanned: str) -> PickupRow:
    """One pickup of this store, by pickup number or order number."""
    require_role(actor, *ALL_STAFF, doing=N_("look up pickups"))
    pickup = _locate(session, actor, scanned, lock=False)
    return _row(session.execute(_ROW.where(Pickup.id == pickup.id)).one(), actor.today())


def _answer(session: Session, actor: Actor, pickup: Pickup) -> PickupRow:
    session.flush()
    return _row(session.execute(_ROW.where(Pickup.id == pickup.id)).one(), actor.today())


def register_pickup(session: Session, actor: Actor, order_id: uuid.UUID) -> PickupRow:
    """A ship-to-store order on its way to this store: its pickup (number kind P), in transit."""
    require_role(actor, *ALL_STAFF, doing=N_("register pickups"))
    order = session.get(Order, order_id)
    if order is None:
        raise InvalidInput(_("That order is not in the database."))
    if Fulfillment(order.fulfillment) is not Fulfillment.SHIP_TO_STORE:
        raise InvalidInput(_("Order {number} is not a ship-to-store order.").format(
            number=order.number))
    if order.pickup_store_id != actor.store_id:
        raise InvalidInput(_("Order {number} is to be picked up at another store.").format(
            number=order.number))
    if session.scalar(select(Pickup.number).where(Pickup.order_id == order.id)):
        raise InvalidInput(_("Order {number} already has a pickup.").format(number=order.number))
    pickup = Pickup(
        number=next_number(session, actor.till_id, actor.till_prefix, NumberKind.PICKUP),
        order_id=order.id, store_id=actor.store_id, status=S.IN_TRANSIT, id_checked=False,
    )
    session.add(pickup)
    session.flush()
    journal.record(session, actor, EventKind.PICKUP_REGISTERED, "pickup", pickup.id,
                   {"number": pickup.number, "order_number": order.number})
    return _answer(session, actor, pickup)


def mark_arrived(session: Session, actor: Actor, scanned: str) -> PickupRow:
    """The parcel is scanned in: held from today (store-local) for the store's hold period."""
    require_role(actor, *ALL_STAFF, doing=N_("scan pickups in"))
    pickup = _locate(session, actor, scanned)
    today = actor.today()
    _move(pickup, S.ARRIVED, today)
    store = session.get(Store, actor.store_id)
    pickup.arrived_at = actor.now()
    pickup.hold_until = rules.hold_until(today, store.pickup_hold_days if store else None)
    journal.record(session, actor, EventKind.PICKUP_ARRIVED, "pickup", pickup.id,
                   {"number": pickup.number, "hold_until": pickup.hold_until})
    return _answer(session, actor, pickup)


def mark_ready(session: Session, actor: Actor, scanned: str) -> PickupRow:
    """Checked and on the pickup shelf."""
    require_role(actor, *ALL_STAFF, doing=N_("mark pickups ready"))
    pickup = _locate(session, actor, scanned)
    _move(pickup, S.READY, actor.today())
    journal.record(session, actor, EventKind.PICKUP_READY, "pickup", pickup.id,
                   {"number": pickup.number})
    return _answer(session, actor, pickup)


def record_notification(
    session: Session, actor: Actor, scanned: str, how: NotifyChannel | str, note: str = "",
) -> PickupRow:
    """The customer was told the order is ready (again, as a reminder, once notified)."""
    require_role(actor, *ALL_STAFF, doing=N_("record pickup notifications"))
    try:
        channel = NotifyChannel(how)
    except ValueError:
        raise InvalidInput(_("Choose how the customer was told: e-mail, phone or SMS.")) from None
    text = " ".join((note or "").split())
    if len(text) > NOTE_MAX:
        raise InvalidInput(_("Keep the note under {n} characters.").format(n=NOTE_MAX))
    refuse_card_number("the note", text)
    pickup = _locate(session, actor, scanned)
    before = _move(pickup, S.NOTIFIED, actor.today())
    pickup.notified_at = actor.now()
    journal.record(session, actor, EventKind.PICKUP_NOTIFIED, "pickup", pickup.id, {
        "number": pickup.number, "how": channel, "note": text,
        "reminder": before is S.NOTIFIED,
    })
    return _answer(session, actor, pickup)


def send_back(session: Session, actor: Actor, scanned: str) -> PickupRow:
    """Not collected within the hold period: the parcel goes back (stock staff or a manager)."""
    require_role(actor, Role.STOCK, Role.MANAGER, doing=N_("send pickups back"))
    pickup = _locate(session, actor, scanned)
    today = actor.today()
    _move(pickup, S.SENT_BACK, today)
    pickup.sent_back_at = actor.now()
    journal.record(session, actor, EventKind.PICKUP_SENT_BACK, "pickup", pickup.id, {
        "number": pickup.number, "hold_until": pickup.hold_until,
        "days_overdue": (today - pickup.hold_until).days if pickup.hold_until else 0,
    })
    return _answer(session, actor, pickup)


def locate_for_update(session: Session, actor: Actor, scanned: str) -> Pickup:
    """For `pickup_handover`: the locked ORM row (never handed to callers outside services)."""
    return _locate(session, actor, scanned)


def move(pickup: Pickup, target: PickupStatus, today: date) -> None:
    _move(pickup, target, today)
