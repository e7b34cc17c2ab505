"""The demo chain's gift cards and store credit in its central ledger.

A real chain's cards reach the central ledger as they are sold: the web shop writes its own there
(central.orders.issue_card) and each till pushes the ones it sells. The demo's head office, web
orders included, comes by pull (demo/head_office.py), but its tills' years of history (the cards
they sold and credited) are written straight into the till's database, so the demo hands the
central ledger the same cards, with every movement, once, when it is made: otherwise the card
gate would refuse every demo card as unknown.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select

from storepos.central import cards
from storepos.persistence.models import LedgerEntry, ValueAccount
from storepos.sync.retry import in_transaction

_ACCOUNT = ("id", "kind", "number", "currency", "customer_id", "issued_store_id")
_ENTRY = ("id", "kind", "amount", "store_id", "till_id", "order_id", "return_id", "created_at",
          "note")


def publish_cards(till: Engine, central: Engine) -> int:
    """Every card account of the till's database, with its ledger, into the central ledger; the
    cards it already knows are left as they are. How many were brought in."""
    a, e = ValueAccount.__table__, LedgerEntry.__table__
    with till.connect() as conn:
        accounts = [dict(r._mapping) for r in conn.execute(
            select(*(a.c[k] for k in _ACCOUNT)).order_by(a.c.number))]
        entries: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for r in conn.execute(select(e.c.account_id, *(e.c[k] for k in _ENTRY))
                              .order_by(e.c.account_id, e.c.seq)):
            entry = dict(r._mapping)
            entry["created_at"] = entry["created_at"].replace(tzinfo=UTC)  # the till keeps UTC
            entries[r.account_id].append(entry)
    now = datetime.now(UTC)
    return in_transaction(central, lambda c: sum(
        cards.bring_in(c, account, entries[account["id"]], now) for account in accounts))
