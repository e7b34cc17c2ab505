"""After the central service fails to answer, the till stays offline for a while.

A card hold waits at most HOLD_TIMEOUT_S for the service; a service that has just failed (a
timeout, no connection, an HTTP 5xx) would make every following sale wait that long again. So the
first failure opens a window of FIRST_S during which card calls go straight to the offline rules
without touching the network; each failure after it doubles the window, up to MOST_S, and any
answer from the service closes it. The sync keeps its own back-off (sync/service.py) and always
tries: a sync that gets through closes the window, so cards are online again with it.

    window = OfflineWindow()
    window.check()            # raises CentralUnavailable while open
    window.failed("...")      # opens it (or doubles it)
    window.answered()         # closes it
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from storepos.i18n import ngettext
from storepos.sync.errors import CentralUnavailable

FIRST_S = 30.0
MOST_S = 300.0


class OfflineWindow:
    def __init__(self, first: float = FIRST_S, most: float = MOST_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.first, self.most, self._clock = first, most, clock
        self._lock = threading.Lock()  # the counter's card calls and the sync thread share it
        self._failures = 0
        self._until = 0.0
        self._reason = ""

    def seconds_left(self) -> float:
        """How long the till stays offline without asking; 0 when it may ask."""
        with self._lock:
            return max(self._until - self._clock(), 0.0)

    @property
    def reason(self) -> str:
        return self._reason

    def is_open(self) -> bool:
        return self.seconds_left() > 0

    def check(self) -> None:
        """CentralUnavailable in words while the window is open (no network attempt)."""
        left = self.seconds_left()
        if left > 0:
            seconds = round(left)
            raise CentralUnavailable(ngettext(
                "The central service did not answer a moment ago, so this till works offline for "
                "{n} more second ({reason})",
                "The central service did not answer a moment ago, so this till works offline for "
                "{n} more seconds ({reason})", seconds).format(n=seconds, reason=self._reason))

    def failed(self, reason: str) -> None:
        with self._lock:
            self._failures += 1
            span = min(self.most, self.first * 2.0 ** (self._failures - 1))
            self._until = self._clock() + span
            self._reason = reason.rstrip(".")

    def answered(self) -> None:
        with self._lock:
            self._failures, self._until, self._reason = 0, 0.0, ""
