"""What the card-number check costs per synced event, next to the floor measured in the same run:
json.dumps of the same payload (every push serialises each payload at least once).

The till checks each outbox payload once as it writes it (services.base.outbox), the central
side once more as it takes a push (central.card_numbers); both walk the payload with
domain.cards.carries_card_number.

    python benchmarks/card_number_bench.py [--events 20000]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import describe_machine

from storepos.domain.cards import carries_card_number, contains_card_number


def return_payload(n: int) -> dict[str, Any]:
    """A return.completed event's shape: the audit part and the rows of a three-line return."""
    at = datetime(2025, 6, 1, 14, 30, tzinfo=UTC) + timedelta(seconds=n, microseconds=n)
    ids = [str(uuid.uuid4()) for _ in range(12)]
    line = {"id": ids[3], "return_id": ids[0], "order_line_id": ids[4], "quantity": 1,
            "reason": "wrong_size", "resolution": "refund", "restocking_fee": "0.00",
            "refund_amount": "129.95", "override_by": None, "override_reason": None}
    return {
        "audit": {"subject_type": "return", "subject_id": ids[0], "employee_id": ids[1],
                  "approved_by": None, "reason": "Customer changed her mind; box kept",
                  "details": {"number": f"R-TOR1-{n:06d}-8", "order": "10000042",
                              "refund": "389.85", "lines": 3}},
        "rows": {
            "return": {"id": ids[0], "return_number": f"R-TOR1-{n:06d}-8", "order_id": ids[2],
                       "status": "completed", "store_id": ids[5], "till_id": ids[6],
                       "employee_id": ids[1], "created_at": at.isoformat(),
                       "completed_at": at.isoformat(), "note": "Called 416-555-0140 first"},
            "lines": [line, {**line, "id": ids[7]}, {**line, "id": ids[8]}],
            "refunds": [{"id": ids[9], "return_id": ids[0], "tender_id": ids[10], "kind": "card",
                         "amount": "389.85", "account_id": None}],
            "exchanges": [],
        },
    }


def per_event(fn: Any, payloads: list[dict[str, Any]]) -> float:
    start = time.perf_counter()
    for p in payloads:
        fn(p)
    return (time.perf_counter() - start) / len(payloads) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=20_000)
    args = parser.parse_args()
    payloads = [return_payload(n) for n in range(args.events)]
    assert not any(carries_card_number(p) for p in payloads[:1000])
    floor = min(per_event(json.dumps, payloads) for _ in range(3))
    check = min(per_event(carries_card_number, payloads) for _ in range(3))
    note = "Customer called back on 2025-06-01 at 10:30; order 10000042, phone 416 555 0140. " * 2
    typed = min(per_event(contains_card_number, [note] * args.events) for _ in range(3))  # type: ignore[list-item]
    print(describe_machine())
    print(f"{args.events:,} return.completed payloads (3 lines), best of 3 runs, per event:")
    print(f"| json.dumps of the payload (floor) | {floor:.1f} µs |")
    print(f"| carries_card_number(payload) | {check:.1f} µs ({check / floor:.2f}x the floor) |")
    print(f"| contains_card_number(a {len(note)}-character note with numbers) | {typed:.1f} µs |")


if __name__ == "__main__":
    main()
