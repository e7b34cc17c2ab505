"""Who is acting, where and when: passed to every service call that changes something.

Services check the role here (not only the UI), stamp audit rows with it, and take the store-local
calendar date for policy decisions from it. Tests pass a fixed clock.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from storepos.domain.vocabulary import Role


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Actor:
    employee_id: uuid.UUID
    employee_number: str
    employee_name: str
    role: Role
    store_id: uuid.UUID
    store_time_zone: str
    till_id: uuid.UUID
    till_prefix: str
    clock: Callable[[], datetime] = field(default=system_clock, compare=False)
    # The till's card gate (services.card_redemption.CardGate) when it syncs with a central ledger:
    # cards are then held centrally, or taken within the offline floor limits. None: this till's
    # own ledger is the only one (a single store without a central database).
    card_gate: Any = field(default=None, compare=False)
    # The till's line gate (services.returns.line_holds.LineGate) when it syncs with a central
    # side: a return of an online order holds its lines there first, or stays within the offline
    # limit. None: this till's own count of returned units is the only one.
    line_gate: Any = field(default=None, compare=False)
    # The store's caps on card value made at the counter (domain.card_value.CardCaps, from the
    # STOREPOS_CARD_CAP_* settings); None: the defaults.
    card_caps: Any = field(default=None, compare=False)
    # The language the employee chose at sign-in on this till ("fr", "en"); None: the store's.
    language: str | None = field(default=None, compare=False)

    def now(self) -> datetime:
        """Now, in UTC (how timestamps are stored)."""
        return self.clock()

    def today(self) -> date:
        """The store's own calendar date: what policy windows count in."""
        return self.clock().astimezone(ZoneInfo(self.store_time_zone)).date()

    @property
    def is_manager(self) -> bool:
        return self.role is Role.MANAGER
