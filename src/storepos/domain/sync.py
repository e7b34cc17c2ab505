"""Sync rules that need no database: what happened to a pushed event, forward-only status moves,
how much a till may take from a gift card or store credit while it cannot reach the central
ledger (the offline floor limits), and how much one return of an online order may refund then."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from enum import StrEnum
from typing import TypeVar

from storepos.domain.errors import InvalidInput, StoreposError
from storepos.domain.money import ZERO, format_money


class EventStatus(StrEnum):
    """Where an outbox entry stands: waiting to be pushed, or what the central side made of it."""

    PENDING = "pending"  # not acknowledged by the central database yet
    APPLIED = "applied"  # stored and applied
    FLAGGED = "flagged"  # stored and applied, and a manager must review it (over-refund, overdraft)
    QUARANTINED = "quarantined"  # refused by a central rule; kept aside for a manager


S = TypeVar("S")


def reachable(moves: Mapping[S, Iterable[S]], current: S, target: S) -> bool:
    """True when `target` is `current` or follows from it by one or more allowed moves.

    A central copy may have missed nothing and still be behind a till (another till of the store
    moved the same pickup), so a later status is accepted; an earlier one never is.
    """
    if target == current:
        return True
    seen, todo = {current}, [current]
    while todo:
        for nxt in moves.get(todo.pop(), ()):
            if nxt == target:
                return True
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


class OfflineLimitExceeded(StoreposError):
    """Offline, the redemption is above what the till may take without the central ledger."""


@dataclass(frozen=True, slots=True)
class OfflineLimits:
    """The most a till takes from gift cards and store credit while offline.

    `per_sale`: all cards together in one sale; `per_card`: one card, over every sale this till made
    since its last sync. Retail Pro calls this the offline take limit; Square and Lightspeed refuse
    cards offline altogether (limits of zero do the same). A till enrolled with the central service
    gets them from head office as its share of the store's (`share_of`); the embedded central's
    come from settings.
    """

    per_sale: Decimal = Decimal("50.00")
    per_card: Decimal = Decimal("100.00")

    def __post_init__(self) -> None:
        if self.per_sale < 0 or self.per_card < 0:
            raise ValueError("offline limits are 0 or more")

    def to_json(self) -> dict[str, str]:
        return {"per_sale": str(self.per_sale), "per_card": str(self.per_card)}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> OfflineLimits:
        """ValueError (or KeyError) when it is not two amounts of 0 or more."""
        try:
            per_sale, per_card = Decimal(str(data["per_sale"])), Decimal(str(data["per_card"]))
        except InvalidOperation:
            raise ValueError("an offline limit is not an amount") from None
        if not (per_sale.is_finite() and per_card.is_finite()):
            raise ValueError("an offline limit is not an amount")
        return cls(per_sale, per_card)


CENT = Decimal("0.01")


def share_of(store: OfflineLimits, active_tills: int) -> OfflineLimits:
    """One till's share of its store's offline limits, among `active_tills` tills.

    What one card can lose to offline spending is bounded per store: the store's per-card limit is
    split evenly (rounded down to the cent, so the shares never add up to more). The per-sale limit
    caps one sale, wherever it is rung up, so each till keeps the store's.
    """
    tills = max(active_tills, 1)
    return OfflineLimits(store.per_sale,
                         (store.per_card / tills).quantize(CENT, rounding=ROUND_DOWN))


def check_offline_redemption(
    limits: OfflineLimits, amount: Decimal, *, sale_so_far: Decimal = ZERO,
    card_unsynced: Decimal = ZERO, label: str = "This card",
) -> None:
    """Refuse an offline redemption above the per-sale or per-card floor limit, in one sentence."""
    if sale_so_far + amount > limits.per_sale:
        room = max(limits.per_sale - sale_so_far, ZERO)
        raise OfflineLimitExceeded(
            f"The till is offline: at most {format_money(limits.per_sale)} from gift cards and "
            f"store credit per sale until it reconnects ({format_money(room)} left in this sale)."
        )
    if card_unsynced + amount > limits.per_card:
        room = max(limits.per_card - card_unsynced, ZERO)
        raise OfflineLimitExceeded(
            f"The till is offline: {label} can give at most {format_money(room)} more until the "
            "till reconnects."
        )


@dataclass(frozen=True, slots=True)
class OnlineReturnLimit:
    """Setting: the most one return of an online order may refund while the till cannot ask the
    central service whether another store already took the same units back (offline, or no
    service set up). Online, a line hold decides instead. What an offline return refunds beyond
    what was sold is flagged for a manager on sync, so this bounds each such loss."""

    per_return: Decimal = Decimal("200.00")

    def __post_init__(self) -> None:
        if self.per_return < 0:
            raise ValueError("the offline limit for a return of an online order is 0 or more")


def check_offline_online_return(limit: OnlineReturnLimit, amount: Decimal) -> None:
    """Refuse an offline return of an online order worth more than the limit, in one sentence."""
    if amount > limit.per_return:
        raise OfflineLimitExceeded(
            f"The till can't reach head office, and offline a return of an online order can "
            f"refund at most {format_money(limit.per_return)} (this one is "
            f"{format_money(amount)}): wait for the connection, or call head office."
        )


# -- sync problems: what a manager decides about a refused or flagged event ------------------------

class ProblemKind(StrEnum):
    """Why an event is on the manager's list (the central tables' names for them)."""

    REFUSED = "quarantine"  # a central rule refused it: the till did it, the central books don't have it
    OVER_REFUND = "over_refund"  # applied, but an online line was refunded beyond what was sold
    CARD_OVERDRAFT = "card_overdraft"  # applied, but a card was spent offline past what it had
    NOTICE_FAILED = "notice_failed"  # a customer's pickup e-mail could not be sent (central)


PROBLEM_TITLES: dict[ProblemKind, str] = {
    ProblemKind.REFUSED: "Refused by the central database",
    ProblemKind.OVER_REFUND: "Refunded twice",
    ProblemKind.CARD_OVERDRAFT: "Card overdrawn offline",
    ProblemKind.NOTICE_FAILED: "Customer not told by e-mail",
}

# What a manager may record as done, per kind: (code, words). Nothing is re-applied or deleted by
# a resolution; money put right (collected, refunded back) goes through the ordinary screens.
PROBLEM_OUTCOMES: dict[ProblemKind, tuple[tuple[str, str], ...]] = {
    ProblemKind.REFUSED: (
        ("kept", "The till's record stands; nothing to change"),
        ("corrected", "Corrected at the counter by a new entry"),
        ("head_office", "Sent to head office to put right"),
    ),
    ProblemKind.OVER_REFUND: (
        ("recovered", "Money recovered from the customer"),
        ("written_off", "Written off as a loss"),
        ("head_office", "Sent to head office to put right"),
    ),
    ProblemKind.CARD_OVERDRAFT: (
        ("collected", "Shortfall collected from the customer"),
        ("written_off", "Written off as a loss"),
        ("head_office", "Sent to head office to put right"),
    ),
    ProblemKind.NOTICE_FAILED: (
        ("told", "The customer was told another way (phone, in person)"),
        ("head_office", "Sent to head office to put right"),
    ),
}


def outcome_words(kind: ProblemKind, code: str) -> str:
    """The words of one outcome; InvalidInput in plain words when it is not one of kind's."""
    for known, words in PROBLEM_OUTCOMES[kind]:
        if known == code:
            return words
    choices = "; ".join(words for _, words in PROBLEM_OUTCOMES[kind])
    raise InvalidInput(f"Choose what was done about it: {choices}.")
