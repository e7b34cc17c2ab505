"""Run a package's Alembic scripts from code (no alembic.ini): the till's database and the
central one each ship their own scripts and call these with their folder and engine maker.

A top-level module with no storepos imports, so both `storepos.persistence` and
`storepos.central` may use it (the central side must never import persistence)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine


def alembic_config(script_location: Path) -> Config:
    """An Alembic Config pointing at scripts shipped inside the package."""
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("path_separator", "os")
    return config


def upgrade(script_location: Path, engine_or_url: Engine | str,
            make_engine: Callable[[str], Engine], revision: str = "head") -> None:
    """Bring the database up to `revision`. A URL (or file path) gets its own short-lived engine."""
    owned = isinstance(engine_or_url, str)
    engine = make_engine(engine_or_url) if isinstance(engine_or_url, str) else engine_or_url
    try:
        with engine.begin() as connection:
            config = alembic_config(script_location)
            # env.py runs on this connection (Alembic cookbook: "sharing a connection").
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        if owned:
            engine.dispose()


def current_revision(engine: Engine, version_table: str = "alembic_version") -> str | None:
    """The revision the database is at, or None when it has never been migrated."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": version_table})
        return context.get_current_revision()
