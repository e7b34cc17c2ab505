"""The till's side of sync (sync.service.LocalSide): its outbox read in seq order, acknowledged
after the central commit, and the pulled rows applied with the cursor in one local transaction.

Rows applied from a pull are the central side's, not the till's own changes: they go in without
`journal.record`, so they never come back through the outbox. A card's local balance is brought to
the central one by a CORRECTION entry (the ledger is never edited), counting the till's own
movements the central side has not seen yet, and the holds it is taking for redemptions it has not
written yet (cards.redemption.OpenHolds).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Text, bindparam, cast, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from storepos.domain import pickups as pickup_rules
from storepos.domain.cards import mask_card_numbers
from storepos.domain.events import LEDGER_EVENTS
from storepos.domain.money import ZERO
from storepos.domain.sync import EventStatus, reachable
from storepos.domain.vocabulary import AccountKind, LedgerKind, PickupStatus
from storepos.persistence.base import table_of
from storepos.persistence.models import (
    Customer,
    LedgerEntry,
    Order,
    OutboxEntry,
    Pickup,
    Store,
    SyncState,
    Till,
    ValueAccount,
)
from storepos.persistence.uow import UnitOfWork
from storepos.services.cards.redemption import OpenHolds
from storepos.services.staff.roster import apply_employees
from storepos.services.sync.catalogue import apply_catalogue
from storepos.services.sync.documents import apply_order_documents
from storepos.sync.protocol import ChangeBatch, Cursor, Event, EventResult
from storepos.sync.service import QueueCounts

_OUTBOX = table_of(OutboxEntry)


def mark_settled(session: Session, till_id: uuid.UUID, event_id: uuid.UUID, at: datetime,
                 resolution: str) -> int:
    """Take one of this till's refused or flagged entries off the manager's list and the header's
    count (its status stays as the central side gave it); 1 if it was still open here, else 0."""
    t = _OUTBOX.c
    done = session.connection().execute(
        update(_OUTBOX).where(t.id == event_id, t.till_id == till_id, t.resolved_at.is_(None))
        .values(resolved_at=at, resolution=mask_card_numbers(resolution)[:500]))
    return int(done.rowcount or 0)


class LocalTill:
    def __init__(self, sessions: sessionmaker[Session], store_id: uuid.UUID,
                 till_id: uuid.UUID, open_holds: OpenHolds | None = None) -> None:
        self.sessions = sessions
        self.store_id = store_id
        self.till_id = till_id
        self.open_holds = open_holds or OpenHolds()  # the till's CardGate's, when it has one

    @classmethod
    def for_prefix(cls, sessions: sessionmaker[Session], till_prefix: str,
                   open_holds: OpenHolds | None = None) -> LocalTill:
        with sessions() as s:
            till = s.scalars(select(Till).where(Till.prefix == till_prefix)).one()
            return cls(sessions, till.store_id, till.id, open_holds)

    # -- the outbox -----------------------------------------------------------------------------

    def pending(self, limit: int, after_seq: int = 0) -> list[Event]:
        """The next `limit` entries not acknowledged yet, in seq order, after `after_seq`."""
        t = _OUTBOX.c
        with self.sessions() as s:  # Core, not ORM rows: this is the push's hot path
            rows = s.connection().execute(
                select(t.id, t.seq, t.action, t.occurred_at, t.payload)
                .where(t.till_id == self.till_id, t.status == EventStatus.PENDING.value,
                       t.seq > after_seq)
                .order_by(t.seq).limit(limit)
            ).all()
        return [Event(r.id, self.store_id, self.till_id, r.seq, r.action, r.occurred_at, r.payload)
                for r in rows]

    def pending_text(self, limit: int, after_seq: int = 0) -> list[tuple[Event, str]]:
        """pending(), each payload left as the JSON text the outbox keeps (its Event's payload
        empty): the HTTP push sends that text as it is. Decoding it here to encode it again was
        a third of the till's CPU on a push."""
        t = _OUTBOX.c
        with self.sessions() as s:
            rows = s.connection().execute(
                select(t.id, t.seq, t.action, t.occurred_at, cast(t.payload, Text))
                .where(t.till_id == self.till_id, t.status == EventStatus.PENDING.value,
                       t.seq > after_seq)
                .order_by(t.seq).limit(limit)
            ).all()
        return [(Event(r[0], self.store_id, self.till_id, r[1], r[2], r[3], {}), r[4])
                for r in rows]

    def acknowledge(self, results: Sequence[EventResult], at: datetime) -> None:
        """Record the central results, in one local transaction (after the central commit)."""
        if not results:
            return
        t = _OUTBOX.c
        applied = [r.event_id for r in results if r.status is EventStatus.APPLIED]
        others = [r for r in results if r.status is not EventStatus.APPLIED]
        with UnitOfWork(self.sessions, writes=True) as uow:
            conn = uow.session.connection()
            for start in range(0, len(applied), 500):  # one statement per 500, not per entry
                conn.execute(update(_OUTBOX).where(t.id.in_(applied[start:start + 500]))
                             .values(status=EventStatus.APPLIED.value, result="",
                                     acknowledged_at=at))
            if others:
                conn.execute(
                    update(_OUTBOX).where(t.id == bindparam("b_id"))
                    .values(status=bindparam("b_status"), result=bindparam("b_result"),
                            acknowledged_at=at),
                    [{"b_id": r.event_id, "b_status": r.status.value,
                      "b_result": r.reason[:500]} for r in others],
                )
            self._state(uow.session).last_push_at = at
            uow.commit()

    def counts(self) -> QueueCounts:
        """Waiting to be pushed; refused and flagged entries no manager has settled yet."""
        with self.sessions() as s:
            found = dict(s.execute(
                select(OutboxEntry.status, func.count())
                .where(OutboxEntry.till_id == self.till_id,
                       OutboxEntry.status != EventStatus.APPLIED,
                       OutboxEntry.resolved_at.is_(None))
                .group_by(OutboxEntry.status)).all())
        return QueueCounts(found.get(EventStatus.PENDING, 0), found.get(EventStatus.QUARANTINED, 0),
                           found.get(EventStatus.FLAGGED, 0))

    # -- sync state -------------------------------------------------------------------------------

    def _state(self, session: Session) -> SyncState:
        state = session.get(SyncState, self.till_id)
        if state is None:
            state = SyncState(till_id=self.till_id, pull_tx=0, pull_change=0, last_error="")
            session.add(state)
        return state

    def cursor(self) -> Cursor:
        with self.sessions() as s:
            state = s.get(SyncState, self.till_id)
            return Cursor(state.pull_tx, state.pull_change) if state else Cursor()

    def last_sync(self) -> datetime | None:
        """When the last sync completed (pushed everything, pulled everything)."""
        with self.sessions() as s:
            state = s.get(SyncState, self.till_id)
            return state.last_pull_at if state else None

    def record_success(self, at: datetime) -> None:
        with UnitOfWork(self.sessions, writes=True) as uow:
            state = self._state(uow.session)
            state.last_pull_at, state.last_error = at, ""
            uow.commit()

    def record_error(self, message: str) -> None:
        with UnitOfWork(self.sessions, writes=True) as uow:
            self._state(uow.session).last_error = message[:300]
            uow.commit()

    # -- pulled rows ------------------------------------------------------------------------------

    def apply_changes(self, batch: ChangeBatch, at: datetime) -> int:
        """Apply the batch and move the cursor, in one local transaction; rows applied."""
        with UnitOfWork(self.sessions, writes=True) as uow:
            s = uow.session
            applied = sum(self._account(s, a, at) for a in batch.accounts)
            applied += apply_order_documents(s, batch.orders)
            applied += sum(self._pickup(s, p) for p in batch.pickups)
            applied += self._settle(s, batch.settled)
            applied += apply_employees(s, batch.employees)  # head office's staff, by number
            applied += apply_catalogue(s, batch.products, batch.variants)
            state = self._state(s)
            state.pull_tx, state.pull_change = batch.cursor.tx, batch.cursor.change
            uow.commit()
            return applied

    def _settle(self, session: Session, settled: list[dict[str, Any]]) -> int:
        """This till's refused or flagged entries that a manager settled (at any till)."""
        return sum(mark_settled(session, self.till_id, item["event_id"], item["resolved_at"],
                                item["resolution"]) for item in settled)

    def _pending_delta(self, session: Session, account_id: uuid.UUID) -> Decimal:
        """The till's own movements of a card that the central ledger has not seen yet.

        A redemption made under a central hold is in the central `held` already, so it is not
        counted again; a hold this till took whose redemption is not written here yet is in `held`
        but not in the local balance, so it is given back (else the redemption takes it twice)."""
        total = ZERO
        written: set[str] = set()  # the holds of the redemptions written here, not pushed yet
        for (payload,) in session.execute(
            select(OutboxEntry.payload).where(
                OutboxEntry.till_id == self.till_id, OutboxEntry.status == EventStatus.PENDING,
                OutboxEntry.action.in_(LEDGER_EVENTS))
        ):
            entry = (payload.get("rows") or {}).get("entry") or {}
            if entry.get("account_id") != str(account_id):
                continue
            hold_id = ((payload.get("audit") or {}).get("details") or {}).get("hold_id")
            if hold_id:
                written.add(str(hold_id))
            else:
                total += Decimal(entry["amount"])
        return total + self.open_holds.unwritten(account_id, written)

    def _account(self, session: Session, row: dict[str, Any], at: datetime) -> bool:
        account = session.get(ValueAccount, row["id"])
        if account is None:
            kind = AccountKind(row["kind"])
            customer = row["customer_id"] if row["customer_id"] and session.get(
                Customer, row["customer_id"]) else None
            if kind is AccountKind.STORE_CREDIT and customer is None:
                return False  # store credit is spent only by its customer, unknown at this till
            if session.scalars(select(ValueAccount.id)
                               .where(ValueAccount.number == row["number"])).first():
                return False  # a different card with the same number: leave both alone
            issued = row["issued_store_id"]
            account = ValueAccount(
                id=row["id"], kind=kind, number=row["number"], customer_id=customer,
                currency=row["currency"], issued_at=at,
                issued_store_id=issued if issued and session.get(Store, issued) else None)
            session.add(account)
            session.flush()
        last = session.execute(
            select(LedgerEntry.seq, LedgerEntry.balance_after)
            .where(LedgerEntry.account_id == account.id)
            .order_by(LedgerEntry.seq.desc()).limit(1)).first()
        seq, balance = (last.seq, last.balance_after) if last else (0, ZERO)
        # What the card holds centrally, less what online holds reserve, plus this till's own
        # movements still on their way; never below zero (a shortfall is flagged centrally).
        target = max(row["balance"] - row["held"] + self._pending_delta(session, account.id), ZERO)
        if target == balance:
            return True
        session.add(LedgerEntry(
            account_id=account.id, seq=seq + 1, kind=LedgerKind.CORRECTION,
            amount=target - balance, balance_after=target, created_at=at,
            store_id=self.store_id, till_id=self.till_id, note="central balance"))
        session.flush()
        return True

    def _pickup(self, session: Session, row: dict[str, Any]) -> bool:
        pickup = session.get(Pickup, row["id"])
        fields = {k: row[k] for k in ("arrived_at", "hold_until", "notified_at", "collected_at",
                                      "sent_back_at", "id_checked")}
        if pickup is None:
            if session.get(Order, row["order_id"]) is None or session.scalars(
                    select(Pickup.id).where((Pickup.number == row["number"])
                                            | (Pickup.order_id == row["order_id"]))).first():
                return False  # its order is unknown here, or a different pickup has it
            session.add(Pickup(id=row["id"], number=row["number"], order_id=row["order_id"],
                               store_id=row["store_id"], status=PickupStatus(row["status"]),
                               handed_over_by=None, **fields))
            session.flush()
            return True
        current, central = PickupStatus(pickup.status), PickupStatus(row["status"])
        if current is central or not reachable(pickup_rules.MOVES, current, central):
            return False  # the till is as far, or further: its own event is on its way
        pickup.status = central
        for key, value in fields.items():
            if value is not None:
                setattr(pickup, key, value)
        return True
