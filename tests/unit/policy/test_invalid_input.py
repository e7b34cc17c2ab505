"""Invalid cases: exit status 2, one plain line on stderr naming the case and the field, nothing on stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from tests.unit.policy.cases import make_case


def run_cli(payload: Any, *args: str, raw: str | None = None) -> subprocess.CompletedProcess[str]:
    text = raw if raw is not None else json.dumps(payload)
    return subprocess.run(
        [sys.executable, "-m", "storepos", "policy", "evaluate", *args, "-"],
        input=text, capture_output=True, text=True, check=False,
    )


def mutate(path: str, value: Any) -> dict[str, Any]:
    case = make_case("softmoc", today="2025-02-01")
    target = case
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    last = keys[-1]
    if value is KeyError:
        del target[last]
    elif last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return case


INVALID = [
    ("policy", "nosuchpolicy", "policy"),
    ("today", "2025-02-30", "today"),
    ("today", "01/02/2025", "today"),
    ("today", "2025-01-01", "today"),  # before placed_on
    ("order.placed_on", "yesterday", "order.placed_on"),
    ("order.received_on", "2025-01-01", "order.received_on"),  # before placed_on
    ("order.received_on", "2025-03-01", "order.received_on"),  # after today
    ("order.shipping_charged", "-1.00", "order.shipping_charged"),
    ("items.0.price", "-140.00", "items[0].price"),
    ("items.0.paid", "140.001", "items[0].paid"),
    ("items.0.paid", "abc", "items[0].paid"),
    ("items.0.tags", ["half_price"], "items[0].tags[0]"),
    ("request.items", ["L9"], "request.items[0]"),
    ("request.type", "swap", "request.type"),
    ("request.reason", "bored", "request.reason"),
    ("store.kind", "kiosk", "store.kind"),
    ("order.fulfillment", "drone", "order.fulfillment"),
    ("order.channel", "fax", "order.channel"),
    ("request.condition", {"worn": "no"}, "request.condition.worn"),
    ("request.condition", {"orignal_box": True}, "request.condition.orignal_box"),
    ("items", [], "items"),
    ("request.items", [], "request.items"),
    ("order", KeyError, "order"),
]


@pytest.mark.parametrize(("path", "value", "field"), INVALID, ids=[f"{p}={v!r}" for p, v, _ in INVALID])
def test_invalid_single_case(path: str, value: Any, field: str) -> None:
    result = run_cli(mutate(path, value))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("storepos policy: case: ") and f" {field}: " in lines[0]


def test_invalid_case_in_an_array_names_its_position_and_prints_nothing() -> None:
    good = make_case("softmoc", today="2025-02-01")
    bad = mutate("request.items", ["L7"])
    result = run_cli([good, good, bad])
    assert result.returncode == 2 and result.stdout == ""
    assert "case 3: request.items[0]: the order has no item 'L7'" in result.stderr


def test_unknown_policy_from_the_flag_names_the_flag() -> None:
    result = run_cli(make_case("softmoc", today="2025-02-01"), "--policy", "nope")
    assert result.returncode == 2 and "--policy: unknown policy 'nope'" in result.stderr


def test_malformed_json_is_refused_plainly() -> None:
    result = run_cli(None, raw="{not json")
    assert result.returncode == 2 and result.stdout == "" and "not valid JSON" in result.stderr


def test_array_in_order_and_policy_override() -> None:
    cases = [make_case("softmoc", day=10), make_case("softmoc", day=80)]
    result = run_cli(cases, "--policy", "shoeoftheweek")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert [d["policy"] for d in out] == ["shoeoftheweek", "shoeoftheweek"]
    assert out[0]["items"]["L1"]["restocking_fee"] == "28.00"  # day 6 from receipt, 20 % of 140
    assert out[1]["items"]["L1"]["allowed"] == []


def test_a_denial_still_exits_zero() -> None:
    result = run_cli(make_case("softmoc", day=200))
    assert result.returncode == 0
    assert json.loads(result.stdout)["items"]["L1"]["allowed"] == []


def test_numbers_instead_of_strings_stay_exact() -> None:
    case = make_case("shoeoftheweek", placed="2025-05-01", received="2025-05-05", today="2025-05-08")
    case["items"][0]["price"] = 120.10
    case["items"][0]["paid"] = 120.10
    result = run_cli(None, raw=json.dumps(case).replace("120.1,", "120.10,").replace("120.1}", "120.10}"))
    assert result.returncode == 0, result.stderr
    item = json.loads(result.stdout)["items"]["L1"]
    assert (item["restocking_fee"], item["refund_amount"]) == ("24.02", "96.08")


def test_the_policy_command_does_not_import_qt_or_sqlalchemy() -> None:
    code = (
        "import sys, io; sys.argv=['storepos','policy','list']; sys.stdout=io.StringIO()\n"
        "from storepos.cli import main; main()\n"
        "bad=[m for m in sys.modules if m.split('.')[0] in ('PySide6','sqlalchemy','escpos','reportlab')]\n"
        "sys.stdout=sys.__stdout__; print(bad)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
