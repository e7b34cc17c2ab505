"""Gift cards and store credit in the central ledger: it decides, never below zero.

Online, a till holds the amount first (the account row locked with SELECT ... FOR UPDATE, the
hold refused when balance - held is short), then captures it when its event arrives. Offline, a
till redeems within its floor limits and the central ledger takes what the card still has when the
event arrives; any shortfall becomes a card_overdraft review for a manager, never silently dropped
and never silently accepted. CHECK (balance >= 0) and CHECK (held <= balance) stand behind it all.

Each function works inside the caller's transaction (a Connection); `CentralCards` runs them in
their own retried transactions for a till that is online. Under a till's store context
(store_context.py), those that lock or move a balance, a hold or the ledger run as the service's own
statements (on_shared_rows); opening an empty card stays in the store's context (rls.sql).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from storepos.central.changes import record_changes
from storepos.central.schema import accounts, card_holds, ledger
from storepos.central.sql import insert_ignore
from storepos.central.store_context import on_shared_rows
from storepos.domain.money import ZERO, format_money
from storepos.i18n import N_, _
from storepos.sync.errors import CardRefused, CardShort, CardUnknown
from storepos.sync.protocol import EVERYONE, Account, Hold, Movement
from storepos.sync.retry import in_transaction

HOLD_TTL = timedelta(minutes=30)
NOT_IN_LEDGER = N_("That gift card or store credit is not in the central ledger.")


def utcnow() -> datetime:
    return datetime.now(UTC)


@on_shared_rows
def lock_account(conn: Connection, account_id: uuid.UUID) -> Account | None:
    row = conn.execute(
        select(accounts.c.balance, accounts.c.held, accounts.c.seq)
        .where(accounts.c.id == account_id).with_for_update()
    ).first()
    return Account(account_id, row.balance, row.held, row.seq) if row else None


def open_account(conn: Connection, row: dict[str, Any], now: datetime) -> None:
    """Insert a card account with nothing on it, unless it is already there."""
    conn.execute(insert_ignore(conn, accounts), {
        **row, "balance": ZERO, "held": ZERO, "seq": 0, "updated_at": now})


def bring_in(conn: Connection, account: dict[str, Any], entries: list[dict[str, Any]],
             now: datetime) -> bool:
    """A card whose history began before this central ledger (the demo chain's cards, made with
    it): opened, and every movement written in order as the central side would have written it
    (`entries`: id, kind, amount, store_id, till_id, order_id, return_id, created_at, note; a
    movement of the web shop has no store and is written under EVERYONE). False, and nothing
    written, when the central ledger already knows the card: what it holds is the truth."""
    if lock_account(conn, account["id"]) is not None:
        return False
    open_account(conn, account, now)
    current = lock_account(conn, account["id"])
    assert current is not None
    for entry in entries:
        amount = entry["amount"]
        moved = _write(conn, current, amount, held_delta=ZERO, now=entry["created_at"], entry={
            **{k: entry.get(k) for k in ("id", "kind", "till_id", "order_id", "return_id")},
            "store_id": entry.get("store_id") or EVERYONE, "offline": False,
            "note": (entry.get("note") or "")[:300]})
        current = Account(current.id, moved.balance_after, ZERO, current.seq + 1)
    record_changes(conn, [(EVERYONE, "account", account["id"])])
    return True


def _release_expired(conn: Connection, account: Account, now: datetime) -> Account:
    expired = conn.execute(
        select(card_holds.c.id, card_holds.c.amount)
        .where(card_holds.c.account_id == account.id, card_holds.c.status == "held",
               card_holds.c.expires_at < now).with_for_update()
    ).all()
    if not expired:
        return account
    freed = sum((r.amount for r in expired), ZERO)
    conn.execute(update(card_holds).where(
        card_holds.c.account_id == account.id, card_holds.c.id.in_([r.id for r in expired])
    ).values(status="released", settled_at=now))
    conn.execute(update(accounts).where(accounts.c.id == account.id)
                 .values(held=accounts.c.held - freed, updated_at=now))
    return Account(account.id, account.balance, account.held - freed, account.seq)


@on_shared_rows
def hold(conn: Connection, account_id: uuid.UUID, amount: Decimal, *, store_id: uuid.UUID,
         till_id: uuid.UUID | None, now: datetime, ttl: timedelta = HOLD_TTL) -> Hold:
    """Reserve `amount` of the card for a sale in progress; refused when it is not there."""
    if amount <= 0:
        raise CardRefused(_("A hold is for more than 0.00."))
    account = lock_account(conn, account_id)
    if account is None:
        raise CardUnknown(_(NOT_IN_LEDGER))
    account = _release_expired(conn, account, now)
    if account.available < amount:
        raise CardShort(_("The card has {available} available, not {amount}.").format(
            available=format_money(account.available), amount=format_money(amount)),
            available=max(account.available, ZERO))
    result = conn.execute(
        update(accounts)
        .where(accounts.c.id == account_id, accounts.c.balance - accounts.c.held >= amount)
        .values(held=accounts.c.held + amount, updated_at=now)
    )
    if result.rowcount != 1:  # the lock makes this unreachable; the guard stays anyway
        raise CardRefused(_("The card was used at the same moment elsewhere. Try again."))
    held = Hold(uuid.uuid4(), account_id, amount, now + ttl)
    conn.execute(insert(card_holds).values(
        account_id=account_id, id=held.id, store_id=store_id, till_id=till_id, amount=amount,
        status="held", created_at=now, expires_at=held.expires_at))
    return held


@on_shared_rows
def release(conn: Connection, account_id: uuid.UUID, hold_id: uuid.UUID, now: datetime) -> bool:
    """Give a hold back (the sale was cancelled); False when it was already captured or released."""
    row = conn.execute(
        select(card_holds.c.amount).where(
            card_holds.c.account_id == account_id, card_holds.c.id == hold_id,
            card_holds.c.status == "held").with_for_update()
    ).first()
    if row is None:
        return False
    lock_account(conn, account_id)
    conn.execute(update(card_holds).where(
        card_holds.c.account_id == account_id, card_holds.c.id == hold_id
    ).values(status="released", settled_at=now))
    conn.execute(update(accounts).where(accounts.c.id == account_id)
                 .values(held=accounts.c.held - row.amount, updated_at=now))
    return True


@on_shared_rows
def _write(conn: Connection, account: Account, amount: Decimal, *, held_delta: Decimal,
           entry: dict[str, Any], now: datetime) -> Movement:
    balance = account.balance + amount
    seq = account.seq + 1
    conn.execute(update(accounts).where(accounts.c.id == account.id).values(
        balance=balance, held=accounts.c.held + held_delta, seq=seq, updated_at=now))
    entry_id = entry.get("id") or uuid.uuid4()
    conn.execute(insert(ledger).values(
        account_id=account.id, id=entry_id, seq=seq, amount=amount, balance_after=balance,
        created_at=now, **{k: v for k, v in entry.items() if k != "id"}))
    return Movement(amount, ZERO, balance, entry_id)


def credit(conn: Connection, account: Account, amount: Decimal, entry: dict[str, Any],
           now: datetime) -> Movement:
    """Value onto the card (issue, refund credit, a correction that adds)."""
    return _write(conn, account, amount, held_delta=ZERO, entry=entry, now=now)


@on_shared_rows
def capture(conn: Connection, account_id: uuid.UUID, hold_id: uuid.UUID, amount: Decimal,
            entry: dict[str, Any], now: datetime) -> Movement | None:
    """Take `amount` (at most the hold) from a hold; None when the hold is no longer held.

    What the hold reserved beyond `amount` is released in the same step.
    """
    row = conn.execute(
        select(card_holds.c.amount).where(
            card_holds.c.account_id == account_id, card_holds.c.id == hold_id,
            card_holds.c.status == "held").with_for_update()
    ).first()
    if row is None or amount > row.amount:
        return None
    account = lock_account(conn, account_id)
    assert account is not None  # a hold's account exists
    conn.execute(update(card_holds).where(
        card_holds.c.account_id == account_id, card_holds.c.id == hold_id
    ).values(status="captured", settled_at=now))
    return _write(conn, account, -amount, held_delta=-row.amount,
                  entry={**entry, "hold_id": hold_id}, now=now)


def redeem_offline(conn: Connection, account: Account, amount: Decimal, entry: dict[str, Any],
                   now: datetime) -> Movement:
    """A redemption the till made without a hold: take what is available; report the rest."""
    taken = min(amount, max(account.available, ZERO))
    shortfall = amount - taken
    if taken == 0:
        return Movement(ZERO, shortfall, account.balance, None)
    moved = _write(conn, account, -taken, held_delta=ZERO, entry=entry, now=now)
    return Movement(moved.taken, shortfall, moved.balance_after, moved.entry_id)


class CentralCards:
    """The online card authority a till uses: hold before the sale, capture or release after."""

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.engine = engine
        self.clock = clock

    def hold(self, account_id: uuid.UUID, amount: Decimal, *, store_id: uuid.UUID,
             till_id: uuid.UUID | None = None) -> Hold:
        return in_transaction(self.engine, lambda c: hold(
            c, account_id, amount, store_id=store_id, till_id=till_id, now=self.clock()))

    def capture(self, held: Hold, *, store_id: uuid.UUID, till_id: uuid.UUID | None = None,
                note: str = "") -> Movement:
        entry = {"kind": "redeem", "store_id": store_id, "till_id": till_id, "offline": False,
                 "note": note}

        def work(conn: Connection) -> Movement:
            moved = capture(conn, held.account_id, held.id, held.amount, entry, self.clock())
            if moved is None:
                raise CardRefused(_("That hold was already captured or released."))
            record_changes(conn, [(EVERYONE, "account", held.account_id)])
            return moved

        return in_transaction(self.engine, work)

    def release(self, held: Hold) -> bool:
        return in_transaction(self.engine, lambda c: release(c, held.account_id, held.id,
                                                             self.clock()))

    def hold_of_store(self, hold_id: uuid.UUID, store_id: uuid.UUID) -> Hold | None:
        """A hold still held, if `store_id` took it: a store never settles another's holds."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(card_holds.c.account_id, card_holds.c.amount, card_holds.c.expires_at)
                .where(card_holds.c.id == hold_id, card_holds.c.store_id == store_id,
                       card_holds.c.status == "held")).first()
        if row is None:
            return None
        expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
        return Hold(hold_id, row.account_id, row.amount, expires)  # SQLite: naive UTC

    def balance(self, account_id: uuid.UUID) -> Account | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(accounts.c.balance, accounts.c.held, accounts.c.seq)
                               .where(accounts.c.id == account_id)).first()
            return Account(account_id, row.balance, row.held, row.seq) if row else None
