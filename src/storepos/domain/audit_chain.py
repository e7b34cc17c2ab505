"""The audit chain: each audited change carries the hash of the one before it, per till, in seq.

The idea of the French POS certification (Odoo's l10n_fr_pos_cert): a record's hash covers its own
content and the previous record's hash, so editing, removing or reordering any record breaks every
link after it. Here a link covers what the till pushes for one event: who, what, when, the details
and the snapshot of the money rows it wrote (ledger entry, return lines, refunds):

    link_hash(prev, content) = sha256(prev + "\\n" + canonical JSON of content), hex in letters a-p

The canonical JSON (sorted keys, no spaces, money as its "12.50" text, times ISO 8601 in UTC with
microseconds) must never change: a till's old links are checked with it forever. The first link of
a till has GENESIS as its prev.

The link hash is plain SHA-256 on purpose: the central service recomputes it from what it is sent
and checks it follows the link it kept, with no secret of the till. On its own it would let someone
with sqlite3 rewrite a till's unpushed rows and recompute every hash from there on. So at the till
each link also carries a seal, HMAC-SHA256 under the till's own chain key (a file beside the
database, never synced; persistence.till_keys) over the link hash, which covers the row and, through
its prev, every row before it:

    seal(key, hash) = hmac_sha256(key, "storepos audit seal\n" + hash), hex in letters a-p

`storepos audit verify` checks every seal; without the key a rewritten row cannot be sealed again.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

# A hash is written with the letters a-p for the hex digits 0-f: hex text holds runs of digits, and
# one in a hundred would pass for a card number, which the till and the central service refuse.
_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")
GENESIS = "a" * 64
CHAIN_KEY = "chain"  # outbox payload / pushed event: {"prev": ..., "hash": ...}


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} has no canonical form")


def utc_text(moment: datetime) -> str:
    """A time as the chain spells it; a time without an offset is UTC (SQLite drops the offset)."""
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return aware.isoformat(timespec="microseconds")


def canonical(content: Mapping[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=_default).encode("utf-8")


def link_hash(prev: str, content: Mapping[str, Any]) -> str:
    digest = hashlib.sha256(prev.encode("ascii"))
    digest.update(b"\n")
    digest.update(canonical(content))
    return digest.hexdigest().translate(_LETTERS)


def seal(key: bytes, link: str) -> str:
    """The till's keyed seal over one link hash (see the module docstring)."""
    mac = hmac.new(key, b"storepos audit seal\n" + link.encode("ascii"), hashlib.sha256)
    return mac.hexdigest().translate(_LETTERS)


def seal_holds(key: bytes, link: str, sealed: str | None) -> bool:
    return sealed is not None and hmac.compare_digest(seal(key, link), sealed)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def content(*, event_id: Any, till_id: Any, store_id: Any, seq: int, action: str,
            occurred_at: datetime, audit: Mapping[str, Any], rows: Any) -> dict[str, Any]:
    """What one link covers. `audit`: the pushed payload's "audit" part (subject, employee,
    approver, reason, details); `rows`: its "rows" snapshot, or None."""
    return {"event": _text(event_id), "till": _text(till_id), "store": _text(store_id),
            "seq": int(seq), "action": str(action), "at": utc_text(occurred_at),
            "audit": dict(audit), "rows": rows}


@dataclass(frozen=True, slots=True)
class Link:
    seq: int
    prev: str
    hash: str

    def as_payload(self) -> dict[str, str]:
        return {"prev": self.prev, "hash": self.hash}


def payload_link(payload: Mapping[str, Any]) -> tuple[str, str] | None:
    """(prev, hash) a pushed payload carries, or None (a till from before the chain)."""
    chain = payload.get(CHAIN_KEY)
    if not isinstance(chain, Mapping):
        return None
    prev, digest = chain.get("prev"), chain.get("hash")
    if not isinstance(prev, str) or not isinstance(digest, str):
        return None
    return prev, digest


@dataclass(frozen=True, slots=True)
class Break:
    """The first broken link of a chain, in words."""

    till_id: str
    seq: int
    kind: str  # "edited", "missing", "out of order"
    what: str

    def sentence(self, noun: str = "audit row") -> str:
        return f"Till {self.till_id}, {noun} {self.seq}: {self.kind}: {self.what}"
