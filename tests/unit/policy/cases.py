"""Build policy cases in their JSON form, so tests read like the contract."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

from storepos.domain.policy import Decision, evaluate, parse_case
from storepos.services.base.policy_book import get_policy
from storepos.wording.policy import reason_text

GOOD_CONDITION = {"worn": False, "original_box": True, "packaging_intact": True,
                  "proof_of_purchase": True, "original_card": True}
CONFIRMED = {"defect_confirmed": True, "wear_and_tear": False, "misuse": False}


def make_case(policy: str, *, today: date | str | None = None, day: int | None = None,
              placed: str = "2025-01-05", received: str | None = "2025-01-09",
              kind: str = "retail", fulfillment: str = "ship_to_home", channel: str = "online",
              dispatched: bool = True, shipping: str = "9.95", price: str = "140.00",
              paid: str | None = None, tags: list[str] | None = None, type_: str = "return",
              reason: str = "change_of_mind", condition: dict[str, bool] | None = None,
              inspection: dict[str, bool] | None = None, from_: str = "purchase") -> dict[str, Any]:
    """A one-item case. `day` sets today to that many days after purchase (or receipt, with from_)."""
    if day is not None:
        anchor = date.fromisoformat(placed if from_ == "purchase" else received)  # type: ignore[arg-type]
        today = anchor + timedelta(days=day)
    case: dict[str, Any] = {
        "policy": policy,
        "today": str(today or "2025-02-01"),
        "store": {"kind": kind},
        "order": {"channel": channel, "fulfillment": fulfillment, "placed_on": placed,
                  "received_on": received, "shipping_charged": shipping, "dispatched": dispatched},
        "items": [{"id": "L1", "price": price, "paid": paid or price, "tags": tags or []}],
        "request": {"type": type_, "reason": reason, "items": ["L1"],
                    "condition": copy.deepcopy(condition if condition is not None else GOOD_CONDITION)},
    }
    if inspection is not None:
        case["request"]["inspection"] = inspection
    return case


def decide(case: dict[str, Any]) -> Decision:
    parsed = parse_case(case)
    return evaluate(get_policy(parsed.policy), parsed)


def item(case: dict[str, Any]) -> dict[str, Any]:
    return decide(case).to_json(reason_text)["items"]["L1"]  # type: ignore[index]


def allowed(case: dict[str, Any]) -> list[str]:
    return item(case)["allowed"]


def without(field: str) -> dict[str, bool]:
    condition = dict(GOOD_CONDITION)
    condition[field] = field == "worn"  # worn=True is the failing value; others False
    return condition
