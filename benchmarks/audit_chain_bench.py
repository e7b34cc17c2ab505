"""What the audit chain costs, next to floors measured in the same run.

1. `storepos audit verify` over N audit rows (default 100,000; one in ten a card redemption with
   its ledger entry, the rest audit-only events), next to a plain SELECT of the same rows (the
   audit rows, their outbox entries with payloads decoded, the ledger entries): the floor any
   check of them pays. Both in-process, best of 3; the whole command (a new process, imports,
   migration check) timed once.
2. `complete_return` (one line, a card refund) with the chain and without it (the link step
   turned off), interleaved in the same run on the same till: the chain's share of a return.

    python benchmarks/audit_chain_bench.py [--rows 100000] [--returns 200]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.integration's worlds
from _machine import describe_machine
from sqlalchemy import select

from storepos.domain.vocabulary import TenderKind
from storepos.persistence.base import table_of
from storepos.persistence.models import AuditEvent, LedgerEntry, OutboxEntry
from storepos.persistence.uow import UnitOfWork
from storepos.services.base import chain, journal
from storepos.services.base.audit_trail import verify
from storepos.services.cards import value_accounts as va
from storepos.services.cards.value_source import sold
from tests.integration.audit_chain_world import return_it, sold_in_store
from tests.integration.sync_world import Till, make_till

ROOT = Path(__file__).resolve().parent.parent


def fill(till: Till, rows: int) -> None:
    """`rows` chained audit rows: every tenth a 1.00 redemption from one big card."""
    with UnitOfWork(till.sessions) as uow:
        number = va.issue_gift_card(uow.session, till.actor, Decimal("900.00"),
                                     sold(TenderKind.CASH)).account.number
        uow.commit()
    written = 2
    while written < rows:
        with UnitOfWork(till.sessions) as uow:
            for _ in range(min(2000, rows - written)):
                if written % 10 == 0:
                    va.redeem(uow.session, till.actor, number, Decimal("0.01"))
                else:
                    journal.record(uow.session, till.actor, "test.note", "note", None,
                                   {"i": written, "why": "benchmark"})
                written += 1
            uow.commit()


def plain_select(till: Till) -> int:
    a, o, le = table_of(AuditEvent), table_of(OutboxEntry), table_of(LedgerEntry)
    with till.sessions() as s:
        n = len(s.execute(select(a).order_by(a.c.till_id, a.c.chain_seq)).all())
        n += len(s.execute(select(o.c.id, o.c.till_id, o.c.seq, o.c.action, o.c.payload)).all())
        n += len(s.execute(select(le)).all())
    return n


def check(till: Till) -> int:
    with till.sessions() as s:
        verdict = verify(s)
    assert verdict.broken is None, verdict.broken
    return verdict.rows


def best(fn: Callable[[], Any], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


@contextmanager
def without_chain() -> Iterator[None]:
    original = chain.link
    chain.link = lambda *a, **k: None  # type: ignore[assignment,return-value]
    try:
        yield
    finally:
        chain.link = original


def returns(till: Till, n: int) -> tuple[list[float], list[float]]:
    orders = [sold_in_store(till) for _ in range(2 * n)]
    with_chain: list[float] = []
    plain: list[float] = []
    for i, order_id in enumerate(orders):  # alternate, so both see the same database growth
        start = time.perf_counter()
        if i % 2:
            with without_chain():
                return_it(till, order_id)
            plain.append(time.perf_counter() - start)
        else:
            return_it(till, order_id)
            with_chain.append(time.perf_counter() - start)
    return with_chain, plain


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--returns", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "till.db"
        till = make_till(path)
        start = time.perf_counter()
        fill(till, args.rows)
        filled = time.perf_counter() - start
        floor = best(lambda: plain_select(till))
        checked = check(till)
        walk = best(lambda: check(till))
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "storepos.cli", "audit", "verify", "--db",
                               str(path)], capture_output=True, text=True, cwd=ROOT)
        command = time.perf_counter() - start
        assert done.returncode == 0, done.stderr
        with_chain, plain = returns(make_till(Path(tmp) / "returns.db"), args.returns)
    print(describe_machine())
    print(f"Audit chain over {checked:,} rows (written in {filled:.0f} s, not measured below):")
    print(f"| plain SELECT of the audit rows, outbox entries, ledger entries (floor) | "
          f"{floor:.2f} s |")
    print(f"| verify() in-process, best of 3 | {walk:.2f} s ({walk / floor:.1f}x the floor) |")
    print(f"| `storepos audit verify` as a command (new process) | {command:.2f} s |")
    mw, mp = statistics.median(with_chain), statistics.median(plain)
    print(f"complete_return, {len(with_chain)} each way, interleaved, median per return:")
    print(f"| without the chain (floor) | {mp * 1000:.2f} ms |")
    print(f"| with the chain | {mw * 1000:.2f} ms (+{(mw - mp) * 1000:.2f} ms, "
          f"{(mw / mp - 1) * 100:+.1f}%) |")


if __name__ == "__main__":
    main()
