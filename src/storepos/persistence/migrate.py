"""Schema migrations, run from code: the package carries its Alembic scripts, no alembic.ini needed.

Alembic is imported only when a migration really runs (`upgrade_if_behind` on every start of the
app: a database at the head is told by its version row, see alembic_runner.is_current)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from storepos import alembic_runner
from storepos.persistence.db import make_engine

if TYPE_CHECKING:
    from alembic.config import Config

SCRIPT_LOCATION = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """An Alembic Config pointing at the scripts shipped inside the package."""
    return alembic_runner.alembic_config(SCRIPT_LOCATION)


def upgrade(engine_or_url: Engine | str, revision: str = "head") -> None:
    """Bring the database up to `revision`. A URL (or file path) gets its own short-lived engine."""
    alembic_runner.upgrade(SCRIPT_LOCATION, engine_or_url, make_engine, revision)


def upgrade_if_behind(engine: Engine) -> bool:
    """Up to the head, unless it is there already (then Alembic is not even imported); True if a
    migration ran."""
    return alembic_runner.upgrade_if_behind(SCRIPT_LOCATION, engine, make_engine)


def is_current(engine: Engine) -> bool:
    return alembic_runner.is_current(SCRIPT_LOCATION, engine)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None when it has never been migrated."""
    return alembic_runner.current_revision(engine)
