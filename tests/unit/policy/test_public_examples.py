"""Every public example of the policy contract gives exactly its expected decision.

The examples are test data of the project (tests/data/policy_examples/, copied from the contract's
examples/), so a plain clone tests them. Where the contract's folder sits beside the checkout
(../shared, as in CI), its examples are tested too, so a new or changed one is never missed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storepos.domain.policy import evaluate, parse_case
from storepos.services.base.policy_book import get_policy
from storepos.wording.policy import reason_text

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "policy_examples"
CONTRACT_EXAMPLES = Path(__file__).resolve().parents[4] / "shared" / "policy" / "examples"
CASES = sorted(EXAMPLES.glob("*.case.json")) + sorted(CONTRACT_EXAMPLES.glob("*.case.json"))


def test_examples_are_present() -> None:
    assert len(list(EXAMPLES.glob("*.case.json"))) >= 6, f"expected the public examples in {EXAMPLES}"


@pytest.mark.parametrize("case_path", CASES,
                         ids=lambda p: ("project/" if p.is_relative_to(EXAMPLES) else "contract/")
                         + p.name.removesuffix(".case.json"))
def test_example(case_path: Path) -> None:
    case = parse_case(json.loads(case_path.read_text()))
    expected = json.loads(case_path.with_name(case_path.name.replace(".case.", ".expected.")).read_text())
    got = evaluate(get_policy(case.policy), case).to_json(reason_text)
    assert got["policy"] == expected["policy"]
    assert got["shipping_refund"] == expected["shipping_refund"]
    assert got["needs_manager"] == expected["needs_manager"]
    assert set(got["items"]) == set(expected["items"])
    for item_id, want in expected["items"].items():
        have = got["items"][item_id]
        assert have["allowed"] == want["allowed"]
        assert have["restocking_fee"] == want["restocking_fee"]
        assert have["refund_amount"] == want["refund_amount"]
        assert have["reasons"] and all(isinstance(r, str) and r.strip() for r in have["reasons"])
