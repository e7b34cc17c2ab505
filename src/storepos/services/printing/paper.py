"""What every printed document's builder shares: the store's header facts, a tender line, the
moment in UTC, and queuing a feature's documents in the action's own transaction.

The builders live with their features (returns/receipts.py, pickups/receipt.py,
warranty/ticket.py, cards/slips.py); none of them talks to a printer: the queue's worker does,
after the commit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from storepos.devices.printing import documents as d
from storepos.persistence.models.store import Store, Till
from storepos.services.printing.printers import printer_for
from storepos.services.printing.queue import enqueue_once
from storepos.services.printing.status import queued_sentence


class TenderLike(Protocol):
    """A payment moved by an action (returns.types.TenderMove has these)."""

    @property
    def kind(self) -> Any: ...
    @property
    def amount(self) -> Decimal: ...
    @property
    def card_brand(self) -> str | None: ...
    @property
    def card_last4(self) -> str | None: ...
    @property
    def account_number(self) -> str | None: ...


def store_info(session: Session, store_id: uuid.UUID) -> d.StoreInfo:
    store = session.get(Store, store_id)
    if store is None:
        raise d.DocumentError(f"no store {store_id}")
    return d.StoreInfo(name=store.name, address=store.address, phone=store.phone,
                       time_zone=store.time_zone, locale=store.locale, currency=store.currency)


def utc(when: datetime) -> datetime:
    """Database times are stored in UTC; SQLite gives them back without a zone."""
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def tender_line(move: TenderLike) -> d.TenderLine:
    return d.TenderLine(kind=str(move.kind), amount=move.amount,
                        card_brand=move.card_brand or "", card_last4=move.card_last4 or "",
                        account_number=move.account_number or "")


@dataclass(frozen=True, slots=True)
class QueuedPaper:
    """What was queued, and the sentence the screen shows for it (see printing.status)."""

    printer: str
    kinds: tuple[str, ...]
    job_ids: tuple[uuid.UUID, ...]
    sentence: str = ""  # "Pickup receipt P-… is in the print queue for “receipt”."


def queue_documents(session: Session, documents: list[Any], till_prefix: str,
                    printer: str | None) -> QueuedPaper:
    """Queue each document, unless the same one still waits to print (a second "Print ticket")."""
    till_id = session.scalar(select(Till.id).where(Till.prefix == till_prefix))
    # Each document to its class's printer (receipts, slips), unless the caller named one.
    names = [printer or printer_for(session, document.kind, till_id) for document in documents]
    queued = [enqueue_once(session, document, name, till_id=till_id)
              for document, name in zip(documents, names, strict=True)]
    jobs = [job for job, _ in queued]
    already = {job.id for job, was_waiting in queued if was_waiting}
    return QueuedPaper(names[0] if names else (printer or ""),
                       tuple(doc.kind for doc in documents), tuple(j.id for j in jobs),
                       queued_sentence(session, jobs, already))
