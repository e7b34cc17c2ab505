"""Property tests (hypothesis): whatever bytes arrive, `policy evaluate` and the policy loader answer
with a decision, or with exit 2 and one line naming the case and field (or the file, line and field);
never a traceback. Out-of-range numbers are refused naming their field."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storepos.services.base import policy_book
from tests.unit.policy.malformed import check_refusal, run_inprocess, write_policy
from tests.unit.policy.strategies import (
    check_case_answer,
    check_policy_file,
    evaluate_case_bytes,
    malformed_cases,
    malformed_policies,
    out_of_range_amounts,
)

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(malformed_cases())
def test_any_case_bytes_get_a_decision_or_one_line(data: bytes) -> None:
    check_case_answer(evaluate_case_bytes(data))


@settings(max_examples=200, deadline=None)
@given(out_of_range_amounts())
def test_an_amount_out_of_range_is_refused_naming_its_field(field_and_data: tuple[str, bytes]) -> None:
    field, data = field_and_data
    shown = field.replace(".0.", "[0].")
    check_refusal(evaluate_case_bytes(data), f"case: {shown}: ")


@PROPERTY
@given(malformed_policies())
def test_any_policy_file_loads_and_decides_or_is_refused_in_one_line(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        check_policy_file(write_policy(Path(folder), data))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(malformed_policies(), min_size=1, max_size=3))
def test_policy_list_survives_any_folder(files: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for i, data in enumerate(files):
            write_policy(Path(folder), data.replace(b"mychain", f"chain{i}".encode()), name=f"chain{i}")
        saved = os.environ.get("STOREPOS_POLICY_DIR")
        os.environ["STOREPOS_POLICY_DIR"] = folder
        policy_book.library.cache_clear()
        try:
            run = run_inprocess(["policy", "list"])
        finally:
            if saved is None:
                del os.environ["STOREPOS_POLICY_DIR"]
            else:
                os.environ["STOREPOS_POLICY_DIR"] = saved
            policy_book.library.cache_clear()
    assert run.crash is None and run.code == 0, run.crash
    lines = run.out.splitlines()
    assert len(lines) == 4 + len(files), run.out
    for name in ("itsmysoft", "shoeoftheweek", "softmoc", "softstar"):
        assert any(line.split()[:1] == [name] and "broken" not in line for line in lines), run.out
