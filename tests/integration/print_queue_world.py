"""What the print-queue tests share: a fast back-off, a loopback TCP printer, and sessions whose
till has that printer as its receipt printer (test_print_queue.py, test_print_copies.py)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from storepos.devices.printing.loopback import LoopbackPrinter
from storepos.persistence.db import WRITES, make_session_factory
from storepos.services.printing import queue as pq

FAST = pq.Backoff(first=0.05, factor=2.0, most=0.2)


def wait_until(predicate: Callable[[], object], timeout: float = 20.0) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.01)
    raise AssertionError("condition not met in time")


@pytest.fixture
def printer() -> Iterator[LoopbackPrinter]:
    with LoopbackPrinter() as lp:
        yield lp


@pytest.fixture
def sessions(sqlite_engine: Engine, printer: LoopbackPrinter) -> sessionmaker[Session]:
    # The tests' own transactions read, then write, while the worker commits: like the app's units
    # of work, they take the write lock at BEGIN (a deferred one is refused "database is locked").
    factory = make_session_factory(sqlite_engine.execution_options(**{WRITES: True}))
    with factory.begin() as s:
        pq.configure_printer(s, "receipt", "tm-t88", printer.address, default=True)
    return factory
