"""sql.Batch: statements sent together (psycopg pipeline on PostgreSQL), compiled once. What a
batch writes is the caller's transaction's: a statement of it that fails fails the transaction
whole (nothing of the batch, nor what came before it, is committed), and its error is SQLAlchemy's
DBAPIError like any other statement's (the retry and "central unavailable" paths see it)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from storepos.central.engine import make_central_engine
from storepos.central.migrate import upgrade
from storepos.central.schema import webshop_shops
from storepos.central.sql import Batch
from tests.integration.sync_world import central_pg

_ = central_pg  # a fixture

INSERT = webshop_shops.insert().values(
    id=bindparam("p_id", type_=webshop_shops.c.id.type), name=bindparam("p_name"),
    domain=bindparam("p_domain"), secret=bindparam("p_secret"),
    created_at=bindparam("p_created_at", type_=webshop_shops.c.created_at.type))
BY_DOMAIN = select(webshop_shops.c.name, webshop_shops.c.domain).where(
    webshop_shops.c.domain == bindparam("domain"))
COUNT = select(func.count()).select_from(webshop_shops)


def _shop(domain: str, name: str = "Shop") -> dict[str, object]:
    return {"p_id": uuid.uuid4(), "p_name": name, "p_domain": domain, "p_secret": "s",
            "p_created_at": datetime.now(UTC)}


def _urls(central_pg: str, tmp_path: Path) -> list[str]:
    sqlite = str(tmp_path / "central.db")
    upgrade(sqlite)
    return [central_pg, sqlite]


def test_a_batch_answers_each_statement_in_order(central_pg: str, tmp_path: Path) -> None:
    for url in _urls(central_pg, tmp_path):
        engine = make_central_engine(url)
        with engine.begin() as conn:
            batch = Batch(conn)
            batch.add(INSERT, _shop("a.myshopify.com", "A"))
            batch.add(INSERT, [_shop("b.myshopify.com", "B"), _shop("c.myshopify.com", "C")])
            at = batch.add(BY_DOMAIN, {"domain": "b.myshopify.com"})
            answers = batch.run()
            assert [(r.name, r.domain) for r in answers[at]] == [("B", "b.myshopify.com")]
            assert answers[0] == [] and batch.run() == []  # run empties the batch
        with engine.connect() as conn:
            assert conn.scalar(COUNT) == 3
        engine.dispose()


def test_a_failing_statement_in_a_batch_leaves_nothing_written(central_pg: str) -> None:
    """A dishonest replay of a shop's row inside a batch, after other writes: the batch raises
    IntegrityError (SQLAlchemy's), and none of its writes nor the transaction's earlier ones stay."""
    engine = make_central_engine(central_pg)
    with engine.begin() as conn:
        conn.execute(INSERT, _shop("taken.myshopify.com"))
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(INSERT, _shop("before.myshopify.com"))
        batch = Batch(conn)
        batch.add(INSERT, _shop("first.myshopify.com"))
        batch.add(INSERT, _shop("taken.myshopify.com"))  # the unique domain: refused
        batch.add(INSERT, _shop("after.myshopify.com"))
        batch.run()
    with engine.connect() as conn:
        assert conn.scalar(COUNT) == 1
    assert issubclass(IntegrityError, DBAPIError)
    engine.dispose()
