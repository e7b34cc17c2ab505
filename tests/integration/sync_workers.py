"""Worker processes for the sync tests: `python -m tests.integration.sync_workers MODE ...`.

    returns DB PREFIX ORDER_ID         complete returns of one unit, forever (killed with SIGKILL)
    push-same URL EVENT.json TIMES GO  wait for the GO file, then push one event TIMES times
    sync DB PREFIX URL BATCH           sync until the outbox is empty (killed with SIGKILL)
    redeem URL ACCOUNT STORE AMOUNT GO wait for GO, then hold and capture until the card says no
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from storepos.central.client import Central
from storepos.domain.sync import EventStatus
from storepos.domain.vocabulary import Reason, Resolution, Role
from storepos.persistence.db import make_engine, make_session_factory
from storepos.persistence.models import Employee, Store, Till
from storepos.persistence.uow import UnitOfWork
from storepos.services.base.context import Actor
from storepos.services.returns.complete import complete_return
from storepos.services.returns.eligibility import ALL_SHOWN
from storepos.services.returns.types import LineRequest, ReturnRequest
from storepos.services.sync.local_till import LocalTill
from storepos.sync.errors import CardRefused
from storepos.sync.protocol import Event
from storepos.sync.service import SyncService
from tests.factories import FixedClock


def _wait_for(path: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() > deadline:
            raise SystemExit("no go signal")
        time.sleep(0.005)


def returns(db: str, prefix: str, order_id: str) -> None:
    sessions = make_session_factory(make_engine(db))
    with sessions() as s:
        till = s.scalars(select(Till).where(Till.prefix == prefix)).one()
        store = s.get(Store, till.store_id)
        employee = s.scalars(select(Employee).where(Employee.store_id == store.id,
                                                    Employee.role == Role.CASHIER)).first()
        actor = Actor(employee.id, employee.number, employee.name, Role.CASHIER, store.id,
                      store.time_zone, till.id, till.prefix, clock=FixedClock())
    request = ReturnRequest((LineRequest(1, 1, Reason.CHANGE_OF_MIND, ALL_SHOWN,
                                         Resolution.REFUND),), order_id=uuid.UUID(order_id))
    print("ready", flush=True)
    while True:
        with UnitOfWork(sessions) as uow:
            summary = complete_return(uow.session, actor, request)
            uow.commit()
        print(summary.return_number, flush=True)


def push_same(url: str, event_path: str, times: str, go: str) -> None:
    raw = json.loads(Path(event_path).read_text(encoding="utf-8"))
    event = Event(uuid.UUID(raw["event_id"]), uuid.UUID(raw["store_id"]),
                  uuid.UUID(raw["till_id"]), raw["seq"], raw["action"],
                  datetime.fromisoformat(raw["occurred_at"]), raw["payload"])
    central = Central.connect(url)
    _wait_for(Path(go))
    fresh = 0
    for _ in range(int(times)):
        [result] = central.push(event.store_id, event.till_id, [event])
        assert result.status is EventStatus.APPLIED, result
        fresh += not result.duplicate
    print(json.dumps({"fresh": fresh}), flush=True)


def sync(db: str, prefix: str, url: str, batch: str) -> None:
    local = LocalTill.for_prefix(make_session_factory(make_engine(db)), prefix)
    service = SyncService(local, Central.connect(url), batch_size=int(batch))
    print("ready", flush=True)
    while local.counts().pending:
        service.sync_once()
        print("synced", flush=True)


def redeem(url: str, account: str, store: str, amount: str, go: str) -> None:
    cards = Central.connect(url).cards
    _wait_for(Path(go))
    captured = Decimal("0.00")
    for _ in range(10_000):  # bounded; nothing is released here, so one "no" is final
        try:
            held = cards.hold(uuid.UUID(account), Decimal(amount), store_id=uuid.UUID(store))
        except CardRefused:
            break
        cards.capture(held, store_id=uuid.UUID(store))
        captured += Decimal(amount)
    print(json.dumps({"captured": str(captured)}), flush=True)


MODES = {"returns": returns, "push-same": push_same, "sync": sync, "redeem": redeem}

if __name__ == "__main__":
    MODES[sys.argv[1]](*sys.argv[2:])
