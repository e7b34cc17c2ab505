"""A till's store context on the central PostgreSQL: the second wall behind the service's rules.

    engine = for_store(engine, store_id)   every transaction on it runs as the store (rls.sql)
    with shared(conn): ...                 one of the service's own statements on shared rows

At BEGIN, a transaction on a store's engine takes the NOLOGIN role storepos_store and the setting
storepos.store_id (both SET LOCAL, in one round trip); the policies read that setting. The store
context may only do what a store may do to its own rows. Shared rows (an order line's returned
units, who returned what, card balances and holds, the ledger) change only inside `shared(conn)`,
which takes the connecting role back for those statements and then the store's role again. The
places that do it are few and named in docs/security.md.

SQLite (the embedded central, one store) has no roles: `for_store` returns the engine as it is and
`shared` does nothing.
"""

from __future__ import annotations

import contextlib
import functools
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import DBAPIError

STORE_ROLE = "storepos_store"
OPTION = "storepos_store_context"  # the engine's execution option carrying the StoreContext
_SHARED = "storepos_shared"  # in the connection's info while a shared() block runs
_ENTER = "SELECT set_config('role', %s, true), set_config('storepos.store_id', %s, true)"
_ROLE = "SELECT set_config('role', %s, true)"
P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class StoreContext:
    store_id: uuid.UUID
    role: str = STORE_ROLE


def for_store(engine: Engine, store_id: uuid.UUID, role: str = STORE_ROLE) -> Engine:
    """The same engine (same pool), each transaction on it in the store's context."""
    if engine.dialect.name != "postgresql":
        return engine
    return engine.execution_options(**{OPTION: StoreContext(store_id, role)})


def context_of(conn: Connection) -> StoreContext | None:
    found: Any = conn.get_execution_options().get(OPTION)
    return found if isinstance(found, StoreContext) else None


def _begin(conn: Connection) -> None:
    context = context_of(conn)
    if context is None:
        return
    if getattr(conn.connection.dbapi_connection, "autocommit", False):
        # SET LOCAL would end with the statement: every later one would run unwalled.
        raise RuntimeError("a store's context needs a transaction, not autocommit")
    conn.exec_driver_sql(_ENTER, (context.role, str(context.store_id)))


def _savepoint(conn: Connection, _name: str) -> None:
    if conn.info.get(_SHARED):
        # Rolling back to it would bring back the role of this moment, the unwalled one.
        raise RuntimeError("no savepoint inside a shared() block: take it before")


def install(engine: Engine) -> None:
    """Make `for_store` engines enter their store at BEGIN (make_central_engine calls it)."""
    event.listen(engine, "begin", _begin)
    event.listen(engine, "savepoint", _savepoint)


@contextlib.contextmanager
def shared(conn: Connection) -> Iterator[Connection]:
    """The service's own statements on shared rows, run as the connecting role; the store's
    context again afterwards. Nested blocks cost nothing more; outside a store context, nothing.

    If a statement inside fails, the transaction is aborted until the caller rolls back to a
    savepoint taken before this block (which restores the store's role) or rolls back whole."""
    context = context_of(conn)
    if context is None or conn.info.get(_SHARED):
        yield conn
        return
    conn.exec_driver_sql(_ROLE, ("none",))
    conn.info[_SHARED] = True
    try:
        yield conn
    except BaseException:
        with contextlib.suppress(DBAPIError):  # an aborted transaction: its rollback restores it
            conn.exec_driver_sql(_ROLE, (context.role,))
        raise
    else:
        conn.exec_driver_sql(_ROLE, (context.role,))
    finally:
        conn.info.pop(_SHARED, None)


def on_shared_rows(work: Callable[Concatenate[Connection, P], T]
                   ) -> Callable[Concatenate[Connection, P], T]:
    """`work(conn, ...)` inside shared(conn): a function of the service's that moves shared rows."""

    @functools.wraps(work)
    def wrapped(conn: Connection, /, *args: P.args, **kwargs: P.kwargs) -> T:
        with shared(conn):
            return work(conn, *args, **kwargs)

    return wrapped
