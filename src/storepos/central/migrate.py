"""The central schema's own migrations (Alembic, version table central_alembic_version)."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from sqlalchemy import Engine

from storepos import alembic_runner
from storepos.central.engine import make_central_engine
from storepos.central.schema import VERSION_TABLE

SCRIPT_LOCATION = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    return alembic_runner.alembic_config(SCRIPT_LOCATION)


def upgrade(engine_or_url: Engine | str, revision: str = "head") -> None:
    """Bring the central database up to `revision` (run by an administrator's role)."""
    alembic_runner.upgrade(SCRIPT_LOCATION, engine_or_url, make_central_engine, revision)


def current_revision(engine: Engine) -> str | None:
    return alembic_runner.current_revision(engine, VERSION_TABLE)
