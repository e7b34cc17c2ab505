"""The slip a gift card leaves when it is sold: queued in the sale's own transaction.

    movement = value_accounts.issue_gift_card(session, actor, amount, sold(payment))
    job = queue_value_card_slip(session, actor, movement)   # same session, same commit

Maps the ledger Movement to the document model's ValueCardSlip (the number as a CODE128 barcode
on the store copy, masked on the customer's copy) and enqueues it for the till's default printer.
It never talks to a printer; the print queue's worker does, after the commit.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from storepos.devices.printing import documents as d
from storepos.persistence.models.print_jobs import PrintJob
from storepos.services.base.context import Actor
from storepos.services.cards.value_accounts import Movement
from storepos.services.printing.paper import store_info, utc
from storepos.services.printing.printers import printer_for
from storepos.services.printing.queue import enqueue


def value_card_slip(session: Session, actor: Actor, movement: Movement, *,
                    customer: str = "") -> d.ValueCardSlip:
    header = d.Header(store_info(session, actor.store_id), utc(movement.entry.created_at),
                      actor.till_prefix, actor.employee_name)
    account = movement.account
    return d.ValueCardSlip(header, str(account.kind), account.number, movement.entry.amount,
                           account.balance, customer=customer,
                           cash_rounding=movement.cash_rounding)


def queue_value_card_slip(session: Session, actor: Actor, movement: Movement, *,
                          printer: str | None = None, customer: str = "") -> PrintJob:
    """Enqueue the slip in the caller's unit of work; it prints after the caller commits."""
    document = value_card_slip(session, actor, movement, customer=customer)
    printer = printer or printer_for(session, document.kind, actor.till_id)  # the slips' printer
    return enqueue(session, document, printer, till_id=actor.till_id)
