"""The PySide6 6.12.0 emit fault (one reference to True lost per emit) cannot abort the app."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from storepos.ui.qt_compat import emit_drops_a_reference_to_true

EMITS = 30_000  # far more references than True holds in a fresh process

SCRIPT = f"""
import sys
from PySide6.QtCore import QObject, Signal
if sys.argv[1] == "guarded":
    from storepos.ui.operations import BackgroundRunner
    BackgroundRunner()
class S(QObject):
    ping = Signal(int)
s = S()
s.ping.connect(lambda n: None)
for n in range({EMITS}):
    s.ping.emit(n)
print("alive", flush=True)
"""


def run(mode: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True,
                          env=env, timeout=120, check=False)


def test_many_emits_are_safe_once_a_background_runner_exists() -> None:
    result = run("guarded")
    assert result.returncode == 0 and "alive" in result.stdout, result.stderr[-2000:]


@pytest.mark.skipif(not emit_drops_a_reference_to_true() or sys.version_info >= (3, 12),
                    reason="this PySide6 / Python does not have the fault")
def test_without_the_guard_the_fault_is_real() -> None:
    result = run("bare")  # documents why the guard exists; skipped once PySide6 is fixed
    assert result.returncode != 0 and "bool_dealloc" in result.stderr
