"""Sign-in, role checks and manager approval: employee number + PIN (Argon2id), with lockout.

Wrong PINs are counted per employee; after `max_wrong_pins` in a row the employee is locked for
`lockout` (a setting, 15 minutes by default). An unknown or inactive employee number gets the
same message as a wrong PIN, after the same Argon2 work, so the screen never tells which numbers
exist. One signed in when head office deactivates them is refused at their next action
(`require_active`, after the till's pull) and told why.

`sign_in` and `approve` run their own transactions on the till's database, beside any unit of work
of the caller. Argon2 is slow on purpose (hundreds of ms), so the PIN is checked outside any
transaction; the outcome is then recorded in a short one that takes the write lock at BEGIN and
checks again what may have changed meanwhile (a PIN changed, a lockout taken by a racing wrong
PIN). A deferred transaction that read, checked the PIN and then wrote failed with "database is
locked" whenever the sync or the print queue committed during the check. Every wrong PIN answered
as such is counted under that lock, so racing attempts get no more tries than the lockout allows.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storepos.domain.cards import refuse_card_number
from storepos.domain.errors import InvalidInput, StoreposError
from storepos.domain.events import EventKind
from storepos.domain.vocabulary import Role
from storepos.i18n import N_, _
from storepos.persistence.models import Employee, Till
from storepos.persistence.uow import UnitOfWork
from storepos.services.base import journal
from storepos.services.base.context import Actor, system_clock
from storepos.services.staff.approvals import Approval as Approval
from storepos.services.staff.approvals import Binding, mint, own_approval_words
from storepos.services.staff.pins import check_pin, hash_pin, needs_rehash, verify_pin

WRONG_PIN = N_("Wrong employee number or PIN.")
DEACTIVATED = N_("Employee {number} was deactivated by head office and is signed out at this "
                 "till. Ask a manager.")
LANGUAGES = ("en", "fr")  # what the sign-in toggle offers; remembered per employee
# The role as a person reads it ("cashier"), in the language of the moment.
ROLE_WORDS = {Role.CASHIER: N_("cashier"), Role.MANAGER: N_("manager"), Role.STOCK: N_("stock")}

REASON_MAX = 300
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class AuthSettings:
    max_wrong_pins: int = 5
    lockout: timedelta = timedelta(minutes=15)


DEFAULT_SETTINGS = AuthSettings()


class SignInRefused(StoreposError):
    """Wrong number or PIN, or the employee is locked; `message` says which in plain words."""


class PermissionDenied(StoreposError):
    """The signed-in employee's role may not do this."""


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Verified against for unknown numbers so they cost as much time as a real wrong PIN.
    return hash_pin("00000000")


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands timestamps back without a zone; they are stored in UTC.
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def locked_message(number: str, until: datetime, time_zone: str) -> str:
    local = until.astimezone(ZoneInfo(time_zone))
    return _("Too many wrong PINs. Employee {number} is locked until {time}.").format(
        number=number, time=f"{local:%H:%M}")


def check_reason(reason: str, *, what: str | None = None) -> str:
    what = what or _("the reason")
    text = " ".join((reason or "").split())
    if not text:
        raise InvalidInput(_("Type {what}: it is kept with the approval.").format(what=what))
    if len(text) > REASON_MAX:
        raise InvalidInput(_("Keep {what} under {limit} characters.").format(what=what,
                                                                              limit=REASON_MAX))
    refuse_card_number(what, text)
    return text


@dataclass(frozen=True, slots=True)
class _Seen:
    """The employee as read before the PIN is checked: what the check's outcome depends on."""

    id: uuid.UUID
    pin_hash: str
    locked_until: datetime | None


def _look_up(sessions: sessionmaker[Session], number: str) -> _Seen | None:
    """The active employee with this number and a PIN, read without taking any lock. No PIN yet
    (head office's new employee, or a reset) is like an unknown number: set one with the code."""
    with sessions() as session:
        employee = session.scalars(select(Employee).where(Employee.number == number)).one_or_none()
        if employee is None or not employee.active or not employee.pin_hash:
            return None
        return _Seen(employee.id, employee.pin_hash, _aware(employee.locked_until))


def _refuse_if_locked(number: str, locked_until: datetime | None, source: journal.Source,
                      time_zone: str) -> None:
    locked = _aware(locked_until)
    if locked is not None and locked > source.now():
        raise SignInRefused(locked_message(number, locked, time_zone))


def _count_wrong_pin(
    session: Session, source: journal.Source, employee: Employee, settings: AuthSettings,
    purpose: str,
) -> datetime | None:
    """Count one wrong PIN (the caller holds the write lock); the lock end when this one locks."""
    attempts = employee.failed_pin_attempts + 1
    locked_until = None
    if attempts >= settings.max_wrong_pins:
        locked_until = source.now() + settings.lockout
        employee.failed_pin_attempts, employee.locked_until = 0, locked_until
    else:
        employee.failed_pin_attempts = attempts
    journal.record(
        session, source, EventKind.LOCKED if locked_until else EventKind.PIN_REFUSED, "employee",
        employee.id, {"purpose": purpose, "attempt": attempts, "locked_until": locked_until},
    )
    return locked_until


# A PIN changed while it was being checked is checked again against the new one, this many times.
_CHECKS = 3


def _verify(
    sessions: sessionmaker[Session], source: journal.Source, number: str, pin: str,
    time_zone: str, settings: AuthSettings, purpose: str,
    on_match: Callable[[Session, Employee], T],
) -> T:
    """Check the PIN, then record the outcome; `on_match` adds what a right PIN leads to."""
    check_pin(pin)  # a malformed PIN says so; it tells nothing about who exists
    number = number.strip()
    for _attempt in range(_CHECKS):
        seen = _look_up(sessions, number)
        if seen is None:
            verify_pin(_dummy_hash(), pin)
            raise SignInRefused(_(WRONG_PIN))
        _refuse_if_locked(number, seen.locked_until, source, time_zone)
        # Argon2 (slow on purpose) outside any transaction: other connections keep writing.
        matches = verify_pin(seen.pin_hash, pin)
        new_hash = hash_pin(pin) if matches and needs_rehash(seen.pin_hash) else None
        with UnitOfWork(sessions, writes=True) as uow:  # waits its turn for the write lock
            employee = uow.session.get(Employee, seen.id, with_for_update=True)
            if employee is None or not employee.active:
                raise SignInRefused(_(WRONG_PIN))
            # What changed while the PIN was checked counts: a lockout, a new PIN.
            _refuse_if_locked(number, employee.locked_until, source, time_zone)
            if employee.pin_hash != seen.pin_hash:
                continue
            if not matches:
                until = _count_wrong_pin(uow.session, source, employee, settings, purpose)
                uow.commit()
                raise SignInRefused(locked_message(number, until, time_zone) if until
                                    else _(WRONG_PIN))
            if employee.failed_pin_attempts or employee.locked_until is not None:
                employee.failed_pin_attempts, employee.locked_until = 0, None
            if new_hash is not None:
                employee.pin_hash = new_hash
            result = on_match(uow.session, employee)
            uow.commit()
            return result
    raise SignInRefused(_("The PIN was being changed. Type it again."))


def sign_in(
    sessions: sessionmaker[Session],
    till_id: uuid.UUID,
    employee_number: str,
    pin: str,
    *,
    clock: Callable[[], datetime] = system_clock,
    settings: AuthSettings = DEFAULT_SETTINGS,
) -> Actor:
    """The Actor for this employee at this till (the sign-in is recorded and committed);
    SignInRefused in plain words otherwise."""
    with sessions() as session:
        till = session.get(Till, till_id)
        if till is None:
            raise StoreposError(_("This till is not set up in the database. Ask a manager to "
                                  "set it up."))
        store_id, time_zone, till_prefix = till.store.id, till.store.time_zone, till.prefix
    station = journal.Station(store_id, till_id, None, clock)

    def signed_in(session: Session, employee: Employee) -> Actor | None:
        if employee.store_id != store_id and not employee.district:
            # Kept, like a wrong PIN: a right PIN tried at another store's till is worth a look.
            journal.record(session, station, EventKind.SIGN_IN_REFUSED, "employee", employee.id,
                           {"reason": "another_store", "home_store_id": str(employee.store_id)})
            return None
        actor = Actor(
            employee_id=employee.id, employee_number=employee.number, employee_name=employee.name,
            role=Role(employee.role), store_id=store_id, store_time_zone=time_zone,
            till_id=till_id, till_prefix=till_prefix, clock=clock, language=employee.language,
        )
        journal.record(session, actor, EventKind.SIGNED_IN, "employee", employee.id,
                       {"role": actor.role})
        return actor

    actor = _verify(sessions, station, employee_number, pin, time_zone, settings, "sign_in",
                    signed_in)
    if actor is None:
        raise SignInRefused(_("Employee {number} works at another store and can't sign in at "
                              "this till.").format(number=employee_number.strip()))
    return actor


def approve(
    sessions: sessionmaker[Session],
    actor: Actor,
    manager_number: str,
    pin: str,
    reason: str,
    binding: Binding,
    *,
    settings: AuthSettings = DEFAULT_SETTINGS,
) -> Approval:
    """A manager's approval, signed and bound to what `actor` is about to do (`binding`); wrong
    PINs count toward their lockout. Ask for it before the unit of work that uses it (it runs its
    own transactions); the service that acts verifies it (staff.approvals.verify)."""
    reason = check_reason(reason)
    own = own_approval_words(binding)

    def approved(session: Session, manager: Employee) -> Approval | None:
        if Role(manager.role) is not Role.MANAGER:
            raise PermissionDenied(
                _("Employee {number} is not a manager; a manager must approve this.").format(
                    number=manager.number))
        if manager.store_id != actor.store_id and not manager.district:
            raise PermissionDenied(_("Employee {number} is a manager at another store and can't "
                                     "approve anything at this till.").format(number=manager.number))
        if manager.id == actor.employee_id:
            # Said before any token is made, and kept like any refused approval; the service
            # refuses such a token too (approvals.verify), however it was made.
            journal.record(session, actor, EventKind.APPROVAL_REFUSED, "approval", None,
                           {"purpose": binding.purpose, "subject": binding.subject[:80],
                            "manager_number": manager.number, "refused": own},
                           approved_by=manager.id)
            return None
        return mint(session, actor, manager, reason, binding)

    approval = _verify(sessions, actor, manager_number, pin, actor.store_time_zone, settings,
                       "approval", approved)
    if approval is None:
        raise PermissionDenied(own)
    return approval


def require_role(actor: Actor, *roles: Role, doing: str) -> None:
    """Refuse in plain words unless the actor has one of `roles`. ``doing`` is what they tried, a
    verb phrase marked ``N_("close the till")``: worded here, as one unit, in the reader's language."""
    if actor.role in roles:
        return
    doing = _(doing)
    role = _(ROLE_WORDS[actor.role])
    if roles == (Role.MANAGER,):
        raise PermissionDenied(
            _("Only a manager can {doing}. {name} is signed in as {role}.").format(
                doing=doing, name=actor.employee_name, role=role))
    raise PermissionDenied(
        _("A {roles} must {doing}; {name} is signed in as {role}.").format(
            doing=doing, roles=_(" or ").join(_(ROLE_WORDS[r]) for r in roles),
            name=actor.employee_name, role=role))


def require_counter(actor: Actor, doing: str) -> None:
    """Counter work (returns, gift cards): cashiers and managers, not stock staff (``doing`` as
    require_role's)."""
    require_role(actor, Role.CASHIER, Role.MANAGER, doing=doing)


def unlock_employee(session: Session, actor: Actor, employee_number: str) -> None:
    """A manager lifts a PIN lockout before it runs out."""
    require_role(actor, Role.MANAGER, doing=N_("unlock an employee"))
    number = employee_number.strip()
    employee = session.scalars(select(Employee).where(Employee.number == number)).one_or_none()
    if employee is None:
        raise InvalidInput(_("No employee {number}.").format(number=number))
    employee.failed_pin_attempts, employee.locked_until = 0, None
    journal.record(session, actor, EventKind.UNLOCKED, "employee", employee.id, {"number": number})


class EmployeeDeactivated(PermissionDenied):
    """Head office deactivated the signed-in employee (the till learnt it by pull)."""


def remember_language(sessions: sessionmaker[Session], employee_id: uuid.UUID,
                      language: str | None) -> None:
    """The language the employee chose at this till's sign-in, for their next sign-in here."""
    if language is not None and language not in LANGUAGES:
        raise InvalidInput(_("No language {language} at this till.").format(language=language))
    with UnitOfWork(sessions, writes=True) as uow:
        employee = uow.session.get(Employee, employee_id)
        if employee is not None and employee.language != language:
            employee.language = language
            uow.commit()


def is_active(session: Session, actor: Actor) -> bool:
    employee = session.get(Employee, actor.employee_id)
    return employee is None or employee.active  # an actor with no row here is the caller's


def require_active(session: Session, actor: Actor) -> None:
    """Every service call of a signed-in employee: refused once head office deactivated them."""
    if not is_active(session, actor):
        raise EmployeeDeactivated(_(DEACTIVATED).format(number=actor.employee_number))
