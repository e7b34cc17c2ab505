"""Cancel an online order at the counter before it leaves the warehouse, under the store's
policy (Shoe of the Week keeps 20 %; SoftMoc, Soft Star and itsmysoft refund in full), with the
refund to the original tenders, the fee on the receipt and the central service told.

    plan = preview_cancel(session, actor, "10000002")          # what would happen, or why not
    done = cancel_order(session, actor, order_id, approval=...)   # the caller commits

The rule, in the order it is checked:
- on the till: an online order, not dispatched, not received, nothing of it returned, not
  cancelled before (its lines are counted back when it is, so a second try finds nothing left);
  the policy allows a cancellation; a refund over CANCEL_APPROVAL_OVER needs a manager;
- then centrally (central/cancellations.py, the authority): the till claims the cancellation
  before anything is written. The service refuses an order its web shop reports dispatched or
  received (whatever the till's own copy says), cancelled by the web shop, partly returned at any
  store, or cancelled at another till. The claim id is the cancellation's, so a replay is the
  same claim; the till's event settles it on push.
- Offline (the service does not answer): refused. Whether the parcel left the warehouse is known
  only there, and a cancellation that turns out to be wrong cannot be taken back from a customer
  who walked away with a refund. The cashier is told so and to try again once the till is online.
  A till with no central side at all (sync turned off) has only its own rule, as line holds do.

Written as a return (the Return, its lines counted back, refunds per original tender, ledger
moves for a gift card or store credit that paid, audit and outbox: returns.complete.write_refund)
plus an order.cancelled event, in one transaction; a claim whose transaction does not commit is
given back.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import event, select
from sqlalchemy.orm import Session, SessionTransaction

from storepos.domain.errors import StoreposError
from storepos.domain.events import EventKind
from storepos.domain.money import ZERO
from storepos.domain.vocabulary import Channel, Reason, RequestType, Resolution
from storepos.i18n import N_, _
from storepos.i18n import formats as f
from storepos.persistence.models import Order, Store
from storepos.services.base import journal
from storepos.services.base.context import Actor
from storepos.services.base.order_lookup import OrderView, load_order
from storepos.services.base.policy_book import get_policy
from storepos.services.returns.complete import ReceiptPort, refunds_to_tenders, write_refund
from storepos.services.returns.eligibility import ALL_SHOWN, evaluate_order, load_store
from storepos.services.returns.line_holds import CancelAuthority
from storepos.services.returns.types import (
    LineRequest,
    PlannedLine,
    ReturnPlan,
    ReturnRequest,
    ReturnSummary,
    TenderMove,
)
from storepos.services.staff import approvals
from storepos.services.staff.auth import require_counter
from storepos.sync.errors import CancelRefused, CentralUnavailable

# A cancellation refunding more than this needs a manager's approval (with their reason).
CANCEL_APPROVAL_OVER = Decimal("300.00")
ORDER_CANCEL = approvals.ORDER_CANCEL


class CancelNotAllowed(StoreposError):
    """The order cannot be cancelled (here, now); `message` says why, in the cashier's words."""


@dataclass(frozen=True, slots=True)
class CancelLine:
    line_no: int
    description: str
    quantity: int
    paid: Decimal
    fee: Decimal
    refund: Decimal
    reasons: tuple[str, ...]  # the policy's sentences, each citing its clause


@dataclass(frozen=True, slots=True)
class CancelPlan:
    """What a cancellation would do, before anything is written."""

    order_id: uuid.UUID
    order_number: str
    customer: str
    policy: str  # the preset's title ("Shoe of the Week")
    currency: str
    lines: tuple[CancelLine, ...]
    refunds: tuple[TenderMove, ...]  # to the original tenders
    unpaid_not_refunded: Decimal  # a "pay offline" share never paid
    shipping_not_refunded: Decimal
    needs_manager: bool

    @property
    def fee(self) -> Decimal:
        return sum((ln.fee for ln in self.lines), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((ln.paid for ln in self.lines), ZERO)

    @property
    def refund(self) -> Decimal:
        return sum((ln.refund for ln in self.lines), ZERO)


def cancel_binding(order_id: uuid.UUID, amount: Decimal) -> approvals.Binding:
    """What a manager approves: cancelling this order, refunding at most this much."""
    return approvals.Binding(ORDER_CANCEL, str(order_id), (), amount)


# -- reading: may it be cancelled, and what would it give back ---------------------------------

def _order(session: Session, order_id: uuid.UUID) -> OrderView:
    order = load_order(session, order_id)
    if order is None:
        raise CancelNotAllowed(_("That order is not in this till's database."))
    return order


def order_id_of(session: Session, number: str) -> uuid.UUID:
    """The order with this number (as typed or scanned), or refused in words."""
    found = session.scalar(select(Order.id).where(Order.number == number.strip()))
    if found is None:
        raise CancelNotAllowed(_("No order {number} on this till.").format(number=number.strip()))
    return found


def _check_on_till(order: OrderView) -> None:
    """The till's own rule; the central side checks again with what the web shop told it."""
    if order.channel is not Channel.ONLINE:
        raise CancelNotAllowed(_("Order {number} was bought at a counter: it can be returned, "
                                 "not cancelled.").format(number=order.number))
    if all(line.remaining == 0 for line in order.lines):
        raise CancelNotAllowed(_("Order {number} was already cancelled or returned: nothing of "
                                 "it is left to refund.").format(number=order.number))
    if any(line.quantity_returned for line in order.lines):
        raise CancelNotAllowed(_("Part of order {number} was already returned, so the order can "
                                 "no longer be cancelled.").format(number=order.number))
    if order.received_on is not None:
        raise CancelNotAllowed(_("Order {number} was received on {day}: it can be returned, not "
                                 "cancelled.").format(number=order.number,
                                                      day=f.day(order.received_on)))
    if order.dispatched_on is not None:
        raise CancelNotAllowed(_("Order {number} left the warehouse on {day}, so it can no "
                                 "longer be cancelled. It can be returned once received.")
                               .format(number=order.number, day=f.day(order.dispatched_on)))


def _decide(session: Session, actor: Actor, order: OrderView) -> tuple[CancelPlan, ReturnPlan]:
    store = load_store(session, actor.store_id)
    try:
        policy = get_policy(store.policy)
    except KeyError:
        raise CancelNotAllowed(_("This store's return policy {name} is not installed.")
                               .format(name=store.policy)) from None
    verdict = evaluate_order(order, store, request_type=RequestType.CANCEL,
                             today=actor.today(), policy=policy)
    planned: list[PlannedLine] = []
    lines: list[CancelLine] = []
    for le in verdict.lines:
        decision = le.decision
        if decision is None:
            continue
        if Resolution.REFUND not in decision.allowed:
            why = le.reasons[0] if le.reasons else ""
            raise CancelNotAllowed(_("The policy does not allow cancelling order {number}: "
                                     "{why}").format(number=order.number, why=why))
        paid = sum(le.unit_paid, ZERO)
        line = le.line
        planned.append(PlannedLine(
            order_line_id=line.id, line_no=line.line_no, description=line.description,
            upc=line.upc, colour=line.colour, size=line.size, variant_id=line.variant_id,
            quantity=le.requested, reason=Reason.CHANGE_OF_MIND, resolution=Resolution.REFUND,
            allowed=decision.allowed, reasons=le.reasons, explained=decision.reasons, paid=paid,
            restocking_fee=le.restocking_fee, value=le.refund_amount, needs_approval=False,
            approval=None, restock=False))  # never left the warehouse: no shelf here to fill
        lines.append(CancelLine(line.line_no, line.description, le.requested, paid,
                                le.restocking_fee, le.refund_amount, le.reasons))
    pool = sum((p.value for p in planned), ZERO)
    moves, unpaid = refunds_to_tenders(session, order, pool)
    return_plan = ReturnPlan(
        order_id=order.id, order_number=order.number, policy=store.policy, lines=tuple(planned),
        refunds=moves, store_credit=ZERO, to_collect=ZERO, unpaid_not_refunded=unpaid,
        shipping_charged=order.shipping_charged, shipping_refunded=ZERO)
    currency = session.scalar(select(Store.currency).where(Store.id == actor.store_id)) or "CAD"
    plan = CancelPlan(
        order_id=order.id, order_number=order.number, customer=order.billing_last_name,
        policy=policy.title, currency=currency, lines=tuple(lines), refunds=moves,
        unpaid_not_refunded=unpaid, shipping_not_refunded=order.shipping_charged,
        needs_manager=pool > CANCEL_APPROVAL_OVER)
    return plan, return_plan


def preview_cancel(session: Session, actor: Actor, order_id: uuid.UUID) -> CancelPlan:
    """The fee and the refund per tender, or why the order cannot be cancelled (nothing written;
    the central side is asked only when the cancellation is confirmed)."""
    require_counter(actor, N_("cancel orders"))
    order = _order(session, order_id)
    _check_on_till(order)
    return _decide(session, actor, order)[0]


# -- the central claim ----------------------------------------------------------------------------

def _central_words(refused: CancelRefused, number: str) -> str:
    p = refused.params
    if refused.code == "dispatched":
        return _("Order {number} has left the warehouse (the web shop says so), so it can no "
                 "longer be cancelled. It can be returned once received.").format(number=number)
    if refused.code == "received":
        return _("Order {number} was received (the web shop says so): it can be returned, not "
                 "cancelled.").format(number=number)
    if refused.code == "cancelled_by_shop":
        return _("Order {number} was already cancelled by the web shop: nothing is refunded "
                 "here.").format(number=number)
    if refused.code == "already_cancelled":
        return _("Order {number} was already cancelled at {store} (refund {refund}): it can't be "
                 "cancelled twice.").format(number=number, store=p.get("store") or _("a store"),
                                            refund=p.get("return_number") or "-")
    if refused.code == "being_cancelled":
        return _("Order {number} is being cancelled at another till ({store}) right now: it "
                 "can't be cancelled twice.").format(number=number,
                                                     store=p.get("store") or _("a store"))
    if refused.code == "partly_returned":
        return _("Part of order {number} came back (or is coming back) at a store, so the order "
                 "can no longer be cancelled.").format(number=number)
    if refused.code == "not_online":
        return _("Order {number} was bought at a counter: it can be returned, not cancelled."
                 ).format(number=number)
    return _("The central service refused to cancel order {number}. Try again; if it refuses "
             "again, call head office.").format(number=number)


OFFLINE = N_("The central service can't be reached, so order {number} can't be cancelled now: "
           "only it knows whether the parcel has left the warehouse. Nothing was refunded. Try "
           "again once the till is back online (the status bar says so).")


def _authority(actor: Actor) -> CancelAuthority | None:
    gate = actor.line_gate
    return getattr(gate, "cancellations", None) if gate is not None else None


def _claim(actor: Actor, authority: CancelAuthority, order: OrderView,
           cancellation_id: uuid.UUID) -> None:
    try:
        authority.claim(order.id, cancellation_id, store_id=actor.store_id,
                        till_id=actor.till_id)
    except CancelRefused as refused:
        raise CancelNotAllowed(_central_words(refused, order.number)) from None
    except CentralUnavailable:
        raise CancelNotAllowed(_(OFFLINE).format(number=order.number)) from None


def _release(actor: Actor, authority: CancelAuthority, order_id: uuid.UUID,
             cancellation_id: uuid.UUID) -> None:
    try:
        authority.release(order_id, cancellation_id, store_id=actor.store_id)
    except (CancelRefused, CentralUnavailable):
        pass  # best effort: the same till may take its own claim over on the next try


def _release_unless_committed(session: Session, actor: Actor, authority: CancelAuthority,
                              order_id: uuid.UUID, cancellation_id: uuid.UUID) -> None:
    state = {"committed": False, "done": False}

    def committed(done: Session) -> None:
        if not done.in_nested_transaction():
            state["committed"] = True

    def ended(_session: Session, transaction: SessionTransaction) -> None:
        if transaction.parent is None and not state["done"]:
            state["done"] = True
            if not state["committed"]:
                _release(actor, authority, order_id, cancellation_id)

    event.listen(session, "after_commit", committed)
    event.listen(session, "after_transaction_end", ended)


# -- writing: one transaction ---------------------------------------------------------------------

def cancel_order(session: Session, actor: Actor, order_id: uuid.UUID, *,
                 approval: approvals.Approval | None = None,
                 cancellation_id: uuid.UUID | None = None,
                 receipts: ReceiptPort | None = None) -> ReturnSummary:
    """Cancel the order in the caller's transaction (the caller commits, or rolls back on error):
    refused in words, or the refund written and its receipt queued."""
    require_counter(actor, N_("cancel orders"))
    order = _order(session, order_id)
    _check_on_till(order)
    plan, return_plan = _decide(session, actor, order)
    if plan.needs_manager and approval is None:
        raise CancelNotAllowed(_(
            "Cancelling order {number} refunds {amount}, more than {limit}: a manager must "
            "approve it.").format(number=order.number, amount=f.money(plan.refund, plan.currency),
                                  limit=f.money(CANCEL_APPROVAL_OVER, plan.currency)))
    if approval is not None:  # checked (and spent) only when it is used
        approvals.verify(session, actor, approval, cancel_binding(order.id, plan.refund))
    cancellation_id = cancellation_id or uuid.uuid4()
    authority = _authority(actor)
    if authority is not None:
        _claim(actor, authority, order, cancellation_id)  # before anything is written
    try:
        summary = _write(session, actor, order, plan, return_plan, cancellation_id, approval,
                         claimed=authority is not None, receipts=receipts)
    except BaseException:
        if authority is not None:
            _release(actor, authority, order.id, cancellation_id)
        raise
    if authority is not None:
        _release_unless_committed(session, actor, authority, order.id, cancellation_id)
    return summary


def _write(session: Session, actor: Actor, order: OrderView, plan: CancelPlan,
           return_plan: ReturnPlan, cancellation_id: uuid.UUID,
           approval: approvals.Approval | None, *, claimed: bool,
           receipts: ReceiptPort | None) -> ReturnSummary:
    request = ReturnRequest(
        lines=tuple(LineRequest(ln.line_no, ln.quantity, Reason.CHANGE_OF_MIND, ALL_SHOWN,
                                Resolution.REFUND) for ln in return_plan.lines),
        order_id=order.id, note="Order cancelled before dispatch")
    summary = write_refund(session, actor, request, return_plan, order, receipts=receipts)
    journal.record(session, actor, EventKind.ORDER_CANCELLED, "order", order.id, {
        "cancellation_id": cancellation_id, "order_id": order.id, "order_number": order.number,
        "return_id": summary.return_id, "return_number": summary.return_number,
        "policy": return_plan.policy, "fee": plan.fee, "refunded": plan.refund,
        "claimed": claimed,
    }, approved_by=approval.manager_id if approval else None,
        reason=approval.reason if approval else None)
    session.flush()
    return summary
