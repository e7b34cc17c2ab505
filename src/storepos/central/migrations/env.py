"""Alembic environment for the central database (run by storepos.central.migrate.upgrade,
which hands over an open connection; or `alembic -c <ini with script_location=this folder>`)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from storepos.central.engine import make_central_engine
from storepos.central.schema import VERSION_TABLE, metadata

config = context.config


def _configure(connection: Connection | None = None, url: str | None = None) -> None:
    context.configure(
        connection=connection, url=url, target_metadata=metadata, version_table=VERSION_TABLE,
        render_as_batch=True, compare_type=True, literal_binds=url is not None,
    )


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url")
    if not url:
        raise SystemExit("no central database: pass -x url=...")
    return url


if context.is_offline_mode():
    _configure(url=_url())
    with context.begin_transaction():
        context.run_migrations()
else:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
    else:
        engine = make_central_engine(_url())
        try:
            with engine.begin() as conn:
                _configure(connection=conn)
                with context.begin_transaction():
                    context.run_migrations()
        finally:
            engine.dispose()
