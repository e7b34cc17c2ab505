"""Unit of work: one session per user action, nothing saved unless the action says `commit()`.

    with UnitOfWork(session_factory) as uow:
        uow.session.add(thing)
        uow.commit()

Leaving the block without `commit()` (or through an exception) rolls everything back, so a half-done
action never reaches the database (cosmicpython's pattern, on SQLAlchemy 2 sessions).

`writes=True` says the unit will write: on SQLite it then takes the write lock when it starts
(BEGIN IMMEDIATE, see persistence/db.py) and waits its turn there, instead of failing when another
connection commits between its reads and its writes. Not for a unit open around a call that runs
its own write transaction on the same thread (auth.sign_in / auth.approve): that one would wait on
it.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.orm import Session, sessionmaker

from storepos.persistence.db import WRITES


class UnitOfWork:
    def __init__(self, session_factory: sessionmaker[Session], *, writes: bool = False) -> None:
        self._factory = session_factory
        self._writes = writes
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work inside a `with` block")
        return self._session

    def __enter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError("a unit of work is not re-entrant; make a new one per action")
        self._session = self._factory()
        if self._writes:
            self._session.connection(execution_options={WRITES: True})
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self.session, None
        try:
            session.rollback()  # a no-op after commit(); discards anything not committed
        finally:
            session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
