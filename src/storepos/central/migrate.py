"""The central schema's own migrations (Alembic, version table central_alembic_version), and on
PostgreSQL its row-level security (security.install_rls), brought up to date with it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from storepos import alembic_runner
from storepos.central.engine import make_central_engine
from storepos.central.schema import VERSION_TABLE
from storepos.central.security import install_rls

if TYPE_CHECKING:  # Alembic is imported only when a migration runs
    from alembic.config import Config

SCRIPT_LOCATION = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    return alembic_runner.alembic_config(SCRIPT_LOCATION)


def upgrade(engine_or_url: Engine | str, revision: str = "head") -> None:
    """Bring the central database up to `revision` (run by its owner); at the head, on PostgreSQL,
    the store context's role and policies too (the owner needs CREATEROLE the first time)."""
    engine = make_central_engine(engine_or_url) if isinstance(engine_or_url, str) else engine_or_url
    try:
        alembic_runner.upgrade(SCRIPT_LOCATION, engine, make_central_engine, revision)
        if revision == "head" and engine.dialect.name == "postgresql":
            with engine.begin() as conn:
                install_rls(conn)
    finally:
        if isinstance(engine_or_url, str):
            engine.dispose()


def upgrade_if_behind(engine: Engine) -> bool:
    """The embedded SQLite central beside a till, brought to the head on the app's start unless it
    is there already (then Alembic is not even imported); True if a migration ran. PostgreSQL
    always goes through `upgrade`, which also keeps its row-level security in place."""
    if engine.dialect.name != "postgresql" and alembic_runner.is_current(
            SCRIPT_LOCATION, engine, VERSION_TABLE):
        return False
    upgrade(engine)
    return True


def current_revision(engine: Engine) -> str | None:
    return alembic_runner.current_revision(engine, VERSION_TABLE)
