"""Schema migrations, run from code: the package carries its Alembic scripts, no alembic.ini needed."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from sqlalchemy import Engine

from storepos import alembic_runner
from storepos.persistence.db import make_engine

SCRIPT_LOCATION = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """An Alembic Config pointing at the scripts shipped inside the package."""
    return alembic_runner.alembic_config(SCRIPT_LOCATION)


def upgrade(engine_or_url: Engine | str, revision: str = "head") -> None:
    """Bring the database up to `revision`. A URL (or file path) gets its own short-lived engine."""
    alembic_runner.upgrade(SCRIPT_LOCATION, engine_or_url, make_engine, revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None when it has never been migrated."""
    return alembic_runner.current_revision(engine)
