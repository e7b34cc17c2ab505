"""Ship-to-store pickups: the life cycle, the hold period, the ID check and what is still owed.

Pure rules, standard library only. A pickup only ever moves forward:

    in_transit -> arrived -> ready -> notified -> collected
                                  \\-> collected  (the customer walks in before we call)
    arrived / ready / notified -> sent_back       (only once the hold period is over)

"Overdue" is not stored: it is arrived, ready or notified on a store-local day after `hold_until`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from storepos.domain.errors import InvalidInput, StoreposError, refusal
from storepos.domain.money import ZERO
from storepos.domain.text import fold
from storepos.domain.vocabulary import PickupStatus

S = PickupStatus
DEFAULT_HOLD_DAYS = 14
WAITING = frozenset({S.ARRIVED, S.READY, S.NOTIFIED})  # on the shelf, waiting for the customer

# Forward moves only. `notified -> notified` is a reminder: the status stays, the time is kept.
MOVES: dict[PickupStatus, frozenset[PickupStatus]] = {
    S.IN_TRANSIT: frozenset({S.ARRIVED}),
    S.ARRIVED: frozenset({S.READY, S.SENT_BACK}),
    S.READY: frozenset({S.NOTIFIED, S.COLLECTED, S.SENT_BACK}),
    S.NOTIFIED: frozenset({S.NOTIFIED, S.COLLECTED, S.SENT_BACK}),
    S.COLLECTED: frozenset(),
    S.SENT_BACK: frozenset(),
}

# Why a move or a payment is refused (the `code` of the error; params: number, status, target,
# and hold / due, given).
HELD, ALREADY, FINISHED, BACKWARDS, NOT_YET = (
    "pickup_held", "pickup_already", "pickup_finished", "pickup_backwards", "pickup_not_yet")
ALREADY_PAID, PAYMENT_MISMATCH = "pickup_already_paid", "pickup_payment_mismatch"


class PickupListStatus(StrEnum):
    """The tabs of the pickup list: the stored statuses plus the derived "overdue"."""

    IN_TRANSIT = "in_transit"
    ARRIVED = "arrived"
    READY = "ready"
    NOTIFIED = "notified"
    OVERDUE = "overdue"
    COLLECTED = "collected"
    SENT_BACK = "sent_back"


class NotifyChannel(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    SMS = "sms"


class PickupMoveRefused(StoreposError):
    """A move the life cycle does not allow (backwards, skipping a step, or too early)."""


def hold_until(arrived_on: date, hold_days: int | None) -> date:
    """The last store-local day the order waits on the shelf (arrival day + the store's hold)."""
    days = DEFAULT_HOLD_DAYS if hold_days is None else hold_days
    if days < 0:
        raise InvalidInput("The pickup hold period cannot be negative.")
    return arrived_on + timedelta(days=days)


def is_overdue(status: PickupStatus, hold: date | None, today: date) -> bool:
    """Waiting on the shelf past the hold day: it belongs on the send-back list."""
    return status in WAITING and hold is not None and today > hold


def days_overdue(status: PickupStatus, hold: date | None, today: date) -> int:
    return (today - hold).days if hold is not None and is_overdue(status, hold, today) else 0


def list_status(status: PickupStatus, hold: date | None, today: date) -> PickupListStatus:
    if is_overdue(status, hold, today):
        return PickupListStatus.OVERDUE
    return PickupListStatus(status.value)


def check_move(
    number: str, current: PickupStatus, target: PickupStatus, *,
    hold: date | None = None, today: date | None = None,
) -> None:
    """Refuse any move the life cycle does not allow, as a code and its params (the layers
    above say it in the reader's language: services/pickups/words.py)."""
    said = {"number": number, "status": current, "target": target}
    if target in MOVES[current]:
        if target is S.SENT_BACK and not (today and is_overdue(current, hold, today)):
            raise refusal(PickupMoveRefused, HELD, {**said, "hold": hold})
        return
    if current is target:
        raise refusal(PickupMoveRefused, ALREADY, said)
    if current in (S.COLLECTED, S.SENT_BACK):
        raise refusal(PickupMoveRefused, FINISHED, said)
    if target is S.IN_TRANSIT or _rank(target) < _rank(current):
        raise refusal(PickupMoveRefused, BACKWARDS, said)
    raise refusal(PickupMoveRefused, NOT_YET, said)


_ORDER = (S.IN_TRANSIT, S.ARRIVED, S.READY, S.NOTIFIED, S.COLLECTED)


def _rank(status: PickupStatus) -> int:
    return _ORDER.index(status) if status in _ORDER else len(_ORDER)


def name_key(name: str) -> str:
    """A surname as compared at hand-over: case, accents, hyphens and apostrophes ignored."""
    text = fold(name)
    for mark in ("'", "\u2019", "`"):
        text = text.replace(mark, "")
    return " ".join(text.replace("-", " ").split())


def id_matches(name_on_id: str, billing_last_name: str) -> bool:
    """Does the last name typed from the photo ID match the order's billing last name?"""
    typed = name_key(name_on_id)
    return bool(typed) and typed == name_key(billing_last_name)


def amount_due(order_total: Decimal, paid: Iterable[Decimal]) -> Decimal:
    """What the customer still owes: the order total less every tender that was really paid."""
    return max(order_total - sum(paid, ZERO), ZERO)


def check_payment(number: str, due: Decimal, amounts: Iterable[Decimal]) -> Decimal:
    """The payments taken at hand-over must cover exactly what is due (no change, no credit)."""
    given = sum(amounts, ZERO)
    if due == 0 and given:
        raise refusal(InvalidInput, ALREADY_PAID, {"number": number})
    if given != due:
        raise refusal(InvalidInput, PAYMENT_MISMATCH,
                      {"number": number, "due": due, "given": given})
    return given
