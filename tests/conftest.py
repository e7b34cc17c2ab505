"""Shared fixtures: migrated SQLite and PostgreSQL databases, and a session over either.

- `sqlite_engine`: a fresh, migrated SQLite file per test.
- `pg_url` / `pg_engine`: one fresh, migrated PostgreSQL database for the whole run (dropped at the
  end). It is shared, so PostgreSQL tests create their own rows (UUID keys) and never count globally.
- `db_engine`: parametrized over both backends; `session`: a Session over `db_engine`.

PostgreSQL comes from STOREPOS_TEST_PG_URL (a server URL; the database part is replaced). When it is
unreachable the tests skip locally, and fail when CI is set: CI must never skip them silently.
"""

from __future__ import annotations

import os

# Before anything can import Qt: the Qt tests run without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from storepos.domain.events import PAYLOADS, EventKind
from storepos.persistence.db import make_engine, make_session_factory
from storepos.persistence.migrate import upgrade
from storepos.persistence.models import AuditEvent

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"

# Property tests (hypothesis) explore new examples on a developer's machine; in CI they replay the
# same ones every run, so a submission is judged on the code, not on the draw.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def unlisted_details(action: str, details: dict[str, object]) -> set[str]:
    """Keys an event's details miss or carry beyond its kind's payload in `domain.events`
    (kinds outside the catalogue, which some tests record on purpose, are not checked)."""
    if action not in set(EventKind):
        return set()
    payload = PAYLOADS[EventKind(action)]
    keys = set(details)
    return (payload.__required_keys__ - keys) | (keys - payload.__required_keys__
                                                 - payload.__optional_keys__)


@event.listens_for(AuditEvent, "before_insert")
def _details_as_catalogued(_mapper: object, _conn: object, row: AuditEvent) -> None:
    # Every audit event any test records is checked against the catalogue.
    wrong = unlisted_details(row.action, row.details)
    assert not wrong, f"{row.action} details do not match domain.events: {sorted(wrong)}"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(str(tmp_path / "store.db"))
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    server = make_url(os.environ.get("STOREPOS_TEST_PG_URL", DEFAULT_PG_URL))
    # CREATE/DROP DATABASE cannot run inside a transaction.
    admin = create_engine(
        server, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5}
    )
    try:
        with admin.connect():
            pass
    except OperationalError as exc:
        admin.dispose()
        where = server.render_as_string(hide_password=True)
        message = f"PostgreSQL is not reachable at {where} (set STOREPOS_TEST_PG_URL): {exc}"
        if _in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    # DDL cannot take bind parameters; the name is ours (fixed prefix + hex), quoted anyway.
    name = f"storepos_test_{secrets.token_hex(6)}"
    quoted = admin.dialect.identifier_preparer.quote(name)
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {quoted}"))
    url = server.set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture(scope="session")
def pg_engine(pg_url: str) -> Iterator[Engine]:
    engine = make_engine(pg_url)
    yield engine
    engine.dispose()


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def db_engine(request: pytest.FixtureRequest) -> Engine:
    """The same test on a migrated SQLite file and on the PostgreSQL test database."""
    fixture = "sqlite_engine" if request.param == "sqlite" else "pg_engine"
    return request.getfixturevalue(fixture)


@pytest.fixture
def session(db_engine: Engine) -> Iterator[Session]:
    with make_session_factory(db_engine)() as s:
        yield s
