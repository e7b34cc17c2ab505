"""The returns screen's door: each function is one action, run inside the unit of work
`AppContext.run` opens on the worker thread (`(session, actor, ...) -> plain data`).
`ReturnsDoor` is its shape, which the screen's presenter takes (this module is the real one).

Everything here composes the returns services; the one read no service offers yet (the other
sizes and colours of a style with stock here) walks the catalogue's ORM relationships and asks
`exchanges.variant_info` for each variant.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from storepos.domain.numbers import parse_number
from storepos.domain.vocabulary import ReturnStatus
from storepos.i18n import _
from storepos.persistence.models import Order, Variant
from storepos.services.base.context import Actor
from storepos.services.base.order_lookup import OrderView, find_by_return_id, find_order
from storepos.services.printing import queue as print_queue
from storepos.services.printing.queue import PrintQueueError
from storepos.services.printing.status import queued_sentence
from storepos.services.returns.complete import complete_return, preview_return
from storepos.services.returns.complete import override_binding as override_binding
from storepos.services.returns.eligibility import (
    OrderEligibility,
    evaluate_order,
    load_store,
)
from storepos.services.returns.exchanges import variant_info
from storepos.services.returns.mail_back import mail_back_pdf as mail_back_pdf
from storepos.services.returns.receipts import QueuedReceipts
from storepos.services.returns.types import ReturnPlan, ReturnRequest, ReturnSummary


@dataclass(frozen=True, slots=True)
class LoadedOrder:
    """An order found at the counter, with each line's best case (everything shown) decided."""

    order: OrderView
    eligibility: OrderEligibility
    requested_return: str | None  # a Return ID still to complete (status "requested")
    note: str = ""  # e.g. "Return R-... was completed earlier"


@dataclass(frozen=True, slots=True)
class ExchangeOption:
    variant_id: uuid.UUID
    colour: str
    size: str
    description: str
    unit_price: Decimal
    on_hand: int


@dataclass(frozen=True, slots=True)
class QueuedJob:
    id: uuid.UUID
    title: str
    printer: str


@dataclass(frozen=True, slots=True)
class Completed:
    summary: ReturnSummary
    jobs: tuple[QueuedJob, ...]
    printing: str = ""  # what the queue did with them (printing_status)
    receipt_locale: str | None = None  # the customer's receipt's language, when one was chosen


@dataclass(frozen=True, slots=True)
class ReceiptPreview:
    """What the first queued paper looks like: a PNG when its printer is set up, else None."""

    png: bytes | None
    printer_ready: bool


class ReturnsDoor(Protocol):
    """What the returns presenter asks of the services (tests hand it a fake)."""

    def load_order(self, session: Session, actor: Actor, number: str,
                   last_name: str) -> LoadedOrder: ...
    def load_return_id(self, session: Session, actor: Actor, return_id: str) -> LoadedOrder: ...
    def exchange_options(self, session: Session, actor: Actor,
                         variant_id: uuid.UUID) -> tuple[ExchangeOption, ...]: ...
    def preview(self, session: Session, actor: Actor, request: ReturnRequest) -> ReturnPlan: ...
    def complete(self, session: Session, actor: Actor, request: ReturnRequest, *,
                 receipt_locale: str | None = None) -> Completed: ...
    def receipt_preview(self, session: Session, actor: Actor,
                        job_id: uuid.UUID) -> ReceiptPreview: ...
    def mail_back_pdf(self, session: Session, actor: Actor, return_id: str) -> bytes: ...


def _evaluate(session: Session, actor: Actor, order: OrderView) -> OrderEligibility:
    store = load_store(session, actor.store_id)
    return evaluate_order(order, store, today=actor.today())


def load_order(session: Session, actor: Actor, number: str, last_name: str) -> LoadedOrder:
    """Order number + billing last name -> the order and its best-case eligibility."""
    order = find_order(session, number, last_name)
    return LoadedOrder(order, _evaluate(session, actor, order), None)


def load_return_id(session: Session, actor: Actor, return_id: str) -> LoadedOrder:
    """A scanned or typed Return ID -> its order; a requested return is completed under its ID."""
    order = find_by_return_id(session, str(parse_number(return_id)))  # a typo says so
    ref = order.matched_return
    assert ref is not None  # find_by_return_id always attaches it
    if ref.status is ReturnStatus.REQUESTED:
        return LoadedOrder(order, _evaluate(session, actor, order), ref.number)
    note = _("Return {number} was already completed. Anything else on order {order} can come "
             "back as a new return.").format(number=ref.number, order=order.number)
    return LoadedOrder(order, _evaluate(session, actor, order), None, note)


def _size_key(size: str) -> tuple[int, float, str]:
    try:
        return (0, float(size), size)
    except ValueError:
        return (1, 0.0, size)


def exchange_options(session: Session, actor: Actor, variant_id: uuid.UUID) -> tuple[ExchangeOption, ...]:
    """Other sizes and colours of the same style that this store has on hand."""
    returned = session.get(Variant, variant_id)
    if returned is None:
        return ()
    options = []
    for variant in returned.product.variants:
        if variant.id == variant_id:
            continue
        info = variant_info(session, actor.store_id, variant.id)
        if info.on_hand > 0:
            options.append(ExchangeOption(variant.id, variant.colour, variant.size, info.description,
                                          info.list_price, info.on_hand))
    return tuple(sorted(options, key=lambda o: (o.colour, _size_key(o.size))))


def preview(session: Session, actor: Actor, request: ReturnRequest) -> ReturnPlan:
    return preview_return(session, actor, request)


def complete(session: Session, actor: Actor, request: ReturnRequest, *,
             receipt_locale: str | None = None) -> Completed:
    """One transaction: the return, its ledger, stock and audit, and its receipts queued.

    `receipt_locale` ("fr_CA"): the customer's paper in that language (the receipt toggle: a
    bilingual cashier's screen stays in theirs); None: the store's."""
    summary = complete_return(session, actor, request,
                              receipts=QueuedReceipts(locale=receipt_locale))
    session.flush()
    jobs = sorted(print_queue.list_jobs(session, reference=summary.return_number, limit=10),
                  key=lambda j: j.created_at)
    return Completed(summary, tuple(QueuedJob(j.id, j.title, j.printer) for j in jobs),
                     queued_sentence(session, jobs), receipt_locale)


def receipt_preview(session: Session, actor: Actor, job_id: uuid.UUID) -> ReceiptPreview:
    """A picture of a queued job, or None when its printer is not set up on this till yet."""
    try:
        return ReceiptPreview(print_queue.preview_png(session, job_id, scale=1.0), True)
    except PrintQueueError:
        return ReceiptPreview(None, False)


# The 200 newest orders, as Find orders lists them (services.orders sits above returns).
_NEWEST_ORDERS = (select(Order.number, Order.billing_last_name)
                  .order_by(Order.placed_on.desc(), Order.number.desc()).limit(200))


def demo_order(session: Session, actor: Actor) -> dict[str, str]:
    """For screenshots: a recent demo order showing most of the screen (several lines that may
    come back, a card to refund to, shipping that stays), as `on_enter` arguments."""
    best: tuple[int, dict[str, str]] | None = None
    for number, last_name in session.execute(_NEWEST_ORDERS).all():
        loaded = load_order(session, actor, number, last_name)
        open_lines = [le for le in loaded.eligibility.lines if le.returnable and le.allowed]
        if not open_lines:
            continue
        score = (min(len(open_lines), 3) * 4
                 + 3 * any("refund" in le.allowed for le in open_lines)
                 + 2 * any(t.card_last4 for t in loaded.order.tenders)
                 + 2 * (loaded.order.shipping_charged > 0)
                 + (len(loaded.order.tenders) > 1) - 4 * (len(loaded.order.lines) > 3))
        if best is None or score > best[0]:
            best = (score, {"order_number": number, "last_name": last_name})
    return best[1] if best else {}
