"""The store's staff as head office has them: employees come to a till only by pull, at enrolment
and from a PIN set-up (central/staff.py); this writes them into the till's Employee rows.

A row is matched by its employee number (what people type), else inserted with head office's id.
No PIN yet (a new employee, or a reset) is kept as an empty hash, which no PIN matches: sign-in
treats it like an unknown number, and the employee sets a PIN with their set-up code. A new hash
clears any lockout the old PIN had earned.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storepos.domain.vocabulary import Role
from storepos.persistence.models import Employee, Store

NO_PIN = ""


def apply_employees(session: Session, rows: Iterable[Mapping[str, Any]]) -> int:
    """Upsert head office's employees by number; the count applied (one of another store's,
    unknown here, is left out)."""
    return sum(_apply(session, row) for row in rows)


def _apply(session: Session, row: Mapping[str, Any]) -> bool:
    store_id = uuid.UUID(str(row["store_id"]))
    if session.get(Store, store_id) is None:
        return False
    pin_hash = row.get("pin_hash") or NO_PIN
    employee = session.scalars(select(Employee).where(Employee.number == row["number"])).first()
    if employee is None:
        employee = Employee(id=uuid.UUID(str(row["id"])), number=row["number"],
                            failed_pin_attempts=0, pin_hash=pin_hash)
        session.add(employee)
    elif employee.pin_hash != pin_hash:
        employee.failed_pin_attempts, employee.locked_until = 0, None
    employee.store_id = store_id
    employee.name = row["name"]
    employee.role = Role(row["role"])
    employee.pin_hash = pin_hash
    employee.active = bool(row["active"])
    session.flush()
    return True
