"""The notices table: one row per (pickup, kind), state pending -> sent | failed | skipped.

    arrival_notice(conn, ...)   in the push's transaction, when a pickup first reaches the shelf
    enqueue_hold_ending(conn)   the sender's pass: pickups whose hold ends within HOLD_WARNING_DAYS
    claim_due(conn, now)        the due notices with what they say, leased to this sender
    sent / skipped / attempt_failed(conn, ...)   what came of one

Once per status change: the UNIQUE (store_id, pickup_id, kind) key and INSERT ... ON CONFLICT DO
NOTHING make a second till's push of the same arrival, or a push retried after a lost answer, a
no-op. A claim moves next_attempt_at LEASE ahead, so two senders never take the same notice at
once; a sender that dies after sending and before recording sends that one again after the lease
(at least once; the Message-ID is the notice's). Sent notices are recorded in groups of up to
sender.RECORD_EVERY (one statement each): a crash between sending and recording repeats at most
that many e-mails.

Back-off: after try n the next is 1 min x 2^(n-1), at most 1 hour apart; after MAX_ATTEMPTS tries
(about two hours) the notice is failed and a review (kind notice_failed) puts it, in words, on the
store manager's sync-problems list at the store's tills. A refusal that retrying cannot change (no
e-mail address on the order, the server refusing the address) fails it at once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, bindparam, select, tuple_, update

from storepos.central.notices.mail import ARRIVED, HOLD_ENDING, NoticeFacts, english_date
from storepos.central.schema import notices, orders, pickups, reviews, stores
from storepos.central.sql import insert_ignore

MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)
LEASE = timedelta(minutes=10)
HOLD_WARNING_DAYS = 2  # "about to be sent back": this many store-local days before the hold ends
WAITING = ("arrived", "ready", "notified")  # on the shelf (domain.pickups.WAITING)
BEFORE_SHELF = (None, "in_transit")


def retry_delay(attempts: int) -> timedelta:
    """How long after try number `attempts` (1, 2, ...) the next one may be."""
    wait: timedelta = FIRST_RETRY * (2 ** max(attempts - 1, 0))
    return min(wait, LONGEST_WAIT)


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)  # SQLite hands back naive UTC


def enqueue(conn: Connection, store_id: uuid.UUID, pickup_id: uuid.UUID, kind: str,
            now: datetime) -> None:
    """A pending notice, unless this pickup already has one of this kind (left as it is)."""
    conn.execute(insert_ignore(conn, notices), {
        "store_id": store_id, "id": uuid.uuid4(), "pickup_id": pickup_id, "kind": kind,
        "channel": "email", "state": "pending", "attempts": 0, "next_attempt_at": now,
        "recipient": None, "last_error": "", "created_at": now, "sent_at": None,
        "updated_at": now})


def arrival_notice(conn: Connection, store_id: uuid.UUID, pickup_id: uuid.UUID,
                   before: str | None, after: str, now: datetime) -> bool:
    """Enqueue the arrival notice when this move puts the parcel on the shelf; True if it did."""
    if before in BEFORE_SHELF and after in WAITING:
        enqueue(conn, store_id, pickup_id, ARRIVED, now)
        return True
    return False


def _today(now: datetime, timezone: str | None) -> date:
    try:
        return now.astimezone(ZoneInfo(timezone or "UTC")).date()
    except (ZoneInfoNotFoundError, ValueError):
        return now.astimezone(UTC).date()


def enqueue_hold_ending(conn: Connection, now: datetime,
                        warn_days: int = HOLD_WARNING_DAYS) -> int:
    """Hold-ending notices for parcels still on the shelf whose last day is within `warn_days`
    store-local days (today included); how many pickups were due (queued now or before)."""
    utc_today = now.astimezone(UTC).date()
    due = conn.execute(
        select(pickups.c.store_id, pickups.c.id, pickups.c.hold_until, stores.c.timezone)
        .select_from(pickups.outerjoin(stores, stores.c.id == pickups.c.store_id))
        .where(pickups.c.status.in_(WAITING), pickups.c.hold_until.is_not(None),
               pickups.c.hold_until >= utc_today - timedelta(days=1),
               pickups.c.hold_until <= utc_today + timedelta(days=warn_days + 1))
    ).all()
    due_now = 0
    for row in due:
        today = _today(now, row.timezone)
        if today <= row.hold_until <= today + timedelta(days=warn_days):
            enqueue(conn, row.store_id, row.id, HOLD_ENDING, now)
            due_now += 1
    return due_now


@dataclass(frozen=True, slots=True)
class Claimed:
    """A due notice, leased to this sender, with what it needs to be written."""

    store_id: uuid.UUID
    id: uuid.UUID
    pickup_id: uuid.UUID
    kind: str
    attempts: int  # including this one
    pickup_number: str
    pickup_status: str | None  # None: the pickup is not known centrally
    order_number: str
    customer: dict[str, Any]
    store_known: bool
    facts: NoticeFacts | None  # None when the customer has no e-mail address or the store is unknown


def claim_due(conn: Connection, now: datetime, *, limit: int = 100,
              chain_sender: str = "") -> list[Claimed]:
    """Take up to `limit` due notices (oldest due first): attempts + 1, next try LEASE ahead."""
    q = (select(notices.c.store_id, notices.c.id)
         .where(notices.c.state == "pending", notices.c.next_attempt_at <= now)
         .order_by(notices.c.next_attempt_at).limit(limit))
    if conn.dialect.name == "postgresql":
        q = q.with_for_update(skip_locked=True)  # a second sender takes other rows
    keys = [(r.store_id, r.id) for r in conn.execute(q)]
    if not keys:
        return []
    conn.execute(update(notices).where(tuple_(notices.c.store_id, notices.c.id).in_(keys))
                 .values(attempts=notices.c.attempts + 1, next_attempt_at=now + LEASE,
                         updated_at=now))
    rows = conn.execute(
        select(notices.c.store_id, notices.c.id, notices.c.pickup_id, notices.c.kind,
               notices.c.attempts, pickups.c.number.label("pickup_number"),
               pickups.c.status.label("pickup_status"), pickups.c.hold_until,
               orders.c.number.label("order_number"), orders.c.document,
               stores.c.id.label("known_store"), stores.c.name.label("store_name"),
               stores.c.address, stores.c.hours, stores.c.locale, stores.c.email_from)
        .select_from(notices
                     .outerjoin(pickups, (pickups.c.store_id == notices.c.store_id)
                                & (pickups.c.id == notices.c.pickup_id))
                     .outerjoin(orders, orders.c.id == pickups.c.order_id)
                     .outerjoin(stores, stores.c.id == notices.c.store_id))
        .where(tuple_(notices.c.store_id, notices.c.id).in_(keys))
        .order_by(notices.c.next_attempt_at)
    ).all()
    claimed = []
    for r in rows:
        customer = dict((r.document or {}).get("customer") or {})
        email = str(customer.get("email") or "").strip()
        facts = None
        if email and r.known_store is not None and r.pickup_number:
            facts = NoticeFacts(
                notice_id=str(r.id), kind=r.kind, to=email,
                first_name=str(customer.get("first_name") or "").strip(),
                order_number=str(r.order_number or ""), pickup_number=r.pickup_number,
                hold_until=r.hold_until, store_name=r.store_name, store_address=r.address,
                store_hours=r.hours, locale=r.locale, sender=r.email_from or chain_sender)
        claimed.append(Claimed(r.store_id, r.id, r.pickup_id, r.kind, r.attempts,
                               r.pickup_number or "", r.pickup_status,
                               str(r.order_number or ""), customer, r.known_store is not None,
                               facts))
    return claimed


def _where(c: Claimed) -> Any:
    return (notices.c.store_id == c.store_id) & (notices.c.id == c.id)


def sent(conn: Connection, done: list[Claimed], now: datetime) -> None:
    """Record these notices sent (one statement)."""
    if not done:
        return
    conn.execute(update(notices).where(notices.c.store_id == bindparam("b_store"),
                                       notices.c.id == bindparam("b_id"))
                 .values(state="sent", sent_at=now, recipient=bindparam("b_to"), last_error="",
                         updated_at=now),
                 [{"b_store": c.store_id, "b_id": c.id, "b_to": c.facts.to if c.facts else None}
                  for c in done])


def skipped(conn: Connection, c: Claimed, why: str, now: datetime) -> None:
    conn.execute(update(notices).where(_where(c)).values(state="skipped", last_error=why[:500],
                                                          updated_at=now))


def what_it_tells(c: Claimed) -> str:
    order = f" (order {c.order_number.lstrip('#')})" if c.order_number else ""
    if c.kind == ARRIVED:
        return f"that pickup {c.pickup_number}{order} has arrived"
    until = c.facts.hold_until if c.facts else None
    day = f" on {english_date(until)}" if until else ""
    return f"that pickup {c.pickup_number}{order} is sent back after its hold ends{day}"


def attempt_failed(conn: Connection, c: Claimed, why: str, now: datetime, *,
                   max_attempts: int = MAX_ATTEMPTS, final: bool = False) -> bool:
    """Record a failed try: tried again later with back-off, or (after max_attempts, or `final`)
    failed, with a review for the store's manager. True when it is failed for good. `why` is in
    words and names no customer address (the review reaches the store's tills)."""
    recipient = c.facts.to if c.facts else None
    if not final and c.attempts < max_attempts:
        conn.execute(update(notices).where(_where(c)).values(
            next_attempt_at=now + retry_delay(c.attempts), last_error=why[:500],
            recipient=recipient, updated_at=now))
        return False
    conn.execute(update(notices).where(_where(c)).values(
        state="failed", last_error=why[:500], recipient=recipient, updated_at=now))
    tries = "once" if c.attempts == 1 else f"{c.attempts} times"
    note = (f"The e-mail telling the customer {what_it_tells(c)} was not sent (tried {tries}): "
            f"{why}. Tell the customer another way (call them), then settle this.")
    conn.execute(insert_ignore(conn, reviews), {
        "store_id": c.store_id, "id": uuid.uuid4(), "kind": "notice_failed", "event_id": c.id,
        "subject_id": c.pickup_id, "quantity": None, "amount": None, "receipts": [],
        "note": note[:500], "created_at": now})
    return True


@dataclass(frozen=True, slots=True)
class NoticeRow:
    store_code: str
    pickup_number: str
    kind: str
    state: str
    attempts: int
    recipient: str | None
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None
    last_error: str


def list_notices(conn: Connection, *, store_code: str | None = None,
                 failed_only: bool = False) -> list[NoticeRow]:
    """Head office's view: every notice (or the failed ones), newest first."""
    q = (select(notices, stores.c.code, pickups.c.number)
         .select_from(notices
                      .outerjoin(stores, stores.c.id == notices.c.store_id)
                      .outerjoin(pickups, (pickups.c.store_id == notices.c.store_id)
                                 & (pickups.c.id == notices.c.pickup_id)))
         .order_by(notices.c.created_at.desc()))
    if store_code:
        q = q.where(stores.c.code == store_code.strip().upper())
    if failed_only:
        q = q.where(notices.c.state == "failed")
    return [NoticeRow(r.code or "?", r.number or str(r.pickup_id), r.kind, r.state, r.attempts,
                      r.recipient, _aware(r.created_at), _aware(r.next_attempt_at),
                      _aware(r.sent_at) if r.sent_at else None, r.last_error)
            for r in conn.execute(q)]
