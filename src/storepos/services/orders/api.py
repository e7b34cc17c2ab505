"""The Find orders screen's door: each function is one read, run inside the unit of work
`AppContext.run` opens on the worker thread (`(session, actor, ...) -> order summaries`).
`OrdersDoor` is its shape, which the screen's presenter takes (this module is the real one).
`CancelDoor` is the order cancellation's (cancel.py): what it would do, and doing it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

from storepos.services.base.context import Actor
from storepos.services.orders import cancel as cancelling
from storepos.services.orders.browse import OrderSummary, recent_orders, search_orders
from storepos.services.orders.cancel import CancelNotAllowed, CancelPlan, cancel_binding
from storepos.services.printing import queue as print_queue
from storepos.services.printing.status import queued_sentence
from storepos.services.returns.receipts import QueuedReceipts
from storepos.services.returns.types import ReturnSummary
from storepos.services.staff.approvals import Approval

__all__ = ["CancelDoor", "CancelNotAllowed", "CancelPlan", "Cancelled", "OrderSummary",
           "OrdersDoor", "cancel", "cancel_binding", "cancel_preview", "recent", "search"]


class OrdersDoor(Protocol):
    """What the Find orders presenter asks of the services (tests hand it a fake)."""

    def recent(self, session: Session, actor: Actor) -> list[OrderSummary]: ...
    def search(self, session: Session, actor: Actor, text: str) -> list[OrderSummary]: ...


def recent(session: Session, actor: Actor) -> list[OrderSummary]:
    """The most recent orders, newest first."""
    return recent_orders(session)


def search(session: Session, actor: Actor, text: str) -> list[OrderSummary]:
    """An exact order number, else a customer's e-mail or phone; empty when nothing matches."""
    return search_orders(session, text)


@dataclass(frozen=True, slots=True)
class Cancelled:
    summary: ReturnSummary  # the refund document (its Return ID is on the receipt)
    printing: str  # what the print queue did with the receipt, in words


class CancelDoor(Protocol):
    """What the order's cancel dialog asks of the services (tests hand it a fake)."""

    def cancel_preview(self, session: Session, actor: Actor, number: str) -> CancelPlan: ...
    def cancel(self, session: Session, actor: Actor, order_id: uuid.UUID,
               approval: Approval | None) -> Cancelled: ...


def cancel_preview(session: Session, actor: Actor, number: str) -> CancelPlan:
    """The fee and the refund per tender, or CancelNotAllowed saying why not."""
    return cancelling.preview_cancel(session, actor, cancelling.order_id_of(session, number))


def cancel(session: Session, actor: Actor, order_id: uuid.UUID,
           approval: Approval | None) -> Cancelled:
    """One transaction: the refund, its ledger, audit and outbox, and its receipt queued."""
    summary = cancelling.cancel_order(session, actor, order_id, approval=approval,
                                      receipts=QueuedReceipts(cancellation=True))
    session.flush()
    jobs = print_queue.list_jobs(session, reference=summary.return_number, limit=10)
    return Cancelled(summary, queued_sentence(session, jobs))
