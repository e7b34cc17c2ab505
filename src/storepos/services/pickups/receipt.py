"""The paper a pickup hand-over leaves, queued in the hand-over's own transaction:

    summary = hand_over_pickup(session, actor, scanned, ...)
    queue_pickup_receipt(session, summary)           # same session: one transaction
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from storepos.devices.printing import documents as d
from storepos.i18n import _, speaking
from storepos.services.pickups.handover import HandOverSummary
from storepos.services.printing.paper import (
    QueuedPaper,
    queue_documents,
    store_info,
    tender_line,
    utc,
)


def pickup_receipt(session: Session, summary: HandOverSummary) -> d.PickupReceipt:
    """The hand-over receipt: what was collected, the ID check, and what was paid at the counter."""
    header = d.Header(store_info(session, summary.store_id), utc(summary.handed_over_at),
                      summary.till_prefix, summary.employee_name)
    items = tuple(
        d.Item(description=item.description, sku=item.upc, size=item.size, colour=item.colour,
               quantity=item.quantity, amount=item.paid)
        for item in summary.items
    )
    with speaking(header.locale):  # printed: in the receipt's language
        if summary.id_name_matched:
            id_kind = _("photo ID")
        elif summary.approved_by:
            id_kind = _("photo ID, name approved by {manager}").format(manager=summary.approved_by)
        else:
            id_kind = _("photo ID, name approved by a manager")
    return d.PickupReceipt(
        header, summary.pickup_number, summary.order_number, items=items,
        customer=summary.customer_name, id_checked=summary.id_checked, id_kind=id_kind,
        tenders=tuple(tender_line(m) for m in summary.paid_now),
        cash_rounding=summary.cash_rounding,
    )


def queue_pickup_receipt(session: Session, summary: HandOverSummary, *,
                         printer: str | None = None) -> QueuedPaper:
    """Queue the hand-over receipt in the hand-over's transaction (the caller commits)."""
    return queue_documents(session, [pickup_receipt(session, summary)], summary.till_prefix, printer)
