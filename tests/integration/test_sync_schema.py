"""The central schema's own migrations build exactly the tables central/schema.py describes,
on PostgreSQL and on the embedded SQLite file, in their own version table."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from storepos.central.engine import make_central_engine
from storepos.central.migrate import alembic_config, current_revision, upgrade
from storepos.central.schema import VERSION_TABLE, metadata
from tests.integration.sync_world import central_pg

__all__ = ["central_pg"]


def _check(engine: Engine) -> None:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1 and current_revision(engine) == heads[0]
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                         "version_table": VERSION_TABLE})
        assert compare_metadata(context, metadata) == []
        inspector = inspect(conn)
        assert VERSION_TABLE in inspector.get_table_names()
        for table in metadata.sorted_tables:
            expected = {c.name for c in table.constraints
                        if c.__class__.__name__ == "CheckConstraint"}
            assert {c["name"] for c in inspector.get_check_constraints(table.name)} == expected


@pytest.mark.postgres
def test_the_central_migrations_match_the_schema_on_postgresql(central_pg: str) -> None:
    engine = make_central_engine(central_pg)
    try:
        _check(engine)
        upgrade(engine)  # again: nothing to do
        _check(engine)
    finally:
        engine.dispose()


def test_the_central_migrations_match_the_schema_on_sqlite(tmp_path: Path) -> None:
    engine = make_central_engine(str(tmp_path / "central.db"))
    try:
        upgrade(engine)
        _check(engine)
    finally:
        engine.dispose()
