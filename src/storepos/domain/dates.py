"""`date` and `timedelta` from CPython's C module itself, for what `storepos policy evaluate` imports.

`import datetime` first runs datetime.py, the module's whole pure-Python twin, and then replaces
its classes with _datetime's: 2 ms of a run's start on the reference machine (issue 15: the
command is started in loops). The classes are the same objects (datetime.date is _datetime.date).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import date, timedelta
else:
    try:
        from _datetime import date, timedelta
    except ImportError:  # an interpreter without the C module
        from datetime import date, timedelta

__all__ = ["date", "timedelta"]
