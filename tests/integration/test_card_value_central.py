"""Card value built by hand on a till and pushed to the real central service on loopback: a credit
with no source, a "promotion" with no manager, a "sale" with no tender, and a genuine goodwill
credit whose approver was deleted from the till's outbox with sqlite3. Each is quarantined; the
central ledger holds only the value that had a source (issue 12)."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from storepos.central.engine import make_central_engine
from storepos.central.schema import ledger
from storepos.domain.card_value import ValueSource
from storepos.domain.sync import EventStatus
from storepos.domain.vocabulary import Role, TenderKind
from storepos.persistence.models import Store
from storepos.persistence.uow import UnitOfWork
from storepos.services.cards import value_accounts as va
from storepos.services.cards.value_source import given, sold, value_binding
from tests.factories import actor_for, make_employee, minted_yes
from tests.integration.central_service import Service, add_store, serving, storepos
from tests.integration.sync_world import central_pg, queue_raw
from tests.integration.test_http_sync_faults import connect, set_up_till

pytestmark = pytest.mark.postgres
__all__ = ["central_pg"]  # the fixture, used by name


@pytest.fixture
def pg_service(central_pg: str) -> Iterator[Service]:
    done = storepos("central", "init", "--db", central_pg)
    assert done.returncode == 0, done.stderr
    with serving(central_pg) as running:
        yield running


def _by_hand(card: va.AccountView, kind: str, amount: str) -> dict[str, Any]:
    account = {"id": str(card.id), "kind": "gift_card", "number": card.number, "currency": "CAD",
               "issued_store_id": None}
    return {"account": account, "entry": {"id": str(uuid.uuid4()), "kind": kind, "amount": amount,
                                          "account_id": str(card.id)}}


def test_value_with_no_source_is_quarantined_centrally(pg_service: Service, tmp_path: Path) -> None:
    add_store(pg_service.db, "TOR1")
    till = set_up_till(pg_service, tmp_path / "tor", "TOR1", "Till 1")
    with UnitOfWork(till.sessions) as uow:
        store = uow.session.scalars(select(Store)).one()
        manager = actor_for(make_employee(uow.session, store, Role.MANAGER), store)
        uow.commit()
    late, edited_later = (minted_yes(till.sessions, till.actor, manager,
                                     value_binding(ValueSource.GOODWILL, Decimal(amount)), why)
                          for amount, why in (("10.00", "Late delivery"), ("30.00", "Edited later")))
    with UnitOfWork(till.sessions) as uow:
        card = va.issue_gift_card(uow.session, till.actor, "25.00", sold(TenderKind.CASH)).account
        va.credit_account(uow.session, till.actor, card.id, "10.00",
                          given(ValueSource.GOODWILL, late))
        va.credit_account(uow.session, till.actor, card.id, "30.00",
                          given(ValueSource.GOODWILL, edited_later))
        uow.commit()
    bare = queue_raw(till, "ledger.credit", rows=_by_hand(card, "credit", "5000.00"))
    promo = queue_raw(till, "ledger.issue", rows=_by_hand(card, "issue", "500.00"),
                      details={"source": {"kind": "promotion"}})
    unpaid = queue_raw(till, "ledger.issue", rows=_by_hand(card, "issue", "500.00"),
                       details={"source": {"kind": "sale"}})
    # The dishonest edit: drop the approver from the genuine goodwill credit waiting to be pushed.
    with sqlite3.connect(till.path) as db:
        edited = db.execute(
            "UPDATE outbox SET payload = json_remove(payload, '$.audit.approved_by') "
            "WHERE action = 'ledger.credit' AND json_extract(payload, '$.audit.reason') = ?",
            ("Edited later",)).rowcount
    assert edited == 1

    report = till.service(connect(till)).sync_once()

    assert report.quarantined == 4
    outbox = {e.id: e for e in till.outbox()}
    assert "no sale, return, warranty claim or manager" in (outbox[bare].result or "")
    assert "without one and a reason" in (outbox[promo].result or "")
    assert "without the payment taken for it" in (outbox[unpaid].result or "")
    quarantined = [e for e in outbox.values() if e.status is EventStatus.QUARANTINED]
    assert len(quarantined) == 4
    assert any("without one and a reason" in (e.result or "") for e in quarantined
               if e.id not in (bare, promo, unpaid))  # the edited goodwill credit
    with make_central_engine(pg_service.db).connect() as conn:
        held = conn.scalar(select(func.sum(ledger.c.amount)).where(ledger.c.account_id == card.id))
    assert held == Decimal("35.00")  # the sale and the approved goodwill: nothing minted
