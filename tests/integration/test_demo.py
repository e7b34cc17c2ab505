"""The demo generator on a small scale: deterministic, complete, consistent, and usable for lookups."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from storepos.cli import main
from storepos.demo import DemoDataExists, generate_demo
from storepos.demo.scenarios import SHOWCASE
from storepos.domain.text import fold
from storepos.domain.vocabulary import Fulfillment, PickupStatus, Role, Tag, TenderKind
from storepos.persistence.base import Base
from storepos.persistence.db import make_engine
from storepos.persistence.migrate import upgrade
from storepos.services.base.order_lookup import find_by_return_id, find_order
from storepos.services.returns.eligibility import evaluate_order, load_store

TODAY = date(2025, 6, 1)
ORDERS = len(SHOWCASE) + 40


@pytest.fixture
def demo(sqlite_engine: Engine) -> Engine:
    generate_demo(sqlite_engine, orders=ORDERS, seed=11, today=TODAY)
    return sqlite_engine


# Stamped with the moment they were made: by a pull (a web order and its customer as the till
# took them), by the sync (when it last pulled).
STAMPS = {"orders": ("created_at",), "customers": ("created_at",),
          "sync_state": ("last_pull_at", "last_push_at")}


def _dump(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows in a stable order; PIN hashes left out (salted on purpose), and the
    moments a pull stamps."""
    dump = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            left_out = ("pin_hash", "updated_at", *STAMPS.get(table.name, ()))
            columns = [c for c in table.c if c.name not in left_out]
            rows = conn.execute(select(*columns)).all()
            dump[table.name] = sorted(tuple(map(repr, r)) for r in rows)
    return dump


def _cents(value: object) -> Decimal:
    # Raw SQL on SQLite reads Numeric columns back as REAL: compare to the cent.
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _rows(engine: Engine, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def test_same_seed_same_database_other_seed_other_orders(demo: Engine, tmp_path: Path) -> None:
    # Each in its own folder: a till's embedded central is the central.db beside it.
    again = make_engine(str(tmp_path / "again" / "store.db"))
    other = make_engine(str(tmp_path / "other" / "store.db"))
    for engine, seed in ((again, 11), (other, 12)):
        upgrade(engine)
        generate_demo(engine, orders=ORDERS, seed=seed, today=TODAY)
    first = _dump(demo)
    assert first["orders"] and first == _dump(again)
    assert _dump(other)["orders"] != first["orders"]
    again.dispose()
    other.dispose()


def test_every_fulfillment_tag_tender_and_pickup_status(demo: Engine) -> None:
    fulfillments = {r[0] for r in _rows(demo, "SELECT DISTINCT fulfillment FROM orders")}
    assert fulfillments == {f.value for f in Fulfillment}
    tags: set[str] = set()
    for line_tags, variant_tags, product_tags in _rows(demo, """
        SELECT l.tags, v.tags, p.tags FROM order_lines l
        JOIN variants v ON v.id = l.variant_id JOIN products p ON p.id = v.product_id"""):
        for raw in (line_tags, variant_tags, product_tags):
            tags.update(json.loads(raw))
    assert tags == {t.value for t in Tag}
    tenders = {r[0] for r in _rows(demo, "SELECT DISTINCT kind FROM tenders")}
    assert tenders == {k.value for k in TenderKind}
    split = _rows(demo, "SELECT order_id FROM tenders GROUP BY order_id HAVING count(*) > 1")
    assert split
    statuses = {r[0] for r in _rows(demo, "SELECT DISTINCT status FROM pickups")}
    assert statuses == {s.value for s in PickupStatus}
    ages = {(TODAY - date.fromisoformat(r[0])).days for r in _rows(demo, "SELECT placed_on FROM orders")}
    assert {10, 74, 75, 76, 89, 90, 91, 200, 400} <= ages


def test_stores_staff_and_customers(demo: Engine) -> None:
    kinds = _rows(demo, "SELECT code, kind, policy, locale, time_zone, currency FROM stores")
    assert ("VGN", "outlet", "softmoc", "en_CA", "America/Toronto", "CAD") in kinds
    assert {k[2] for k in kinds} == {"softmoc", "softstar", "itsmysoft", "shoeoftheweek"}
    assert {k[3] for k in kinds} == {"en_CA", "fr_CA", "en_US", "en_AU"}
    prefixes = [r[0] for r in _rows(demo, "SELECT prefix FROM tills")]
    assert len(prefixes) == len(set(prefixes))
    assert {r[0] for r in _rows(demo, "SELECT DISTINCT role FROM employees")} == {r.value for r in Role}
    customers = _rows(demo, "SELECT last_name, email, phone FROM customers")
    assert any(not name.isascii() for name, _, _ in customers)  # Côté, Müller, Nguyễn ...
    assert all(email == email.lower() and "@" in email for _, email, _ in customers)
    assert all(phone.isdigit() for _, _, phone in customers)
    upcs = [r[0] for r in _rows(demo, "SELECT upc FROM variants")]
    for upc in upcs:
        digits = [int(c) for c in upc]
        assert len(upc) == 12 and (3 * sum(digits[0::2]) + sum(digits[1::2])) % 10 == 0
    keys = _rows(demo, "SELECT billing_last_name, billing_last_name_key FROM orders")
    assert all(key == fold(name) for name, key in keys)


def test_returns_match_the_lines_they_took_back(demo: Engine) -> None:
    partly = _rows(demo, """
        SELECT l.id, l.quantity, l.quantity_returned,
               (SELECT sum(rl.quantity) FROM return_lines rl JOIN returns r ON r.id = rl.return_id
                WHERE rl.order_line_id = l.id AND r.status = 'completed')
        FROM order_lines l WHERE l.quantity_returned > 0""")
    assert any(q > r for _, q, r, _ in partly) and any(q == r for _, q, r, _ in partly)
    assert all(returned == from_returns for _, _, returned, from_returns in partly)
    money = _rows(demo, """
        SELECT rl.refund_amount, (SELECT sum(f.amount) FROM refunds f WHERE f.return_id = r.id)
        FROM returns r JOIN return_lines rl ON rl.return_id = r.id WHERE r.status = 'completed'""")
    assert money and all(_cents(refund) == _cents(paid_back) for refund, paid_back in money)
    assert _rows(demo, "SELECT count(*) FROM returns WHERE status = 'requested'")[0][0] >= 2
    # Ledgers: every balance is the running sum; gift cards and store credit both present.
    kinds = {r[0] for r in _rows(demo, "SELECT DISTINCT kind FROM value_accounts")}
    assert kinds == {"gift_card", "store_credit"}
    drift = _rows(demo, """
        SELECT count(*) FROM ledger_entries e WHERE abs(e.balance_after -
          (SELECT sum(x.amount) FROM ledger_entries x
           WHERE x.account_id = e.account_id AND x.seq <= e.seq)) > 0.001""")
    assert drift == [(0,)]


def test_demo_orders_can_be_looked_up_and_evaluated(demo: Engine) -> None:
    number, last_name = _rows(demo, "SELECT number, billing_last_name FROM orders ORDER BY number LIMIT 1")[0]
    (return_id,) = _rows(demo, "SELECT return_number FROM returns WHERE status = 'requested' LIMIT 1")[0]
    with demo.connect() as conn:
        order = find_order(conn, number.lower(), fold(last_name).upper())
        assert find_by_return_id(conn, return_id).matched_return is not None
        store = load_store(conn, "TOR")
    result = evaluate_order(order, store, today=TODAY)
    assert len(result.lines) == len(order.lines) and all(line.message for line in result.lines)


def test_refuses_a_database_that_already_has_data(demo: Engine) -> None:
    with pytest.raises(DemoDataExists, match="already holds 7 stores"):
        generate_demo(demo, orders=5, seed=1, today=TODAY)


def test_command_prints_pins_refuses_twice_and_force_starts_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cli.db"
    args = ["demo", "--db", str(db), "--orders", "50", "--seed", "3", "--today", "2025-06-01"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "number  name" in out and "manager" in out and "2468" in out and "1357" in out
    assert main(args) == 1
    assert "already holds" in capsys.readouterr().err
    assert main([*args, "--force"]) == 0


def test_lookup_samples_say_their_dates_in_the_readers_language(demo: Engine) -> None:
    import re

    from storepos.demo import sample_lookups
    from storepos.i18n import speaking

    with speaking("fr_CA"):
        said = [what for _by, _typed, what in sample_lookups(demo)]
    placed = [what for what in said if "passé" in what]
    assert placed and all(re.search(r"passée? le \d{1,2} \w+\.? 20\d\d$", what) for what in placed), said
    assert not any(re.search(r"\d{4}-\d{2}-\d{2}", what) for what in said)
    english = [what for _by, _typed, what in sample_lookups(demo)]
    assert any(re.search(r"placed [A-Z][a-z]{2} \d{1,2}, 20\d\d$", what) for what in english), english
