"""Find a customer by e-mail or phone, for screens that work for one customer (store credit).

Plain dataclasses out; the same normalisers as the order lookup, so "+1 (416) 555-0140" finds
"4165550140" and " Ana@Example.CA " finds "ana@example.ca". A full card number is refused.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from storepos.domain.cards import refuse_card_number
from storepos.domain.errors import InvalidInput
from storepos.i18n import N_, _
from storepos.persistence.models import Customer
from storepos.services.base.context import Actor
from storepos.services.base.order_lookup import normalise_email, phone_candidates
from storepos.services.staff.auth import require_counter

MIN_PHONE_DIGITS = 7


@dataclass(frozen=True, slots=True)
class CustomerMatch:
    id: uuid.UUID
    name: str
    email: str
    phone: str


def find_customers(session: Session, actor: Actor, text: str, *, limit: int = 20) -> list[CustomerMatch]:
    """Customers whose e-mail (when `text` has an @) or phone matches `text`; none is an empty list."""
    require_counter(actor, N_("look up customers"))
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("Type the customer's e-mail address or phone number."))
    refuse_card_number("the customer lookup", text)
    if "@" in text:
        where = Customer.email == normalise_email(text)
    else:
        phones = phone_candidates(text)
        if not phones or len(phones[0]) < MIN_PHONE_DIGITS:
            raise InvalidInput(_("Type the whole phone number, or the customer's e-mail address."))
        where = Customer.phone.in_(phones)
    rows = session.scalars(
        select(Customer).where(where).order_by(Customer.last_name, Customer.first_name).limit(limit)
    )
    return [CustomerMatch(c.id, f"{c.first_name} {c.last_name}".strip(), c.email or "", c.phone or "")
            for c in rows]


def customer_by_id(session: Session, actor: Actor, customer_id: uuid.UUID) -> CustomerMatch | None:
    require_counter(actor, N_("look up customers"))
    c = session.get(Customer, customer_id)
    if c is None:
        return None
    return CustomerMatch(c.id, f"{c.first_name} {c.last_name}".strip(), c.email or "", c.phone or "")
