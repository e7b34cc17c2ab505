"""`storepos policy evaluate` on the reporter's kinds of malformed case: one line, exit 2, no traceback.

Most run through the command in this process (fast); a few through the real `storepos` process, which
is what a user runs (its standard output is a real pipe, and its recursion limit is Python's own).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.policy.malformed import CASES, EXTREMES, Bad, Run, check_refusal, run_inprocess, write_case


def ids(bads: list[Bad]) -> list[str]:
    return [bad.id for bad in bads]


def test_the_corpus_covers_the_reporters_58_kinds() -> None:
    assert len(CASES) >= 58 and len(set(ids(CASES))) == len(CASES)


@pytest.mark.parametrize("bad", CASES, ids=ids(CASES))
def test_malformed_case_is_refused_in_one_line(tmp_path: Path, bad: Bad) -> None:
    path = write_case(tmp_path, bad)
    check_refusal(run_inprocess(["policy", "evaluate", str(path)]), bad.expect.format(file=path))


@pytest.mark.parametrize("bad", CASES[:20], ids=ids(CASES[:20]))
def test_malformed_case_on_standard_input(bad: Bad) -> None:
    check_refusal(run_inprocess(["policy", "evaluate", "-"], stdin=bad.data),
                  bad.expect.format(file="standard input"))


def check_decided(run: Run) -> None:
    assert run.crash is None, run.crash
    assert run.code == 0, run.err
    assert run.err == ""
    decision = json.loads(run.out)
    assert decision["items"] and all(d["reasons"] for d in decision["items"].values())


@pytest.mark.parametrize("bad", EXTREMES, ids=ids(EXTREMES))
def test_odd_but_valid_case_is_decided(tmp_path: Path, bad: Bad) -> None:
    check_decided(run_inprocess(["policy", "evaluate", str(write_case(tmp_path, bad))]))


def test_year_9999_window_runs_to_the_calendars_end(tmp_path: Path) -> None:
    bad = next(b for b in EXTREMES if b.id == "year-9999")
    run = run_inprocess(["policy", "evaluate", str(write_case(tmp_path, bad))])
    check_decided(run)
    assert json.loads(run.out)["items"]["L1"]["allowed"] == ["refund", "exchange", "store_credit"]


def run_process(path: Path | str, stdin: bytes | None = None) -> Run:
    result = subprocess.run([sys.executable, "-m", "storepos", "policy", "evaluate", str(path)],
                            input=stdin, capture_output=True, check=False)
    return Run(result.returncode, result.stdout.decode("utf-8", "replace"),
               result.stderr.decode("utf-8", "replace"), None)


PROCESS = ["price-1e30-string", "price-5000-digit-integer", "requested-item-as-list",
           "nesting-100k-whole-file", "lone-surrogate-item-id", "utf16-le-with-bom", "latin1-byte"]


@pytest.mark.parametrize("name", PROCESS)
def test_malformed_case_through_the_real_command(tmp_path: Path, name: str) -> None:
    bad = next(b for b in CASES if b.id == name)
    path = write_case(tmp_path, bad)
    check_refusal(run_process(path), bad.expect.format(file=path))


def test_year_9999_through_the_real_command(tmp_path: Path) -> None:
    bad = next(b for b in EXTREMES if b.id == "year-9999")
    check_decided(run_process(write_case(tmp_path, bad)))


def test_a_lone_surrogate_never_reaches_the_output_pipe() -> None:
    bad = next(b for b in CASES if b.id == "lone-surrogate-item-id")
    run = run_process("-", stdin=bad.data)
    check_refusal(run, "case: items[0].id: ")
    assert "\\ud800" in run.err  # named, escaped


def test_an_output_that_is_not_utf8_gets_json_escapes_not_a_traceback(tmp_path: Path) -> None:
    bad = next(b for b in EXTREMES if b.id == "unicode-item-id")
    path = write_case(tmp_path, bad)
    result = subprocess.run([sys.executable, "-m", "storepos", "policy", "evaluate", str(path)],
                            capture_output=True, check=False, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr
    assert list(json.loads(result.stdout)["items"]) == ["L\u00e9\U0001f600"]


def test_a_policy_override_that_is_not_unicode_is_named(tmp_path: Path) -> None:
    path = write_case(tmp_path, EXTREMES[0])
    check_refusal(run_inprocess(["policy", "evaluate", "--policy", "\udcff", str(path)]), "case: --policy: ")
