"""Every central transaction is retried on serialization failure and deadlock (SQLSTATE 40001,
40P01; SQLite's "database is locked"): distributed PostgreSQL-compatible engines (CockroachDB,
YugabyteDB) run SERIALIZABLE and expect clients to retry, and PostgreSQL itself can pick a deadlock
victim. A lost connection is not retried here: it means the till is offline (CentralUnavailable),
and the sync loop backs off."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from storepos.i18n import _
from storepos.sync.errors import CentralUnavailable

T = TypeVar("T")

RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})


def sqlstate(exc: BaseException) -> str | None:
    return getattr(getattr(exc, "orig", None), "sqlstate", None)


def is_retryable(exc: BaseException) -> bool:
    if not isinstance(exc, DBAPIError):
        return False
    if sqlstate(exc) in RETRYABLE_SQLSTATES:
        return True
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "could not serialize" in text


def is_unavailable(exc: BaseException) -> bool:
    """The server is gone or refused us (connection refused, terminated, network down)."""
    if not isinstance(exc, DBAPIError) or is_retryable(exc):
        return False
    if exc.connection_invalidated:
        return True
    code = sqlstate(exc)
    if code is None:
        return isinstance(exc, OperationalError)
    return code.startswith(("08", "57P"))  # connection exception; operator intervention


def in_transaction(engine: Engine, work: Callable[[Connection], T], *, attempts: int = 12,
                   base_delay: float = 0.005) -> T:
    """Run `work(conn)` in one transaction and commit; retry the whole of it when the database
    asks us to. Raises CentralUnavailable when the server cannot be reached."""
    for attempt in range(1, attempts + 1):
        try:
            with engine.begin() as conn:
                return work(conn)
        except DBAPIError as exc:
            if is_unavailable(exc):
                raise CentralUnavailable(_("The central database cannot be reached: {problem}")
                                         .format(problem=exc.orig)) from exc
            if not is_retryable(exc) or attempt == attempts:
                raise
        # Full jitter: racing transactions spread out instead of colliding again.
        time.sleep(random.uniform(0, base_delay * (2 ** min(attempt, 8))))
    raise AssertionError("unreachable")
