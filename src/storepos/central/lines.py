"""Online line holds: a store reserves units of an online order line centrally before it refunds
them, so a second store is refused before paying, in words ("was already returned at SoftMoc
Yorkdale on Nov 3").

The order line's row is locked (SELECT ... FOR UPDATE), expired holds of the line are released,
and the hold is refused when sold - returned - held by live holds is short: two stores asking for
the last unit at the same moment wait on the lock, and exactly one gets it. The return's event
consumes the hold when it is applied centrally (apply.py `_count_back`); until then the held
units count against every other store's holds and against returns counted back without a hold
(made offline, or by a till that skipped it). A hold is its store's: another store's token can
neither release nor consume it.

Each function works inside the caller's transaction (a Connection); `CentralLines` runs them in
their own retried transactions for a till that is online. Holds and line counts are shared rows:
the functions that touch them run as the service's own statements (on_shared_rows), never in a
store's context (rls.sql grants a store nothing on line_holds).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, Engine, func, insert, select, update

from storepos.central.schema import line_holds, line_returns, order_lines, orders, stores
from storepos.central.store_context import on_shared_rows
from storepos.i18n import N_, _, current_locale
from storepos.i18n.formats import month_day
from storepos.sync.errors import LineRefused, LineTaken, LineUnknown
from storepos.sync.protocol import LineHold
from storepos.sync.retry import in_transaction

HOLD_TTL = timedelta(minutes=30)
NOT_COUNTED = N_("That order line is not an online order line the central side counts.")


def utcnow() -> datetime:
    return datetime.now(UTC)


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)  # SQLite gives naive UTC back


def lock_line(conn: Connection, order_id: uuid.UUID, line_id: uuid.UUID) -> Any:
    """The order line, locked until the transaction ends (with its order's number)."""
    return conn.execute(
        select(order_lines.c.line_no, order_lines.c.quantity, order_lines.c.quantity_returned,
               order_lines.c.channel, order_lines.c.store_id)
        .where(order_lines.c.order_id == order_id, order_lines.c.id == line_id)
        .with_for_update()
    ).first()


@on_shared_rows
def held_units(conn: Connection, order_id: uuid.UUID, line_id: uuid.UUID, now: datetime) -> int:
    """Units of the line that live holds reserve (an expired hold no longer counts)."""
    return int(conn.scalar(
        select(func.coalesce(func.sum(line_holds.c.quantity), 0)).where(
            line_holds.c.order_id == order_id, line_holds.c.order_line_id == line_id,
            line_holds.c.status == "held", line_holds.c.expires_at >= now)
    ) or 0)


def _live_held(conn: Connection, order_id: uuid.UUID, line_id: uuid.UUID, now: datetime) -> int:
    """Units live holds reserve, releasing the line's expired ones on the way (the line is locked):
    one read in the usual case, where nothing expired."""
    rows = conn.execute(
        select(line_holds.c.id, line_holds.c.quantity, line_holds.c.expires_at).where(
            line_holds.c.order_id == order_id, line_holds.c.order_line_id == line_id,
            line_holds.c.status == "held")
    ).all()
    expired = [r.id for r in rows if _aware(r.expires_at) < now]
    if expired:
        conn.execute(update(line_holds).where(
            line_holds.c.order_id == order_id, line_holds.c.id.in_(expired),
        ).values(status="released", settled_at=now))
    return sum(r.quantity for r in rows if r.id not in expired)


# -- where the units went, in the cashier's words ----------------------------------------------------

def _stores(conn: Connection, ids: set[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str]]:
    if not ids:
        return {}
    return {r.id: (r.name, r.timezone) for r in conn.execute(
        select(stores.c.id, stores.c.name, stores.c.timezone).where(stores.c.id.in_(list(ids))))}


def _zone(name: str | None) -> ZoneInfo | Any:
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _day(at: datetime, zone: Any, now: datetime) -> str:
    """"Nov 3" ("3 nov." in French), with the year when it is not this year's."""
    local = _aware(at).astimezone(zone)
    return month_day(local.date(), year=local.year != now.astimezone(zone).year)


def taken_reason(conn: Connection, order_id: uuid.UUID, line_id: uuid.UUID, asker: uuid.UUID,
                 now: datetime) -> str:
    """Where and when the line's units went back, or are going back: "was already returned at
    SoftMoc Yorkdale on Nov 3", "is being returned at SoftMoc Eaton Centre right now"."""
    returned = conn.execute(
        select(line_returns.c.store_id, line_returns.c.returned_at, line_returns.c.created_at)
        .where(line_returns.c.order_id == order_id, line_returns.c.order_line_id == line_id,
               line_returns.c.accepted > 0)
        .order_by(line_returns.c.created_at.desc())
    ).all()
    holding = conn.execute(
        select(line_holds.c.store_id).where(
            line_holds.c.order_id == order_id, line_holds.c.order_line_id == line_id,
            line_holds.c.status == "held", line_holds.c.expires_at >= now)
    ).scalars().all()
    known = _stores(conn, {r.store_id for r in returned} | set(holding))

    def name(store_id: uuid.UUID) -> str:
        if store_id in known:
            return known[store_id][0]
        return _("this store") if store_id == asker else _("another store")

    places = []
    for r in returned:
        zone = _zone(known.get(r.store_id, ("", ""))[1])
        place = _("at {store} on {day}").format(
            store=name(r.store_id), day=_day(r.returned_at or r.created_at, zone, now))
        if place not in places:
            places.append(place)
    busy = list(dict.fromkeys(name(s) for s in holding))
    said = {"places": _and(places[:2]), "stores": _and(busy[:2])}
    if places and busy:
        return _("was already returned {places} and is being returned at {stores} right "
                 "now").format(**said)
    if places:
        return _("was already returned {places}").format(**said)
    if busy:
        return _("is being returned at {stores} right now").format(**said)
    return _("has already come back")


def _and(items: list[str]) -> str:
    """"A and B", "A et B": the reader's way (CLDR list patterns)."""
    from babel.lists import format_list

    return format_list(items, locale=current_locale()) if items else ""


# -- holding, releasing, consuming ---------------------------------------------------------------------

@on_shared_rows
def hold(conn: Connection, order_id: uuid.UUID, line_id: uuid.UUID, quantity: int, *,
         store_id: uuid.UUID, till_id: uuid.UUID | None, now: datetime,
         ttl: timedelta = HOLD_TTL) -> LineHold:
    """Reserve `quantity` units of the line for a return in progress at `store_id`; refused in
    words when fewer are still out (sold, less returned, less what other holds reserve)."""
    if quantity <= 0:
        raise LineRefused(_("A line hold is for 1 unit or more."))
    line = lock_line(conn, order_id, line_id)
    if line is None or (line.channel != "online" and line.store_id != store_id):
        raise LineUnknown(_(NOT_COUNTED))  # another store's counter sale is not this store's to see
    free = line.quantity - line.quantity_returned - _live_held(conn, order_id, line_id, now)
    if quantity > free:
        reason = taken_reason(conn, order_id, line_id, store_id, now)
        number = conn.scalar(select(orders.c.number).where(orders.c.id == order_id))
        if free <= 0:
            message = _("Line {line} of order {order} {why}; it can't be refunded twice.").format(
                line=line.line_no, order=number, why=reason)
        else:
            message = _("Only {free} of {quantity} of line {line} of order {order} can still come "
                        "back: the rest {why}.").format(free=free, quantity=quantity,
                                                        line=line.line_no, order=number,
                                                        why=reason)
        raise LineTaken(message, available=max(free, 0), reason=reason)
    held = LineHold(uuid.uuid4(), order_id, line_id, quantity, now + ttl)
    conn.execute(insert(line_holds).values(
        order_id=order_id, id=held.id, order_line_id=line_id, store_id=store_id, till_id=till_id,
        quantity=quantity, status="held", created_at=now, expires_at=held.expires_at))
    return held


@on_shared_rows
def release(conn: Connection, order_id: uuid.UUID, hold_id: uuid.UUID, store_id: uuid.UUID,
            now: datetime) -> bool:
    """Give a store's hold back (its return did not complete); False when it was already consumed
    or released, or is another store's."""
    done = conn.execute(update(line_holds).where(
        line_holds.c.order_id == order_id, line_holds.c.id == hold_id,
        line_holds.c.store_id == store_id, line_holds.c.status == "held",
    ).values(status="released", settled_at=now))
    return bool(done.rowcount)


@on_shared_rows
def consume(conn: Connection, order_id: uuid.UUID, line_id: uuid.UUID, hold_id: uuid.UUID, *,
            store_id: uuid.UUID, return_id: uuid.UUID, now: datetime) -> int:
    """The return's event took the hold: how many units it had reserved (0 when it is not this
    store's hold of this line, or no longer held). Called with the line locked."""
    row = conn.execute(
        select(line_holds.c.quantity).where(
            line_holds.c.order_id == order_id, line_holds.c.id == hold_id,
            line_holds.c.order_line_id == line_id, line_holds.c.store_id == store_id,
            line_holds.c.status == "held")
    ).first()
    if row is None:
        return 0
    conn.execute(update(line_holds).where(
        line_holds.c.order_id == order_id, line_holds.c.id == hold_id,
    ).values(status="consumed", settled_at=now, return_id=return_id))
    return int(row.quantity)


class CentralLines:
    """The online line authority a till uses: hold before the refund; the push consumes it."""

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.engine = engine
        self.clock = clock

    def hold(self, order_id: uuid.UUID, line_id: uuid.UUID, quantity: int, *,
             store_id: uuid.UUID, till_id: uuid.UUID | None = None) -> LineHold:
        return in_transaction(self.engine, lambda c: hold(
            c, order_id, line_id, quantity, store_id=store_id, till_id=till_id, now=self.clock()))

    def release(self, held: LineHold, *, store_id: uuid.UUID) -> bool:
        """Give the hold back (its return did not complete); False when it is gone already."""
        return self.release_id(held.order_id, held.id, store_id=store_id)

    def release_id(self, order_id: uuid.UUID, hold_id: uuid.UUID, *, store_id: uuid.UUID) -> bool:
        return in_transaction(self.engine, lambda c: release(
            c, order_id, hold_id, store_id, self.clock()))
