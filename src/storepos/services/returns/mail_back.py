"""The mail-back return form of a real return request: a Return ID the customer asked for, its
items, the day it must be sent by, and where to send it.

    form = mail_back_form(session, actor, "R-WEB-000123")   # the document model
    pdf = mail_back_pdf(session, actor, "R-WEB-000123")     # A4 or Letter, the store's language

The parcel goes to the banner's returns address when the store has one, else to the store itself.
"Return by" is the last day the policy still takes the items back for any resolution (the latest
of the returns section's outcomes, each open while all of its windows hold).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from storepos.devices.printing import documents as d
from storepos.devices.printing.reports import MailBackReturnForm
from storepos.domain.errors import InvalidInput
from storepos.domain.policy.rules import Anchor, Policy
from storepos.domain.vocabulary import ReturnStatus
from storepos.i18n import _, speaking
from storepos.persistence.models.orders import Customer, Order
from storepos.persistence.models.returns import Return, ReturnLine
from storepos.services.base.context import Actor
from storepos.services.base.order_lookup import OrderView, find_by_return_id
from storepos.services.base.policy_book import get_policy
from storepos.services.printing.paper import store_info, utc
from storepos.services.returns.eligibility import load_store


class NotARequest(InvalidInput):
    """The Return ID was already completed at a counter: there is nothing left to mail back."""


def return_by(policy: Policy, order: OrderView) -> date | None:
    """The last day any outcome of the policy's returns section still holds (None: no window)."""
    received = order.received_on or order.dispatched_on or order.placed_on
    last: date | None = None
    for outcome in policy.returns.outcomes:
        if not outcome.windows:
            continue
        ends = min(w.last_day(order.placed_on if w.anchor is Anchor.PURCHASE else received)
                   for w in outcome.windows)
        last = ends if last is None else max(last, ends)
    return last


def mail_back_form(session: Session, actor: Actor, return_id: str) -> MailBackReturnForm:
    order = find_by_return_id(session, return_id)
    ref = order.matched_return
    assert ref is not None  # find_by_return_id always attaches it
    if ref.status is not ReturnStatus.REQUESTED:
        raise NotARequest(_("Return {number} was already completed at a store: there is nothing "
                            "left to send back by mail.").format(number=ref.number))
    returned = session.scalars(
        select(ReturnLine).join(Return, ReturnLine.return_id == Return.id)
        .where(Return.return_number == ref.number)).all()
    reasons = {row.order_line_id: str(row.reason) for row in returned}
    items = tuple(
        d.Item(description=f"{line.brand} {line.product_name}", sku=line.upc, size=line.size,
               colour=line.colour, quantity=quantity, reason=reasons.get(line.id, ""))
        for line in order.lines for line_id, quantity in ref.lines if line_id == line.id
    )
    store = store_info(session, actor.store_id)
    if not store.returns_address:  # the parcel comes to this store, addressed to it by name
        store = replace(store, returns_address="\n".join(filter(None, (store.name, store.address))))
    header = d.Header(store, utc(actor.now()), actor.till_prefix, actor.employee_name)
    customer = session.scalar(
        select(Customer).join(Order, Order.customer_id == Customer.id).where(Order.id == order.id))
    name = f"{customer.first_name} {customer.last_name}" if customer else order.billing_last_name
    policy = get_policy(load_store(session, actor.store_id).policy)
    with speaking(store.locale):
        instructions = (
            (_("Free returns: use the prepaid label we e-mailed you, or any carrier."),)
            if order.free_shipping else
            (_("Send it with any carrier; keep the tracking number until your refund arrives."),)
        )
    return MailBackReturnForm(header, return_id=ref.number, order_number=order.number,
                              items=items, customer=name, return_by=return_by(policy, order),
                              instructions=instructions)


def mail_back_pdf(session: Session, actor: Actor, return_id: str) -> bytes:
    """The form as a PDF, in the store's language and paper size."""
    from storepos.devices.printing.pdf import render_pdf

    form = mail_back_form(session, actor, return_id)
    with speaking(form.header.store.locale):
        return render_pdf(form)
