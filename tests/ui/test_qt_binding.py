"""The Qt binding keeps Python's reference counts: a long day at the counter must not abort the app.

PySide6 6.12.0 on CPython 3.11 dropped a reference to None on every void call and to True on every
emit, so the process died after a few thousand clicks; pyproject.toml excludes that version.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel


class _Probe(QObject):
    fired = Signal()


def test_void_calls_and_emits_keep_reference_counts(qtbot) -> None:  # type: ignore[no-untyped-def]
    label, probe = QLabel(), _Probe()
    qtbot.addWidget(label)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(500):
        label.setText("x")
        probe.fired.emit()
    # Other threads may take or drop a few references meanwhile; the fault took 500 each.
    assert sys.getrefcount(None) - none_before > -50
    assert sys.getrefcount(True) - true_before > -50
