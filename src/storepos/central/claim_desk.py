"""Head office's way out of a stuck cancellation claim (central/cancellations.py).

A till claims an order's cancellation here before it refunds; if it dies after the claim, its
best-effort release fails (offline) and its transaction never committed, the claim stays "held"
and no other till can cancel that order. Head office lists the open claims and releases one by
hand, with who and why kept in office_actions:

    open_claims(conn, store_code=None)                  held claims, oldest first
    release_claim(conn, "10000002", reason=..., by=..., now=...)   -> the claim released

Releasing a claim whose till did refund (offline, its event not pushed yet) would allow a second
cancellation: head office checks with the store first. The release refuses what it can see: a
settled claim (the till's cancellation event arrived: the order is cancelled), and a claim whose
till pushed a cancellation of that order after the claim was taken (whatever became of that
event: quarantined or flagged, the refund happened).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, or_, select, update

from storepos.central.enrolment import Refused
from storepos.central.schema import events, office_actions, order_cancellations, orders, stores, tills
from storepos.central.store_context import on_shared_rows
from storepos.domain.events import EventKind
from storepos.i18n import N_, _

RELEASED = "cancellation.released"
# An event's state at head office (schema.EVENT_STATUSES), in words where a refusal names it.
EVENT_STATE_WORDS = {"applied": N_("applied"), "flagged": N_("flagged for a manager"),
                     "quarantined": N_("quarantined")}


@dataclass(frozen=True, slots=True)
class OpenClaim:
    order_id: uuid.UUID
    order_number: str  # "" when the central side never had the order
    cancellation_id: uuid.UUID
    store_id: uuid.UUID
    store_code: str
    till_id: uuid.UUID | None
    till_name: str
    claimed_at: datetime
    status: str

    def age(self, now: datetime) -> str:
        """"3 d 4 h", "2 h 05 min", "12 min"."""
        minutes = max(0, int((now - _aware(self.claimed_at)).total_seconds() // 60))
        days, rest = divmod(minutes, 24 * 60)
        hours, mins = divmod(rest, 60)
        if days:
            return f"{days} d {hours} h"
        return f"{hours} h {mins:02d} min" if hours else f"{mins} min"


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _claims() -> Any:
    c = order_cancellations.c
    return (select(c.order_id, orders.c.number, c.id, c.store_id, stores.c.code, c.till_id,
                   tills.c.name.label("till_name"), c.created_at, c.status)
            .select_from(order_cancellations)
            .outerjoin(orders, orders.c.id == c.order_id)
            .outerjoin(stores, stores.c.id == c.store_id)
            .outerjoin(tills, (tills.c.id == c.till_id) & (tills.c.store_id == c.store_id)))


def _claim(row: Any) -> OpenClaim:
    return OpenClaim(row.order_id, row.number or "", row.id, row.store_id, row.code or "",
                     row.till_id, row.till_name or "", _aware(row.created_at), row.status)


def open_claims(conn: Connection, store_code: str | None = None) -> list[OpenClaim]:
    """The claims still held (a till is cancelling, or died doing it), oldest first."""
    query = _claims().where(order_cancellations.c.status == "held")
    if store_code:
        code = store_code.strip().upper()
        if conn.scalar(select(stores.c.id).where(stores.c.code == code)) is None:
            raise Refused(_("There is no store with the code {code}.").format(code=code))
        query = query.where(stores.c.code == code)
    return [_claim(row) for row in conn.execute(query.order_by(order_cancellations.c.created_at))]


def _find(conn: Connection, order: str) -> OpenClaim:
    """The claim on the order with this number (or id), its row locked."""
    text = order.strip()
    try:
        match = order_cancellations.c.order_id == uuid.UUID(text)
    except ValueError:
        match = orders.c.number == text
    rows = conn.execute(_claims().where(match).with_for_update(of=order_cancellations)).all()
    if not rows:
        raise Refused(_("No store has claimed the cancellation of order {number}: there is "
                        "nothing to release.").format(number=text))
    return _claim(rows[0])


def _pushed_cancellation(conn: Connection, claim: OpenClaim) -> Any:
    """The claiming till's cancellation of this order pushed after the claim, if any."""
    return conn.execute(select(events.c.event_id, events.c.occurred_at, events.c.status).where(
        events.c.store_id == claim.store_id, events.c.till_id == claim.till_id,
        events.c.action == str(EventKind.ORDER_CANCELLED),
        events.c.subject_id == claim.order_id,
        # the till's clock or ours: a till whose clock runs slow is still seen
        or_(events.c.occurred_at >= claim.claimed_at, events.c.received_at >= claim.claimed_at),
    ).limit(1)).first()


@on_shared_rows
def release_claim(conn: Connection, order: str, *, reason: str, by: str,
                  now: datetime) -> OpenClaim:
    """Release the held claim on the order (Refused in words when it may not be), and record
    who released it and why in office_actions, in the same transaction."""
    why, who = " ".join(reason.split()), " ".join(by.split())
    if not why:
        raise Refused(_("Say why the claim is released (--reason), e.g. what the store said."))
    if not who:
        raise Refused(_("Say who releases it (--by)."))
    claim = _find(conn, order)
    number = claim.order_number or str(claim.order_id)
    where = claim.store_code or str(claim.store_id)
    if claim.status == "done":
        raise Refused(_("Order {number} was cancelled at store {store}: the till's cancellation "
                        "arrived and settled the claim, so the order IS cancelled. Nothing was "
                        "released.").format(number=number, store=where))
    if claim.status != "held":
        raise Refused(_("The claim on order {number} was already released: any till of the "
                        "chain may cancel the order.").format(number=number))
    pushed = _pushed_cancellation(conn, claim) if claim.till_id is not None else None
    if pushed is not None:
        raise Refused(_("Till {till} of store {store} pushed its cancellation of order {number} "
                        "after the claim ({at} UTC, {status}): the refund happened there. Nothing "
                        "was released.").format(
            till=claim.till_name or claim.till_id, store=where, number=number,
            at=f"{_aware(pushed.occurred_at):%Y-%m-%d %H:%M}",
            status=_(EVENT_STATE_WORDS[pushed.status]) if pushed.status in EVENT_STATE_WORDS
            else pushed.status))
    conn.execute(update(order_cancellations).where(
        order_cancellations.c.order_id == claim.order_id,
        order_cancellations.c.id == claim.cancellation_id,
        order_cancellations.c.status == "held").values(status="released", settled_at=now))
    conn.execute(insert(office_actions).values(
        id=uuid.uuid4(), at=now, action=RELEASED, store_id=claim.store_id,
        subject_id=claim.order_id, subject=number[:60], by=who[:120], reason=why[:500],
        details={"cancellation_id": str(claim.cancellation_id),
                 "till_id": str(claim.till_id) if claim.till_id else None,
                 "till": claim.till_name, "store": claim.store_code,
                 "claimed_at": claim.claimed_at.isoformat()}))
    return claim
