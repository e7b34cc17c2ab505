"""The database itself refuses impossible rows, on SQLite and PostgreSQL; money stays Decimal."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storepos.domain.vocabulary import (
    AccountKind,
    Channel,
    Fulfillment,
    LedgerKind,
    TenderKind,
)
from storepos.persistence.models import (
    Customer,
    LedgerEntry,
    Order,
    OrderLine,
    Product,
    Tender,
    ValueAccount,
    Variant,
)


def _tag() -> str:
    return uuid.uuid4().hex[:10].upper()  # unique values: the PostgreSQL database is shared


def _order_with_line(session: Session, price: Decimal = Decimal("140.00")) -> OrderLine:
    tag = _tag()
    product = Product(style_code=tag, brand="Birkenstock", name="Arizona")
    variant = Variant(product=product, colour="Taupe", size="40", upc=tag, list_price=price)
    order = Order(
        number=tag, channel=Channel.STORE, fulfillment=Fulfillment.IN_STORE,
        billing_last_name="Côté", placed_on=date(2024, 5, 1),
    )
    session.add_all([product, variant, order])
    session.flush()
    line = OrderLine(
        order=order, line_no=1, variant_id=variant.id, quantity=2, list_price=price, paid=price
    )
    session.add(line)
    session.flush()
    return line


def _account(session: Session) -> ValueAccount:
    account = ValueAccount(kind=AccountKind.GIFT_CARD, number=f"G-{_tag()}", currency="CAD")
    session.add(account)
    session.flush()
    return account


def _entry(account: ValueAccount, seq: int, amount: str, balance: str) -> LedgerEntry:
    return LedgerEntry(
        account_id=account.id, seq=seq, kind=LedgerKind.ISSUE,
        amount=Decimal(amount), balance_after=Decimal(balance),
    )


def test_cannot_return_more_than_was_sold(session: Session) -> None:
    line = _order_with_line(session)
    line.quantity_returned = 2
    session.flush()  # all of it back: fine
    line.quantity_returned = 3
    with pytest.raises(IntegrityError, match="never_more_back_than_sold"):
        session.flush()


def test_ledger_balance_never_below_zero(session: Session) -> None:
    account = _account(session)
    session.add(_entry(account, 1, "50.00", "50.00"))
    session.flush()
    session.add(_entry(account, 2, "-60.00", "-10.00"))
    with pytest.raises(IntegrityError, match="balance_never_negative"):
        session.flush()


def test_two_entries_cannot_take_the_same_place_in_a_ledger(session: Session) -> None:
    account = _account(session)
    session.add(_entry(account, 1, "50.00", "50.00"))
    session.flush()
    session.add(_entry(account, 1, "25.00", "75.00"))
    with pytest.raises(IntegrityError, match=r"uq_ledger_entries_account_id|UNIQUE constraint"):
        session.flush()


def test_store_credit_needs_a_customer(session: Session) -> None:
    session.add(ValueAccount(kind=AccountKind.STORE_CREDIT, number=f"C-{_tag()}", currency="CAD"))
    with pytest.raises(IntegrityError, match="store_credit_has_owner"):
        session.flush()
    session.rollback()
    customer = Customer(first_name="Ana", last_name="Côté")
    session.add(customer)
    session.flush()
    session.add(
        ValueAccount(
            kind=AccountKind.STORE_CREDIT, number=f"C-{_tag()}", currency="CAD",
            customer_id=customer.id,
        )
    )
    session.flush()  # with an owner: fine


@pytest.mark.parametrize(
    "amount",
    ["0.01", "0.10", "19.99", "140.00", "1234567.89", "9999999999.99"],
)
def test_money_round_trips_as_exact_decimal(session: Session, amount: str) -> None:
    line = _order_with_line(session, price=Decimal(amount))
    session.add(Tender(order_id=line.order_id, kind=TenderKind.CASH, amount=Decimal(amount)))
    session.commit()
    session.expunge_all()  # read back from the database, not the identity map
    stored = session.scalars(select(Tender.amount).where(Tender.order_id == line.order_id)).one()
    paid = session.scalars(select(OrderLine.paid).where(OrderLine.id == line.id)).one()
    for value in (stored, paid):
        assert type(value) is Decimal
        assert value == Decimal(amount)
        assert value.as_tuple().exponent == -2
