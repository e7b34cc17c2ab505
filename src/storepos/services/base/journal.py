"""The one seam for every change that matters: an AuditEvent row in the caller's transaction.

Nothing else writes AuditEvent rows. `record` also writes the sync outbox entry (same id) in the
same transaction, with a snapshot of the rows the change wrote (`services.outbox`), so every
audited change reaches the central database exactly when, and only if, it commits. Details are
stored as JSON: money as "12.50", ids as strings, enums as their values.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Protocol

from sqlalchemy.orm import Session

from storepos.domain.cards import CARD_NUMBER_WORDS, FullCardNumberError, carries_card_number
from storepos.domain.events import EventKind
from storepos.persistence.models import AuditEvent
from storepos.services.base import outbox
from storepos.services.base.context import system_clock


class Source(Protocol):
    """Who and where: an `Actor`, or a `Station` before anyone has signed in."""

    @property
    def employee_id(self) -> uuid.UUID | None: ...
    @property
    def store_id(self) -> uuid.UUID | None: ...
    @property
    def till_id(self) -> uuid.UUID | None: ...
    def now(self) -> datetime: ...


@dataclass(frozen=True, slots=True)
class Station:
    """A till with nobody signed in yet (a refused sign-in is still recorded against the till)."""

    store_id: uuid.UUID | None
    till_id: uuid.UUID | None
    employee_id: uuid.UUID | None = None
    clock: Callable[[], datetime] = system_clock

    def now(self) -> datetime:
        return self.clock()


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return f"{value:.2f}" if value == value.quantize(Decimal("0.01")) else str(value)
    if isinstance(value, (uuid.UUID, date, datetime)):
        return str(value) if isinstance(value, uuid.UUID) else value.isoformat()
    if isinstance(value, str):  # never a full card number, anywhere (an id or time is no card)
        if carries_card_number(value):
            raise FullCardNumberError(CARD_NUMBER_WORDS, field="audit details")
        return value
    return value


def record(
    session: Session,
    actor: Source,
    action: EventKind,
    subject_type: str,
    subject_id: uuid.UUID | None,
    details: Mapping[str, Any] | None = None,
    approved_by: uuid.UUID | None = None,
    reason: str | None = None,
) -> AuditEvent:
    """Add one audit event (its kind and details as `domain.events` lists them) and its outbox
    entry to the caller's transaction."""
    event = AuditEvent(
        id=uuid.uuid4(),
        occurred_at=actor.now(),
        store_id=actor.store_id,
        till_id=actor.till_id,
        employee_id=actor.employee_id,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        details=_jsonable(dict(details or {})),
        approved_by=approved_by,
        reason=reason,
    )
    session.add(event)
    outbox.enqueue(session, event, _jsonable)
    return event
