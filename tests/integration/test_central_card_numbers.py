"""The central side never stores a full card number in clear, whatever a till sends: an outbox
entry written by hand (a hostile till, an old one) is stored masked, quarantined, never applied."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from storepos.central.client import Central
from storepos.central.schema import events, quarantine
from storepos.domain.cards import carries_card_number
from storepos.domain.sync import EventStatus
from tests.integration.sync_world import central_pg, make_till, queue_notes, queue_raw

pytestmark = pytest.mark.postgres
__all__ = ["central_pg"]  # the fixture, used by name


def test_an_event_carrying_a_card_number_is_stored_masked_and_quarantined(
        central_pg: str, tmp_path: Path) -> None:
    central = Central.connect(central_pg)
    till = make_till(tmp_path / "till.db")
    queue_notes(till, 1)
    bad = queue_raw(till, "test.note", details={"note": "paid 4111.1111.1111.1111",
                                                "ref": 4111111111111111})
    queue_notes(till, 1)
    report = till.service(central).sync_once()
    assert report.pushed == 3

    with central.engine.connect() as conn:
        stored = {r.event_id: r for r in conn.execute(
            select(events.c.event_id, events.c.status, events.c.result, events.c.payload)
            .where(events.c.till_id == till.actor.till_id))}
        held = conn.execute(select(quarantine.c.reason, quarantine.c.payload)
                            .where(quarantine.c.event_id == bad)).one()
    central.close()
    assert len(stored) == 3 and not carries_card_number([r.payload for r in stored.values()])
    assert stored[bad].status == EventStatus.QUARANTINED.value
    assert "card number" in stored[bad].result and "card number" in held.reason
    note = stored[bad].payload["audit"]["details"]["note"]
    assert note == "paid \u2022\u2022\u2022\u2022.\u2022\u2022\u2022\u2022.\u2022\u2022\u2022\u2022.1111"
    assert not carries_card_number(held.payload)
    others = [r.status for e, r in stored.items() if e != bad]
    assert others == [EventStatus.APPLIED.value] * 2  # the rest of the queue flows
    sent = {e.id: e.status for e in till.outbox()}
    assert sent[bad] is EventStatus.QUARANTINED
