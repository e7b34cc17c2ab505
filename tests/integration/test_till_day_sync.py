"""The close of a till's day reaches head office by sync like any event: the central service keeps
the count (till_day_closes, one row per till and date, under the store's row-level security), and a
second close of the same day, replayed or made up by a till, is refused there."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from storepos.central.client import Central
from storepos.central.schema import till_day_closes
from storepos.domain.events import EventKind
from storepos.domain.sync import EventStatus
from storepos.persistence.uow import UnitOfWork
from storepos.services.day import days
from tests.integration.sync_world import central_pg, make_till, queue_raw

__all__ = ["central_pg"]  # the fixture


def test_the_close_is_kept_centrally_once(central_pg: str, tmp_path: Path) -> None:
    central = Central.connect(central_pg)
    till = make_till(tmp_path / "a.db")
    with UnitOfWork(till.sessions) as uow:
        days.open_day(uow.session, till.actor, {"20.00": 10, "1.00": 5})
        days.close_day(uow.session, till.actor, {"20.00": 10, "1.00": 4})  # 1.00 short
        uow.commit()
    till.service(central).sync_once()
    closed = [e for e in till.outbox() if e.action == EventKind.DAY_CLOSED]
    assert [e.status for e in closed] == [EventStatus.APPLIED]
    with central.engine.connect() as conn:
        row = conn.execute(select(till_day_closes).where(
            till_day_closes.c.till_id == till.actor.till_id)).one()
    assert (row.expected, row.counted, row.variance) == (Decimal("205.00"), Decimal("204.00"),
                                                         Decimal("-1.00"))
    assert row.business_date == till.actor.today() and row.counts == {"20.00": 10, "1.00": 4}
    assert row.closed_by == till.actor.employee_id and row.approved_by is None

    # the same day closed again, as a till could send it by hand: refused centrally
    again = queue_raw(till, EventKind.DAY_CLOSED, details={
        "business_date": till.actor.today().isoformat(), "currency": "CAD", "float": "205.00",
        "expected": "205.00", "counted": "999.00", "variance": "794.00", "counts": {},
        "movements": {}, "threshold": "5.00"})
    till.service(central).sync_once()
    entry = {e.id: e for e in till.outbox()}[again]
    assert entry.status is EventStatus.QUARANTINED and "never reopened" in entry.result
    with central.engine.connect() as conn:
        assert conn.execute(select(till_day_closes.c.counted).where(
            till_day_closes.c.till_id == till.actor.till_id)).scalars().all() == [Decimal("204.00")]
