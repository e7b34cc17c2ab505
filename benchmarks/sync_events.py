"""Shared by the sync benchmarks: throwaway central databases, tills as SQLite files, and outbox
entries shaped exactly like the ones `services.outbox` writes (a completed return with its line and
refund, or an audit-only event), inserted in bulk so that making 100,000 of them is not the thing
being measured."""

from __future__ import annotations

import os
import secrets
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, make_url, text, update

from storepos.domain.vocabulary import StoreKind
from storepos.persistence.db import make_engine, make_session_factory
from storepos.persistence.migrate import upgrade
from storepos.persistence.models import NumberSequence, OutboxEntry, Store, Till
from storepos.persistence.uow import UnitOfWork
from storepos.services.base.outbox import OUTBOX_SEQUENCE, next_seq
from storepos.services.sync.local_till import LocalTill
from storepos.central.migrate import upgrade as upgrade_central

SERVER = os.environ.get("STOREPOS_BENCH_PG_URL",
                        "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
NOW = datetime(2025, 6, 1, 16, 0, tzinfo=UTC)


@contextmanager
def central_database(prefix: str = "storepos_bench") -> Iterator[str]:
    """A fresh, migrated central database on the server; dropped afterwards."""
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{secrets.token_hex(5)}"
    quoted = admin.dialect.identifier_preparer.quote(name)
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {quoted}"))
    url = make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade_central(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))
        admin.dispose()


def template_till(folder: Path) -> Path:
    """A migrated, empty till database to copy (migrating 100 files would dominate set-up)."""
    path = folder / "template.db"
    engine = make_engine(str(path))
    upgrade(engine)
    engine.dispose()
    return path


def make_till(template: Path, path: Path, code: str) -> LocalTill:
    shutil.copyfile(template, path)
    sessions = make_session_factory(make_engine(str(path)))
    with UnitOfWork(sessions) as uow:
        store = Store(code=code, name=f"Store {code}", kind=StoreKind.RETAIL, country="CA",
                      time_zone="America/Toronto", currency="CAD", locale="en_CA",
                      policy="softmoc")
        store.tills.append(Till(prefix=code, name="Till 1"))
        uow.session.add(store)
        uow.session.flush()
        till_id = store.tills[0].id
        uow.commit()
        return LocalTill(sessions, store.id, till_id)


def _return_payload(store_id: uuid.UUID, till_id: uuid.UUID, n: int, code: str,
                    online: tuple[uuid.UUID, uuid.UUID] | None = None) -> dict[str, Any]:
    ret, line, refund = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    order, order_line = online or (uuid.uuid4(), uuid.uuid4())
    employee = uuid.uuid4()
    number = f"R-{code}-{n:06d}-0"
    at = NOW.isoformat()
    return {
        "audit": {
            "subject_type": "return", "subject_id": str(ret), "employee_id": str(employee),
            "approved_by": None, "reason": None,
            "details": {"return_number": number, "order_number": f"W{n:09d}", "policy": "softmoc",
                        "lines": [{"line_no": 1, "quantity": 1, "resolution": "refund",
                                   "value": "120.00", "restocking_fee": "0.00"}],
                        "refunds": [{"kind": "card", "amount": "120.00",
                                     "label": "VISA ••••4242"}],
                        "collected": [], "shipping_not_refunded": "0.00"},
        },
        "rows": {
            "return": {"id": str(ret), "return_number": number, "order_id": str(order),
                       "status": "completed", "store_id": str(store_id), "till_id": str(till_id),
                       "employee_id": str(employee), "created_at": at, "completed_at": at,
                       "note": ""},
            "lines": [{"id": str(line), "return_id": str(ret), "order_line_id": str(order_line),
                       "quantity": 1, "reason": "wrong_size", "resolution": "refund",
                       "restocking_fee": "0.00", "refund_amount": "120.00", "override_by": None,
                       "override_reason": None}],
            "refunds": [{"id": str(refund), "return_id": str(ret), "tender_id": str(uuid.uuid4()),
                         "kind": "card", "amount": "120.00", "account_id": None,
                         "created_at": at}],
            "exchanges": [],
        },
    }


def _note_payload(n: int) -> dict[str, Any]:
    return {"audit": {"subject_type": "employee", "subject_id": str(uuid.uuid4()),
                      "employee_id": str(uuid.uuid4()), "approved_by": None, "reason": None,
                      "details": {"role": "cashier", "n": n}}}


def queue_events(till: LocalTill, count: int, code: str, *, returns_share: float = 0.5,
                 online: tuple[uuid.UUID, uuid.UUID] | None = None) -> None:
    """`count` outbox entries for the till: completed returns and audit-only sign-ins, mixed;
    with `online` (order id, line id), the first event returns one unit of that online line."""
    with UnitOfWork(till.sessions) as uow:
        s = uow.session
        first = next_seq(s, till.till_id)
        rows = []
        every = round(1 / returns_share) if returns_share else 0
        for i in range(count):
            seq = first + i
            is_return = bool(every) and i % every == 0
            rows.append({
                "id": uuid.uuid4(), "till_id": till.till_id, "store_id": till.store_id,
                "seq": seq, "action": "return.completed" if is_return else "auth.signed_in",
                "occurred_at": NOW, "status": "pending", "result": "",
                "payload": _return_payload(till.store_id, till.till_id, seq, code,
                                           online if online and i == 0 else None)
                if is_return else _note_payload(seq),
            })
        s.execute(insert(OutboxEntry), rows)
        s.execute(update(NumberSequence).where(  # the counter moves past what was written here
            NumberSequence.till_id == till.till_id, NumberSequence.kind == OUTBOX_SEQUENCE
        ).values(next_value=first + count))
        uow.commit()


def online_order(n: int) -> dict[str, Any]:
    """An online order document (as the web shop publishes it): one line of 20 pairs."""
    order_id, line_id = uuid.uuid4(), uuid.uuid4()
    return {
        "id": str(order_id), "number": f"W{n:09d}", "channel": "online",
        "fulfillment": "ship_to_home", "store_id": None, "pickup_store_id": None,
        "customer_id": None, "customer": None, "billing_last_name": "Bench",
        "placed_on": "2025-05-20", "dispatched_on": "2025-05-21", "received_on": "2025-05-25",
        "shipping_charged": "0.00", "free_shipping": False,
        "lines": [{"id": str(line_id), "line_no": 1, "quantity": 20, "list_price": "120.00",
                   "paid": "2400.00", "quantity_returned": 0, "tags": [],
                   "variant": {"id": str(uuid.uuid4()), "colour": "Black", "size": "8",
                               "upc": f"9{n:011d}", "list_price": "120.00", "tags": [],
                               "product": {"id": str(uuid.uuid4()), "style_code": f"BS{n:08d}",
                                           "brand": "Bench", "name": "Runner", "tags": []}}}],
        "tenders": [],
    }
