"""Order lookup on SQLite and PostgreSQL: number + last name, Return ID, e-mail, phone."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from storepos.domain.errors import InvalidInput
from storepos.domain.vocabulary import Fulfillment, ReturnStatus, TenderKind
from storepos.persistence.db import make_session_factory
from storepos.persistence.models import OrderLine
from storepos.services.base.order_lookup import (
    OrderNotFound,
    find_by_return_id,
    find_order,
    find_orders_by_contact,
    find_orders_by_email,
    find_orders_by_phone,
    load_order,
)
from tests.integration.lookup_data import build_order


@pytest.fixture
def built(db_engine: Engine):  # type: ignore[no-untyped-def]
    return build_order(db_engine)


def test_number_and_unaccented_upper_case_name_finds_cote(db_engine: Engine, built) -> None:  # type: ignore[no-untyped-def]
    with db_engine.connect() as conn:
        order = find_order(conn, built.number, "COTE")
    assert order.id == built.order_id
    assert order.billing_last_name == "Côté"
    assert order.fulfillment is Fulfillment.SHIP_TO_HOME
    assert [line.line_no for line in order.lines] == [1, 2, 3]
    first = order.lines[0]
    assert (first.brand, first.product_name, first.colour, first.size) == (
        "Birkenstock", "Arizona", "Taupe", "39")
    assert (first.quantity, first.quantity_returned, first.remaining) == (2, 1, 1)
    assert (first.list_price, first.paid) == (Decimal("149.99"), Decimal("199.99"))
    assert first.tags == {"discounted"}
    assert order.lines[1].variant_tags == {"clearance"}
    assert order.lines[2].product_tags == {"accessory"}
    assert order.shipping_charged == Decimal("9.95")
    labels = {t.kind: t.label for t in order.tenders}
    assert labels == {TenderKind.CARD: "VISA ••••4242", TenderKind.PAYPAL: "PayPal"}
    assert sum(t.amount for t in order.tenders) == Decimal("379.92")


@pytest.mark.parametrize("typed_name", ["cote", " Côté ", "CÔTÉ", "côte"])
def test_name_is_case_and_accent_insensitive_and_number_is_trimmed(
    db_engine: Engine, built, typed_name: str  # type: ignore[no-untyped-def]
) -> None:
    with make_session_factory(db_engine)() as session:  # a Session works as well as a Connection
        order = find_order(session, f"  #{built.number} ", typed_name)
    assert order.number == built.number


def test_wrong_last_name_is_not_found_in_plain_words(db_engine: Engine, built) -> None:  # type: ignore[no-untyped-def]
    with db_engine.connect() as conn, pytest.raises(OrderNotFound) as caught:
        find_order(conn, built.number, "Smith")
    assert caught.value.message == f"No order {built.number} with last name Smith"


def test_unknown_number_is_not_found(db_engine: Engine, built) -> None:  # type: ignore[no-untyped-def]
    with db_engine.connect() as conn, \
            pytest.raises(OrderNotFound, match="No order 12345 with last name Cote"):
        find_order(conn, "12345", "Cote")


def test_empty_input_asks_for_both_fields(db_engine: Engine) -> None:
    with db_engine.connect() as conn, pytest.raises(InvalidInput):
        find_order(conn, " ", "Cote")


def test_return_id_finds_the_order_and_what_it_covers(db_engine: Engine, built) -> None:  # type: ignore[no-untyped-def]
    with db_engine.connect() as conn:
        order = find_by_return_id(conn, f" {built.return_id.lower()} ")
    assert order.id == built.order_id
    assert order.matched_return is not None
    assert order.matched_return.number == built.return_id
    assert order.matched_return.status is ReturnStatus.REQUESTED
    assert order.matched_return.lines == ((built.line_ids[1], 1),)
    with db_engine.connect() as conn, pytest.raises(OrderNotFound, match="No return with Return ID R-X-1"):
        find_by_return_id(conn, "R-X-1")


def test_email_is_case_insensitive(db_engine: Engine, built) -> None:  # type: ignore[no-untyped-def]
    with db_engine.connect() as conn:
        orders = find_orders_by_email(conn, f"  {built.email.upper()} ")
    assert [o.id for o in orders] == [built.order_id]
    assert len(orders[0].lines) == 3


@pytest.mark.parametrize("style", ["{a}{b}{c}", "({a}) {b}-{c}", "+1 {a}.{b}.{c}", "1-{a}-{b}-{c}"])
def test_phone_matches_in_any_formatting(db_engine: Engine, built, style: str) -> None:  # type: ignore[no-untyped-def]
    digits = built.phone_digits
    typed = style.format(a=digits[:3], b=digits[3:6], c=digits[6:])
    with db_engine.connect() as conn:
        orders = find_orders_by_contact(conn, typed)
    assert [o.id for o in orders] == [built.order_id]


def test_unknown_contact_is_not_found(db_engine: Engine) -> None:
    with db_engine.connect() as conn:
        with pytest.raises(OrderNotFound, match=r"No orders for e-mail nobody@example.com"):
            find_orders_by_contact(conn, "Nobody@Example.com")
        with pytest.raises(OrderNotFound, match="No orders for phone 000"):
            find_orders_by_phone(conn, "000")


def test_load_order_by_id_and_reads_inside_the_callers_transaction(db_engine: Engine, built) -> None:  # type: ignore[no-untyped-def]
    with make_session_factory(db_engine)() as session:
        assert load_order(session, built.order_id).number == built.number  # type: ignore[union-attr]
        assert load_order(session, uuid.uuid4()) is None
        line = session.get(OrderLine, built.line_ids[1])
        assert line is not None
        line.quantity_returned = 1
        session.flush()  # not committed: the lookup runs on the session's own connection
        assert find_order(session, built.number, "cote").lines[1].quantity_returned == 1
        session.rollback()
    with db_engine.connect() as conn:
        assert find_order(conn, built.number, "cote").lines[1].quantity_returned == 0
