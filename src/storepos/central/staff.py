"""Head office's staff: each store's employees, and the PIN each chooses at a till.

Head office adds an employee (`storepos central staff add`) and hands them a one-time PIN set-up
code; at the first sign-in at any till of that store the employee types their number, the code
and a PIN of their choice; the till sends them to the service (`set_pin`, in the till's store
context), which hashes the PIN with the till's Argon2id parameters, burns the code and logs an
"employee" change, so every till of the store pulls the hash and signs the employee in offline.
The code is stored as a SHA-256 hash only (random, 80 bits: no slow hash needed), like enrolment
codes. Deactivating or resetting a PIN is a change too: the tills refuse the old PIN after their
next pull.
"""

from __future__ import annotations

import hmac
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from storepos.central.changes import record_changes
from storepos.central.enrolment import Refused, new_code, normal_code, secret_hash
from storepos.central.schema import STAFF_ROLES, staff, stores
from storepos.i18n import N_, _, ngettext
from storepos.sync.pins import hash_pin
from storepos.sync.retry import in_transaction

SETUP_CODE_LIFETIME = timedelta(days=7)
EMPLOYEE = "employee"  # the change kind the store's tills pull
FIRST_NUMBER = 1001
_NUMBER = re.compile(r"[0-9A-Za-z-]{1,12}")
# What a till is told of an employee (never the set-up code's hash).
PULLED = (staff.c.id, staff.c.store_id, staff.c.number, staff.c.name, staff.c.role,
          staff.c.pin_hash, staff.c.active)


@dataclass(frozen=True, slots=True)
class StaffMember:
    id: uuid.UUID
    store_code: str
    number: str
    name: str
    role: str
    pin_set: bool
    active: bool
    code_expires_at: datetime | None  # a set-up code is waiting until then


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)  # SQLite hands back naive UTC


def _member(row: Any) -> StaffMember:
    waiting = row.setup_code_hash is not None and row.setup_code_expires_at is not None
    return StaffMember(row.id, row.store_code, row.number, row.name, row.role,
                       row.pin_hash is not None, bool(row.active),
                       _aware(row.setup_code_expires_at) if waiting else None)


def _query() -> Any:
    return (select(staff, stores.c.code.label("store_code"))
            .join(stores, stores.c.id == staff.c.store_id))


def _need(conn: Connection, number: str) -> StaffMember:
    row = conn.execute(_query().where(staff.c.number == number.strip())).first()
    if row is None:
        raise Refused(_("There is no employee {number}; `storepos central staff list` lists "
                        "them.").format(number=number.strip()))
    return _member(row)


def _next_number(conn: Connection) -> str:
    numbers = [int(n) for n in conn.scalars(select(staff.c.number)) if n.isdigit()]
    return str(max([FIRST_NUMBER - 1, *numbers]) + 1)


def _fresh_code(at: datetime) -> tuple[str, dict[str, Any]]:
    code = new_code()
    return code, {"setup_code_hash": secret_hash(normal_code(code)),
                  "setup_code_expires_at": at + SETUP_CODE_LIFETIME}


def add_staff(engine: Engine, *, store_code: str, name: str, role: str,
              number: str | None = None, now: datetime | None = None,
              employee_id: uuid.UUID | None = None) -> tuple[StaffMember, str]:
    """A new employee of a store with a one-time PIN set-up code (returned in clear only here);
    `employee_id`: the id they keep when brought in from elsewhere (the demo's seeded chain)."""
    name, role = " ".join(name.split()), role.strip().lower()
    if not name or len(name) > 120:
        raise Refused(_("Give the employee's name (at most 120 characters)."))
    if role not in STAFF_ROLES:
        raise Refused(_("{role!r} is not a role: give one of {roles}.").format(
            role=role, roles=", ".join(STAFF_ROLES)))
    if number is not None and not _NUMBER.fullmatch(number.strip()):
        raise Refused(_("{number!r} is not an employee number: up to 12 letters, digits or "
                        "dashes.").format(number=number))
    at = now or _now()
    code, code_row = _fresh_code(at)

    def work(conn: Connection) -> StaffMember:
        store = conn.execute(select(stores.c.id).where(
            stores.c.code == store_code.strip().upper())).first()
        if store is None:
            raise Refused(_("There is no store with the code {code}.").format(
                code=store_code.strip().upper()))
        chosen = number.strip() if number is not None else _next_number(conn)
        if conn.execute(select(staff.c.id).where(staff.c.number == chosen)).first():
            raise Refused(_("Employee number {number} is taken already.").format(number=chosen))
        new_id = employee_id or uuid.uuid4()
        conn.execute(insert(staff).values(store_id=store.id, id=new_id, number=chosen,
                                          name=name, role=role, pin_hash=None, active=True,
                                          updated_at=at, **code_row))
        record_changes(conn, [(store.id, EMPLOYEE, new_id)])
        return _need(conn, chosen)

    try:
        return in_transaction(engine, work), code
    except IntegrityError:  # taken by a racing `staff add` between the check and the insert
        raise Refused(_("That employee number was taken at the same moment; try again.")
                      ) from None


def list_staff(engine: Engine, store_code: str | None = None) -> list[StaffMember]:
    query = _query().order_by(stores.c.code, staff.c.number)
    if store_code is not None:
        code = store_code.strip().upper()
        with engine.connect() as conn:
            if conn.execute(select(stores.c.id).where(stores.c.code == code)).first() is None:
                raise Refused(_("There is no store with the code {code}.").format(code=code))
        query = query.where(stores.c.code == code)
    with engine.connect() as conn:
        return [_member(r) for r in conn.execute(query)]


def deactivate(engine: Engine, number: str, *, now: datetime | None = None) -> StaffMember:
    """The employee is refused at every till of the store after its next pull; any waiting
    set-up code stops working now."""
    at = now or _now()

    def work(conn: Connection) -> StaffMember:
        member = _need(conn, number)
        _change(conn, member, at, active=False, setup_code_hash=None, setup_code_expires_at=None)
        return _need(conn, number)

    return in_transaction(engine, work)


def reset_pin(engine: Engine, number: str, *,
              now: datetime | None = None) -> tuple[StaffMember, str]:
    """A new set-up code; the PIN is cleared, so the old one stops working at each till of the
    store after its next pull."""
    at = now or _now()
    code, code_row = _fresh_code(at)

    def work(conn: Connection) -> StaffMember:
        member = _need(conn, number)
        if not member.active:
            raise Refused(_("Employee {number} is deactivated; a PIN is for active staff.")
                          .format(number=member.number))
        _change(conn, member, at, pin_hash=None, **code_row)
        return _need(conn, number)

    return in_transaction(engine, work), code


def _change(conn: Connection, member: StaffMember, at: datetime, **values: Any) -> None:
    store_id = conn.execute(select(staff.c.store_id).where(staff.c.id == member.id)).scalar_one()
    conn.execute(update(staff).where(staff.c.store_id == store_id, staff.c.id == member.id)
                 .values(updated_at=at, **values))
    record_changes(conn, [(store_id, EMPLOYEE, member.id)])


# -- at a till (the service, in the till's store context) --------------------------------------

NO_MATCH = N_("This employee number and set-up code do not match: check them, or ask head "
              "office for a new code.")


def set_pin(engine: Engine, store_id: uuid.UUID, number: str, code: str, pin: str, *,
            now: datetime | None = None) -> dict[str, Any]:
    """Spend an employee's set-up code on the PIN they chose; the employee as the tills pull it.

    `engine` is the till's store context (store_context.for_store) and `store_id` its token's
    store: another store's employee is not found here, whatever the code. Refused in words."""
    at = now or _now()
    number = number.strip()
    digest = secret_hash(normal_code(code))
    pin_hash = hash_pin(pin)  # InvalidInput for a PIN that is not 4 to 8 digits; slow, so first

    def work(conn: Connection) -> dict[str, Any]:
        row = conn.execute(select(staff).where(staff.c.store_id == store_id,
                                               staff.c.number == number)
                           .with_for_update()).first()
        if row is None:
            raise Refused(_(NO_MATCH))
        if row.setup_code_hash is None:
            raise Refused(_("Employee {number} has no PIN set-up code waiting: it was used "
                            "already. Ask head office for a new one (staff reset-pin).").format(
                                number=number))
        if not hmac.compare_digest(row.setup_code_hash, digest):
            raise Refused(_(NO_MATCH))
        if not row.active:
            raise Refused(_("Employee {number} is not active at this store; ask head office.")
                          .format(number=number))
        if row.setup_code_expires_at is None or _aware(row.setup_code_expires_at) <= at:
            days = SETUP_CODE_LIFETIME.days
            raise Refused(ngettext(
                "This set-up code has expired (codes last {n} day); ask head office for a new "
                "one.",
                "This set-up code has expired (codes last {n} days); ask head office for a new "
                "one.", days).format(n=days))
        conn.execute(update(staff).where(staff.c.store_id == store_id, staff.c.id == row.id)
                     .values(pin_hash=pin_hash, setup_code_hash=None, setup_code_expires_at=None,
                             updated_at=at))
        record_changes(conn, [(store_id, EMPLOYEE, row.id)])
        return staff_rows(conn, store_id, [row.id])[0]

    return in_transaction(engine, work)


def staff_rows(conn: Connection, store_id: uuid.UUID,
               ids: list[uuid.UUID] | None = None) -> list[dict[str, Any]]:
    """The store's employees as its tills keep them (all of them when `ids` is None)."""
    query = select(*PULLED).where(staff.c.store_id == store_id)
    if ids is not None:
        if not ids:
            return []
        query = query.where(staff.c.id.in_(ids))
    return [{str(k): v for k, v in r._mapping.items()}
            for r in conn.execute(query.order_by(staff.c.number))]
