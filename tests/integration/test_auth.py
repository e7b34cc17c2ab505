"""Sign-in with employee number + PIN, lockout and its end, role checks, manager approval."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from storepos.domain.errors import InvalidInput
from storepos.domain.vocabulary import Role
from storepos.persistence.db import make_session_factory
from storepos.persistence.models import AuditEvent, Employee
from storepos.persistence.uow import UnitOfWork
from storepos.services.base.context import Actor
from storepos.services.staff import auth
from storepos.services.staff.approvals import Binding
from storepos.services.staff.auth import AuthSettings, PermissionDenied, SignInRefused
from tests.factories import PIN, FixedClock, actor_for, make_employee, make_store

WRONG = "Wrong employee number or PIN."


@dataclass
class Staff:
    factory: sessionmaker[Session]
    till_id: uuid.UUID
    cashier: str
    manager: str
    manager_id: uuid.UUID
    stock: str
    retired: str
    clock: FixedClock
    cashier_actor: Actor


@pytest.fixture
def staff(db_engine: Engine) -> Staff:
    factory = make_session_factory(db_engine)
    clock = FixedClock()  # 2025-06-01 16:00 UTC = 12:00 in Toronto
    with UnitOfWork(factory) as uow:
        store = make_store(uow.session)
        cashier = make_employee(uow.session, store, Role.CASHIER)
        manager = make_employee(uow.session, store, Role.MANAGER, pin="97531")
        stock = make_employee(uow.session, store, Role.STOCK)
        retired = make_employee(uow.session, store, Role.CASHIER, active=False)
        uow.commit()
        return Staff(factory, store.tills[0].id, cashier.number, manager.number, manager.id,
                     stock.number, retired.number, clock, actor_for(cashier, store, clock=clock))


ANY = Binding("test", "anything")  # what the approval is for does not matter here


def attempt(staff: Staff, number: str, pin: str, **kw: object) -> Actor | str:
    """One sign-in as the till does it: the Actor, or the refusal's message."""
    try:
        return auth.sign_in(staff.factory, staff.till_id, number, pin, clock=staff.clock, **kw)
    except SignInRefused as refused:
        return refused.message


def employee(staff: Staff, number: str) -> Employee:
    with staff.factory() as s:
        return s.scalars(select(Employee).where(Employee.number == number)).one()


def audit_actions(staff: Staff, subject: uuid.UUID) -> list[str]:
    with staff.factory() as s:
        return list(s.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == subject)
                              .order_by(AuditEvent.occurred_at, AuditEvent.action)))


def test_sign_in_gives_the_actor_at_this_till(staff: Staff) -> None:
    actor = attempt(staff, f"  {staff.cashier} ", PIN)
    assert isinstance(actor, Actor)
    assert (actor.employee_number, actor.role, actor.till_id) == (
        staff.cashier, Role.CASHIER, staff.till_id)
    assert actor.today().isoformat() == "2025-06-01"
    assert "auth.signed_in" in audit_actions(staff, actor.employee_id)


def test_wrong_pin_is_refused_and_counted(staff: Staff) -> None:
    assert attempt(staff, staff.cashier, "1111") == WRONG
    assert employee(staff, staff.cashier).failed_pin_attempts == 1
    assert isinstance(attempt(staff, staff.cashier, PIN), Actor)
    assert employee(staff, staff.cashier).failed_pin_attempts == 0  # a good PIN resets the count


def test_unknown_and_inactive_employees_get_the_same_message(staff: Staff) -> None:
    assert attempt(staff, "00000000000", PIN) == WRONG
    assert attempt(staff, staff.retired, PIN) == WRONG


def test_a_malformed_pin_says_what_a_pin_is(staff: Staff) -> None:
    with pytest.raises(InvalidInput, match="digits"):
        auth.sign_in(staff.factory, staff.till_id, staff.cashier, "12ab", clock=staff.clock)


def test_five_wrong_pins_lock_the_employee_until_the_period_ends(staff: Staff) -> None:
    for _ in range(4):
        assert attempt(staff, staff.cashier, "0000") == WRONG
    locked = f"Too many wrong PINs. Employee {staff.cashier} is locked until 12:15."
    assert attempt(staff, staff.cashier, "0000") == locked
    assert attempt(staff, staff.cashier, PIN) == locked  # the right PIN waits too
    staff.clock.advance(minutes=14, seconds=59)
    assert attempt(staff, staff.cashier, PIN) == locked
    staff.clock.advance(seconds=1)
    actor = attempt(staff, staff.cashier, PIN)
    assert isinstance(actor, Actor)
    after = employee(staff, staff.cashier)
    assert (after.failed_pin_attempts, after.locked_until) == (0, None)
    actions = audit_actions(staff, after.id)
    assert actions.count("auth.pin_refused") == 4 and actions.count("auth.locked") == 1


def test_the_lockout_is_a_setting(staff: Staff) -> None:
    short = AuthSettings(max_wrong_pins=2, lockout=timedelta(minutes=5))
    assert attempt(staff, staff.cashier, "0000", settings=short) == WRONG
    assert "locked until 12:05" in str(attempt(staff, staff.cashier, "0000", settings=short))


def test_a_manager_unlocks_early_and_a_cashier_may_not(staff: Staff) -> None:
    for _ in range(5):
        attempt(staff, staff.cashier, "0000")
    manager = attempt(staff, staff.manager, "97531")
    assert isinstance(manager, Actor)
    with UnitOfWork(staff.factory) as uow, pytest.raises(PermissionDenied, match="Only a manager"):
        auth.unlock_employee(uow.session, staff.cashier_actor, staff.cashier)
    with UnitOfWork(staff.factory) as uow:
        auth.unlock_employee(uow.session, manager, staff.cashier)
        uow.commit()
    assert isinstance(attempt(staff, staff.cashier, PIN), Actor)


def test_role_checks_refuse_in_plain_words(staff: Staff) -> None:
    stock = attempt(staff, staff.stock, PIN)
    assert isinstance(stock, Actor)
    with pytest.raises(PermissionDenied) as refused:
        auth.require_counter(stock, "process returns")
    assert refused.value.message.startswith("A cashier or manager must process returns")
    with pytest.raises(PermissionDenied, match="Only a manager can correct"):
        auth.require_role(staff.cashier_actor, Role.MANAGER, doing="correct a balance")


def test_manager_approval_needs_a_manager_pin_and_a_reason(staff: Staff) -> None:
    approval = auth.approve(staff.factory, staff.cashier_actor, staff.manager, "97531",
                            "  Loyal customer,   box damaged in transit ", ANY)
    assert approval.manager_id == staff.manager_id
    assert approval.reason == "Loyal customer, box damaged in transit"
    assert approval.approved_at == staff.clock()
    with pytest.raises(PermissionDenied, match="not a manager"):
        auth.approve(staff.factory, staff.cashier_actor, staff.cashier, PIN, "why not", ANY)
    with pytest.raises(InvalidInput, match="reason"):
        auth.approve(staff.factory, staff.cashier_actor, staff.manager, "97531", "   ", ANY)


def test_wrong_manager_pins_count_toward_the_managers_lockout(staff: Staff) -> None:
    for _ in range(4):
        with pytest.raises(SignInRefused, match=WRONG):
            auth.approve(staff.factory, staff.cashier_actor, staff.manager, "11111", "refund", ANY)
    with pytest.raises(SignInRefused, match="locked until"):
        auth.approve(staff.factory, staff.cashier_actor, staff.manager, "11111", "refund", ANY)
    assert employee(staff, staff.manager).locked_until is not None


def test_sign_in_checks_the_pin_once_when_another_writer_commits_meanwhile(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The background sync commits while Argon2 runs: the sign-in records its outcome after,
    in its own transaction, instead of failing or checking the PIN again."""
    from storepos.services.counter import Counter

    factory = make_session_factory(sqlite_engine)
    with UnitOfWork(factory) as uow:
        store = make_store(uow.session)
        cashier = make_employee(uow.session, store, Role.CASHIER)
        number, prefix = cashier.number, store.tills[0].prefix
        uow.commit()
    real_verify, checks = auth.verify_pin, []

    def verify_while_the_sync_commits(hashed: str, pin: str) -> bool:
        with UnitOfWork(factory, writes=True) as sync:
            sync.session.get(Employee, cashier.id).name = f"Renamed {len(checks)}"  # type: ignore[union-attr]
            sync.commit()
        checks.append(pin)
        return real_verify(hashed, pin)

    monkeypatch.setattr(auth, "verify_pin", verify_while_the_sync_commits)
    actor = Counter(factory, prefix).sign_in(number, PIN)
    assert checks == [PIN] and actor.employee_number == number
    assert actor.employee_name == "Renamed 0"  # the name as it is when the sign-in is recorded
    with factory() as s:
        signed = s.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == cashier.id)).all()
    assert signed.count("auth.signed_in") == 1
