"""Sign-in and manager approval on the till's SQLite file while other connections write to it.

The print queue, the background sync and the screens commit all the time; a PIN check (Argon2,
slow on purpose) must neither fail because of them nor let racing wrong PINs past the lockout.
Real SQLite file, real threads.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter as Tally
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from storepos.domain.vocabulary import Role
from storepos.persistence.db import make_session_factory
from storepos.persistence.models import AuditEvent, Employee
from storepos.persistence.uow import UnitOfWork
from storepos.services.base import journal
from storepos.services.base.context import Actor
from storepos.services.counter import Counter
from storepos.services.staff import auth
from storepos.services.staff.approvals import Binding
from storepos.services.staff.auth import SignInRefused
from storepos.services.staff.pins import hash_pin
from tests.factories import PIN, FixedClock, actor_for, make_employee, make_store

MANAGER_PIN = "97531"
WRONG = "Wrong employee number or PIN."


@dataclass
class Till:
    factory: sessionmaker[Session]
    counter: Counter
    cashier: str
    cashier_id: uuid.UUID
    manager: str
    manager_id: uuid.UUID
    cashier_actor: Actor


@pytest.fixture
def till(sqlite_engine: Engine) -> Till:
    factory = make_session_factory(sqlite_engine)
    clock = FixedClock()  # 12:00 in Toronto
    with UnitOfWork(factory) as uow:
        store = make_store(uow.session)
        cashier = make_employee(uow.session, store, Role.CASHIER)
        manager = make_employee(uow.session, store, Role.MANAGER, pin=MANAGER_PIN)
        uow.commit()
        return Till(factory, Counter(factory, store.tills[0].prefix, clock=clock),
                    cashier.number, cashier.id, manager.number, manager.id,
                    actor_for(cashier, store, clock=clock))


ANY = Binding("test", "anything")  # what the approval is for does not matter here


def audit_actions(till: Till, subject: uuid.UUID) -> list[str]:
    with till.factory() as s:
        return list(s.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == subject)))


class Writer(threading.Thread):
    """Another part of the app: commits small audit records (journal + outbox) in a tight loop."""

    def __init__(self, till: Till) -> None:
        super().__init__(daemon=True)
        self.till, self.commits, self.errors = till, 0, list[BaseException]()
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                with UnitOfWork(self.till.factory, writes=True) as uow:
                    journal.record(uow.session, self.till.cashier_actor, "test.tick", "till",
                                   None, {"n": self.commits})
                    uow.commit()
                self.commits += 1
            except BaseException as exc:  # noqa: BLE001 - the test reports it
                self.errors.append(exc)
                return


def test_sign_in_and_approval_never_fail_while_another_connection_keeps_writing(
    till: Till,
) -> None:
    writer = Writer(till)
    writer.start()
    failures: list[str] = []
    try:
        for _ in range(30):
            try:
                till.counter.sign_in(till.cashier, PIN)
            except Exception as exc:  # noqa: BLE001 - counted, then shown
                failures.append(f"sign-in: {exc}")
            try:
                till.counter.approve(till.cashier_actor, till.manager, MANAGER_PIN, "Box damaged",
                                     ANY)
            except Exception as exc:  # noqa: BLE001 - counted, then shown
                failures.append(f"approval: {exc}")
        commits_meanwhile = writer.commits
    finally:
        writer.stop.set()
        writer.join()
    assert failures == [], f"{len(failures)} of 60 failed, e.g. {failures[0]}"
    assert writer.errors == []
    assert commits_meanwhile > 60  # the other connection really kept writing
    assert audit_actions(till, till.cashier_id).count("auth.signed_in") == 30


def race(threads: int, attempt: Callable[[], object]) -> list[str]:
    """Run `attempt` on `threads` threads at once; each PIN check waits until all have read the
    employee (so none has seen another's outcome). The answers (refusal messages) come back."""
    answers: list[str] = []
    barrier = threading.Barrier(threads)
    real_verify = auth.verify_pin

    def verify_together(hashed: str, pin: str) -> bool:
        barrier.wait()
        return real_verify(hashed, pin)

    def one() -> None:
        try:
            attempt()
            answers.append("accepted")
        except SignInRefused as refused:
            answers.append(refused.message)
        except BaseException as exc:  # noqa: BLE001 - shown in the answers; nobody waits forever
            barrier.abort()
            answers.append(repr(exc))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(auth, "verify_pin", verify_together)
        workers = [threading.Thread(target=one) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    return answers


@pytest.mark.parametrize("purpose", ["sign_in", "approval"])
def test_racing_wrong_pins_get_no_more_tries_than_the_lockout_allows(
    till: Till, purpose: str,
) -> None:
    """A dishonest insider fires 8 wrong PINs at once at one employee: only 5 are checked and
    answered as tries (the 5th locks), the others are told the employee is locked."""
    number, employee_id = (till.cashier, till.cashier_id) if purpose == "sign_in" else (
        till.manager, till.manager_id)

    def wrong_pin() -> object:
        if purpose == "sign_in":
            return till.counter.sign_in(number, "1111")
        return till.counter.approve(till.cashier_actor, number, "1111", "refund", ANY)

    answers = race(8, wrong_pin)
    locked = f"Too many wrong PINs. Employee {number} is locked until 12:15."
    assert Tally(answers) == {WRONG: 4, locked: 4}
    actions = audit_actions(till, employee_id)
    assert (actions.count("auth.pin_refused"), actions.count("auth.locked")) == (4, 1)
    with till.factory() as s:
        row = s.get(Employee, employee_id)
        assert row is not None and row.locked_until is not None
    right_pin = MANAGER_PIN if purpose == "approval" else PIN
    with pytest.raises(SignInRefused, match="locked until 12:15"):  # the lock holds
        if purpose == "sign_in":
            till.counter.sign_in(number, right_pin)
        else:
            till.counter.approve(till.cashier_actor, number, right_pin, "refund", ANY)


def change_while_checked(till: Till, monkeypatch: pytest.MonkeyPatch,
                         change: Callable[[Employee], None]) -> None:
    """Another connection changes the cashier's row while their PIN is being checked."""
    real_verify, changed = auth.verify_pin, []

    def verify_while_changed(hashed: str, pin: str) -> bool:
        if not changed:
            with UnitOfWork(till.factory, writes=True) as other:
                row = other.session.get(Employee, till.cashier_id)
                assert row is not None
                change(row)
                other.commit()
            changed.append(True)
        return real_verify(hashed, pin)

    monkeypatch.setattr(auth, "verify_pin", verify_while_changed)


def test_a_lockout_taken_while_the_pin_is_checked_is_honoured(
    till: Till, monkeypatch: pytest.MonkeyPatch,
) -> None:
    def lock(row: Employee) -> None:
        row.locked_until = till.cashier_actor.now() + auth.DEFAULT_SETTINGS.lockout

    change_while_checked(till, monkeypatch, lock)
    with pytest.raises(SignInRefused, match="locked until 12:15"):
        till.counter.sign_in(till.cashier, PIN)
    assert "auth.signed_in" not in audit_actions(till, till.cashier_id)


def test_a_pin_changed_while_the_old_one_is_checked_is_honoured(
    till: Till, monkeypatch: pytest.MonkeyPatch,
) -> None:
    new_hash = hash_pin("86420")

    def change_pin(row: Employee) -> None:
        row.pin_hash = new_hash

    change_while_checked(till, monkeypatch, change_pin)
    with pytest.raises(SignInRefused, match=WRONG):  # the old PIN no longer opens the till
        till.counter.sign_in(till.cashier, PIN)
    with till.factory() as s:
        row = s.get(Employee, till.cashier_id)
        assert row is not None and row.failed_pin_attempts == 1
    assert till.counter.sign_in(till.cashier, "86420").employee_id == till.cashier_id
