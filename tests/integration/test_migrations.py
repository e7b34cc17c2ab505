"""The shipped migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

import storepos.persistence.models  # noqa: F401  (registers every table)
from storepos.persistence.base import Base
from storepos.persistence.db import make_engine
from storepos.persistence.migrate import current_revision, upgrade


def test_head_is_0001_initial(db_engine: Engine) -> None:
    assert current_revision(db_engine) == "0001_initial"


def test_migrated_schema_matches_the_models(db_engine: Engine) -> None:
    with db_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_every_check_constraint_is_there_by_name(db_engine: Engine) -> None:
    # compare_metadata does not look at CHECK constraints, so compare their names directly.
    with db_engine.connect() as conn:
        inspector = inspect(conn)
        for table in Base.metadata.sorted_tables:
            expected = {
                c.name for c in table.constraints if c.__class__.__name__ == "CheckConstraint"
            }
            found = {c["name"] for c in inspector.get_check_constraints(table.name)}
            assert found == expected, table.name


def test_upgrade_from_nothing_and_again_is_a_no_op(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = str(tmp_path / "fresh.db")
    engine = make_engine(path)
    try:
        assert current_revision(engine) is None
        upgrade(path)  # a bare path works as well as an engine
        upgrade(engine)
        assert current_revision(engine) == "0001_initial"
    finally:
        engine.dispose()


def test_sqlite_pragmas(sqlite_engine: Engine) -> None:
    with sqlite_engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
