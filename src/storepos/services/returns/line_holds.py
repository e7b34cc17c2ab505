"""Online line holds at the till: before a return of an online order moves any money, the units
of each line coming back are reserved centrally, so a second store returning the same pair is
refused before paying, in words ("was already returned at SoftMoc Yorkdale on Nov 3").

    gate = LineGate(central.lines, OnlineReturnLimit(per_return=D("200.00")))
    reserved = reserve(actor, order, plan)     # in complete_return, before anything is written

Online: each line is held (central/lines.py); the return's event carries the hold ids and its
push consumes them. A line the central side does not count (an order it never had, like the demo's)
is counted by the till alone, as before. Offline (no service set up, or it does not answer within
its hold timeout): the return goes through only up to the offline limit per return of an online
order, and the central rules flag any units refunded twice when it syncs. When the return does not
commit, its holds are given back (an unreleased hold expires by itself).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from storepos.domain.errors import StoreposError
from storepos.domain.money import ZERO
from storepos.domain.sync import OnlineReturnLimit, check_offline_online_return
from storepos.domain.vocabulary import Channel
from storepos.i18n import _, ngettext
from storepos.services.base.context import Actor
from storepos.services.base.order_lookup import OrderView
from storepos.services.returns.types import PlannedLine, ReturnPlan
from storepos.sync.errors import CentralUnavailable, LineRefused, LineTaken, LineUnknown


class LineAuthority(Protocol):
    """The central side's line holds (central.lines.CentralLines, sync.http_central.HttpLines)."""

    def hold(self, order_id: uuid.UUID, line_id: uuid.UUID, quantity: int, *,
             store_id: uuid.UUID, till_id: uuid.UUID | None = None) -> Any: ...
    def release(self, held: Any, *, store_id: uuid.UUID) -> bool: ...


class LineHoldRefused(StoreposError):
    """The central side says the units already went back (or are going back) elsewhere."""


class CancelAuthority(Protocol):
    """The central side's order cancellations (central.cancellations.CentralCancellations,
    sync.http_central.HttpCancellations): claimed before refunding, given back on failure."""

    def claim(self, order_id: uuid.UUID, cancellation_id: uuid.UUID, *, store_id: uuid.UUID,
              till_id: uuid.UUID | None = None) -> Any: ...
    def release(self, order_id: uuid.UUID, cancellation_id: uuid.UUID, *,
                store_id: uuid.UUID) -> bool: ...


@dataclass(frozen=True, slots=True)
class LineGate:
    authority: LineAuthority | None = None  # None: no central service; always the offline limit
    limit: OnlineReturnLimit = field(default_factory=OnlineReturnLimit)
    # The central side's order cancellations (services/orders/cancel.py); None: no central side
    cancellations: CancelAuthority | None = None

    def release(self, reserved: Reserved, store_id: uuid.UUID) -> None:
        """Give the holds back (the return did not complete); best effort: they also expire."""
        if self.authority is None:
            return
        for _line_id, held in reserved.holds:
            try:
                self.authority.release(held, store_id=store_id)
            except (CentralUnavailable, LineRefused):
                pass


@dataclass(frozen=True, slots=True)
class Reserved:
    holds: tuple[tuple[uuid.UUID, Any], ...] = ()  # (order line id, the central hold)
    offline: bool = False  # the offline limit decided

    def details(self) -> dict[str, str]:
        """For the return's event: order line id -> hold id (the push consumes them)."""
        return {str(line_id): str(held.id) for line_id, held in self.holds}


NOTHING = Reserved()


def _words(line: PlannedLine, taken: LineTaken) -> str:
    if taken.available <= 0:
        return _("Line {line} ({item}) {why}, so it can't be refunded again here.").format(
            line=line.line_no, item=line.description, why=taken.reason)
    return ngettext("Only {available} of line {line} ({item}) can still come back, not "
                    "{quantity}: the rest {why}.",
                    "Only {available} of line {line} ({item}) can still come back, not "
                    "{quantity}: the rest {why}.", taken.available).format(
        available=taken.available, line=line.line_no, item=line.description,
        quantity=line.quantity, why=taken.reason)


def exposure(plan: ReturnPlan) -> Decimal:
    """What the return gives back for the order's units: every line's value and any shipping."""
    return sum((line.value for line in plan.lines), ZERO) + plan.shipping_refunded


def _hold_all(gate: LineGate, authority: LineAuthority, actor: Actor, order: OrderView,
              plan: ReturnPlan) -> Reserved:
    taken: list[tuple[uuid.UUID, Any]] = []
    try:
        for line in plan.lines:
            try:
                held = authority.hold(order.id, line.order_line_id, line.quantity,
                                      store_id=actor.store_id, till_id=actor.till_id)
            except LineUnknown:
                continue  # not counted centrally: the till's own count is the rule, as before
            except LineTaken as refused:
                raise LineHoldRefused(_words(line, refused)) from None
            except LineRefused as refused:
                raise LineHoldRefused(refused.message) from None
            taken.append((line.order_line_id, held))
    except BaseException:
        gate.release(Reserved(tuple(taken)), actor.store_id)
        raise
    return Reserved(tuple(taken))


def reserve(actor: Actor, order: OrderView, plan: ReturnPlan) -> Reserved:
    """Hold the return's online lines centrally, or check the offline limit; refused in words.

    A till without a line gate (no central side at all) counts returns by itself, as before."""
    gate: LineGate | None = actor.line_gate
    if gate is None or order.channel is not Channel.ONLINE:
        return NOTHING
    if gate.authority is not None:
        try:
            return _hold_all(gate, gate.authority, actor, order, plan)
        except CentralUnavailable:
            pass  # offline (holds taken before the failure were given back): the limit decides
    check_offline_online_return(gate.limit, exposure(plan))
    return Reserved(offline=True)


def release(actor: Actor, reserved: Reserved) -> None:
    """Give the holds back at once (the return failed before its transaction could commit)."""
    gate: LineGate | None = actor.line_gate
    if gate is not None and reserved.holds:
        gate.release(reserved, actor.store_id)


def release_unless_committed(session: Session, actor: Actor, reserved: Reserved) -> None:
    """Give the holds back if the caller's transaction ends without committing the return."""
    gate: LineGate | None = actor.line_gate
    if gate is None or not reserved.holds:
        return
    state = {"committed": False, "done": False}

    def committed(done: Session) -> None:
        if not done.in_nested_transaction():  # a savepoint's commit fires this too
            state["committed"] = True

    def ended(_session: Session, transaction: SessionTransaction) -> None:
        if transaction.parent is None and not state["done"]:
            state["done"] = True  # left listening (no removal while events run): then a no-op
            if not state["committed"]:
                gate.release(reserved, actor.store_id)

    event.listen(session, "after_commit", committed)
    event.listen(session, "after_transaction_end", ended)
