"""As a careless or dishonest employee would, calling the services directly: a full card number
written with dots, slashes, underscores, double spaces or full-width digits reaches no ledger
note, no audit row and no outbox entry; lookups refuse it without repeating it; an amount field
refuses "1e3" instead of cleaning it. On SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from storepos.domain.card_value import ValueSource
from storepos.domain.cards import CARD_NUMBER_WORDS, FullCardNumberError, carries_card_number
from storepos.domain.errors import InvalidInput
from storepos.domain.pickups import NotifyChannel
from storepos.domain.vocabulary import Role, TenderKind
from storepos.persistence.db import make_session_factory
from storepos.persistence.models import AuditEvent, LedgerEntry, OutboxEntry, ValueAccount
from storepos.persistence.uow import UnitOfWork
from storepos.services.base import journal
from storepos.services.base.context import Actor
from storepos.services.base.order_lookup import find_order
from storepos.services.base.scan import resolve
from storepos.services.cards import value_accounts as va
from storepos.services.cards.api import CardsServices
from storepos.services.cards.customers import find_customers
from storepos.services.cards.value_source import given, sold, value_binding
from storepos.services.orders.api import search
from storepos.services.pickups.status import mark_arrived, mark_ready, record_notification
from storepos.services.staff import auth
from storepos.services.warranty.claims import open_claim_from_proof
from tests.factories import PIN, actor_for, make_employee, make_store, minted_yes
from tests.integration.pickup_world import build as pickup_world

D = Decimal
T = TypeVar("T")

# The reporter's number, written the ways that passed the old filter.
WRITTEN = [
    "4111.1111.1111.1111", "4111/1111/1111/1111", "4111_1111_1111_1111", "4111  1111  1111  1111",
    "\uff14\uff11\uff11\uff11\u3000\uff11\uff11\uff11\uff11\u3000\uff11\uff11\uff11\uff11\u3000"
    "\uff11\uff11\uff11\uff11",  # full-width digits, ideographic spaces
    "4111\u00a01111\u00a01111\u00a01111", "4111 - 1111 - 1111 - 1111",
]


@dataclass
class Till:
    factory: sessionmaker[Session]
    cashier: Actor
    manager: Actor

    def run(self, action: Callable[[Session], T]) -> T:
        with UnitOfWork(self.factory) as uow:
            result = action(uow.session)
            uow.commit()
            return result

    def count(self, model: Any) -> int:
        """This store's rows (the PostgreSQL test database is shared by the whole run)."""
        store = model.issued_store_id if model is ValueAccount else model.store_id
        with self.factory() as s:
            return int(s.scalar(select(func.count()).select_from(model)
                                .where(store == self.cashier.store_id)) or 0)

    def no_card_number_stored(self) -> None:
        """Nothing the till keeps or sends holds a card number, however written."""
        here = self.cashier.store_id
        with self.factory() as s:
            notes = s.scalars(select(LedgerEntry.note).where(LedgerEntry.store_id == here)).all()
            audits = s.execute(select(AuditEvent.reason, AuditEvent.details)
                               .where(AuditEvent.store_id == here)).all()
            outbox = s.scalars(select(OutboxEntry.payload).where(OutboxEntry.store_id == here)).all()
        assert not carries_card_number([*notes, *(list(a) for a in audits), *outbox])


@pytest.fixture
def till(db_engine: Engine) -> Till:
    factory = make_session_factory(db_engine)
    with UnitOfWork(factory) as uow:
        store = make_store(uow.session)
        people = [make_employee(uow.session, store, role) for role in (Role.CASHIER, Role.MANAGER)]
        uow.commit()
        return Till(factory, *(actor_for(p, store) for p in people))


def refused(till: Till, action: Callable[[Session], object]) -> str:
    with pytest.raises(FullCardNumberError) as caught:
        till.run(action)
    assert caught.value.message == CARD_NUMBER_WORDS
    return caught.value.message


@pytest.mark.parametrize("text", WRITTEN)
def test_no_ledger_note_holds_a_card_number(till: Till, text: str) -> None:
    card = till.run(lambda s: va.issue_gift_card(s, till.cashier, "50.00", sold(TenderKind.CASH))).account
    before = (till.count(LedgerEntry), till.count(AuditEvent), till.count(OutboxEntry))
    refused(till, lambda s: va.issue_gift_card(s, till.cashier, "25.00", sold(TenderKind.CASH),
                                               note=f"paid {text}"))
    refused(till, lambda s: va.redeem(s, till.cashier, card.number, "5.00", note=text))
    kind = given(ValueSource.GOODWILL, minted_yes(
        till.factory, till.cashier, till.manager,
        value_binding(ValueSource.GOODWILL, Decimal("5.00"))), "Apology")
    refused(till, lambda s: va.credit_account(s, till.cashier, card.id, "5.00", kind, note=text))
    assert (till.count(LedgerEntry), till.count(AuditEvent), till.count(OutboxEntry)) == before
    till.no_card_number_stored()


@pytest.mark.parametrize("text", WRITTEN)
def test_no_audit_row_holds_a_card_number(till: Till, text: str) -> None:
    entry = till.run(lambda s: va.issue_gift_card(s, till.cashier, "50.00", sold(TenderKind.CASH))).entry
    before = till.count(AuditEvent)
    # A manager's reason typed for a correction; a reason and details handed straight to the seam.
    with pytest.raises(InvalidInput, match="full card number"):
        auth.approve(till.factory, till.manager, till.manager.employee_number, PIN, f"typo {text}",
                     va.correction_binding(entry.id))
    refused(till, lambda s: journal.record(s, till.cashier, "test.note", "note", None,
                                           reason=f"card {text}"))
    refused(till, lambda s: journal.record(s, till.cashier, "test.note", "note", None,
                                           {"note": f"card {text}"}))
    assert till.count(AuditEvent) == before
    till.no_card_number_stored()


def test_no_outbox_entry_holds_a_card_number(till: Till) -> None:
    """What the journal's text check never saw (a number as an int, a key) stops at the writer."""
    before = till.count(OutboxEntry)
    for details in ({"ref": 4111111111111111}, {"4111.1111.1111.1111": "x"},
                    {"lines": [{"ref": ["ok", 4111111111111111.0]}]}):
        refused(till, lambda s, d=details: journal.record(s, till.cashier, "test.note", "note",
                                                          None, d))
    assert till.count(OutboxEntry) == before
    till.run(lambda s: journal.record(s, till.cashier, "test.note", "note", uuid.uuid4(),
                                      {"at": "2025-06-01T14:30:15.123456+00:00", "n": 10000042}))
    assert till.count(OutboxEntry) == before + 1  # ids, times and order numbers still flow
    till.no_card_number_stored()


def test_a_pickup_note_and_a_warranty_claim_refuse_a_dotted_card_number(db_engine: Engine) -> None:
    w = pickup_world(db_engine)
    w.run(lambda s: mark_arrived(s, w.stock, w.pickup_number))
    w.run(lambda s: mark_ready(s, w.stock, w.pickup_number))
    with pytest.raises(FullCardNumberError):
        w.run(lambda s: record_notification(s, w.cashier, w.pickup_number, NotifyChannel.PHONE,
                                            "paid by 4111.1111.1111.1111"))
    with pytest.raises(FullCardNumberError):
        w.run(lambda s: open_claim_from_proof(s, w.cashier, "paid 4111_1111_1111_1111", "A boot"))
    with w.factory() as s:
        payloads = s.scalars(select(OutboxEntry.payload).where(OutboxEntry.store_id == w.store_id)).all()
        audits = s.scalars(select(AuditEvent.details).where(AuditEvent.store_id == w.store_id)).all()
    assert not carries_card_number([*payloads, *audits])


@pytest.mark.parametrize("text", WRITTEN[:5])
def test_lookups_refuse_a_card_number_and_never_repeat_it(till: Till, text: str) -> None:
    lookups: list[Callable[[Session], object]] = [
        lambda s: resolve(s, till.cashier, text),  # the home screen's scan field
        lambda s: search(s, till.cashier, text),  # Find orders
        lambda s: find_order(s, text, "Cote"),  # returns: order number + last name
        lambda s: find_order(s, "10000042", f"Cote {text}"),
        lambda s: find_customers(s, till.cashier, text),
        lambda s: va.find_account(s, till.cashier, text),  # gift card / store credit number
    ]
    for lookup in lookups:
        assert text not in refused(till, lookup)


@pytest.mark.parametrize(("typed", "words"), [
    ("1e3", "not an amount"), ("12,34,5", "groups of three"), ("NaN", "not an amount"),
    ("Infinity", "not an amount"), ("-5", "minus"), ("12.345", "two decimals"),
    ("99999999999999.99", "too large"),
])
def test_an_amount_that_is_not_one_issues_nothing(till: Till, typed: str, words: str) -> None:
    """The door the gift card screen calls, called by hand: "1e3" once issued a card."""
    with pytest.raises(InvalidInput, match=words):
        till.run(lambda s: CardsServices().issue(s, till.cashier, typed, TenderKind.CASH))
    with pytest.raises(InvalidInput, match=words):
        till.run(lambda s: va.add_store_credit(s, till.cashier, uuid.uuid4(), typed))
    assert till.count(ValueAccount) == 0 and till.count(LedgerEntry) == 0


def test_an_absurd_decimal_is_refused_in_words(till: Till) -> None:
    with pytest.raises(InvalidInput, match="too large"):
        till.run(lambda s: va.issue_gift_card(s, till.cashier, D("99999999999999.99"), sold(TenderKind.CASH)))
    assert till.count(ValueAccount) == 0
