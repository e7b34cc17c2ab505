"""`storepos policy evaluate` on 1,000 cases: whole process next to `python -c pass`, and engine rate.

Run: python benchmarks/policy_bench.py [--runs 15]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import describe_machine  # noqa: E402

from storepos.domain.policy import evaluate, parse_case  # noqa: E402
from storepos.services.base.policy_book import get_policy  # noqa: E402

POLICIES = ["softmoc", "softstar", "itsmysoft", "shoeoftheweek"]
TAGS = ["final_sale", "clearance", "sale", "discounted", "second_pair_promo", "bundle", "one_of_a_kind", "accessory"]


def make_cases(count: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        placed = date(2025, 1, 1) + timedelta(days=rng.randrange(300))
        received = placed + timedelta(days=rng.randrange(1, 8))
        today = received + timedelta(days=rng.randrange(0, 400))
        n_items = rng.randrange(1, 5)
        items = []
        for i in range(n_items):
            price = rng.choice(["59.99", "89.00", "120.00", "140.00", "210.50"])
            items.append({"id": f"L{i + 1}", "price": price, "paid": price,
                          "tags": rng.sample(TAGS, k=rng.choice([0, 0, 0, 1]))})
        req_type = rng.choice(["return", "return", "return", "warranty"])
        case = {
            "policy": rng.choice(POLICIES), "today": today.isoformat(),
            "store": {"kind": rng.choice(["retail", "retail", "outlet"])},
            "order": {"channel": "online", "fulfillment": rng.choice(["ship_to_home", "ship_to_store"]),
                      "placed_on": placed.isoformat(), "received_on": received.isoformat(),
                      "shipping_charged": "9.95", "dispatched": True},
            "items": items,
            "request": {"type": req_type,
                        "reason": "defective" if req_type == "warranty" else rng.choice(["change_of_mind", "wrong_size"]),
                        "items": [it["id"] for it in items],
                        "condition": {"worn": rng.random() < 0.1, "original_box": True, "packaging_intact": True,
                                      "proof_of_purchase": True, "original_card": rng.random() < 0.9}},
        }
        if req_type == "warranty":
            case["request"]["inspection"] = {"defect_confirmed": True, "wear_and_tear": False, "misuse": False}
        cases.append(case)
    return cases


def time_command(argv: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    cases = make_cases(1000)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(cases, handle)
        path = handle.name

    bare = time_command([sys.executable, "-c", "pass"], args.runs)
    cli = time_command([sys.executable, "-m", "storepos", "policy", "evaluate", path], args.runs)

    parsed = [parse_case(c) for c in cases]
    policies = {name: get_policy(name) for name in POLICIES}
    decisions = sum(len(c.request.item_ids) for c in parsed)
    rounds = 20
    start = time.perf_counter()
    for _ in range(rounds):
        for case in parsed:
            evaluate(policies[case.policy], case)
    engine_rate = decisions * rounds / (time.perf_counter() - start)
    start = time.perf_counter()
    for _ in range(rounds):
        for raw in cases:
            evaluate(policies[raw["policy"]], parse_case(raw))
    parse_rate = decisions * rounds / (time.perf_counter() - start)

    med = statistics.median
    print(f"machine: {describe_machine()}")
    print(f"1,000 cases, {decisions} item decisions, median of {args.runs} runs")
    print(f"| python -c pass | {med(bare) * 1000:.0f} ms |")
    print(f"| storepos policy evaluate (1,000 cases) | {med(cli) * 1000:.0f} ms (max {max(cli) * 1000:.0f} ms) |")
    print(f"| engine alone | {engine_rate:,.0f} item decisions/s |")
    print(f"| parse + engine | {parse_rate:,.0f} item decisions/s |")
    Path(path).unlink()


if __name__ == "__main__":
    main()
