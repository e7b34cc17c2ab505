"""The embedded central (a single store, the demo) runs the service's own rule code in process:
the same push a till of store A sends over HTTP with events naming store B is quarantined with the
same words when it goes through the in-process client."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import select

from storepos.central.client import Central
from storepos.central.migrate import upgrade
from storepos.central.schema import events, quarantine
from tests.integration.central_service import note


def test_the_embedded_central_quarantines_another_stores_event_as_the_service_does(
        tmp_path: Path) -> None:
    central = Central.connect(str(tmp_path / "central.db"))
    upgrade(central.engine)
    a_store, a_till, b_store = (str(uuid.uuid4()) for _ in range(3))
    own, of_b = note(a_store, a_till, 1), note(b_store, a_till, 2)
    try:
        results = central.push(uuid.UUID(a_store), uuid.UUID(a_till), [own, of_b])
        with central.engine.connect() as conn:
            in_b = conn.scalars(select(events.c.event_id)
                                .where(events.c.store_id == uuid.UUID(b_store))).all()
            held = conn.execute(select(quarantine.c.store_id)
                                .where(quarantine.c.event_id == of_b.event_id)).scalar_one()
        problems = central.open_problems(uuid.UUID(a_store))
    finally:
        central.close()
    by_id = {r.event_id: r for r in results}
    assert by_id[own.event_id].status.value == "applied"
    assert by_id[of_b.event_id].status.value == "quarantined"
    assert "another store" in (by_id[of_b.event_id].reason or "")
    assert in_b == [] and held == uuid.UUID(a_store)
    assert [p.event_id for p in problems] == [of_b.event_id]
