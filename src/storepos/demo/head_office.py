"""The demo chain's head office, through head office's own functions, and its tills' pull.

What `storepos central ...` does on a chain's central database, the demo does on its embedded
central (central.db beside the till's database, the one the app syncs with):

    store add       central.enrolment.add_store
    staff add       central.staff.add_staff, then the employee's PIN through the PIN set-up
                    path a till uses at the first sign-in (central.staff.set_pin) with the demo PIN
    catalogue import  central.catalogue.importer.import_catalogue of a Shopify product export
    web orders      Shopify REST order JSON read by central.webshop.shopify.read_order and taken
                    in by central.webshop.feed.ingest, as a webhook delivery is

and the till gets all of it the way a till does: its store and till rows as enrolment writes them
(till_identity.enrolled_here), then a sync (SyncService with LocalTill, the app's own) of each
store's first till, which pulls the store's staff, the catalogue, the web orders and pickups.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from storepos.central import enrolment, staff
from storepos.central.catalogue.importer import import_catalogue
from storepos.central.catalogue.tag_mapping import load_mapping
from storepos.central.client import Central
from storepos.central.engine import make_central_engine
from storepos.central.migrate import upgrade as upgrade_central
from storepos.central.schema import orders as central_orders
from storepos.central.schema import stores as central_stores
from storepos.central.webshop.feed import ingest
from storepos.central.webshop.shopify import read_order
from storepos.demo.reference import World
from storepos.paths import embedded_central_path
from storepos.persistence.models import Store
from storepos.services.base import till_identity
from storepos.services.sync.local_till import LocalTill
from storepos.sync.retry import in_transaction
from storepos.sync.service import SyncService

PULL_LIMIT = 5_000  # rows a pull brings at once: the first sync of a demo till brings everything


class DemoCentralExists(Exception):
    """The embedded central already holds a chain; the demo never mixes into it."""


def embedded_central(till: Engine) -> Engine:
    """The central the app opens beside the till's database file (central.db), migrated; for a
    database in memory, a central in memory."""
    name = till.url.database
    if name and name != ":memory:":
        central = make_central_engine(str(embedded_central_path(Path(name))))

        @event.listens_for(central, "connect")
        def _building(dbapi_connection: Any, _record: Any) -> None:
            # A new file being filled (cut short, the demo is made again with --force): no
            # flush to disk after each of head office's hundreds of small transactions.
            dbapi_connection.execute("PRAGMA synchronous=OFF")
    else:
        central = make_central_engine("sqlite://", poolclass=StaticPool)
    upgrade_central(central)
    return central


def stores_held(central: Engine) -> int:
    with central.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(central_stores)).scalar_one())


def bring_in_chain(central: Engine, world: World) -> None:
    """Stores, staff with their demo PINs, and the catalogue, as head office brings them in."""
    for store in world.stores:
        r = store.recipe
        enrolment.add_store(central, code=r.code, name=r.name, locale=r.locale,
                            currency=r.currency, timezone=r.time_zone, policy=r.policy,
                            outlet=r.kind.value == "outlet", address=r.address,
                            store_id=store.id)
    store_of = {s.code: s.id for s in world.stores}
    first_sign_ins = []
    for member in world.staff:
        person = member.person
        _, code = staff.add_staff(central, store_code=person.store_code, name=person.name,
                                  role=person.role.value, number=person.number,
                                  employee_id=member.id)
        first_sign_ins.append((store_of[person.store_code], person.number, code, person.pin))
    # Each employee's first sign-in: the set-up code spent on the PIN they choose. Argon2 is
    # slow on purpose and lets go of the GIL: two at once on a file (one connection in memory).
    workers = 1 if isinstance(central.pool, StaticPool) else 2
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(lambda signing: staff.set_pin(central, *signing), first_sign_ins))
    import_catalogue(central, io.BytesIO(world.catalogue_csv), load_mapping())


def take_web_orders(central: Engine, raws: Iterable[dict[str, Any]]) -> int:
    """Shopify orders through the web shop feed (read, then ingested as a webhook's are), in one
    transaction for the lot; how many."""
    orders = [read_order(raw) for raw in raws]

    def work(conn: Any) -> int:
        for order in orders:
            ingest(conn, order)
        return len(orders)

    return in_transaction(central, work) if orders else 0


def enrol_tills(sessions: sessionmaker[Session], world: World) -> None:
    """Each demo store's tills, as enrolment writes them at a till (with head office's ids); then
    what the till keeps of its store beyond what enrolment says (phone, pickup hold days)."""
    with sessions() as session:
        for store in world.stores:
            r = store.recipe
            said = {"id": str(store.id), "code": r.code, "name": r.name, "locale": r.locale,
                    "currency": r.currency, "timezone": r.time_zone, "policy": r.policy,
                    "outlet": r.kind.value == "outlet"}
            for n, (till_id, _prefix) in enumerate(store.tills, 1):
                till_identity.enrolled_here(session, said, {"id": str(till_id),
                                                            "name": f"Till {n}"})
            session.flush()
            row = session.get(Store, store.id)
            assert row is not None
            row.address, row.phone, row.pickup_hold_days = r.address, r.phone, store.hold_days
        session.commit()


def pull_every_store(sessions: sessionmaker[Session], central: Engine, world: World) -> int:
    """One sync of each store's first till (the demo's database holds every store's tills):
    what it pulled, rows applied."""
    link = Central(central)
    pulled = 0
    for store in world.stores:
        till_id, _ = store.tills[0]
        local = LocalTill(sessions, store.id, till_id)
        pulled += SyncService(local, link, pull_limit=PULL_LIMIT).sync_once().pulled
    return pulled


def web_orders_held(central: Engine) -> int:
    with central.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(central_orders)).scalar_one())
