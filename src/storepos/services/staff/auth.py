"""Sign-in, role checks and manager approval: employee number + PIN (Argon2id), with lockout.

Wrong PINs are counted per employee; after `max_wrong_pins` in a row the employee is locked for
`lockout` (a setting, 15 minutes by default). An unknown or inactive employee number gets the
same message as a wrong PIN, after the same Argon2 work, so the screen never tells which numbers
exist. A refused PIN is written in its own short transaction on the same database: the caller
rolls back after the refusal, and the count must survive that or the lockout would never bite.
So call `sign_in` / `approve` before anything else is written in the caller's unit of work.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session

from storepos.domain.cards import contains_card_number
from storepos.domain.errors import InvalidInput, StoreposError
from storepos.domain.vocabulary import Role
from storepos.persistence.db import WRITES
from storepos.persistence.models import Employee, Till
from storepos.services.base import journal
from storepos.services.base.context import Actor, system_clock
from storepos.services.staff.pins import check_pin, hash_pin, needs_rehash, verify_pin

WRONG_PIN = "Wrong employee number or PIN."
REASON_MAX = 300


@dataclass(frozen=True, slots=True)
class AuthSettings:
    max_wrong_pins: int = 5
    lockout: timedelta = timedelta(minutes=15)


DEFAULT_SETTINGS = AuthSettings()


class SignInRefused(StoreposError):
    """Wrong number or PIN, or the employee is locked; `message` says which in plain words."""


class PermissionDenied(StoreposError):
    """The signed-in employee's role may not do this."""


@dataclass(frozen=True, slots=True)
class Approval:
    """A manager's PIN-verified yes, with the reason they gave; services record it in the audit."""

    manager_id: uuid.UUID
    manager_number: str
    manager_name: str
    reason: str
    approved_at: datetime


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Verified against for unknown numbers so they cost as much time as a real wrong PIN.
    return hash_pin("00000000")


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands timestamps back without a zone; they are stored in UTC.
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _engine_of(session: Session) -> Engine:
    bind = session.get_bind()
    return bind.engine if isinstance(bind, Connection) else bind


def locked_message(number: str, until: datetime, time_zone: str) -> str:
    local = until.astimezone(ZoneInfo(time_zone))
    return f"Too many wrong PINs. Employee {number} is locked until {local:%H:%M}."


def check_reason(reason: str, *, what: str = "the reason") -> str:
    text = " ".join((reason or "").split())
    if not text:
        raise InvalidInput(f"Type {what}: it is kept with the approval.")
    if len(text) > REASON_MAX:
        raise InvalidInput(f"Keep {what} under {REASON_MAX} characters.")
    if contains_card_number(text):
        raise InvalidInput("Don't type a card number here; describe the reason in words.")
    return text


def _count_wrong_pin(
    session: Session, source: journal.Source, employee_id: uuid.UUID, settings: AuthSettings,
    purpose: str,
) -> datetime | None:
    """Count one wrong PIN in its own committed transaction; the lock end when this one locks."""
    with Session(_engine_of(session), expire_on_commit=False) as side:
        side.connection(execution_options={WRITES: True})  # SQLite: the write lock at BEGIN
        employee = side.get(Employee, employee_id, with_for_update=True)
        assert employee is not None
        attempts = employee.failed_pin_attempts + 1
        locked_until = None
        if attempts >= settings.max_wrong_pins:
            locked_until = source.now() + settings.lockout
            employee.failed_pin_attempts, employee.locked_until = 0, locked_until
        else:
            employee.failed_pin_attempts = attempts
        journal.record(
            side, source, "auth.locked" if locked_until else "auth.pin_refused", "employee",
            employee_id, {"purpose": purpose, "attempt": attempts, "locked_until": locked_until},
        )
        side.commit()
        return locked_until


def _verify(
    session: Session, source: journal.Source, number: str, pin: str, time_zone: str,
    settings: AuthSettings, purpose: str,
) -> Employee:
    check_pin(pin)  # a malformed PIN says so; it tells nothing about who exists
    number = number.strip()
    employee = session.scalars(select(Employee).where(Employee.number == number)).one_or_none()
    if employee is None or not employee.active:
        verify_pin(_dummy_hash(), pin)
        raise SignInRefused(WRONG_PIN)
    locked = _aware(employee.locked_until)
    if locked is not None and locked > source.now():
        raise SignInRefused(locked_message(number, locked, time_zone))
    if not verify_pin(employee.pin_hash, pin):
        until = _count_wrong_pin(session, source, employee.id, settings, purpose)
        session.expire(employee)  # the side transaction changed the row
        raise SignInRefused(locked_message(number, until, time_zone) if until else WRONG_PIN)
    if employee.failed_pin_attempts or employee.locked_until is not None:
        employee.failed_pin_attempts, employee.locked_until = 0, None
    if needs_rehash(employee.pin_hash):
        employee.pin_hash = hash_pin(pin)
    return employee


def sign_in(
    session: Session,
    till_id: uuid.UUID,
    employee_number: str,
    pin: str,
    *,
    clock: Callable[[], datetime] = system_clock,
    settings: AuthSettings = DEFAULT_SETTINGS,
) -> Actor:
    """The Actor for this employee at this till; SignInRefused in plain words otherwise."""
    till = session.get(Till, till_id)
    if till is None:
        raise StoreposError("This till is not set up in the database. Ask a manager to set it up.")
    store = till.store
    station = journal.Station(store.id, till.id, None, clock)
    employee = _verify(session, station, employee_number, pin, store.time_zone, settings, "sign_in")
    actor = Actor(
        employee_id=employee.id, employee_number=employee.number, employee_name=employee.name,
        role=Role(employee.role), store_id=store.id, store_time_zone=store.time_zone,
        till_id=till.id, till_prefix=till.prefix, clock=clock,
    )
    journal.record(session, actor, "auth.signed_in", "employee", employee.id, {"role": actor.role})
    return actor


def approve(
    session: Session,
    actor: Actor,
    manager_number: str,
    pin: str,
    reason: str,
    *,
    settings: AuthSettings = DEFAULT_SETTINGS,
) -> Approval:
    """A manager's approval for what `actor` is doing; wrong PINs count toward their lockout."""
    reason = check_reason(reason)
    manager = _verify(
        session, actor, manager_number, pin, actor.store_time_zone, settings, "approval"
    )
    if Role(manager.role) is not Role.MANAGER:
        raise PermissionDenied(
            f"Employee {manager.number} is not a manager; a manager must approve this."
        )
    return Approval(manager.id, manager.number, manager.name, reason, actor.now())


def require_role(actor: Actor, *roles: Role, doing: str) -> None:
    """Refuse in plain words unless the actor has one of `roles` ("doing": what they tried)."""
    if actor.role in roles:
        return
    if roles == (Role.MANAGER,):
        raise PermissionDenied(
            f"Only a manager can {doing}. {actor.employee_name} is signed in as {actor.role.value}."
        )
    allowed = " or ".join(r.value for r in roles)
    raise PermissionDenied(
        f"A {allowed} must {doing}; {actor.employee_name} is signed in as {actor.role.value}."
    )


def require_counter(actor: Actor, doing: str) -> None:
    """Counter work (returns, gift cards): cashiers and managers, not stock staff."""
    require_role(actor, Role.CASHIER, Role.MANAGER, doing=doing)


def unlock_employee(session: Session, actor: Actor, employee_number: str) -> None:
    """A manager lifts a PIN lockout before it runs out."""
    require_role(actor, Role.MANAGER, doing="unlock an employee")
    number = employee_number.strip()
    employee = session.scalars(select(Employee).where(Employee.number == number)).one_or_none()
    if employee is None:
        raise InvalidInput(f"No employee {number}.")
    employee.failed_pin_attempts, employee.locked_until = 0, None
    journal.record(session, actor, "auth.unlocked", "employee", employee.id, {"number": number})
