"""Each till's audit chain, checked on push and kept (events.chain_prev, events.chain_hash).

A pushed event carries its link (payload "chain": prev, hash; domain.audit_chain). On push, each
new event must hash to its link from what it carries, and its prev must be the hash kept for the
till's event at seq - 1 (GENESIS when that event came without a link, from before the chain, or
seq is 1). An event that fails is stored as the evidence, with the link it claimed, and
quarantined with the reason: never applied, on the store's manager's list of sync problems. An
event with no link is taken as before (a till from before the chain); the event after it must then
start from GENESIS, so stripping a link off shows at the next one.

`verify` walks the kept chains (`storepos central audit verify`).

Only the plain chain is checked here. The till also seals each link with its own chain key
(domain.audit_chain.seal), which never leaves the till: a key held here would let whoever reads the
central side forge every till's seals. The seal is checked by `storepos audit verify` at the till.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, and_, select

from storepos.central.card_numbers import CARD_NUMBER_REFUSED
from storepos.central.schema import events
from storepos.central.sql import in_list
from storepos.domain.audit_chain import GENESIS, Break, content, link_hash, payload_link
from storepos.sync.protocol import Event


def columns(e: Event) -> dict[str, str | None]:
    """The link `e` claims, as kept on its events row."""
    link = payload_link(e.payload)
    return {"chain_prev": link[0] if link else None, "chain_hash": link[1] if link else None}


def _content_hash(prev: str, till_id: Any, store_id: Any, event_id: Any, seq: int, action: str,
                  occurred_at: Any, payload: Mapping[str, Any]) -> str:
    return link_hash(prev, content(
        event_id=event_id, till_id=till_id, store_id=store_id, seq=seq, action=action,
        occurred_at=occurred_at, audit=payload.get("audit") or {}, rows=payload.get("rows")))


# The stored evidence's English (a refused push keeps it); `storepos central audit verify` words
# a break by its kind and these (commands/central.py), never by this text.
CHANGED = "it was changed after it was written (its content does not match its hash)"
LINK_DIFFERS = "its kept link differs from the one its payload carries"


def problem(prev: str, digest: str, expected_prev: str | None, seq: int,
            hashed: str) -> tuple[str, str] | None:
    """(kind, words) when a link is broken. `expected_prev`: the kept hash of seq - 1 (GENESIS when
    it came without a link or seq is 1; None when no event seq - 1 was ever received)."""
    if hashed != digest:
        return "edited", CHANGED
    if expected_prev is None and prev != GENESIS:
        return "missing", f"event {seq - 1} before it never arrived"
    if expected_prev is not None and prev != expected_prev:
        return ("out of order", f"it does not follow event {seq - 1} (an earlier event was changed, "
                                "removed or reordered at the till)")
    return None


def refusal(seq: int, kind: str, words: str) -> str:
    return (f"Refused: the till's audit chain is broken at event {seq} ({kind}): {words}; kept "
            "here as the evidence, not applied.")[:500]


def check_push(conn: Connection, store_id: uuid.UUID, till_id: uuid.UUID,
               fresh: Sequence[Event]) -> dict[uuid.UUID, str]:
    """The new events (in seq order) whose link is broken, with the reason."""
    linked = [(e, link) for e in fresh if (link := payload_link(e.payload)) is not None]
    if not linked:
        return {}
    kept = _kept(conn, store_id, till_id, [e.seq - 1 for e, _ in linked])
    claimed = {e.seq: columns(e)["chain_hash"] or GENESIS for e in fresh}
    refused: dict[uuid.UUID, str] = {}
    for e, (prev, digest) in linked:
        before = claimed.get(e.seq - 1) if (e.seq - 1) in claimed else kept.get(e.seq - 1)
        expected = GENESIS if e.seq == 1 else before
        hashed = _content_hash(prev, e.till_id, e.store_id, e.event_id, e.seq, e.action,
                               e.occurred_at, e.payload)
        found = problem(prev, digest, expected, e.seq, hashed)
        if found is not None:
            refused[e.event_id] = refusal(e.seq, *found)
    return refused


def _kept(conn: Connection, store_id: uuid.UUID, till_id: uuid.UUID,
          seqs: Iterable[int]) -> dict[int, str]:
    """seq -> kept hash (GENESIS for an event kept without a link) for those of `seqs` received."""
    wanted = sorted({s for s in seqs if s >= 1})
    if not wanted:
        return {}
    rows = conn.execute(select(events.c.seq, events.c.chain_hash).where(
        events.c.store_id == store_id, events.c.till_id == till_id,
        in_list(conn, events.c.seq, wanted)))
    return {int(r.seq): r.chain_hash or GENESIS for r in rows}


def verify(conn: Connection, batch: int = 5000) -> tuple[int, int, Break | None]:
    """(events checked, tills, the first broken link) over every kept chain, till by till."""
    count, tills = 0, 0
    last: tuple[Any, Any] | None = None
    prev_hash, prev_seq = GENESIS, 0
    after: tuple[Any, Any, int] | None = None
    while True:
        stmt = (select(events.c.store_id, events.c.till_id, events.c.event_id, events.c.seq,
                       events.c.action, events.c.occurred_at, events.c.payload, events.c.result,
                       events.c.chain_prev, events.c.chain_hash)
                .order_by(events.c.store_id, events.c.till_id, events.c.seq).limit(batch))
        if after is not None:
            s, t, q = after
            stmt = stmt.where((events.c.store_id > s) | and_(events.c.store_id == s, (
                events.c.till_id > t) | and_(events.c.till_id == t, events.c.seq > q)))
        rows = conn.execute(stmt).all()
        if not rows:
            return count, tills, None
        for r in rows:
            if (r.store_id, r.till_id) != last:
                last, prev_hash, prev_seq, tills = (r.store_id, r.till_id), GENESIS, 0, tills + 1
            count += 1
            found = _kept_problem(r, prev_hash, prev_seq)
            if found is not None:
                return count, tills, Break(str(r.till_id), int(r.seq), *found)
            prev_hash, prev_seq = r.chain_hash or GENESIS, int(r.seq)
        after = (rows[-1].store_id, rows[-1].till_id, int(rows[-1].seq))


def _kept_problem(r: Any, prev_hash: str, prev_seq: int) -> tuple[str, str] | None:
    if r.chain_hash is None:
        return None  # kept without a link: from before the chain
    if payload_link(r.payload) != (r.chain_prev, r.chain_hash):
        return "edited", LINK_DIFFERS
    if r.result == CARD_NUMBER_REFUSED:
        hashed = r.chain_hash  # kept masked on arrival: its content cannot hash to its link
    else:
        hashed = _content_hash(r.chain_prev, r.till_id, r.store_id, r.event_id, int(r.seq),
                               r.action, r.occurred_at, r.payload)
    expected = GENESIS if r.seq == 1 else (prev_hash if prev_seq == r.seq - 1 else None)
    return problem(r.chain_prev, r.chain_hash, expected, int(r.seq), hashed)
