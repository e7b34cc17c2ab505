"""An input over the size limit is refused in words, without being read whole."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from storepos.commands.policy import MAX_INPUT_BYTES
from storepos.domain.policy.loader import MAX_POLICY_BYTES
from tests.unit.policy.malformed import POLICY, case, check_refusal, run_inprocess, write_policy

FIFTY_MB = 50 * 1024 * 1024


def big_array(size: int) -> bytes:
    """A JSON array of valid cases, `size` bytes long or a little more."""
    one = json.dumps(case()).encode()
    count = size // (len(one) + 1) + 1
    return b"[" + b",".join([one] * count) + b"]"


class CountingReader(io.RawIOBase):
    """Standard input that hands out `data` and counts how much was taken."""

    def __init__(self, data: bytes) -> None:
        self.data, self.taken = data, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = self.data[self.taken:self.taken + len(buffer)]
        buffer[:len(chunk)] = chunk
        self.taken += len(chunk)
        return len(chunk)


def test_a_50_mb_file_is_refused_in_words(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(big_array(FIFTY_MB))
    size = path.stat().st_size
    check_refusal(run_inprocess(["policy", "evaluate", str(path)]),
                  f"{path} is {size:,} bytes, over the limit of {MAX_INPUT_BYTES:,} bytes")


def test_50_mb_on_stdin_is_refused_after_reading_only_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    reader = CountingReader(big_array(FIFTY_MB))
    stdin = io.TextIOWrapper(io.BufferedReader(reader, buffer_size=65536), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    from storepos.cli import main
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert main(["policy", "evaluate", "-"]) == 2
    limit = f"{MAX_INPUT_BYTES:,}"
    assert err.getvalue().startswith(f"storepos policy: standard input is over the limit of {limit} bytes")
    assert reader.taken <= MAX_INPUT_BYTES + 2 * 65536


def test_an_endless_device_is_refused_after_reading_only_the_limit() -> None:
    check_refusal(run_inprocess(["policy", "evaluate", "/dev/zero"]),
                  f"/dev/zero is over the limit of {MAX_INPUT_BYTES:,} bytes")


def test_an_input_just_under_the_limit_is_decided(tmp_path: Path) -> None:
    one = json.dumps(case()).encode()
    path = tmp_path / "padded.json"
    path.write_bytes(one + b" " * (MAX_INPUT_BYTES - len(one)))
    run = run_inprocess(["policy", "evaluate", str(path)])
    assert run.crash is None and run.code == 0, run.err
    assert json.loads(run.out)["policy"] == "softmoc"


def test_a_policy_file_over_its_limit_is_refused(tmp_path: Path) -> None:
    path = write_policy(tmp_path / "policies", POLICY.encode() + b"#" * MAX_POLICY_BYTES)
    from storepos.domain.policy import PolicyFileError, load_policy_file
    with pytest.raises(PolicyFileError, match=f"is over the limit of {MAX_POLICY_BYTES:,} bytes"):
        load_policy_file(path)
