"""Run database and printer work off the GUI thread, with callbacks back on the GUI thread.

One helper for every screen (like Anki's CollectionOp): the window never freezes, and each
operation opens its own session inside the worker (SQLAlchemy sessions are one thread at a time).

A runner has one relay object for all its jobs: a job's answer travels as (job id, result) through
a queued signal and its callbacks wait in a dict until then, so nothing is made per job that Qt
or PySide might keep alive (an hour at the counter is thousands of jobs).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot


class _Relay(QObject):
    finished = Signal(int, bool, object)  # job id, succeeded, the result or the exception


class BackgroundRunner(QObject):
    """Runs callables on a thread pool; callbacks and signals fire on this object's (the GUI) thread."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._relay = _Relay(self)  # lives on this (the GUI) thread: workers' emits are queued here
        self._relay.finished.connect(self._finish)
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None]]] = {}
        self._ids = itertools.count(1)

    @property
    def busy(self) -> bool:
        return bool(self._callbacks)

    def run(self, work: Callable[[], Any], on_success: Callable[[Any], None],
            on_failure: Callable[[Exception], None]) -> None:
        job = next(self._ids)
        if not self._callbacks:
            self.busy_changed.emit(True)
        self._callbacks[job] = (on_success, on_failure)
        relay = self._relay

        def task() -> None:
            try:
                result = work()
            except Exception as exc:  # noqa: BLE001 - every failure goes back to the screen, in words
                outcome: tuple[bool, Any] = (False, exc)
            else:
                outcome = (True, result)
            try:
                relay.finished.emit(job, *outcome)
            except RuntimeError:  # the window that asked was closed and deleted meanwhile: nobody to tell
                pass

        self._pool.start(task)

    @Slot(int, bool, object)
    def _finish(self, job: int, succeeded: bool, value: Any) -> None:
        callbacks = self._callbacks.pop(job, None)
        if callbacks is None:
            return
        if not self._callbacks:
            self.busy_changed.emit(False)
        on_success, on_failure = callbacks
        (on_success if succeeded else on_failure)(value)

    def wait_for_done(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)
