"""Work-arounds for faults of the Qt binding the app runs on; each applies only where found.

PySide6 6.12.0: `SignalInstance.emit()` returns True without taking a new reference to it, so
every `.emit(...)` made from Python takes one reference away from `True`. The app holds about
7,000 at start; after that many emits (a few per click or scan, a day at the counter) CPython
3.11 frees `True` and aborts ("Fatal Python error: bool_dealloc"). 6.11.3 does not have the fault.
`protect_true()` probes for it with one emit and, if found, gives `True` a reserve of references
it can never use up, which is what CPython 3.12 and later do for it anyway (immortal objects).
Called by BackgroundRunner, so every window and test that runs work has it.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

_RESERVE = 1 << 40  # references; never reached at one per emit
_protected = False


class _Probe(QObject):
    fired = Signal()


def emit_drops_a_reference_to_true() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    probe.fired.emit()
    return sys.getrefcount(True) < before


def protect_true() -> bool:
    """True when the fault was found here and `True` was given its reserve (once per process)."""
    global _protected
    if _protected:
        return True
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False  # True is immortal there: a lost reference does no harm
    if not emit_drops_a_reference_to_true():
        return False
    # CPython keeps the reference count in the object's first field (ob_refcnt, a Py_ssize_t).
    ctypes.c_ssize_t.from_address(id(True)).value += _RESERVE
    _protected = True
    return True
