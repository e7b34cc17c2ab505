"""Run a package's Alembic scripts from code (no alembic.ini): the till's database and the
central one each ship their own scripts and call these with their folder and engine maker.

A top-level module with no storepos imports, so both `storepos.persistence` and
`storepos.central` may use it (the central side must never import persistence).

Alembic itself is imported only when a migration really runs: the app starts on every launch,
and on a database already at the head `is_current` answers from the scripts' text and the
version table's rows (importing Alembic and building its script directory cost more than the
rest of the start-up check together)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect

if TYPE_CHECKING:
    from alembic.config import Config

# The lines Alembic's own script template writes (`revision: str = "0006_audit_chain"`,
# `down_revision: str | None = "0005_approvals"`, or a tuple of ids for a merge).
_REVISION = re.compile(r"^revision\s*(?::[^=\n]*)?=\s*['\"]([^'\"]+)['\"]\s*$", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=\n]*)?=\s*(.+)$", re.MULTILINE)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")


def alembic_config(script_location: Path) -> Config:
    """An Alembic Config pointing at scripts shipped inside the package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("path_separator", "os")
    return config


def upgrade(script_location: Path, engine_or_url: Engine | str,
            make_engine: Callable[[str], Engine], revision: str = "head") -> None:
    """Bring the database up to `revision`. A URL (or file path) gets its own short-lived engine."""
    from alembic import command

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
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": version_table})
        return context.get_current_revision()


def script_heads(script_location: Path) -> frozenset[str] | None:
    """The head revision ids of the scripts in `script_location`/versions, read from the files'
    `revision` and `down_revision` lines without importing Alembic; None when any script does
    not say its revision in that form (then only Alembic can tell)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (script_location / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revision = _REVISION.search(text)
        down = _DOWN_REVISION.search(text)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        parents.update(_QUOTED.findall(down.group(1)))  # `None`, one id or a tuple of ids
    heads = revisions - parents
    return frozenset(heads) if heads and parents <= revisions else None


def database_revisions(engine: Engine, version_table: str = "alembic_version") -> frozenset[str]:
    """The revisions the database says it is at: the version table's rows (none before the first
    migration)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(version_table):
            return frozenset()
        # The table's name is ours (a constant), never input: quoted as an identifier all the same.
        quoted = connection.dialect.identifier_preparer.quote(version_table)
        rows = connection.exec_driver_sql(f"SELECT version_num FROM {quoted}").scalars()
        return frozenset(rows)


def is_current(script_location: Path, engine: Engine, version_table: str = "alembic_version") -> bool:
    """True when the database is at exactly the scripts' head(s): nothing for Alembic to do. Any
    doubt (a script this cannot read, a database behind, ahead or never migrated) is False, and
    the caller runs Alembic, which migrates or says what is wrong."""
    heads = script_heads(script_location)
    return heads is not None and database_revisions(engine, version_table) == heads


def upgrade_if_behind(script_location: Path, engine: Engine, make_engine: Callable[[str], Engine],
                      version_table: str = "alembic_version") -> bool:
    """Run Alembic's upgrade to the head unless the database is already there; True if it ran."""
    if is_current(script_location, engine, version_table):
        return False
    upgrade(script_location, engine, make_engine)
    return True
