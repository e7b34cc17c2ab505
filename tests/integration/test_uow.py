"""The unit of work saves only on commit() and rolls back on exceptions and plain exits."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import Engine, select

from storepos.domain.vocabulary import StoreKind
from storepos.persistence.db import make_session_factory
from storepos.persistence.models import Store
from storepos.persistence.uow import UnitOfWork


def _store(code: str) -> Store:
    return Store(
        code=code, name="Toronto Queen St", kind=StoreKind.RETAIL, country="CA",
        time_zone="America/Toronto", currency="CAD", locale="en_CA", policy="standard",
    )


def _codes(engine: Engine, code: str) -> list[str]:
    with make_session_factory(engine)() as s:
        return list(s.scalars(select(Store.code).where(Store.code == code)))


def _code() -> str:
    return "T" + uuid.uuid4().hex[:8]


def test_commit_saves(db_engine: Engine) -> None:
    code = _code()
    with UnitOfWork(make_session_factory(db_engine)) as uow:
        uow.session.add(_store(code))
        uow.commit()
    assert _codes(db_engine, code) == [code]


def test_leaving_without_commit_rolls_back(db_engine: Engine) -> None:
    code = _code()
    with UnitOfWork(make_session_factory(db_engine)) as uow:
        uow.session.add(_store(code))
        uow.session.flush()  # the row reached the database inside the transaction
    assert _codes(db_engine, code) == []


def test_an_exception_rolls_back_and_propagates(db_engine: Engine) -> None:
    code = _code()
    with pytest.raises(LookupError), UnitOfWork(make_session_factory(db_engine)) as uow:
        uow.session.add(_store(code))
        uow.session.flush()
        raise LookupError("order not found")
    assert _codes(db_engine, code) == []


def test_session_only_inside_the_block(sqlite_engine: Engine) -> None:
    uow = UnitOfWork(make_session_factory(sqlite_engine))
    with pytest.raises(RuntimeError):
        uow.session  # noqa: B018
    with uow, pytest.raises(RuntimeError):
        uow.__enter__()
    with pytest.raises(RuntimeError):
        uow.commit()


def test_a_savepoint_inside_a_rolled_back_unit_of_work_leaves_nothing(db_engine) -> None:  # type: ignore[no-untyped-def]
    # pysqlite used to open the transaction at the SAVEPOINT and COMMIT at its RELEASE.
    from sqlalchemy import func, select

    from storepos.persistence.db import make_session_factory
    from storepos.persistence.models import Customer
    from storepos.persistence.uow import UnitOfWork

    factory = make_session_factory(db_engine)
    marker = "Savepoint-Rollback-Check"
    with UnitOfWork(factory) as uow, uow.session.begin_nested():
        uow.session.add(Customer(first_name="Ann", last_name=marker))
        # leaves without commit(): everything goes
    with factory() as session:
        count = session.scalar(select(func.count()).select_from(Customer).where(Customer.last_name == marker))
    assert count == 0


def test_a_writing_unit_waits_its_turn_instead_of_failing_when_another_commits_first(
    sqlite_engine: Engine,
) -> None:
    """SQLite: a deferred transaction that read, then writes after another connection committed,
    is refused at once ("database is locked"); a unit of work that says it writes takes the lock
    at BEGIN, so the other writer waits for it instead (the sync and the print queue write
    while staff work)."""
    from sqlalchemy.exc import OperationalError

    factory = make_session_factory(sqlite_engine)
    mine, theirs = _code(), _code()

    def other_writer(errors: list[Exception]) -> None:
        try:
            with UnitOfWork(factory, writes=True) as other:
                other.session.add(_store(theirs))
                other.commit()
        except Exception as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)

    with UnitOfWork(factory) as deferred:  # reads, another commits, then it writes: refused
        deferred.session.scalars(select(Store.code)).all()
        errors: list[Exception] = []
        first = threading.Thread(target=other_writer, args=(errors,))
        first.start()
        first.join()
        deferred.session.add(_store(_code()))
        with pytest.raises(OperationalError, match="database is locked"):
            deferred.commit()
    assert errors == []

    theirs = _code()
    with UnitOfWork(factory, writes=True) as uow:
        uow.session.scalars(select(Store.code)).all()
        errors = []
        second = threading.Thread(target=other_writer, args=(errors,))
        second.start()
        second.join(0.5)  # it waits for our lock (busy timeout 5 s) rather than committing
        uow.session.add(_store(mine))
        uow.commit()
    second.join()
    assert errors == []
    assert _codes(sqlite_engine, mine) == [mine] and _codes(sqlite_engine, theirs) == [theirs]


def test_a_writing_unit_is_not_overtaken_again_and_again_by_a_tight_loop_of_commits(
    sqlite_engine: Engine,
) -> None:
    """SQLite's busy timeout only polls (at most every 100 ms): a connection committing in a tight
    loop (the print queue draining, the sync pushing) kept a waiting unit out for seconds, and now
    and then past the timeout ("database is locked" at sign-in). The app's writers take turns:
    while one waits, the other finishes at most the transaction it is in."""
    factory = make_session_factory(sqlite_engine)
    commits, stop, errors = [0], threading.Event(), list[Exception]()

    def tight_loop() -> None:
        try:
            while not stop.is_set():
                with UnitOfWork(factory, writes=True) as other:
                    other.session.add(_store(_code()))
                    other.commit()
                commits[0] += 1
        except Exception as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)

    writer = threading.Thread(target=tight_loop)
    writer.start()
    overtaken = []
    try:
        for _ in range(50):
            before = commits[0]
            with UnitOfWork(factory, writes=True) as uow:
                overtaken.append(commits[0] - before)  # commits made while this one waited
                uow.session.add(_store(_code()))
                uow.commit()
    finally:
        stop.set()
        writer.join()
    assert errors == []
    assert commits[0] > 0 and max(overtaken) <= 2, overtaken
