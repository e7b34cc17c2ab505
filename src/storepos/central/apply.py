"""Applying pushed events to the central tables, under the central rules, whatever a till sent.

    return.completed     the return, its lines, refunds and exchanges; each online order line is
                         counted back (locked, never past what was sold less what other stores'
                         line holds reserve, across all stores), consuming the store's own line
                         hold (lines.py); units beyond that are flagged for review with every
                         receipt of that line linked
    value_account.opened the card account, with nothing on it
    ledger.*             the central ledger moves: credits add; a redemption captures its hold, or,
                         made offline, takes what the card still has (shortfall flagged)
    pickup.*, warranty.* the row as the till has it, only if its status moves forward; a pickup
                         put on the shelf enqueues the customer's arrival notice in the same
                         transaction (notices/outbox.py: once per pickup, whichever till)
    till_day.closed      the till's count at close, once per till and date (a second close of the
                         same day is refused: a closed day is never reopened)
    order.cancelled      the store's central claim on the order's cancellation settled (done);
                         without one (made with no central side) flagged for a manager
    sync_problem.resolved
                         a store manager's decision on a refused or flagged event of the store
                         (review.resolve_problem): who, what was done and why
    anything else        the audit trail only (the event row itself)

A RuleViolation (or a constraint the database enforces) quarantines the event alone (batch.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import Table, insert, select, update

from storepos.central import cancellations, card_sources, cards, review
from storepos.central.batch import (
    APPLIED,
    Batch,
    Outcome,
    day,
    money,
    need_uuid,
    ts,
    uuid_of,
)
from storepos.central.lines import consume, held_units
from storepos.central.notices.outbox import arrival_notice
from storepos.central.schema import (
    exchanges,
    line_returns,
    order_lines,
    orders,
    pickups,
    refunds,
    return_lines,
    returns,
    reviews,
    till_day_closes,
    warranty_claims,
)
from storepos.central.store_context import shared
from storepos.domain import pickups as pickup_rules
from storepos.domain import warranty as warranty_rules
from storepos.domain.events import EventKind
from storepos.domain.money import format_money
from storepos.domain.sync import EventStatus, ProblemKind, reachable
from storepos.domain.vocabulary import PickupStatus, WarrantyStatus
from storepos.sync.errors import RuleViolation
from storepos.sync.protocol import EVERYONE, Event


def apply_event(b: Batch, event: Event) -> Outcome:
    applier = APPLIERS.get(event.action) or APPLIERS.get(event.action.split(".", 1)[0] + ".*")
    if applier is None:
        return APPLIED  # audit only: the event row is the record
    return b.apply(event, applier)


# -- returns: the over-refund rule ----------------------------------------------------------------

def _count_back(b: Batch, event: Event, order_id: uuid.UUID, line_id: uuid.UUID, quantity: int,
                receipt: dict[str, Any], what: str, hold_id: uuid.UUID | None = None) -> str | None:
    """Count units of an online line back (locked); a sentence when some went beyond sold.

    The store's own line hold, when the till took one, is consumed: its units are this return's.
    Other stores' live holds reserve theirs, so a return counted back without a hold (made
    offline, or by a till that skipped it) is flagged rather than the one that held first."""
    conn = b.writing()  # in the event's savepoint: a refusal there quarantines this event alone
    with shared(conn):  # the line's count and its holds are shared rows: the service's statements
        line = conn.execute(
            select(order_lines.c.line_no, order_lines.c.quantity, order_lines.c.quantity_returned)
            .where(order_lines.c.order_id == order_id, order_lines.c.id == line_id)
            .with_for_update()
        ).one()
        if hold_id is not None:
            consume(conn, order_id, line_id, hold_id, store_id=b.store_id,
                    return_id=receipt["return_id"], now=b.now)
        reserved = held_units(conn, order_id, line_id, b.now)
        still_out = line.quantity - line.quantity_returned - reserved
        accepted = max(0, min(quantity, still_out))
        if accepted:
            conn.execute(update(order_lines).where(
                order_lines.c.order_id == order_id, order_lines.c.id == line_id
            ).values(quantity_returned=order_lines.c.quantity_returned + accepted))
    b.queue(line_returns, {
        "order_id": order_id, "return_line_id": receipt["return_line_id"],
        "order_line_id": line_id, "store_id": b.store_id, "return_id": receipt["return_id"],
        "return_number": receipt["return_number"], "quantity": quantity, "accepted": accepted,
        "created_at": b.now, "returned_at": receipt.get("returned_at"),
    })
    b.changes.append((EVERYONE, "order", order_id))
    if accepted == quantity:
        return None
    b.flush()  # the receipts below include every queued one
    earlier = b.conn.execute(
        select(line_returns.c.store_id, line_returns.c.return_id, line_returns.c.return_number,
               line_returns.c.quantity, line_returns.c.accepted)
        .where(line_returns.c.order_id == order_id, line_returns.c.order_line_id == line_id)
        .order_by(line_returns.c.created_at, line_returns.c.return_number)
    ).all()
    receipts = [{"store_id": str(r.store_id), "return_id": str(r.return_id),
                 "return_number": r.return_number, "quantity": r.quantity,
                 "accepted": r.accepted} for r in earlier]
    excess = quantity - accepted
    held = f" ({reserved} held for a return in progress elsewhere)" if reserved else ""
    note = (f"Line {line.line_no} of the order: {what} {receipt['return_number']} brings back "
            f"{quantity}, but only {max(still_out, 0)} of {line.quantity} sold were still "
            f"out{held}; {excess} refunded beyond what was sold. Receipts: "
            + ", ".join(r["return_number"] for r in receipts) + ".")
    b.queue(reviews, {
        "store_id": b.store_id, "id": uuid.uuid4(), "kind": "over_refund",
        "event_id": event.event_id, "subject_id": line_id, "quantity": excess, "amount": None,
        "receipts": receipts, "note": note[:500], "created_at": b.now,
    })
    return note


def _checked_return(b: Batch, event: Event) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The return row and its lines, refused when they do not belong here or bring nothing back."""
    ret = event.rows.get("return")
    if not ret:
        raise RuleViolation("The return event carries no return.")
    need_uuid(ret, "id"), need_uuid(ret, "order_id")  # both ids present, or refused first
    if uuid_of(ret.get("store_id")) not in (None, b.store_id):
        raise RuleViolation(f"Return {ret.get('return_number')} belongs to another store.")
    lines = event.rows.get("lines") or []
    if not lines:
        raise RuleViolation(f"Return {ret.get('return_number')} has no lines.")
    for ln in lines:
        if int(ln.get("quantity") or 0) <= 0:
            raise RuleViolation(f"Return {ret.get('return_number')}: a line brings back nothing.")
    return ret, lines


def _queue_return_rows(b: Batch, event: Event, ret: dict[str, Any],
                       lines: list[dict[str, Any]]) -> None:
    """The store's copy of the return: its row, lines, refunds and exchanges."""
    return_id = need_uuid(ret, "id")
    b.queue(returns, {
        "store_id": b.store_id, "id": return_id, "return_number": ret["return_number"],
        "order_id": need_uuid(ret, "order_id"), "till_id": uuid_of(ret.get("till_id")),
        "employee_id": uuid_of(ret.get("employee_id")), "status": ret["status"],
        "created_at": ts(ret.get("created_at")) or event.occurred_at,
        "completed_at": ts(ret.get("completed_at")), "note": ret.get("note") or "",
        "event_id": event.event_id,
    })
    for ln in lines:
        b.queue(return_lines, {
            "store_id": b.store_id, "id": need_uuid(ln, "id"), "return_id": return_id,
            "order_line_id": need_uuid(ln, "order_line_id"), "quantity": int(ln["quantity"]),
            "reason": ln["reason"], "resolution": ln.get("resolution"),
            "restocking_fee": money(ln.get("restocking_fee")),
            "refund_amount": money(ln.get("refund_amount")),
            "override_by": uuid_of(ln.get("override_by")),
            "override_reason": ln.get("override_reason"),
        })
    for r in event.rows.get("refunds") or []:
        b.queue(refunds, {
            "store_id": b.store_id, "id": need_uuid(r, "id"), "return_id": return_id,
            "tender_id": uuid_of(r.get("tender_id")), "kind": r["kind"],
            "amount": money(r["amount"]),
            "account_id": uuid_of(r.get("account_id")),
            "created_at": ts(r.get("created_at")) or event.occurred_at,
        })
    for x in event.rows.get("exchanges") or []:
        b.queue(exchanges, {
            "store_id": b.store_id, "id": need_uuid(x, "id"),
            "return_line_id": need_uuid(x, "return_line_id"),
            "new_variant_id": need_uuid(x, "new_variant_id"),
            "price_difference": money(x.get("price_difference")),
            "created_at": ts(x.get("created_at")) or event.occurred_at,
        })


def _count_online_lines_back(b: Batch, event: Event, ret: dict[str, Any],
                             lines: list[dict[str, Any]]) -> list[str]:
    """Online order lines counted back across every store; a note for each beyond what sold."""
    return_id, order_id = need_uuid(ret, "id"), need_uuid(ret, "order_id")
    if order_id not in b.online_lines:
        b.prefetch([event])
    online = b.online_lines.get(order_id, set())
    holds = (event.audit.get("details") or {}).get("line_holds") or {}
    if not isinstance(holds, dict):
        raise RuleViolation(f"Return {ret.get('return_number')}: its line holds are not readable.")
    flags = []
    for ln in lines:
        line_id = need_uuid(ln, "order_line_id")
        if line_id in online:
            receipt = {"return_line_id": need_uuid(ln, "id"), "return_id": return_id,
                       "return_number": ret["return_number"],
                       "returned_at": ts(ret.get("completed_at")) or event.occurred_at}
            note = _count_back(b, event, order_id, line_id, int(ln["quantity"]), receipt, "Return",
                               uuid_of(holds.get(str(line_id))))
            if note:
                flags.append(note)
    return flags


def apply_return(b: Batch, event: Event) -> Outcome:
    ret, lines = _checked_return(b, event)
    _queue_return_rows(b, event, ret, lines)
    flags = _count_online_lines_back(b, event, ret, lines)
    if flags:
        return Outcome(EventStatus.FLAGGED, " ".join(flags)[:500])
    return APPLIED


def apply_order_cancelled(b: Batch, event: Event) -> Outcome:
    """The store's claim on the order's cancellation is done. Without a held claim of this store
    (made where the till had no central side, or after its claim was given up) it is flagged:
    the refund itself was counted by its return event like any return."""
    details = event.audit.get("details") or {}
    order_id, cancellation_id = need_uuid(details, "order_id"), need_uuid(details, "cancellation_id")
    number = str(details.get("return_number") or "")
    if cancellations.settle(b.writing(), order_id, cancellation_id, store_id=b.store_id,
                            return_id=uuid_of(details.get("return_id")), return_number=number,
                            now=b.now):
        return APPLIED
    return Outcome(EventStatus.FLAGGED, (
        f"Order {details.get('order_number')} was cancelled at the till ({number}) without this "
        "store holding its cancellation here: check that it was not dispatched or cancelled "
        "elsewhere.")[:500])


# -- gift cards and store credit -------------------------------------------------------------------

def _account_row(snapshot: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": need_uuid(snapshot, "id"), "kind": snapshot["kind"], "number": snapshot["number"],
        "currency": snapshot["currency"], "customer_id": uuid_of(snapshot.get("customer_id")),
        "issued_store_id": uuid_of(snapshot.get("issued_store_id")),
    }


def apply_account_opened(b: Batch, event: Event) -> Outcome:
    snapshot = event.rows.get("account")
    if not snapshot:
        raise RuleViolation("The event carries no card account.")
    cards.open_account(b.writing(), _account_row(snapshot), b.now)
    b.changes.append((EVERYONE, "account", need_uuid(snapshot, "id")))
    return APPLIED


def apply_ledger(b: Batch, event: Event) -> Outcome:
    entry, snapshot = event.rows.get("entry"), event.rows.get("account")
    if not entry or not snapshot:
        raise RuleViolation("The ledger event carries no entry.")
    account_id = need_uuid(snapshot, "id")
    amount = money(entry.get("amount"))
    if amount == 0:
        raise RuleViolation("A ledger entry of 0.00 moves nothing.")
    unsourced = card_sources.unsourced_credit(event, entry, amount)  # value from nowhere
    if unsourced:
        raise RuleViolation(unsourced)
    opened = _account_row(snapshot)
    details = event.audit.get("details") or {}
    hold_id = uuid_of(details.get("hold_id"))
    row = {"id": need_uuid(entry, "id"), "kind": entry["kind"], "store_id": b.store_id,
           "till_id": uuid_of(entry.get("till_id")), "event_id": event.event_id,
           "return_id": uuid_of(entry.get("return_id")), "order_id": uuid_of(entry.get("order_id")),
           "offline": False, "note": (entry.get("note") or "")[:300]}
    conn = b.writing()
    account = cards.lock_account(conn, account_id)
    if account is None:  # the card predates sync at this till: open it as the till knows it
        cards.open_account(conn, opened, b.now)
        account = cards.lock_account(conn, account_id)
        assert account is not None
    b.changes.append((EVERYONE, "account", account_id))
    if amount > 0:
        cards.credit(conn, account, amount, row, b.now)
        return APPLIED
    if hold_id is not None and cards.capture(conn, account_id, hold_id, -amount, row, b.now):
        return APPLIED
    moved = cards.redeem_offline(conn, account, -amount, {**row, "offline": True}, b.now)
    if moved.shortfall == 0:
        return APPLIED
    number = snapshot.get("number", "")
    # A gift card or store credit number (not a payment card): in full, so staff can look it up.
    note = (f"Card {number}: {format_money(-amount)} was taken offline but the card "
            f"had {format_money(-moved.taken)} left; {format_money(moved.shortfall)} overdrawn.")
    b.queue(reviews, {
        "store_id": b.store_id, "id": uuid.uuid4(), "kind": "card_overdraft",
        "event_id": event.event_id, "subject_id": account_id, "quantity": None,
        "amount": moved.shortfall, "receipts": [{
            "store_id": str(b.store_id), "event_id": str(event.event_id),
            "return_id": entry.get("return_id"), "order_id": entry.get("order_id"),
            "entry_id": entry.get("id"), "amount": format_money(-amount)}],
        "note": note, "created_at": b.now,
    })
    return Outcome(EventStatus.FLAGGED, note)


# -- pickups and warranty claims: status only moves forward ----------------------------------------

def _own(b: Batch, row: dict[str, Any], what: str) -> uuid.UUID:
    if need_uuid(row, "store_id") != b.store_id:
        raise RuleViolation(f"{what} {row.get('number')} belongs to another store.")
    return need_uuid(row, "id")


def _upsert_forward(b: Batch, table: Table, row: dict[str, Any], what: str,
                    allowed: Callable[[str, str], bool]) -> str | None:
    """Insert the row, or update it if its status moves forward; the status it had, or None."""
    conn = b.writing()
    current = conn.execute(
        select(table.c.status).where(table.c.store_id == b.store_id, table.c.id == row["id"])
        .with_for_update()
    ).scalar()
    if current is None:
        conn.execute(insert(table).values(**row))
        return None
    if not allowed(current, row["status"]):
        raise RuleViolation(f"{what} {row['number']} is already {current} centrally; its status "
                            f"only moves forward, not to {row['status']}.")
    conn.execute(update(table).where(table.c.store_id == b.store_id, table.c.id == row["id"])
                   .values(**{k: v for k, v in row.items() if k not in ("store_id", "id")}))
    return str(current)


def apply_pickup(b: Batch, event: Event) -> Outcome:
    p = event.rows.get("pickup")
    if not p:
        raise RuleViolation("The pickup event carries no pickup.")
    pickup_id = _own(b, p, "Pickup")
    row = {
        "store_id": b.store_id, "id": pickup_id, "number": p["number"],
        "order_id": need_uuid(p, "order_id"), "status": p["status"],
        "arrived_at": ts(p.get("arrived_at")), "hold_until": day(p.get("hold_until")),
        "notified_at": ts(p.get("notified_at")), "collected_at": ts(p.get("collected_at")),
        "sent_back_at": ts(p.get("sent_back_at")),
        "handed_over_by": uuid_of(p.get("handed_over_by")),
        "id_checked": bool(p.get("id_checked")), "updated_at": b.now,
    }

    def forward(current: str, target: str) -> bool:
        return reachable(pickup_rules.MOVES, PickupStatus(current), PickupStatus(target))

    # The order names the store it is picked up at: another store's till may not hold its parcel
    # (nor have its customer e-mailed from there).
    meant_for = b.writing().execute(select(orders.c.pickup_store_id)
                                    .where(orders.c.id == row["order_id"])).first()
    if meant_for is not None and meant_for.pickup_store_id not in (None, b.store_id):
        raise RuleViolation(f"Pickup {row['number']} is of an order to be picked up at another "
                            "store.")
    before = _upsert_forward(b, pickups, row, "Pickup", forward)
    if meant_for is not None and meant_for.pickup_store_id == b.store_id:
        arrival_notice(b.conn, b.store_id, pickup_id, before, row["status"], b.now)
    b.changes.append((b.store_id, "pickup", pickup_id))
    received = (event.audit.get("details") or {}).get("received_on")
    if event.action == EventKind.PICKUP_COLLECTED and received:
        done = b.writing().execute(update(orders).where(orders.c.id == row["order_id"])
                              .values(received_on=day(received), updated_at=b.now))
        if done.rowcount:
            b.changes.append((EVERYONE, "order", row["order_id"]))
    return APPLIED


def apply_warranty(b: Batch, event: Event) -> Outcome:
    c = event.rows.get("claim")
    if not c:
        raise RuleViolation("The warranty event carries no claim.")
    claim_id = _own(b, c, "Warranty claim")
    row = {
        "store_id": b.store_id, "id": claim_id, "number": c["number"],
        "order_id": uuid_of(c.get("order_id")), "order_line_id": uuid_of(c.get("order_line_id")),
        "status": c["status"], "outcome": c.get("outcome"),
        "decided_by": uuid_of(c.get("decided_by")),
        "decided_at": ts(c.get("decided_at")), "decision_reason": c.get("decision_reason"),
        "updated_at": b.now,
    }

    def forward(current: str, target: str) -> bool:
        return reachable(warranty_rules.MOVES, WarrantyStatus(current), WarrantyStatus(target))

    before = _upsert_forward(b, warranty_claims, row, "Warranty claim", forward)
    # Store credit for a pair counts the pair as come back, like a return (a refund outcome is a
    # return.completed event of its own).
    credited = (event.action == EventKind.WARRANTY_APPROVED and row["outcome"] == "store_credit"
                and before != "completed" and row["order_id"] and row["order_line_id"])
    if credited:
        if row["order_id"] not in b.online_lines:
            b.online_lines[row["order_id"]] = set(b.conn.execute(
                select(order_lines.c.id).where(order_lines.c.order_id == row["order_id"])
            ).scalars())
        if row["order_line_id"] in b.online_lines[row["order_id"]]:
            receipt = {"return_line_id": claim_id, "return_id": claim_id,
                       "return_number": c["number"]}
            note = _count_back(b, event, row["order_id"], row["order_line_id"], 1, receipt,
                               "Warranty claim")
            if note:
                return Outcome(EventStatus.FLAGGED, note[:500])
    return APPLIED


# -- a store manager's decision on a sync problem ---------------------------------------------------

def apply_problem_resolved(b: Batch, event: Event) -> Outcome:
    details = event.audit.get("details") or {}
    event_id = need_uuid(details, "event_id")
    try:
        kind = ProblemKind(str(details.get("kind")))
    except ValueError:
        raise RuleViolation(f"{details.get('kind')!r} is not a kind of sync problem.") from None
    by = " ".join(str(details.get(k) or "") for k in ("manager_number", "manager_name")).strip()
    resolution = f"{details.get('outcome_words') or details.get('outcome')}: " \
                 f"{event.audit.get('reason') or ''}".strip(": ")
    conn = b.writing()
    if review.resolve_problem(conn, b.store_id, event_id, kind, by=by or "a manager",
                              resolution=resolution, now=b.now):
        return APPLIED
    if review.known_problem(conn, b.store_id, event_id, kind):
        return APPLIED  # already resolved (another till's manager was first): this is the record
    raise RuleViolation("The store has no such sync problem to resolve.")


# -- the till's day closed -------------------------------------------------------------------------

def apply_day_closed(b: Batch, event: Event) -> Outcome:
    details = event.audit.get("details") or {}
    business_date = day(details.get("business_date"))
    till_id = event.till_id
    if business_date is None:
        raise RuleViolation("The close of a till's day names no date.")
    conn = b.writing()
    done = conn.execute(select(till_day_closes.c.event_id).where(
        till_day_closes.c.store_id == b.store_id, till_day_closes.c.till_id == till_id,
        till_day_closes.c.business_date == business_date)).first()
    if done is not None:
        raise RuleViolation(f"The till's day of {business_date.isoformat()} was closed already; "
                            "a closed day is never reopened (a correction goes on the next day).")
    counts, movements = details.get("counts") or {}, details.get("movements") or {}
    if not isinstance(counts, dict) or not isinstance(movements, dict):
        raise RuleViolation("The close of a till's day carries no readable count.")
    conn.execute(insert(till_day_closes).values(
        store_id=b.store_id, till_id=till_id, business_date=business_date,
        event_id=event.event_id, currency=str(details.get("currency") or "")[:3],
        float_total=money(details.get("float")), expected=money(details.get("expected")),
        counted=money(details.get("counted")), variance=money(details.get("variance")),
        variance_limit=money(details.get("threshold")), counts=counts, movements=movements,
        closed_by=uuid_of(event.audit.get("employee_id")),
        approved_by=uuid_of(event.audit.get("approved_by")),
        reason=str(event.audit.get("reason") or "")[:500], closed_at=event.occurred_at,
        cash_rounding=money(details.get("cash_rounding") or "0.00")))
    return APPLIED


APPLIERS: dict[str, Callable[[Batch, Event], Outcome]] = {
    EventKind.RETURN_COMPLETED: apply_return,
    EventKind.ORDER_CANCELLED: apply_order_cancelled,
    EventKind.ACCOUNT_OPENED: apply_account_opened,
    "ledger.*": apply_ledger,
    "pickup.*": apply_pickup,
    "warranty.*": apply_warranty,
    EventKind.SYNC_PROBLEM_RESOLVED: apply_problem_resolved,
    EventKind.DAY_CLOSED: apply_day_closed,
}
