"""SyncService: push the till's outbox, then pull what changed centrally; status for the app; a
background loop with backoff. No Qt: the app shows `status()` and calls `sync_now()`.

    service = SyncService(local, central)      # local: services.sync_local.LocalTill
    service.sync_once()                        # raises CentralUnavailable when offline
    service.start(); ...; service.sync_now(); ...; service.stop()

One sync at a time per process (a lock); two processes pushing the same queue are harmless (the
central side stores each event once). Push stops at the first failure: everything acknowledged so
far was committed centrally, the rest is pushed again next time. `refresh` runs after each pull
(a set-up till asks for its share of the store's offline card limits); `offline` is the central
client's offline window: while it is open the status says offline, whatever the last sync said.
"""

from __future__ import annotations

import contextlib
import gc
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from storepos.domain.sync import EventStatus
from storepos.sync.errors import CentralUnavailable, TillDisconnected
from storepos.sync.offline_window import OfflineWindow
from storepos.sync.protocol import ChangeBatch, Cursor, Event, EventResult


def utcnow() -> datetime:
    return datetime.now(UTC)


class _CyclicGcPause:
    """Pause Python's cyclic garbage collector while a push runs (reference counting frees
    everything as usual; cycles made meanwhile are collected when it resumes).

    A decoded batch lives across a round trip to the central database, so its objects were
    promoted to the oldest generation and set off full collections of the whole heap: measured,
    4 of them took 0.35 to 0.40 s of a 1.4 s push of 10,000 events. Nested and concurrent pauses
    count, so the collector resumes only when the last one ends, and only if it was running."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._depth = 0
        self._resume = False

    @contextlib.contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            self._depth += 1
            if self._depth == 1:
                self._resume = gc.isenabled()
                gc.disable()
        try:
            yield
        finally:
            with self._lock:
                self._depth -= 1
                if self._depth == 0 and self._resume:
                    gc.enable()


cyclic_gc_paused = _CyclicGcPause()


@dataclass(frozen=True, slots=True)
class QueueCounts:
    pending: int = 0
    quarantined: int = 0
    flagged: int = 0


class LocalSide(Protocol):
    """The till's database, as sync needs it (services.sync_local.LocalTill)."""

    store_id: uuid.UUID
    till_id: uuid.UUID

    def pending(self, limit: int, after_seq: int = 0) -> list[Event]: ...
    def acknowledge(self, results: Sequence[EventResult], at: datetime) -> None: ...
    def counts(self) -> QueueCounts: ...
    def cursor(self) -> Cursor: ...
    def apply_changes(self, batch: ChangeBatch, at: datetime) -> int: ...
    def last_sync(self) -> datetime | None: ...
    def record_success(self, at: datetime) -> None: ...
    def record_error(self, message: str) -> None: ...


class CentralSide(Protocol):
    """The central database (sync.central.client.Central)."""

    def push(self, store_id: uuid.UUID, till_id: uuid.UUID,
             events: Sequence[Event]) -> list[EventResult]: ...
    def pull(self, store_id: uuid.UUID, cursor: Cursor, limit: int = ...) -> ChangeBatch: ...


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """What the app's sync indicator shows."""

    online: bool | None  # None until the first attempt
    queued: int  # outbox entries not yet acknowledged
    quarantined: int  # refused centrally: a manager must look
    flagged: int  # applied, with a review for a manager
    last_sync: datetime | None  # the last sync that completed
    last_error: str
    syncing: bool
    disconnected: bool = False  # head office revoked this till: it syncs again only re-enrolled

    @property
    def label(self) -> str:
        state = {None: "not synced yet", True: "online", False: "offline"}[self.online]
        return f"{state}, {self.queued} queued"


@dataclass(frozen=True, slots=True)
class SyncReport:
    pushed: int  # events stored by this sync
    duplicates: int  # already there (a replay): nothing added
    quarantined: int
    flagged: int
    pulled: int  # rows applied locally
    seconds: float


@dataclass(frozen=True, slots=True)
class Backoff:
    """Wait after failures: first, doubled each time up to most, with full jitter."""

    first: float = 1.0
    most: float = 60.0

    def delay(self, failures: int) -> float:
        return random.uniform(0.5, 1.0) * min(self.most, self.first * 2.0 ** max(failures - 1, 0))


class SyncService:
    def __init__(self, local: LocalSide, central: CentralSide, *, batch_size: int = 500,
                 pull_limit: int = 500, interval: float = 30.0, backoff: Backoff = Backoff(),
                 clock: Callable[[], datetime] = utcnow, max_batches: int = 10_000,
                 refresh: Callable[[], object] | None = None,
                 offline: OfflineWindow | None = None) -> None:
        self.local = local
        self.refresh = refresh
        self.offline = offline
        self.central = central
        self.batch_size = batch_size
        self.pull_limit = pull_limit
        self.interval = interval
        self.backoff = backoff
        self.clock = clock
        self.max_batches = max_batches
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._online: bool | None = None
        self._syncing = False
        self._failures = 0
        self._last_error = ""
        self._disconnected = False

    # -- one sync ---------------------------------------------------------------------------------

    def sync_once(self) -> SyncReport:
        """Push every queued event, then pull every change. Raises CentralUnavailable offline."""
        with self._lock:
            self._syncing = True
            started = time.perf_counter()
            try:
                pushed, dups, quarantined, flagged = self._push_all()
                pulled = self._pull_all()
                if self.refresh is not None:
                    self.refresh()
            except CentralUnavailable as exc:
                self._online, self._last_error = False, exc.message
                self._disconnected = isinstance(exc, TillDisconnected)
                self._failures += 1
                self.local.record_error(exc.message)
                raise
            finally:
                self._syncing = False
            self.local.record_success(self.clock())
            self._online, self._failures, self._last_error = True, 0, ""
            self._disconnected = False
            return SyncReport(pushed, dups, quarantined, flagged, pulled,
                              time.perf_counter() - started)

    def _push_all(self) -> tuple[int, int, int, int]:
        """Push batch after batch, pipelined: one helper thread reads the next batch from the
        outbox and records the last one's acknowledgement while this thread waits for the central
        database with the current batch (the till's SQLite work overlaps the server's). Reads and
        acknowledgements stay in order on that one thread; a batch is acknowledged only after its
        central commit, and every acknowledgement is written before this returns or raises."""
        pushed = dups = quarantined = flagged = 0
        with cyclic_gc_paused(), \
                ThreadPoolExecutor(max_workers=1, thread_name_prefix="storepos-outbox") as till:
            acks: list[Future[None]] = []
            upcoming = till.submit(self._next_batch, 0)
            try:
                for n in range(1, self.max_batches + 1):
                    if n % 20 == 0:  # a long catch-up: free the young cycles the pause held back
                        gc.collect(0)
                    events = upcoming.result()
                    if not events:
                        break
                    upcoming = till.submit(self._next_batch, events[-1].seq)
                    results = self.central.push(self.local.store_id, self.local.till_id, events)
                    acks.append(till.submit(self.local.acknowledge, results, self.clock()))
                    for r in results:
                        dups += r.duplicate
                        pushed += not r.duplicate
                        quarantined += r.status is EventStatus.QUARANTINED
                        flagged += r.status is EventStatus.FLAGGED
            finally:
                wait(acks)  # every acknowledgement is written (or has failed) before we go on
        for ack in acks:
            ack.result()  # a failed one is said (its events are simply pushed again next time)
        return pushed, dups, quarantined, flagged

    def _next_batch(self, after_seq: int) -> Sequence[Event]:
        """The next batch from the outbox, made ready to send where the central side can (the
        HTTP client encodes its request body here, off the push's critical path, from the
        payloads' stored JSON text when the till's side gives it)."""
        read_text = getattr(self.local, "pending_text", None)
        prepare_text = getattr(self.central, "prepare_outbox", None)
        if read_text is not None and prepare_text is not None:
            entries = read_text(self.batch_size, after_seq)
            return prepare_text(entries) if entries else []
        events = self.local.pending(self.batch_size, after_seq)
        prepare = getattr(self.central, "prepare", None)
        return prepare(events) if prepare is not None and events else events

    def _pull_all(self) -> int:
        pulled = 0
        for _ in range(self.max_batches):
            cursor = self.local.cursor()
            batch = self.central.pull(self.local.store_id, cursor, self.pull_limit)
            if batch.cursor == cursor:
                break
            pulled += self.local.apply_changes(batch, self.clock())
            if not batch.more:
                break
        return pulled

    # -- what the app shows ---------------------------------------------------------------------

    def status(self) -> SyncStatus:
        counts = self.local.counts()
        online, error = self._online, self._last_error
        if self.offline is not None and self.offline.is_open():  # a card call found it silent
            online, error = False, error or self.offline.reason
        return SyncStatus(online, counts.pending, counts.quarantined, counts.flagged,
                          self.local.last_sync(), error, self._syncing, self._disconnected)

    def sync_now(self) -> None:
        """Sync as soon as possible: wakes the background loop, or syncs here when none runs."""
        if self._thread is not None and self._thread.is_alive():
            self._wake.set()
            return
        try:
            self.sync_once()
        except CentralUnavailable:
            pass  # status() says offline

    # -- in the background ------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="storepos-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def next_wait(self) -> float:
        return self.backoff.delay(self._failures) if self._failures else self.interval

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.sync_once()
            except CentralUnavailable:
                pass
            except Exception as exc:  # noqa: BLE001  (a bug must not kill the loop; it is shown)
                self._failures += 1
                self._last_error = f"{type(exc).__name__}: {exc}"[:300]
                self.local.record_error(self._last_error)
            self._wake.wait(self.next_wait())
            self._wake.clear()
