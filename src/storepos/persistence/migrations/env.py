"""Alembic environment for storepos.

Run programmatically by `storepos.persistence.migrate.upgrade`, which hands over an open connection
in `config.attributes["connection"]`; or by developers with the repository's alembic.ini, where the
URL comes from `-x url=...` or `sqlalchemy.url`.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

import storepos.persistence.models  # noqa: F401  (registers every table on Base.metadata)
from storepos.persistence.base import Base
from storepos.persistence.db import make_engine

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection | None = None, url: str | None = None) -> None:
    context.configure(
        connection=connection,
        url=url,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=True,
        compare_type=True,
        literal_binds=url is not None,
    )


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        raise SystemExit("no database: pass -x url=... or set sqlalchemy.url in alembic.ini")
    return url


def run_offline() -> None:
    _configure(url=_url())
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    # make_engine, not engine_from_config: the SQLite pragmas (WAL, FULL, foreign keys) must apply.
    engine = make_engine(_url())
    try:
        with engine.begin() as conn:
            _configure(connection=conn)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
