"""`storepos policy evaluate` stays a small headless program: it runs on servers with no display,
in loops of scripts (issue 15). What it imports is checked in a fresh process, through the same
`main` the `storepos` command calls; and its JSON writer gives json.dumps's bytes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from storepos.commands.pretty_json import dumps_indented

HEAVY = ("PySide6", "shiboken6", "sqlalchemy", "alembic", "fastapi", "starlette", "pydantic",
         "uvicorn", "httpx", "escpos", "reportlab", "psycopg")

CASE = {
    "policy": "softmoc", "today": "2025-02-01", "store": {"kind": "retail"},
    "order": {"channel": "online", "fulfillment": "ship_to_home", "placed_on": "2025-01-05",
              "received_on": "2025-01-09", "shipping_charged": "9.95", "dispatched": True},
    "items": [{"id": "L1", "price": "140.00", "paid": "140.00", "tags": []},
              {"id": "L2", "price": "89.00", "paid": "89.00", "tags": ["final_sale"]}],
    "request": {"type": "return", "reason": "change_of_mind", "items": ["L1", "L2"],
                "condition": {"worn": False, "original_box": True, "packaging_intact": True,
                              "proof_of_purchase": True, "original_card": True}},
}

_RUN = """
import io, json, sys
sys.argv = ["storepos", *sys.argv[1:]]
out, sys.stdout = sys.stdout, io.StringIO()
from storepos.cli import main
code = main()
answer, sys.stdout = sys.stdout.getvalue(), out
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(HEAVY)))
print(json.dumps({"code": code, "answer": answer, "heavy": heavy}))
"""


def _run(*argv: str) -> dict[str, object]:
    code = f"HEAVY = {json.dumps(json.dumps(HEAVY))}\n" + _RUN
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_policy_evaluate_imports_no_qt_database_or_web_library(tmp_path: Path) -> None:
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps([CASE] * 50), encoding="utf-8")
    result = _run("policy", "evaluate", str(cases))
    assert result["code"] == 0
    decisions = json.loads(str(result["answer"]))
    assert len(decisions) == 50 and decisions[0]["items"]["L1"]["refund_amount"] == "140.00"
    assert result["heavy"] == []


def test_a_refused_case_imports_none_of_them_either(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**CASE, "policy": "nosuch"}), encoding="utf-8")
    result = _run("policy", "evaluate", str(bad))
    assert result["code"] == 2 and result["answer"] == "" and result["heavy"] == []


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(value=_JSON, ensure_ascii=st.booleans())
def test_the_writer_gives_json_dumps_bytes(value: object, ensure_ascii: bool) -> None:
    assert dumps_indented(value, ensure_ascii=ensure_ascii) == json.dumps(
        value, ensure_ascii=ensure_ascii, indent=2)


def test_what_the_writer_does_not_know_is_left_to_json_dumps() -> None:
    from decimal import Decimal

    import pytest

    for value in ({"a": [1.5, float("nan")]}, {1: "one", None: [True]}, [(1, 2)]):
        assert dumps_indented(value) == json.dumps(value, indent=2)
    with pytest.raises(TypeError, match="Decimal"):
        dumps_indented({"amount": Decimal("1.00")})
