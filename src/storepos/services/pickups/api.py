"""The pickups feature's one door for its screen: `PickupsDoor` is what the presenter takes (the
tests hand it a fake), `PickupsServices` is the real one. Each method is one service step, called
inside `AppContext.run` (one transaction); arguments and results are plain dataclasses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from sqlalchemy.orm import Session

from storepos.domain.pickups import NotifyChannel, PickupListStatus
from storepos.domain.vocabulary import PickupStatus
from storepos.services.base.context import Actor
from storepos.services.pickups import status as pickups
from storepos.services.pickups.handover import HandOverSummary, hand_over_pickup
from storepos.services.pickups.receipt import queue_pickup_receipt
from storepos.services.pickups.status import PickupRow
from storepos.services.printing.paper import QueuedPaper
from storepos.services.returns.types import Payment
from storepos.services.staff.approvals import Approval


@dataclass(frozen=True, slots=True)
class Listing:
    counts: dict[PickupListStatus, int]
    rows: tuple[PickupRow, ...]


@dataclass(frozen=True, slots=True)
class Scanned:
    row: PickupRow
    arrived_now: bool  # the scan moved it from in transit to arrived


@dataclass(frozen=True, slots=True)
class HandedOver:
    summary: HandOverSummary
    paper: QueuedPaper


@runtime_checkable
class PickupsDoor(Protocol):
    def load(self, session: Session, actor: Actor, status: PickupListStatus) -> Listing: ...

    def scan(self, session: Session, actor: Actor, code: str) -> Scanned:
        """A parcel scanned at the counter: in transit ones are marked arrived at once."""
        ...

    def mark_ready(self, session: Session, actor: Actor, number: str) -> PickupRow: ...

    def notify(self, session: Session, actor: Actor, number: str, how: NotifyChannel,
               note: str) -> PickupRow: ...

    def send_back(self, session: Session, actor: Actor, number: str) -> PickupRow: ...

    def hand_over(self, session: Session, actor: Actor, number: str, *, id_last_name: str,
                  photo_id_checked: bool, payments: Sequence[Payment],
                  approval: Approval | None, mark_ready_first: bool) -> HandedOver:
        """Hand over and queue the receipt in one transaction (arrived ones go ready first)."""
        ...


class PickupsServices:
    """`PickupsDoor` over the pickups services."""

    def load(self, session: Session, actor: Actor, status: PickupListStatus) -> Listing:
        return Listing(pickups.pickup_counts(session, actor),
                       pickups.list_pickups(session, actor, status))

    def scan(self, session: Session, actor: Actor, code: str) -> Scanned:
        row = pickups.find_pickup(session, actor, code)
        if row.status is PickupStatus.IN_TRANSIT:
            return Scanned(pickups.mark_arrived(session, actor, row.number), True)
        return Scanned(row, False)

    def mark_ready(self, session: Session, actor: Actor, number: str) -> PickupRow:
        return pickups.mark_ready(session, actor, number)

    def notify(self, session: Session, actor: Actor, number: str, how: NotifyChannel,
               note: str) -> PickupRow:
        return pickups.record_notification(session, actor, number, how, note)

    def send_back(self, session: Session, actor: Actor, number: str) -> PickupRow:
        return pickups.send_back(session, actor, number)

    def hand_over(self, session: Session, actor: Actor, number: str, *, id_last_name: str,
                  photo_id_checked: bool, payments: Sequence[Payment],
                  approval: Approval | None, mark_ready_first: bool) -> HandedOver:
        if mark_ready_first:
            pickups.mark_ready(session, actor, number)
        summary = hand_over_pickup(session, actor, number, id_last_name=id_last_name,
                                   photo_id_checked=photo_id_checked, payments=tuple(payments),
                                   approval=approval)
        return HandedOver(summary, queue_pickup_receipt(session, summary))
