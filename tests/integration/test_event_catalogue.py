"""The catalogue of audit events (domain.events): one entry per kind, the wire strings unchanged,
and every event a test records carries exactly its kind's details (checked in tests/conftest.py)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.orm import Session

from storepos.domain.events import LEDGER_EVENTS, PAYLOADS, EventKind
from storepos.domain.vocabulary import LedgerKind
from storepos.services.base import journal
from tests.conftest import unlisted_details


def test_every_kind_has_its_payload_and_ledger_kinds_have_events() -> None:
    assert set(PAYLOADS) == set(EventKind)
    assert {EventKind.ledger(kind) for kind in LedgerKind} == set(LEDGER_EVENTS)
    assert EventKind.RETURN_COMPLETED == "return.completed"  # the wire string, byte for byte


def test_details_are_checked_against_the_catalogue() -> None:
    assert unlisted_details("pickup.ready", {"number": "P-1"}) == set()
    assert unlisted_details("pickup.ready", {"number": "P-1", "extra": 1}) == {"extra"}
    assert unlisted_details("warranty.opened", {"order_number": "1"}) == {"number"}
    assert unlisted_details("test.note", {"anything": 1}) == set()


def test_an_event_off_its_payload_is_refused_in_tests(session: Session) -> None:
    station = journal.Station(store_id=None, till_id=None)
    with pytest.raises(AssertionError, match=r"pickup\.ready details"):
        journal.record(session, station, EventKind.PICKUP_READY, "pickup", uuid.uuid4(),
                       {"number": "P-1", "shelf": "B"})
        session.flush()
