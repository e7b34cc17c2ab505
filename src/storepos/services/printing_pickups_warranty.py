"""The paper a pickup hand-over and a warranty decision leave, queued in the action's own
transaction (like `printing_receipts` does for returns):

    summary = hand_over_pickup(session, actor, scanned, ...)
    queue_pickup_receipt(session, summary)           # same session: one transaction

    ticket = approve_claim(session, actor, number, outcome, approval)
    queue_claim_ticket(session, actor, ticket)       # + a gift card slip when credit was given

Plain mapping from the services' summaries to the document model, then `print_queue.enqueue` for
the till's default printer. It never talks to a printer.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storepos.devices.printing import documents as d
from storepos.domain.locale_format import format_money
from storepos.domain.vocabulary import Resolution, WarrantyStatus
from storepos.persistence.models.store import Store, Till
from storepos.services.context import Actor
from storepos.services.pickup_handover import HandOverSummary
from storepos.services.print_queue import enqueue_once, till_printer
from storepos.services.printing_receipts import store_info
from storepos.services.printing_status import queued_sentence
from storepos.services.return_types import TenderMove
from storepos.services.warranty_types import ClaimTicket

W = WarrantyStatus


@dataclass(frozen=True, slots=True)
class QueuedPaper:
    """What was queued, and the sentence the screen shows for it (see printing_status)."""

    printer: str
    kinds: tuple[str, ...]
    job_ids: tuple[uuid.UUID, ...]
    sentence: str = ""  # "Pickup receipt P-… is in the print queue for “receipt”."


def _utc(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _tender(move: TenderMove) -> d.TenderLine:
    return d.TenderLine(kind=str(move.kind), amount=move.amount,
                        card_brand=move.card_brand or "", card_last4=move.card_last4 or "",
                        account_number=move.account_number or "")


def pickup_receipt(session: Session, summary: HandOverSummary) -> d.PickupReceipt:
    """The hand-over receipt: what was collected, the ID check, and what was paid at the counter."""
    header = d.Header(store_info(session, summary.store_id), _utc(summary.handed_over_at),
                      summary.till_prefix, summary.employee_name)
    items = tuple(
        d.Item(description=item.description, sku=item.upc, size=item.size, colour=item.colour,
               quantity=item.quantity, amount=item.paid)
        for item in summary.items
    )
    return d.PickupReceipt(
        header, summary.pickup_number, summary.order_number, items=items,
        customer=summary.customer_name, id_checked=summary.id_checked,
        id_kind="photo ID" if summary.id_name_matched
        else f"photo ID, name approved by {summary.approved_by or 'a manager'}",
        tenders=tuple(_tender(m) for m in summary.paid_now),
    )


def _next_steps(ticket: ClaimTicket, store: d.StoreInfo) -> tuple[str, ...]:
    def money(value: Any) -> str:
        return format_money(value, store.locale, store.currency)

    if ticket.status is W.OPEN:
        return ("Staff finish the inspection and send the claim to a manager.",)
    if ticket.status is W.SUBMITTED:
        return ("A manager decides the claim; we contact you with the outcome.",)
    if ticket.status is W.DENIED:
        return ("The claim was denied for the reason above.",)
    steps: list[str] = []
    if ticket.outcome is Resolution.REFUND and ticket.refunded is not None:
        steps.append(f"Refunded {money(ticket.refunded)} to the original payment"
                     + (f" (return {ticket.refund_return_number})."
                        if ticket.refund_return_number else "."))
    elif ticket.outcome is Resolution.STORE_CREDIT and ticket.gift_card_amount is not None:
        card = d.mask_number(ticket.gift_card_number or "")
        steps.append(f"Store credit of {money(ticket.gift_card_amount)} on gift card {card}.")
    elif ticket.outcome is Resolution.REPLACEMENT and ticket.replacement:
        steps.append(f"Replaced with {ticket.replacement}.")
    elif ticket.outcome is Resolution.REPAIR:
        if ticket.status is W.APPROVED:
            steps.append("The shoe goes for repair; we call you when it is back.")
        else:
            steps.append("Repaired and returned to the customer.")
    return tuple(steps)


def warranty_ticket(session: Session, actor: Actor, ticket: ClaimTicket) -> d.WarrantyTicket:
    """The claim ticket as printed: the claim, the inspection, the decision and what was done."""
    store_id = session.scalar(select(Store.id).where(Store.code == ticket.store_code))
    store = store_info(session, store_id or actor.store_id)
    header = d.Header(store, _utc(ticket.printed_at or actor.now()), actor.till_prefix,
                      ticket.employee_name or actor.employee_name)
    item = ticket.item
    return d.WarrantyTicket(
        header, ticket.claim_number,
        item=d.Item(description=item.description, sku=item.upc, size=item.size,
                    colour=item.colour),
        customer=ticket.customer_name, order_number=ticket.order_number or "",
        proof_of_purchase=ticket.proof_of_purchase, purchased_on=ticket.purchased_on,
        defect=ticket.defect, description=ticket.notes, findings=ticket.findings,
        status=ticket.status.value, outcome=ticket.outcome.value if ticket.outcome else "",
        decision_reason=ticket.decision_reason or "", next_steps=_next_steps(ticket, store),
        photos=ticket.photo_count,
    )


def claim_documents(session: Session, actor: Actor, ticket: ClaimTicket) -> list[Any]:
    """The claim ticket, and a gift card slip when the claim ended in store credit."""
    documents: list[Any] = [warranty_ticket(session, actor, ticket)]
    if ticket.gift_card_number and ticket.gift_card_amount is not None:
        header = documents[0].header
        documents.append(d.ValueCardSlip(
            header, "gift_card", ticket.gift_card_number, ticket.gift_card_amount,
            ticket.gift_card_amount, customer=ticket.customer_name,
            terms=(f"Store credit for warranty claim {ticket.claim_number}.",),
        ))
    return documents


def _queue(session: Session, documents: list[Any], till_prefix: str,
           printer: str | None) -> QueuedPaper:
    """Queue each document, unless the same one still waits to print (a second "Print ticket")."""
    till_id = session.scalar(select(Till.id).where(Till.prefix == till_prefix))
    name = printer or till_printer(session, till_id)
    queued = [enqueue_once(session, document, name, till_id=till_id) for document in documents]
    jobs = [job for job, _ in queued]
    already = {job.id for job, was_waiting in queued if was_waiting}
    return QueuedPaper(name, tuple(doc.kind for doc in documents), tuple(j.id for j in jobs),
                       queued_sentence(session, jobs, already))


def queue_pickup_receipt(session: Session, summary: HandOverSummary, *,
                         printer: str | None = None) -> QueuedPaper:
    """Queue the hand-over receipt in the hand-over's transaction (the caller commits)."""
    return _queue(session, [pickup_receipt(session, summary)], summary.till_prefix, printer)


def queue_claim_ticket(session: Session, actor: Actor, ticket: ClaimTicket, *,
                       printer: str | None = None) -> QueuedPaper:
    """Queue the claim ticket (and any gift card slip) in the decision's transaction."""
    return _queue(session, claim_documents(session, actor, ticket), actor.till_prefix, printer)
