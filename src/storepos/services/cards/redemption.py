"""Taking a gift card or store credit at the till: the central ledger decides when it can be
reached; otherwise the offline floor limits do.

    gate = CardGate(central.cards, OfflineLimits(per_sale=D("50"), per_card=D("100")))
    taken = redeem_card(session, actor, gate, "G-TOR1-000015-3", "20.00", sale_so_far=D("0"))

Online: the amount is held centrally first (refused there when the card no longer has it, so two
tills never spend the same money), then redeemed locally with the hold's id; the push captures
the hold. A card the central ledger does not know is refused, unless this till sold it and has not
pushed the sale yet: then it is taken as if offline. Offline (no authority, or the central database
unreachable): at most `per_sale` from cards in one sale and `per_card` from one card until the till
syncs; the central ledger reconciles on push and flags any overdraft for a manager. If the local
redemption fails, the hold is released; if the caller's transaction rolls back later, call
`gate.cancel(taken)` (an unreleased hold expires by itself). From the moment a hold is asked for
until the caller's transaction ends, the gate's OpenHolds tells the till's pull about it.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import event, select
from sqlalchemy.orm import Session, SessionTransaction

from storepos.domain.errors import InvalidInput
from storepos.domain.events import EventKind
from storepos.domain.money import ZERO
from storepos.domain.sync import EventStatus, OfflineLimits, check_offline_redemption
from storepos.i18n import N_, _
from storepos.persistence.models import OutboxEntry
from storepos.services.base.amount_words import checked_amount
from storepos.services.base.context import Actor
from storepos.services.cards import value_accounts
from storepos.sync.errors import CardShort, CardUnknown, CentralUnavailable


class CardAuthority(Protocol):
    """The central ledger's hold and release (sync.central.cards.CentralCards)."""

    def hold(self, account_id: uuid.UUID, amount: Decimal, *, store_id: uuid.UUID,
             till_id: uuid.UUID | None = None) -> Any: ...
    def release(self, held: Any) -> bool: ...


@dataclass(slots=True, eq=False)  # each hold is itself, even two of one amount on one card
class _Taking:
    account_id: uuid.UUID
    amount: Decimal
    hold_id: uuid.UUID | None = None  # None while the central database is still being asked


class OpenHolds:
    """The central holds this till is taking whose redemption is not in its own ledger yet.

    The pull (services/sync/local_till.py) sets a card's local balance to the central balance less
    what holds reserve. A hold this till took for a redemption it has not written yet would be
    taken twice: once by the pull, again by the redemption. The pull adds these back.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()  # the counter takes holds; the sync thread reads them
        self._taking: list[_Taking] = []

    def start(self, account_id: uuid.UUID, amount: Decimal) -> _Taking:
        """Before the central database is asked: from then on the hold may be in its `held`."""
        taking = _Taking(account_id, amount)
        with self._lock:
            self._taking.append(taking)
        return taking

    def end(self, taking: _Taking) -> None:
        with self._lock:
            if taking in self._taking:
                self._taking.remove(taking)

    def end_with(self, session: Session, taking: _Taking) -> None:
        """Forget the hold when the transaction that writes its redemption commits or rolls back
        (the outermost one: the ledger entry is written in a savepoint, released long before)."""

        def ended(_session: Session, transaction: SessionTransaction) -> None:
            if transaction.parent is None:
                self.end(taking)  # left listening (no removal while events run): then a no-op

        event.listen(session, "after_transaction_end", ended)

    def unwritten(self, account_id: uuid.UUID, written: set[str]) -> Decimal:
        """What this till's holds on the card reserve for redemptions not among `written` (the
        hold ids of the redemptions the caller can see in the local ledger)."""
        with self._lock:
            return sum((t.amount for t in self._taking if t.account_id == account_id
                        and (t.hold_id is None or str(t.hold_id) not in written)), ZERO)


@dataclass(frozen=True, slots=True)
class CardGate:
    authority: CardAuthority | None = None  # None: no central database; always offline rules
    limits: OfflineLimits = field(default_factory=OfflineLimits)
    open_holds: OpenHolds = field(default_factory=OpenHolds)  # shared with the till's pull
    # A set-up till's limits: its share of the store's, as the service last gave it (they change
    # when head office revokes or enrols a till of the store); `limits` when None.
    share: Callable[[], OfflineLimits] | None = None

    def offline_limits(self) -> OfflineLimits:
        return self.share() if self.share is not None else self.limits

    def cancel(self, taken: Redemption) -> None:
        """Give the hold back when the sale that took it did not complete."""
        self.release(taken.hold)

    def release(self, hold: Any | None) -> None:
        """Give a central hold back (none when offline)."""
        if hold is not None and self.authority is not None:
            try:
                self.authority.release(hold)
            except CentralUnavailable:
                pass  # the hold expires by itself


@dataclass(frozen=True, slots=True)
class Redemption:
    movement: value_accounts.Movement
    hold: Any | None  # the central hold, when online
    offline: bool


UNKNOWN_CARD = N_("This card is not on head office's records, so it can't be spent. Don't take it "
                  "as payment: ask a manager to look into it.")


def _pending(session: Session, till_id: uuid.UUID, action: str) -> Iterator[dict[str, Any]]:
    """The payloads of this till's `action` entries still waiting to be pushed."""
    for (payload,) in session.execute(
        select(OutboxEntry.payload).where(
            OutboxEntry.till_id == till_id, OutboxEntry.status == EventStatus.PENDING,
            OutboxEntry.action == action)
    ):
        yield payload


def opened_unsynced(session: Session, till_id: uuid.UUID, account_id: uuid.UUID) -> bool:
    """This till opened the card and has not pushed it yet: the central ledger can't know it."""
    return any((payload.get("audit") or {}).get("subject_id") == str(account_id)
               for payload in _pending(session, till_id, EventKind.ACCOUNT_OPENED))


def unsynced_offline(session: Session, till_id: uuid.UUID, account_id: uuid.UUID) -> Decimal:
    """What this till took from the card without a hold since its last sync."""
    total = ZERO
    for payload in _pending(session, till_id, EventKind.LEDGER_REDEEM):
        details = (payload.get("audit") or {}).get("details") or {}
        entry = (payload.get("rows") or {}).get("entry") or {}
        if entry.get("account_id") == str(account_id) and not details.get("hold_id"):
            total -= Decimal(entry["amount"])
    return total


def _hold(session: Session, actor: Actor, gate: CardGate, account: value_accounts.AccountView,
          value: Decimal) -> Any | None:
    """The central hold for `value`, or None to go by the offline rules; a refusal in words.

    The hold is announced to the till's pull before it is asked for, and forgotten when the
    caller's transaction (which writes its redemption) ends."""
    if gate.authority is None:
        return None
    taking = gate.open_holds.start(account.id, value)
    held = None
    try:
        held = _ask_central(session, actor, gate.authority, account, value)
    finally:
        if held is None:  # refused, unreachable or unknown: nothing is held for this till
            gate.open_holds.end(taking)
    if held is not None:
        taking.hold_id = held.id
        gate.open_holds.end_with(session, taking)
    return held


def _ask_central(session: Session, actor: Actor, authority: CardAuthority,
                 account: value_accounts.AccountView, value: Decimal) -> Any | None:
    try:
        return authority.hold(account.id, value, store_id=actor.store_id,
                              till_id=actor.till_id)
    except CentralUnavailable:
        return None
    except CardShort as short:
        raise value_accounts.not_enough(session, actor, account.kind, account.currency,
                                        short.available, value) from None
    except CardUnknown:
        if opened_unsynced(session, actor.till_id, account.id):
            return None  # sold here moments ago: its sale is still on its way to head office
        raise InvalidInput(_(UNKNOWN_CARD)) from None


def redeem_card(
    session: Session, actor: Actor, gate: CardGate, number: str, amount: Decimal | str, *,
    sale_so_far: Decimal = ZERO, customer_id: uuid.UUID | None = None,
    order_id: uuid.UUID | None = None, return_id: uuid.UUID | None = None, note: str = "",
) -> Redemption:
    """Redeem `amount` in the caller's transaction: held centrally, or within the offline limits.

    `sale_so_far`: what cards already gave in this sale while offline.
    """
    value = checked_amount(amount)
    account = value_accounts.find_account(session, actor, number)
    held = _hold(session, actor, gate, account, value)
    if held is None:
        check_offline_redemption(
            gate.offline_limits(), value, sale_so_far=sale_so_far, label=account.label,
            card_unsynced=unsynced_offline(session, actor.till_id, account.id))
    try:
        movement = value_accounts.redeem(
            session, actor, number, value, customer_id=customer_id, order_id=order_id,
            return_id=return_id, note=note, hold_id=getattr(held, "id", None))
    except BaseException:
        if held is not None:
            gate.release(held)
        raise
    return Redemption(movement, held, held is None)


def take_from_card(
    session: Session, actor: Actor, number: str, amount: Decimal | str, *,
    sale_so_far: Decimal = ZERO, customer_id: uuid.UUID | None = None,
    order_id: uuid.UUID | None = None, return_id: uuid.UUID | None = None, note: str = "",
) -> value_accounts.Movement:
    """Spend from a gift card or store credit at this till: every payment path calls this.

    Through the till's card gate when it syncs with a central ledger (held centrally, or within the
    offline floor limits); straight from the local ledger when the till has no central database.
    """
    if actor.card_gate is None:
        return value_accounts.redeem(session, actor, number, amount, customer_id=customer_id,
                                     order_id=order_id, return_id=return_id, note=note)
    return redeem_card(session, actor, actor.card_gate, number, amount, sale_so_far=sale_so_far,
                       customer_id=customer_id, order_id=order_id, return_id=return_id,
                       note=note).movement
