"""The shipped migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

import storepos.persistence.models  # noqa: F401  (registers every table)
from storepos.persistence.base import Base
from storepos.persistence.db import make_engine
from storepos.persistence.migrate import alembic_config, current_revision, upgrade


def script_head() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1, f"the migrations must form one line, not branch: heads {heads}"
    return heads[0]


def test_migrations_start_at_0001_and_reach_the_single_head(db_engine: Engine) -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_base() == "0001_initial"
    assert current_revision(db_engine) == script_head()


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
        assert current_revision(engine) == script_head()
    finally:
        engine.dispose()


def test_sqlite_pragmas(sqlite_engine: Engine) -> None:
    with sqlite_engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
