"""`storepos audit verify`: walk each till's audit chain and name the first broken link.

Per till, in chain seq order, a row must (1) follow the previous row (seq + 1, its prev = that
row's hash; the first row's prev is GENESIS), (2) hash to its stored hash from its own columns and
its outbox entry's snapshot, (3) match its outbox entry (what the next push sends), (4) its
snapshot must match the money rows still in the tables (ledger entries, returns, refunds), and
(5) carry the till's seal over its hash, made with the chain key beside the database: rows
rewritten with the plain hashes recomputed pass (1)-(4) and fail here. The till's outbox counter
also tells when rows were cut off the end. One pass, plain SELECTs.
"""

from __future__ import annotations

import gc
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storepos.domain.audit_chain import GENESIS, Break, content, link_hash, seal_holds
from storepos.i18n import N_, _, pgettext
from storepos.persistence.base import table_of
from storepos.persistence.models import (
    AuditEvent,
    Exchange,
    LedgerEntry,
    NumberSequence,
    OutboxEntry,
    Refund,
    Return,
    ReturnLine,
    Till,
    ValueAccount,
)
from storepos.services.base.chain import chain_key
from storepos.services.base.journal import jsonable
from storepos.services.base.outbox import OUTBOX_SEQUENCE

# snapshot key -> (model, the columns that never change once written, compared with the tables)
_MONEY_ROWS: dict[str, tuple[Any, tuple[str, ...], str]] = {
    "entry": (LedgerEntry, ("account_id", "seq", "kind", "amount", "balance_after", "return_id",
                            "order_id", "corrects_entry_id", "note"), N_("the ledger entry {id}")),
    "refunds": (Refund, ("return_id", "tender_id", "kind", "amount", "account_id"),
                N_("the refund {id}")),
    "lines": (ReturnLine, ("return_id", "order_line_id", "quantity", "resolution",
                           "restocking_fee", "refund_amount"), N_("the return line {id}")),
    "exchanges": (Exchange, ("return_line_id", "new_variant_id", "price_difference"),
                  N_("the exchange {id}")),
    "return": (Return, ("return_number", "order_id"), N_("the return {id}")),
    "account": (ValueAccount, ("kind", "number", "currency"), N_("the card account {id}")),
}


def kind_words(kind: str) -> str:
    """A broken link's kind (Break.kind, a code) in words."""
    return {"edited": pgettext("broken audit link", "edited"),
            "missing": pgettext("broken audit link", "missing"),
            "out of order": pgettext("broken audit link", "out of order")}.get(kind, kind)


def break_sentence(broken: Break) -> str:
    """"Till T01, audit row 7: edited: ..." in the reader's language."""
    kind = kind_words(broken.kind)
    return _("Till {till}, audit row {seq}: {kind}: {what}").format(
        till=broken.till_id, seq=broken.seq, kind=kind, what=broken.what)


@dataclass(frozen=True, slots=True)
class Verdict:
    rows: int  # chained rows checked
    tills: int
    unchained: int  # rows from before the chain, or with no till (nothing pushes them)
    broken: Break | None


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


class _Tables:
    """The money rows, read once each when a snapshot first names them."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.loaded: dict[str, dict[str, dict[str, Any]]] = {}

    def row(self, key: str, row_id: str) -> dict[str, Any] | None:
        if key not in self.loaded:
            model, cols, _words = _MONEY_ROWS[key]
            t = table_of(model)
            self.loaded[key] = {str(r[0]): dict(zip(cols, r[1:], strict=True)) for r in
                                self.session.execute(select(t.c.id, *(t.c[c] for c in cols)))}
        return self.loaded[key].get(row_id)


def _snapshot_items(rows: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for key, value in rows.items():
        if key not in _MONEY_ROWS:
            continue  # pickups and claims change state later: the hash alone covers them
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                yield key, item


def _money_rows_differ(tables: _Tables, rows: Any) -> tuple[str, str] | None:
    """(kind, words) when a money row the snapshot records is gone or differs from it."""
    if not isinstance(rows, Mapping):
        return None
    for key, item in _snapshot_items(rows):
        _model, cols, words = _MONEY_ROWS[key]
        live = tables.row(key, str(item.get("id")))
        row = _(words).format(id=item.get("id"))
        if live is None:
            return "missing", _("{row} it records was deleted").format(row=row)
        for col in cols:
            now, then = jsonable(live[col]), item.get(col)
            if now != then:
                # Translators: {column} is the table's column name, as stored.
                return "edited", _("{row} it records has {column} {now} in the table and {then} "
                                   "in its outbox entry").format(row=row, column=col, now=now,
                                                                 then=then)
    return None


def _audit_part(r: Any) -> dict[str, Any]:
    return {"subject_type": r.subject_type, "subject_id": _text(r.subject_id),
            "employee_id": _text(r.employee_id), "approved_by": _text(r.approved_by),
            "reason": r.reason, "details": r.details}


def verify(session: Session) -> Verdict:
    # Hundreds of thousands of short-lived rows and dicts, none of them cyclic: the cyclic garbage
    # collector would only walk them again and again (a quarter of the time at 100,000 rows).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _verify(session)
    finally:
        if was_enabled:
            gc.enable()


def _verify(session: Session) -> Verdict:
    a, o = table_of(AuditEvent), table_of(OutboxEntry)
    outbox = {r.id: r for r in session.execute(select(o.c.id, o.c.till_id, o.c.seq, o.c.action, o.c.payload))}
    issued = {r.till_id: r.next_value - 1 for r in session.execute(
        select(table_of(NumberSequence)).where(table_of(NumberSequence).c.kind == OUTBOX_SEQUENCE))}
    names = {r.id: r.prefix for r in session.execute(select(table_of(Till)))}
    tables = _Tables(session)
    key = chain_key(session, make=False)  # never made here: a missing key is itself a finding
    unchained = int(session.scalar(select(func.count()).select_from(a)
                                   .where(a.c.chain_seq.is_(None))) or 0)
    rows = session.execute(select(a).where(a.c.chain_seq.is_not(None))
                           .order_by(a.c.till_id, a.c.chain_seq))
    seen: set[uuid.UUID] = set()
    walked: set[uuid.UUID] = set()
    count = 0
    till: Any = None
    hashes: dict[str, int] = {}
    prev_hash, prev_seq = GENESIS, 0
    broken: Break | None = None
    for r in rows:
        if r.till_id != till:
            if till is not None and (broken := _tail(names, till, prev_seq, issued)):
                break
            till, hashes, prev_hash, prev_seq = r.till_id, {}, GENESIS, 0
            seen.add(till)
        count += 1
        walked.add(r.id)
        where = names.get(till, str(till))
        problem = _link_problem(r, prev_hash, prev_seq, hashes) or _row_problem(
            r, outbox.get(r.id), tables) or _seal_problem(r, key)
        if problem is not None:
            kind, what = problem
            broken = Break(where, int(r.chain_seq), kind, what)
            break
        hashes[r.hash] = int(r.chain_seq)
        prev_hash, prev_seq = r.hash, int(r.chain_seq)
    if broken is None and till is not None:
        broken = _tail(names, till, prev_seq, issued)
    if broken is None:
        broken = _orphans(names, outbox, walked)
    return Verdict(count, len(seen), unchained, broken)


def _link_problem(r: Any, prev_hash: str, prev_seq: int,
                  hashes: Mapping[str, int]) -> tuple[str, str] | None:
    seq = int(r.chain_seq)
    if r.prev_hash == prev_hash and (seq == prev_seq + 1 or prev_seq == 0):
        return None
    if r.prev_hash in hashes:
        return ("out of order", _("it follows row {found}, not row {expected}").format(
            found=hashes[r.prev_hash], expected=prev_seq))
    if prev_seq and seq > prev_seq + 1:
        if seq == prev_seq + 2:
            return ("missing", _("row {seq} before it was deleted").format(seq=prev_seq + 1))
        return ("missing", _("rows {first}-{last} before it were deleted").format(
            first=prev_seq + 1, last=seq - 1))
    if prev_seq == 0:
        return ("missing", _("the rows before it were deleted (its previous link is not the start "
                             "of the chain)"))
    return ("out of order", _("its previous link is not row {seq}'s hash (a row before it was "
                              "moved, replaced or rehashed)").format(seq=prev_seq))


def _row_problem(r: Any, entry: Any, tables: _Tables) -> tuple[str, str] | None:
    seq = int(r.chain_seq)
    if entry is None:
        return ("missing", _("its outbox entry was deleted"))
    rows = entry.payload.get("rows")
    audit = _audit_part(r)

    def hashed(at_seq: int, part: Mapping[str, Any]) -> str:
        return link_hash(r.prev_hash, content(
            event_id=r.id, till_id=r.till_id, store_id=r.store_id, seq=at_seq, action=r.action,
            occurred_at=r.occurred_at, audit=part, rows=rows))

    if hashed(seq, audit) != r.hash:
        if entry.seq != seq and hashed(entry.seq, audit) == r.hash:
            return ("out of order", _("it was written as row {seq}").format(seq=entry.seq))
        if hashed(seq, entry.payload.get("audit") or {}) == r.hash:
            # Translators: {action} is the audited action's code (sale.completed, ...).
            return ("edited", _("the audit row ({action}) was changed after it was written")
                    .format(action=r.action))
        money = _money_rows_differ(tables, rows)
        if money is not None and money[0] == "edited":
            return ("edited", _("its outbox entry (what the next sync sends) was changed: "
                                "{change}").format(change=money[1]))
        return ("edited", _("the row ({action}) or the money rows in its outbox entry were "
                            "changed after it was written").format(action=r.action))
    if entry.payload.get("audit") != audit or (entry.payload.get("chain") or {}).get("hash") != r.hash:
        return ("edited", _("its outbox entry (what the next sync sends) was changed"))
    return _money_rows_differ(tables, rows)


def _seal_problem(r: Any, key: bytes | None) -> tuple[str, str] | None:
    if key is None:
        return ("missing", _("the till's chain key beside the database is gone, so no seal can be "
                             "checked"))
    if r.seal is None:
        return ("edited", _("its seal was removed"))
    if not seal_holds(key, r.hash, r.seal):
        return ("edited", _("its seal does not match: the row was rewritten and its hashes "
                            "recomputed without this till's chain key"))
    return None


def _tail(names: Mapping[Any, str], till: Any, last: int,
          issued: Mapping[Any, int]) -> Break | None:
    top = issued.get(till, 0)
    if top > last:
        gone = (_("row {seq} at the end of the chain was deleted").format(seq=top)
                if top == last + 1 else
                _("rows {first}-{last} at the end of the chain were deleted").format(
                    first=last + 1, last=top))
        return Break(names.get(till, str(till)), last + 1, "missing", gone)
    return None


def _orphans(names: Mapping[Any, str], outbox: Mapping[Any, Any],
             walked: set[uuid.UUID]) -> Break | None:
    """An outbox entry with a link whose audit row is not in any chain (deleted, or unchained)."""
    gone = [e for entry_id, e in outbox.items() if entry_id not in walked and "chain" in e.payload]
    if not gone:
        return None
    entry = min(gone, key=lambda e: (str(e.till_id), e.seq))
    return Break(names.get(entry.till_id, str(entry.till_id)), int(entry.seq), "missing",
                 _("the audit row of this {action} was deleted (its outbox entry remains)").format(
                     action=entry.action))
