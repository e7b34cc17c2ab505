"""Finding a customer by e-mail or phone for store credit: the order lookup's normalisers, plain rows."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from storepos.domain.errors import InvalidInput
from storepos.domain.vocabulary import Role
from storepos.persistence.db import make_session_factory
from storepos.persistence.models import Customer
from storepos.services.cards.customers import customer_by_id, find_customers
from storepos.services.staff.auth import PermissionDenied
from tests.factories import actor_for, make_employee, make_store, token


def test_finds_by_email_and_phone_as_staff_type_them(db_engine: Engine) -> None:
    factory = make_session_factory(db_engine)
    mail = f"ana.{token().lower()}@example.ca"
    phone = "416" + str(int(token(7), 36) % 10_000_000).zfill(7)
    with factory.begin() as s:
        store = make_store(s)
        cashier = actor_for(make_employee(s, store, Role.CASHIER), store)
        stock = actor_for(make_employee(s, store, Role.STOCK), store)
        ana = Customer(first_name="Ana", last_name="Côté", email=mail, phone=phone)
        s.add(ana)
    with factory() as s:
        by_mail = find_customers(s, cashier, f"  {mail.upper()} ")
        assert [(c.id, c.name, c.email, c.phone) for c in by_mail] == [(ana.id, "Ana Côté", mail, phone)]
        formatted = f"+1 ({phone[:3]}) {phone[3:6]}-{phone[6:]}"
        assert [c.id for c in find_customers(s, cashier, formatted)] == [ana.id]
        assert find_customers(s, cashier, "nobody.here@example.invalid") == []
        assert customer_by_id(s, cashier, ana.id).name == "Ana Côté"  # type: ignore[union-attr]
        with pytest.raises(InvalidInput, match="whole phone number"):
            find_customers(s, cashier, "555")
        with pytest.raises(InvalidInput, match="full card number"):
            find_customers(s, cashier, "4111 1111 1111 1111")
        with pytest.raises(InvalidInput, match="e-mail"):
            find_customers(s, cashier, "  ")
        with pytest.raises(PermissionDenied):
            find_customers(s, stock, mail)
