"""Per-till number sequences: increment, independence, rollback, and no duplicates under a race."""

from __future__ import annotations

import random
import string
import threading
import uuid

from sqlalchemy import Engine

from storepos.domain.numbers import NumberKind, parse_number
from storepos.domain.vocabulary import StoreKind
from storepos.persistence.db import make_session_factory
from storepos.persistence.models import Store, Till
from storepos.persistence.uow import UnitOfWork
from storepos.services.base.numbering import next_number


def _make_till(engine: Engine) -> tuple[uuid.UUID, str]:
    """A committed store and till with a random prefix (the PostgreSQL database is shared)."""
    prefix = "T" + "".join(random.choices(string.ascii_uppercase, k=7))
    with UnitOfWork(make_session_factory(engine)) as uow:
        store = Store(
            code=prefix, name="Test store", kind=StoreKind.RETAIL, country="CA",
            time_zone="America/Toronto", currency="CAD", locale="en_CA", policy="standard",
        )
        till = Till(store=store, prefix=prefix, name="Till 1")
        uow.session.add_all([store, till])
        uow.commit()
        return till.id, prefix


def _take(engine: Engine, till_id: uuid.UUID, prefix: str, kind: NumberKind) -> str:
    with UnitOfWork(make_session_factory(engine)) as uow:
        number = next_number(uow.session, till_id, prefix, kind)
        uow.commit()
        return number


def test_numbers_count_up_per_till_and_kind(db_engine: Engine) -> None:
    till, prefix = _make_till(db_engine)
    other_till, other_prefix = _make_till(db_engine)
    returns = [_take(db_engine, till, prefix, NumberKind.RETURN) for _ in range(3)]
    assert [parse_number(n).sequence for n in returns] == [1, 2, 3]
    assert all(parse_number(n).prefix == prefix for n in returns)
    card = parse_number(_take(db_engine, till, prefix, NumberKind.GIFT_CARD))
    assert (card.kind, card.sequence) == (NumberKind.GIFT_CARD, 1)
    assert parse_number(_take(db_engine, other_till, other_prefix, NumberKind.RETURN)).sequence == 1
    assert parse_number(_take(db_engine, till, prefix, NumberKind.RETURN)).sequence == 4


def test_several_numbers_in_one_transaction(db_engine: Engine) -> None:
    till, prefix = _make_till(db_engine)
    with UnitOfWork(make_session_factory(db_engine)) as uow:
        taken = [next_number(uow.session, till, prefix, NumberKind.PICKUP) for _ in range(3)]
        uow.commit()
    assert [parse_number(n).sequence for n in taken] == [1, 2, 3]


def test_a_rolled_back_action_does_not_use_up_its_number(db_engine: Engine) -> None:
    till, prefix = _make_till(db_engine)
    first = _take(db_engine, till, prefix, NumberKind.WARRANTY_CLAIM)
    with UnitOfWork(make_session_factory(db_engine)) as uow:
        abandoned = next_number(uow.session, till, prefix, NumberKind.WARRANTY_CLAIM)
        # no commit: the claim was cancelled
    again = _take(db_engine, till, prefix, NumberKind.WARRANTY_CLAIM)
    assert parse_number(first).sequence == 1
    assert abandoned == again
    assert parse_number(again).sequence == 2


def test_racing_sessions_never_share_a_number(db_engine: Engine) -> None:
    # A fresh till, so the racers also contend on inserting the very first sequence row.
    till, prefix = _make_till(db_engine)
    threads, per_thread = 6, 15
    start = threading.Barrier(threads)
    results: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def racer() -> None:
        try:
            start.wait()
            for _ in range(per_thread):
                number = _take(db_engine, till, prefix, NumberKind.GIFT_CARD)
                with lock:
                    results.append(number)
        except BaseException as exc:  # noqa: BLE001  (reported by the main thread)
            errors.append(exc)

    workers = [threading.Thread(target=racer) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    assert len(results) == len(set(results)) == threads * per_thread
    assert sorted(parse_number(n).sequence for n in results) == list(
        range(1, threads * per_thread + 1)
    )
