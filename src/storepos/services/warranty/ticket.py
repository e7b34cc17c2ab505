"""The paper a warranty decision leaves, queued in the decision's own transaction:

    ticket = approve_claim(session, actor, number, outcome, approval)
    queue_claim_ticket(session, actor, ticket)       # + a gift card slip when credit was given
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storepos.devices.printing import documents as d
from storepos.domain.locale_format import format_money
from storepos.domain.vocabulary import Resolution, WarrantyStatus
from storepos.persistence.models.store import Store
from storepos.services.base.context import Actor
from storepos.services.printing.paper import (
    QueuedPaper,
    queue_documents,
    store_info,
    utc,
)
from storepos.services.warranty.types import ClaimTicket

W = WarrantyStatus


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
    header = d.Header(store, utc(ticket.printed_at or actor.now()), actor.till_prefix,
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


def queue_claim_ticket(session: Session, actor: Actor, ticket: ClaimTicket, *,
                       printer: str | None = None) -> QueuedPaper:
    """Queue the claim ticket (and any gift card slip) in the decision's transaction."""
    return queue_documents(session, claim_documents(session, actor, ticket), actor.till_prefix, printer)
