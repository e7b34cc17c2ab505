"""The journal seam: one audit row per call, JSON-safe details, and the only writer of audit rows."""

from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from storepos.domain.cards import FullCardNumberError
from storepos.domain.vocabulary import Resolution, Role
from storepos.persistence.models import AuditEvent
from storepos.services.base import journal
from tests.factories import FixedClock, actor_for, make_employee, make_store

SRC = Path(__file__).resolve().parents[2] / "src" / "storepos"


def test_record_writes_one_event_with_json_safe_details(session: Session) -> None:
    store = make_store(session)
    manager = make_employee(session, store, Role.MANAGER)
    actor = actor_for(make_employee(session, store), store, clock=FixedClock())
    subject = uuid.uuid4()
    # Not a catalogued kind: these details only show the JSON conversion (tests/conftest.py).
    journal.record(session, actor, "test.details", "return_line", subject,
                   {"amount": Decimal("12.5"), "on": date(2025, 6, 1), "what": Resolution.REFUND,
                    "ids": (subject,)}, approved_by=manager.id, reason="box damaged")
    session.flush()
    event = session.scalars(select(AuditEvent).where(AuditEvent.subject_id == subject)).one()
    assert event.details == {"amount": "12.50", "on": "2025-06-01", "what": "refund",
                             "ids": [str(subject)]}
    assert (event.employee_id, event.till_id, event.approved_by, event.reason) == (
        actor.employee_id, actor.till_id, manager.id, "box damaged")
    assert event.occurred_at.replace(tzinfo=None) == FixedClock().at.replace(tzinfo=None)


def test_a_full_card_number_never_reaches_the_audit(session: Session) -> None:
    store = make_store(session)
    actor = actor_for(make_employee(session, store), store)
    with pytest.raises(FullCardNumberError):
        journal.record(session, actor, "x", "y", None, {"note": "4111 1111 1111 1111"})


def test_only_the_journal_creates_audit_events() -> None:
    writers = [
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if re.search(r'(?<!class )AuditEvent\(|insert\(AuditEvent|\["audit_events"\]',
                     path.read_text(encoding="utf-8"))
    ]
    assert writers == ["services/base/journal.py"]
