"""What verifying a manager's approval token adds to completing a return (issue 12).

In the same run, on one migrated SQLite till database, alternating return by return:
- floor: a one-unit refund the policy allows (no approval, nothing verified);
- override: a one-unit refund of a final-sale line with a manager's token, which complete_return
  verifies (HMAC, binding, expiry, the approver's row, the spent-token lookup) and spends (an
  approval_uses row and an auth.approval_used audit row with its outbox entry), plus the
  return.override audit row the override always wrote;
- verify alone: approvals.verify inside a transaction that is rolled back.
Each timed action is one unit of work, committed (verify alone: rolled back). Tokens are minted
untimed beforehand through approvals.mint: the PIN check (Argon2, the same before this change) is
not part of completing the return.

Run: python benchmarks/approval_bench.py [--returns 300]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.factories, as the tests build
from _machine import describe_machine

from storepos.domain.vocabulary import Reason, Resolution, Role
from storepos.persistence.db import make_engine, make_session_factory
from storepos.persistence.migrate import upgrade
from storepos.persistence.models import Employee
from storepos.persistence.uow import UnitOfWork
from storepos.services.returns.complete import complete_return, override_binding
from storepos.services.returns.eligibility import ALL_SHOWN
from storepos.services.returns.types import LineRequest, ReturnRequest
from storepos.services.staff import approvals
from tests.factories import FixedClock, actor_for, card, make_employee, make_order, make_product, make_store

WARM_UP = 10


def _ms(values: list[float]) -> str:
    cuts = statistics.quantiles(values, n=100)
    return f"median {statistics.median(values):.2f} ms, p99 {cuts[98]:.2f} ms"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--returns", type=int, default=300)
    args = parser.parse_args()
    n = args.returns + WARM_UP
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(str(Path(folder) / "store.db"))
        upgrade(engine)
        sessions = make_session_factory(engine)
        with UnitOfWork(sessions) as uow:
            s = uow.session
            store = make_store(s)
            cashier = actor_for(make_employee(s, store, Role.CASHIER), store, clock=FixedClock())
            manager_id = make_employee(s, store, Role.MANAGER).id
            sizes = make_product(s, store, on_hand=3)
            paid = str(Decimal("120.00") * n)
            plain = make_order(s, [(sizes["8"], n, paid)], tenders=[card(paid)], store=store).id
            final = make_order(s, [(sizes["8"], n, paid)], tenders=[card(paid)], store=store,
                               tags={1: ["final_sale"]}).id
            uow.commit()

        def mint() -> approvals.Approval:
            with sessions() as s:
                manager = s.get(Employee, manager_id)
                assert manager is not None
                return approvals.mint(s, cashier, manager, "Bench override",
                                      override_binding(final, (1,), Decimal("120.00")))

        def one(order_id: uuid.UUID, token: approvals.Approval | None) -> float:
            request = ReturnRequest((LineRequest(1, 1, Reason.CHANGE_OF_MIND, ALL_SHOWN,
                                                 Resolution.REFUND, override=token),),
                                    order_id=order_id)
            started = time.perf_counter()
            with UnitOfWork(sessions, writes=True) as uow:
                complete_return(uow.session, cashier, request)
                uow.commit()
            return (time.perf_counter() - started) * 1000

        def verify_alone(token: approvals.Approval) -> float:
            binding = override_binding(final, (1,), Decimal("120.00"))
            started = time.perf_counter()
            with UnitOfWork(sessions, writes=True) as uow:
                approvals.verify(uow.session, cashier, token, binding)
                uow.rollback()
            return (time.perf_counter() - started) * 1000

        floor, override, alone = [], [], []
        for i in range(n):
            token = mint()
            a, b = one(plain, None), one(final, token)
            c = verify_alone(mint())
            if i >= WARM_UP:
                floor.append(a)
                override.append(b)
                alone.append(c)
        engine.dispose()
    extra = statistics.median(override) - statistics.median(floor)
    print(f"approval_bench: {args.returns} returns each, alternating; {describe_machine()}")
    print(f"| return, no approval (floor)        | {_ms(floor)} |")
    print(f"| return with a verified override    | {_ms(override)} |")
    print(f"| approvals.verify alone (rolled back) | {_ms(alone)} |")
    print(f"| override - floor (medians)         | {extra:+.2f} ms "
          f"({extra / statistics.median(floor) * 100:+.0f}%) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
