"""The central schema's own migrations (Alembic, version table central_alembic_version), and on
PostgreSQL its row-level security (security.install_rls), brought up to date with it."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from sqlalchemy import Engine

from storepos import alembic_runner
from storepos.central.engine import make_central_engine
from storepos.central.schema import VERSION_TABLE
from storepos.central.security import install_rls

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


def current_revision(engine: Engine) -> str | None:
    return alembic_runner.current_revision(engine, VERSION_TABLE)
