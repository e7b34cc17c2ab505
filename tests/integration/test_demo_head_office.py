"""The demo's chain is head office's: made in the embedded central through head office's functions
and the web shop's order feed, and at the till only as a till gets it, by pull.

Each check is one a direct write into the till's tables would fail: the PIN hashes are the very
ones the central side made (salted: a second hashing gives another), every pulled row has its
change in the central log at or before the till's pull cursor, and a web order's id is the feed's
uuid5 mapping of its Shopify id."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from storepos.central.catalogue.importer import variant_id_for
from storepos.central.engine import make_central_engine
from storepos.central.enrolment import add_store
from storepos.central.schema import (
    catalogue_variants,
    changes,
    orders,
    staff,
    stores,
    webshop_orders,
)
from storepos.central.webshop.ids import order_uuid
from storepos.demo import DemoDataExists, generate_demo
from storepos.demo.head_office import embedded_central
from storepos.demo.recipes import default_recipes
from storepos.demo.scenarios import SHOWCASE
from storepos.demo.tour import returnable_order
from storepos.domain.cards import contains_card_number
from storepos.domain.vocabulary import Role
from storepos.paths import embedded_central_path
from storepos.persistence.db import make_engine, make_session_factory
from storepos.persistence.migrate import upgrade
from storepos.services.base.scan import ScanKind, ScanTarget, resolve
from storepos.services.counter import Counter
from storepos.services.pickups.status import find_pickup
from storepos.sync.pins import verify_pin

TODAY = date(2025, 6, 1)
ORDERS = len(SHOWCASE) + 30


@pytest.fixture
def made(tmp_path: Path) -> tuple[Engine, Engine]:
    till = make_engine(str(tmp_path / "store.db"))
    upgrade(till)
    generate_demo(till, orders=ORDERS, seed=7)  # each store's today: its order to try is fresh
    central = make_central_engine(str(embedded_central_path(tmp_path / "store.db")))
    yield till, central
    central.dispose()
    till.dispose()


def _all(engine: Engine, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def _ids(values: list[tuple]) -> set[uuid.UUID]:  # type: ignore[type-arg]
    return {v[0] if isinstance(v[0], uuid.UUID) else uuid.UUID(str(v[0])) for v in values}


def test_the_central_holds_the_web_orders_the_till_shows(made: tuple[Engine, Engine]) -> None:
    till, central = made
    shown = {(uuid.UUID(i), n) for i, n in _all(till, "SELECT id, number FROM orders "
                                                    "WHERE channel = 'online'")}
    with central.connect() as conn:
        held = {(r.id, r.number) for r in conn.execute(select(orders.c.id, orders.c.number))}
    assert shown and shown == held
    # counter sales are the till's own: none of them is a web order
    counter = _ids(_all(till, "SELECT id FROM orders WHERE channel = 'store'"))
    assert counter and not counter & {i for i, _ in held}


def test_a_demo_web_order_went_through_the_shopify_mapping(made: tuple[Engine, Engine]) -> None:
    till, central = made
    with central.connect() as conn:
        fed = conn.execute(select(webshop_orders.c.order_id, webshop_orders.c.source,
                                  webshop_orders.c.source_id, webshop_orders.c.number)).all()
        documents = [r.document for r in conn.execute(select(orders.c.document))]
    assert fed and all(r.source == "shopify" for r in fed)
    assert all(r.order_id == order_uuid("shopify", r.source_id) for r in fed)
    till_ids = _ids(_all(till, "SELECT id FROM orders WHERE channel = 'online'"))
    assert till_ids == {r.order_id for r in fed}
    # the feed kept brand and last four only: no card number anywhere in what tills pull
    tenders = [t for doc in documents for t in doc["tenders"]]
    assert not any(contains_card_number(str(v)) for t in tenders for v in t.values() if v)
    assert any(t["card_last4"] and len(t["card_last4"]) == 4 for t in tenders)


def test_every_pulled_row_has_its_change_at_or_before_the_tills_cursor(
        made: tuple[Engine, Engine]) -> None:
    till, central = made
    cursors = {code: change for code, change in _all(till, """
        SELECT s.code, st.pull_change FROM sync_state st
        JOIN tills t ON t.id = st.till_id JOIN stores s ON s.id = t.store_id""")}
    assert set(cursors) == {s.code for s in default_recipes().stores}  # each store's till pulled
    with central.connect() as conn:
        first_change = dict(conn.execute(
            select(changes.c.entity_id, func.min(changes.c.change_id))
            .group_by(changes.c.entity_id)).all())
    tor = cursors["TOR"]
    pulled = {
        "orders": "SELECT id FROM orders WHERE channel = 'online'",
        "variants": "SELECT id FROM variants",
        "products": "SELECT id FROM products",
        "employees": "SELECT id FROM employees WHERE store_id = "
                     "(SELECT id FROM stores WHERE code = 'TOR')",
    }
    for table, sql in pulled.items():
        ids = _ids(_all(till, sql))
        assert ids, table
        late = [i for i in ids if i not in first_change or first_change[i] > tor]
        assert not late, f"{table}: {len(late)} rows the central log never gave TOR's till"


def test_staff_and_their_pins_are_head_offices(made: tuple[Engine, Engine]) -> None:
    till, central = made
    with central.connect() as conn:
        chain = {(str(r.id), r.number, r.role, r.pin_hash)
                 for r in conn.execute(select(staff.c.id, staff.c.number, staff.c.role,
                                              staff.c.pin_hash))}
    here = {(str(uuid.UUID(i)), n, r, h)
            for i, n, r, h in _all(till, "SELECT id, number, role, pin_hash FROM employees")}
    assert here == chain  # the same salted hashes: pulled, never hashed again at the till
    pins = {role.value: pin for role, pin in default_recipes().pins.items()}
    for _, number, role, pin_hash in chain:
        assert verify_pin(pin_hash, pins[role]), number  # the documented demo PINs


def test_the_catalogue_is_the_imported_shopify_export(made: tuple[Engine, Engine]) -> None:
    till, central = made
    with central.connect() as conn:
        imported = {(r.id, r.barcode) for r in conn.execute(
            select(catalogue_variants.c.id, catalogue_variants.c.barcode,
                   catalogue_variants.c.sku))}
        skus = list(conn.scalars(select(catalogue_variants.c.sku)))
    here = {(uuid.UUID(i), upc) for i, upc in _all(till, "SELECT id, upc FROM variants")}
    assert here == imported
    assert {variant_id_for(s) for s in skus} == {i for i, _ in imported}


def test_the_order_to_try_is_a_web_order_of_the_feed(made: tuple[Engine, Engine]) -> None:
    till, central = made
    with make_session_factory(till)() as session:
        found = returnable_order(session, "TOR")
    assert found is not None
    with central.connect() as conn:
        assert conn.execute(select(orders.c.id).where(orders.c.number == found[0])).first()


def test_the_demo_never_mixes_into_a_central_that_holds_a_chain(tmp_path: Path) -> None:
    till = make_engine(str(tmp_path / "store.db"))
    upgrade(till)
    central = embedded_central(till)
    add_store(central, code="REAL", name="A real store", locale="en_CA", currency="CAD",
              timezone="America/Toronto", policy="softmoc")
    central.dispose()
    with pytest.raises(DemoDataExists, match=r"central.db\) already holds 1 store;"):
        generate_demo(till, orders=5, seed=1, today=TODAY)
    assert _all(till, "SELECT count(*) FROM stores") == [(0,)]
    central = make_central_engine(str(embedded_central_path(tmp_path / "store.db")))
    with central.connect() as conn:
        assert conn.execute(select(stores.c.code)).scalars().all() == ["REAL"]
    central.dispose()
    till.dispose()


def test_a_pickup_the_feed_numbered_is_found_by_its_number_at_its_store(
        made: tuple[Engine, Engine]) -> None:
    """The feed numbers a ship-to-store parcel P + the order's number, with no check digit: the
    home scan and the pickups screen both find it by that number (they took it for an order
    number and found nothing before)."""
    till, _ = made
    (number, order_number, code), *_ = _all(till, """
        SELECT p.number, o.number, s.code FROM pickups p JOIN orders o ON o.id = p.order_id
        JOIN stores s ON s.id = p.store_id ORDER BY p.number""")
    assert number == f"P{order_number}"
    counter = Counter(make_session_factory(till), f"{code}1")
    (clerk,), *_ = _all(till, f"""SELECT e.number FROM employees e JOIN stores s
        ON s.id = e.store_id WHERE s.code = '{code}' AND e.role = 'cashier' ORDER BY e.number""")
    actor = counter.sign_in(clerk, default_recipes().pins[Role.CASHIER])
    assert counter.read(lambda s: resolve(s, actor, number.lower())) == \
        ScanTarget(ScanKind.PICKUP, number)
    assert counter.read(lambda s: find_pickup(s, actor, number)).number == number
    assert counter.read(lambda s: find_pickup(s, actor, order_number)).number == number

