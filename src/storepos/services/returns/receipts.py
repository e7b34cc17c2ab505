"""The paper a completed return leaves: its receipt, and a slip for new store credit, queued in the
return's own transaction.

    summary = complete_return(session, actor, request, receipts=QueuedReceipts())

`QueuedReceipts` is the returns service's ReceiptPort: it turns the ReturnSummary into the document
model (a refund receipt, or an exchange receipt when anything was swapped, plus a store-credit slip)
and enqueues them for the till's default printer. It never talks to a printer.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storepos.devices.printing import documents as d
from storepos.devices.printing import policy_reasons
from storepos.domain.vocabulary import TenderKind
from storepos.i18n import _, speaking
from storepos.persistence.models.store import Till
from storepos.services.printing.paper import store_info, tender_line, utc
from storepos.services.printing.printers import printer_for
from storepos.services.printing.queue import enqueue
from storepos.services.returns.types import ReturnSummary, SummaryLine
from storepos.wording.policy import Figures, reason_text


def _item(line: SummaryLine, header: d.Header, *, cancellation: bool = False) -> d.Item:
    # The policy's reasons go as codes, worded in the document's language when it is laid out (a
    # French copy for the customer says them in French); the words are what an older reader prints.
    # Each sentence whole, with the clause it comes from, as the screen shows it.
    codes = policy_reasons.encode(line.explained)
    reasons = list(line.reasons)
    if line.explained:
        with speaking(header.locale):
            figures = Figures(header.store.currency)
            reasons = [reason_text(r, figures) for r in line.explained]
    if line.overridden_by:
        with speaking(header.locale):  # after the coded reasons, in the document's language
            reasons.append(_("Approved by {manager}: {reason}").format(
                manager=line.overridden_by, reason=line.override_reason or "").strip())
    # A cancelled order's lines came back for no reason of the customer's: the title says it.
    return d.Item(description=line.description, sku=line.upc, size=line.size,
                  colour=line.colour, quantity=line.quantity, amount=line.value,
                  restocking_fee=line.restocking_fee,
                  reason="" if cancellation else str(line.reason),
                  decision="" if cancellation else str(line.resolution),
                  policy_reasons=tuple(reasons), policy_codes=codes)


def return_documents(session: Session, summary: ReturnSummary, locale: str | None = None, *,
                     cancellation: bool = False) -> list[Any]:
    """The receipt for a completed return (or an order cancelled before dispatch, refunded as
    one), and a slip for each new store credit; `locale`: the customer's language for them (the
    documents carry it as their header's language), None: the store's."""
    header = d.Header(store_info(session, summary.store_id), utc(summary.completed_at),
                      summary.till_prefix, summary.employee_name, language=locale or "")
    refunds = tuple(tender_line(m) for m in summary.refunds)
    swapped = [ln for ln in summary.lines if ln.exchange is not None]
    documents: list[Any] = []
    if swapped:
        issued = tuple(
            d.Item(description=ln.exchange.description, sku=ln.exchange.upc,
                   quantity=ln.quantity, amount=ln.exchange.unit_price * ln.quantity)
            for ln in swapped if ln.exchange is not None
        )
        documents.append(d.ExchangeReceipt(
            header, summary.return_number, summary.order_number,
            returned=tuple(_item(ln, header) for ln in summary.lines), issued=issued,
            collected=tuple(tender_line(m) for m in summary.collected), refunds=refunds,
            customer=summary.customer_name, shipping_refunded=summary.shipping_refunded,
            unpaid_not_refunded=summary.unpaid_not_refunded,
            cash_rounding=summary.cash_rounding, collected_rounding=summary.collected_rounding,
        ))
    else:
        documents.append(d.RefundReceipt(
            header, summary.return_number, summary.order_number,
            items=tuple(_item(ln, header, cancellation=cancellation) for ln in summary.lines),
            tenders=refunds, customer=summary.customer_name,
            shipping_refunded=summary.shipping_refunded,
            shipping_not_refunded=summary.shipping_not_refunded,
            unpaid_not_refunded=summary.unpaid_not_refunded, cancellation=cancellation,
            cash_rounding=summary.cash_rounding,
        ))
    for move in summary.refunds:
        new_credit = (move.kind is TenderKind.STORE_CREDIT and move.tender_id is None
                      and move.account_number)
        if new_credit and summary.store_credit_balance is not None:
            documents.append(d.ValueCardSlip(
                header, "store_credit", move.account_number or "", move.amount,
                summary.store_credit_balance, customer=summary.customer_name,
                return_id=summary.return_number,
            ))
    return documents


class QueuedReceipts:
    """ReceiptPort: enqueue a completed return's paper in the completing transaction."""

    def __init__(self, printer: str | None = None, locale: str | None = None, *,
                 cancellation: bool = False) -> None:
        self.printer = printer  # None: the till's default printer
        self.locale = locale  # the customer's language ("fr_CA"); None: the store's
        self.cancellation = cancellation  # the refund of an order cancelled before dispatch

    def on_completed(self, session: Session, summary: ReturnSummary) -> None:
        till_id = session.scalar(select(Till.id).where(Till.prefix == summary.till_prefix))
        with speaking(self.locale):  # what the builder words itself, in the customer's language
            documents = return_documents(session, summary, self.locale,
                                         cancellation=self.cancellation)
        for document in documents:  # each to its class's printer
            printer = self.printer or printer_for(session, document.kind, till_id)
            enqueue(session, document, printer, till_id=till_id)

