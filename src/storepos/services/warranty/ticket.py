"""The paper a warranty decision leaves, queued in the decision's own transaction:

    ticket = approve_claim(session, actor, number, outcome, approval)
    queue_claim_ticket(session, actor, ticket)       # + a gift card slip when credit was given
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storepos.devices.printing import documents as d
from storepos.domain.vocabulary import Resolution, WarrantyStatus
from storepos.i18n import _, speaking
from storepos.i18n.formats import money
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
    """What happens next, worded in the ticket's language (the caller's ``speaking`` block)."""
    def amount(value: Decimal) -> str:
        return money(value, store.currency)

    if ticket.status is W.OPEN:
        return (_("Staff finish the inspection and send the claim to a manager."),)
    if ticket.status is W.SUBMITTED:
        return (_("A manager decides the claim; we contact you with the outcome."),)
    if ticket.status is W.DENIED:
        return (_("The claim was denied for the reason above."),)
    steps: list[str] = []
    if ticket.outcome is Resolution.REFUND and ticket.refunded is not None:
        if ticket.refund_return_number:
            steps.append(_("Refunded {amount} to the original payment (return {number}).").format(
                amount=amount(ticket.refunded), number=ticket.refund_return_number))
        else:
            steps.append(_("Refunded {amount} to the original payment.").format(
                amount=amount(ticket.refunded)))
    elif ticket.outcome is Resolution.STORE_CREDIT and ticket.gift_card_amount is not None:
        card = d.mask_number(ticket.gift_card_number or "")
        steps.append(_("Store credit of {amount} on gift card {card}.").format(
            amount=amount(ticket.gift_card_amount), card=card))
    elif ticket.outcome is Resolution.REPLACEMENT and ticket.replacement:
        steps.append(_("Replaced with {item}.").format(item=ticket.replacement))
    elif ticket.outcome is Resolution.REPAIR:
        if ticket.status is W.APPROVED:
            steps.append(_("The shoe goes for repair; we call you when it is back."))
        else:
            steps.append(_("Repaired and returned to the customer."))
    return tuple(steps)


def warranty_ticket(session: Session, actor: Actor, ticket: ClaimTicket) -> d.WarrantyTicket:
    """The claim ticket as printed: the claim, the inspection, the decision and what was done."""
    store_id = session.scalar(select(Store.id).where(Store.code == ticket.store_code))
    store = store_info(session, store_id or actor.store_id)
    header = d.Header(store, utc(ticket.printed_at or actor.now()), actor.till_prefix,
                      ticket.employee_name or actor.employee_name)
    item = ticket.item
    with speaking(header.locale):
        steps = _next_steps(ticket, store)
    return d.WarrantyTicket(
        header, ticket.claim_number,
        item=d.Item(description=item.description, sku=item.upc, size=item.size,
                    colour=item.colour),
        customer=ticket.customer_name, order_number=ticket.order_number or "",
        proof_of_purchase=ticket.proof_of_purchase, purchased_on=ticket.purchased_on,
        defect=ticket.defect, description=ticket.notes, findings=ticket.findings,
        status=ticket.status.value, outcome=ticket.outcome.value if ticket.outcome else "",
        decision_reason=ticket.decision_reason or "", next_steps=steps,
        photos=ticket.photo_count,
    )


def claim_documents(session: Session, actor: Actor, ticket: ClaimTicket) -> list[Any]:
    """The claim ticket, and a gift card slip when the claim ended in store credit."""
    documents: list[Any] = [warranty_ticket(session, actor, ticket)]
    if ticket.gift_card_number and ticket.gift_card_amount is not None:
        header = documents[0].header
        with speaking(header.locale):
            terms = (_("Store credit for warranty claim {number}.").format(
                number=ticket.claim_number),)
        documents.append(d.ValueCardSlip(
            header, "gift_card", ticket.gift_card_number, ticket.gift_card_amount,
            ticket.gift_card_amount, customer=ticket.customer_name, terms=terms,
        ))
    return documents


def queue_claim_ticket(session: Session, actor: Actor, ticket: ClaimTicket, *,
                       printer: str | None = None) -> QueuedPaper:
    """Queue the claim ticket (and any gift card slip) in the decision's transaction."""
    return queue_documents(session, claim_documents(session, actor, ticket), actor.till_prefix, printer)
