"""Issue 13's proof, end to end on PostgreSQL through the running service (real uvicorn), with
head office's real commands in their own processes: a store, an employee, the Shopify product CSV,
a shop and a signed Shopify order; a till set up with its enrolment code; the employee chooses a
PIN at the till and signs in with it; the till pulls the order, scans its slip and one of its shoes
at home, finds it as the return screen does, returns a line, and the return reaches head office; a
refund made online for another line makes that line non-returnable at the till after its next
pull, and a return of it anyway is refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from storepos.central.engine import make_central_engine
from storepos.central.schema import order_lines, orders
from storepos.domain.errors import InvalidInput
from storepos.domain.vocabulary import Reason, Resolution
from storepos.services.base import scan
from storepos.services.base.context import Actor
from storepos.services.base.scan import ScanKind, ScanTarget
from storepos.services.items import api as items_door
from storepos.services.returns import api as returns_door
from storepos.services.returns.eligibility import ALL_SHOWN
from storepos.services.returns.types import LineRequest, ReturnRequest
from tests.integration.central_service import Service, add_store, serving, storepos
from tests.integration.sync_world import central_pg
from tests.integration.test_catalogue_import import FIXTURE
from tests.integration.test_central_staff import PIN, TillApp, add_employee
from tests.integration.webshop_world import add_shop, post, shopify_order

__all__ = ["central_pg"]  # the fixture, used by name
pytestmark = pytest.mark.postgres
SANDAL, MOCCASIN = "BIR-ARZ-MOC-40", "MCE-42-COG"  # two SKUs of the product CSV
SANDAL_BARCODE = "4040887703409"


@pytest.fixture
def chain(central_pg: str) -> Iterator[Service]:
    """Head office on the command line: the schema, a store, a shop; then the service runs."""
    assert storepos("central", "init", "--db", central_pg).returncode == 0
    add_store(central_pg, "TOR1")
    added = add_shop(central_pg)  # its secret from an environment variable, never argv
    assert added.returncode == 0, added.stderr
    with serving(central_pg) as running:
        yield running


def _recent_order(today: date) -> dict[str, Any]:
    """The fixture order, placed five days ago and delivered two days ago, for catalogue SKUs."""
    raw = shopify_order()
    raw["created_at"] = f"{today - timedelta(days=5)}T10:00:00-05:00"
    raw["fulfillments"][0].update(created_at=f"{today - timedelta(days=4)}T10:00:00-05:00",
                                  updated_at=f"{today - timedelta(days=2)}T10:00:00-05:00")
    raw["line_items"][0].update(sku=SANDAL, title="Arizona Soft Footbed Suede",
                                variant_title="Mocha / 40")
    raw["line_items"][1].update(sku=MOCCASIN, title="Mocassins en cuir été",
                                variant_title="42 / Cognac")
    return raw


def _returned_centrally(db: str, number: str) -> list[int]:
    engine = make_central_engine(db)
    try:
        with engine.connect() as conn:
            return list(conn.scalars(
                select(order_lines.c.quantity_returned)
                .join(orders, orders.c.id == order_lines.c.order_id)
                .where(orders.c.number == number).order_by(order_lines.c.line_no)))
    finally:
        engine.dispose()


def _load(till: TillApp, actor: Actor, number: str, last_name: str) -> returns_door.LoadedOrder:
    """The order by number + last name, through the return screen's own door."""
    return till.counter.run(actor, lambda s, a: returns_door.load_order(s, a, number, last_name),
                            commit=False)


def test_head_office_to_a_return_at_the_till_and_a_refund_online(
        chain: Service, tmp_path: Path) -> None:
    db = chain.db
    # Head office: an employee (the set-up code is the last line), the catalogue, a till's code.
    number, code = add_employee(db, "TOR1", "Ana Côté")
    imported = storepos("central", "catalogue", "import", "--db", db, str(FIXTURE))
    assert imported.returncode == 0, imported.stderr
    # The web shop: a signed orders/create for a customer of the catalogue's products.
    raw = _recent_order(date.today())
    order_number = raw["name"].lstrip("#")
    with chain.client() as http:
        answer = post(http, "orders/create", raw, "e2e-create-1")
    assert (answer.status_code, answer.json()) == (200, {"status": "applied"})

    # The till: `storepos setup` with head office's enrolment code (TillApp runs it).
    till = TillApp(chain, tmp_path / "till.db", "TOR1", "Till 1")
    try:
        assert till.employee(number).pin_hash == ""  # known, with no PIN yet
        actor = till.counter.set_up_pin(number, code, PIN, PIN)  # she chooses her PIN
        assert actor.employee_number == number
        actor = till.counter.sign_in(number, PIN)  # and signs in with it
        till.sync()  # `storepos sync --once` pulls the order

        # At home, the packing slip's number scans as the order; the sandal's barcode as the
        # item, with this order among those that hold it.
        assert till.counter.run(actor, lambda s, a: scan.resolve(s, a, f"#{order_number}"),
                                commit=False) == ScanTarget(ScanKind.ORDER, order_number)
        card = till.counter.run(actor, lambda s, a: items_door.load_item(s, a, SANDAL_BARCODE),
                                commit=False)
        assert (card.item.brand, card.item.colour, card.item.size) == ("Birkenstock", "Mocha", "40")
        assert [(o.number, o.last_name) for o in card.orders] == [(order_number, "Côté")]

        loaded = _load(till, actor, order_number, "cote")
        sandal, moccasin = loaded.eligibility.lines
        assert [ln.line.quantity for ln in loaded.eligibility.lines] == [1, 2]
        assert all("refund" in ln.allowed for ln in loaded.eligibility.lines), [
            ln.message for ln in loaded.eligibility.lines]

        request = ReturnRequest((LineRequest(1, 1, Reason.WRONG_SIZE, ALL_SHOWN,
                                             Resolution.REFUND),), order_id=loaded.order.id)
        done = till.counter.run(actor, lambda s, a: returns_door.complete(s, a, request))
        assert done.summary.money_back == sandal.line.paid  # all the sandal paid, to the cent
        till.sync()  # pushed: head office holds the return against the order's line
        assert _returned_centrally(db, order_number) == [1, 0]

        # Online, the shop refunds both moccasins; after its next pull the till refuses them.
        refund = {"id": 88001, "order_id": raw["id"], "created_at": raw["created_at"],
                  "refund_line_items": [{"id": 1, "line_item_id": raw["line_items"][1]["id"],
                                         "quantity": 2, "restock_type": "return"}]}
        with chain.client() as http:
            assert post(http, "refunds/create", refund, "e2e-refund-1").status_code == 200
        assert _returned_centrally(db, order_number) == [1, 2]
        assert "refund" in _load(till, actor, order_number, "Côté").eligibility.lines[1].allowed
        till.sync()
        after = _load(till, actor, order_number, "Côté").eligibility.lines
        assert after[0].fully_returned and after[1].fully_returned
        assert after[1].allowed == () and not moccasin.fully_returned
        assert after[1].message == "Already returned: all 2 of this line came back earlier."
        # A cashier who tries anyway is refused, and nothing more reaches head office.
        again = ReturnRequest((LineRequest(2, 1, Reason.CHANGE_OF_MIND, ALL_SHOWN,
                                           Resolution.REFUND),), order_id=loaded.order.id)
        with pytest.raises(InvalidInput, match="already returned"):
            till.counter.run(actor, lambda s, a: returns_door.complete(s, a, again))
        till.sync()
        assert _returned_centrally(db, order_number) == [1, 2]
    finally:
        till.close()
