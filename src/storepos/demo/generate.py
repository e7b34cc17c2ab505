"""Fill an empty, migrated database with the demo chain: stores, staff, catalogue, customers,
orders.

Head office's side goes in first, through head office's functions and the web shop feed
(demo/head_office.py), and reaches the till by pull; the till's own history (counter sales,
returns, cards, what became of the pulled web orders since) is written after it, with SQLAlchemy
Core executemany, a chunk of orders per transaction, never one ORM object per row. Core skips
the models' @validates hooks, so the generator stores what they would (folded last-name key,
lower-case e-mail, phone digits) itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, bindparam, func, select, update

from storepos.demo import head_office
from storepos.demo.central import publish_cards
from storepos.demo.orders import ORDER_TABLES, OrderFactory
from storepos.demo.recipes import Recipes, default_recipes
from storepos.demo.reference import DemoEmployee, DemoRandom, Row, build_world
from storepos.demo.scenarios import SHOWCASE
from storepos.domain.errors import StoreposError
from storepos.i18n import N_, _, ngettext
from storepos.i18n.formats import day
from storepos.persistence.base import Base, utcnow
from storepos.persistence.db import make_session_factory
from storepos.persistence.models import Order, Return, Store

DEFAULT_ORDERS = 1_000
CHUNK = 5_000  # orders per transaction: big enough for executemany, small enough for memory
_INSERT_CHUNK = 20_000  # rows per executemany call for the reference tables


class DemoDataExists(StoreposError):
    """The database is not empty; the demo never mixes its rows into existing data."""


@dataclass(frozen=True, slots=True)
class DemoSummary:
    orders: int
    seed: int
    today: dict[str, date]  # each store's calendar date the order ages count back from
    employees: tuple[DemoEmployee, ...]
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows at the till
    seconds: float = 0.0


def existing_rows(engine: Engine) -> tuple[int, int]:
    """(stores, orders) already in the database."""
    with engine.connect() as conn:
        stores = conn.execute(select(func.count()).select_from(Store.__table__)).scalar_one()
        orders = conn.execute(select(func.count()).select_from(Order.__table__)).scalar_one()
    return stores, orders


def _insert(conn: Connection, table: str, rows: list[Row], counts: dict[str, int]) -> None:
    target = Base.metadata.tables[table]
    for start in range(0, len(rows), _INSERT_CHUNK):
        conn.execute(target.insert(), rows[start:start + _INSERT_CHUNK])
    counts[table] = counts.get(table, 0) + len(rows)


@contextmanager
def _writing(engine: Engine) -> Iterator[Connection]:
    """One chunk's transaction; on SQLite with a 256 MiB page cache: random UUID keys land all
    over the indexes and with the default 2 MiB most inserts would wait for reads."""
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA cache_size = -262144")
        yield conn


def _store_today(time_zone: str, today: date | None) -> date:
    return today or datetime.now(UTC).astimezone(ZoneInfo(time_zone)).date()


def _update(conn: Connection, table: str, rows: list[Row]) -> None:
    """Updates of pulled rows by id (b_id), each column from its b_<column> parameter."""
    if not rows:
        return
    target = Base.metadata.tables[table]
    columns = [k for k in rows[0] if k != "b_id"]
    conn.execute(update(target).where(target.c.id == bindparam("b_id"))
                 .values({c: bindparam(f"b_{c}") for c in columns}),
                 [{"b_id": r["b_id"], **{f"b_{c}": r[c] for c in columns}} for r in rows])


def _missing(conn: Connection, table: str, rows: list[Row]) -> list[Row]:
    """The rows whose id the table does not hold yet (a pull may have brought some)."""
    target = Base.metadata.tables[table]
    ids = [r["id"] for r in rows]
    have: set[object] = set()
    for start in range(0, len(ids), 500):
        have |= set(conn.scalars(select(target.c.id).where(target.c.id.in_(ids[start:start + 500]))))
    return [r for r in rows if r["id"] not in have]


def _till_history(conn: Connection, batch: dict[str, list[Row]]) -> None:
    """What the tills did themselves: counter sales, returns, cards; and what became of the
    pulled web orders since (pickups moved on, handed over, units brought back)."""
    for table in ORDER_TABLES:
        _insert(conn, table, batch[table], {})
    _update(conn, "pickups", batch["pickups"])
    _update(conn, "orders", [{"b_id": r["b_id"], "received_on": r["b_on"]}
                             for r in batch["received"]])
    _update(conn, "order_lines", [{"b_id": r["b_id"], "quantity_returned": r["b_back"]}
                                  for r in batch["returned"]])


COUNTED = ("stores", "tills", "employees", "products", "variants", "customers", "orders",
           "order_lines", "tenders", "pickups", "returns", "refunds", "value_accounts")


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: int(conn.execute(select(func.count()).select_from(
            Base.metadata.tables[t])).scalar_one()) for t in COUNTED}


def generate_demo(
    engine: Engine,
    *,
    orders: int = DEFAULT_ORDERS,
    seed: int = 1,
    today: date | None = None,
    recipes: Recipes | None = None,
    progress: Callable[[int, int], None] | None = None,
    central: Engine | None = None,
) -> DemoSummary:
    """Make the demo chain: head office's side in the central database (`central`, default the
    embedded central.db beside the till's database) through head office's functions and the web
    shop feed, and the till's by pull, then the till's own history. DemoDataExists if the till's
    database holds stores or orders, or the central database a chain.

    The same seed and `today` give the same rows (ids included), except the PIN hashes, which are
    salted, and the moments a pull stamps. The first orders follow the SHOWCASE scenarios, so
    every fulfillment, tag, tender kind, pickup status and return state is there even for a few
    dozen orders.
    """
    if orders < 0:
        raise ValueError("orders must be zero or more")
    stores, existing = existing_rows(engine)
    if stores or existing:
        raise DemoDataExists(_("This database already holds {stores} and {orders}; the demo "
                               "only fills an empty database.").format(
            stores=ngettext("{n} store", "{n} stores", stores).format(n=stores),
            orders=ngettext("{n} order", "{n} orders", existing).format(n=existing)))
    started = time.perf_counter()
    own_central = central is None
    central = central if central is not None else head_office.embedded_central(engine)
    try:
        held = head_office.stores_held(central)
        if held:
            raise DemoDataExists(ngettext(
                "The central database beside it (central.db) already holds {n} store; the demo "
                "only fills an empty one.",
                "The central database beside it (central.db) already holds {n} stores; the demo "
                "only fills an empty one.", held).format(n=held))
        summary = _generate(engine, central, orders, seed, today, recipes or default_recipes(),
                            progress)
    finally:
        if own_central:
            central.dispose()
    return replace(summary, seconds=time.perf_counter() - started)


def _generate(engine: Engine, central: Engine, orders: int, seed: int, today: date | None,
              recipes: Recipes, progress: Callable[[int, int], None] | None) -> DemoSummary:
    rng = DemoRandom(seed)
    world = build_world(recipes, rng, customers=max(40, orders // 4), today=today or date.today())
    today_by_store = {s.code: _store_today(s.time_zone, today) for s in world.stores}
    head_office.bring_in_chain(central, world)
    sessions = make_session_factory(engine)
    head_office.enrol_tills(sessions, world)

    factory = OrderFactory(world, rng, today_by_store)
    first = True
    for start in range(0, max(orders, 1), CHUNK):
        for index in range(start, min(start + CHUNK, orders)):
            factory.make(SHOWCASE[index] if index < len(SHOWCASE) else None)
        batch = factory.take_rows()
        head_office.take_web_orders(central, factory.take_web_orders())
        head_office.pull_every_store(sessions, central, world)
        with _writing(engine) as conn:
            if first:  # the till's own: the customers no web order brought, the stock counts
                _insert(conn, "customers", _missing(conn, "customers", world.rows["customers"]),
                        {})
                _insert(conn, "stock_levels", world.rows["stock_levels"], {})
                first = False
            _till_history(conn, batch)
        if progress:
            progress(min(start + CHUNK, orders), orders)

    # The tills carry on after the demo's numbers instead of printing the same ones again.
    till_ids = {prefix: till_id for s in world.stores for till_id, prefix in s.tills}
    sequences: list[Row] = [
        {"till_id": till_ids[prefix], "kind": kind.value, "next_value": used + 1,
         "updated_at": utcnow()}
        for (kind, prefix), used in sorted(factory.numbers.used.items())
        if prefix in till_ids
    ]
    with _writing(engine) as conn:
        _insert(conn, "number_sequences", sequences, {})
    publish_cards(engine, central)  # the cards the tills sold, in the central ledger
    return DemoSummary(
        orders=orders, seed=seed, today=today_by_store, employees=tuple(world.employees),
        rows=_counts(engine),
    )


SAMPLE_WORDS = {
    "ship_to_home": N_("ship to home, placed {placed}"),
    "ship_to_store": N_("ship to store, placed {placed}"),
    "in_store": N_("in store, placed {placed}"),
}


def sample_lookups(engine: Engine) -> list[tuple[str, str, str]]:
    """A few things to type at the counter: (find by, what to type, what it is)."""
    o, r = Order.__table__, Return.__table__
    samples: list[tuple[str, str, str]] = []
    with engine.connect() as conn:
        for fulfillment in ("ship_to_home", "ship_to_store", "in_store"):
            row = conn.execute(
                select(o.c.number, o.c.billing_last_name, o.c.placed_on)
                .where(o.c.fulfillment == fulfillment)
                .order_by(o.c.number)
                .limit(1)
            ).first()
            if row:
                samples.append((_("order + last name"), f"{row.number} + {row.billing_last_name}",
                                _(SAMPLE_WORDS[fulfillment]).format(placed=day(row.placed_on))))
        row = conn.execute(
            select(r.c.return_number).where(r.c.status == "requested")
            .order_by(r.c.return_number).limit(1)
        ).first()
        if row:
            samples.append((_("Return ID"), row.return_number,
                            _("requested, items not back yet")))
    return samples
