"""The pipelined push, with a till and a central side in memory: batches go in seq order, each is
acknowledged only after its central commit, and a push cut half-way leaves the rest queued; the
next batch is made ready to send (encoded) on the outbox thread; the cyclic collector pause nests
and gives the collector back as it found it."""

from __future__ import annotations

import gc
import threading
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import orjson
import pytest

from storepos.domain.sync import EventStatus
from storepos.sync.errors import CentralUnavailable
from storepos.sync.http_central import EncodedBatch
from storepos.sync.protocol import ChangeBatch, Cursor, Event, EventResult
from storepos.sync.service import QueueCounts, SyncService, cyclic_gc_paused

STORE, TILL = uuid.uuid4(), uuid.uuid4()
NOW = datetime(2026, 12, 2, 12, tzinfo=UTC)


class MemoryTill:
    """The outbox as a list; records what happened, in order, and on which thread."""

    def __init__(self, n: int) -> None:
        self.store_id, self.till_id = STORE, TILL
        self.events = [Event(uuid.uuid4(), STORE, TILL, seq, "test.note", NOW, {})
                       for seq in range(1, n + 1)]
        self.acked: dict[uuid.UUID, EventStatus] = {}
        self.log: list[tuple[str, int, str]] = []
        self.lock = threading.Lock()

    def pending(self, limit: int, after_seq: int = 0) -> list[Event]:
        with self.lock:
            found = [e for e in self.events if e.event_id not in self.acked and e.seq > after_seq]
            self.log.append(("read", found[0].seq if found else 0, threading.current_thread().name))
            return found[:limit]

    def acknowledge(self, results: Sequence[EventResult], at: datetime) -> None:
        with self.lock:
            seqs = {e.event_id: e.seq for e in self.events}
            self.log.append(("ack", seqs[results[0].event_id], threading.current_thread().name))
            self.acked.update({r.event_id: r.status for r in results})

    def counts(self) -> QueueCounts:
        return QueueCounts(len(self.events) - len(self.acked))

    def cursor(self) -> Cursor:
        return Cursor()

    def apply_changes(self, batch: ChangeBatch, at: datetime) -> int:
        return 0

    def last_sync(self) -> datetime | None:
        return None

    def record_success(self, at: datetime) -> None:
        pass

    def record_error(self, message: str) -> None:
        pass


class MemoryCentral:
    def __init__(self, till: MemoryTill, fail_on_batch: int | None = None) -> None:
        self.till, self.fail_on_batch = till, fail_on_batch
        self.batches: list[list[int]] = []

    def push(self, store_id: uuid.UUID, till_id: uuid.UUID,
             events: Sequence[Event]) -> list[EventResult]:
        if self.fail_on_batch == len(self.batches) + 1:
            raise CentralUnavailable("The central database cannot be reached: cut")
        self.batches.append([e.seq for e in events])
        with self.till.lock:
            self.till.log.append(("push", events[0].seq, threading.current_thread().name))
        return [EventResult(e.event_id, EventStatus.APPLIED) for e in events]

    def pull(self, store_id: uuid.UUID, cursor: Cursor, limit: int = 500) -> ChangeBatch:
        return ChangeBatch(cursor)


def test_batches_go_in_order_and_each_is_acknowledged_after_its_push() -> None:
    till = MemoryTill(23)
    central = MemoryCentral(till)
    report = SyncService(till, central, batch_size=5).sync_once()
    assert report.pushed == 23 and till.counts().pending == 0
    assert central.batches == [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15],
                               [16, 17, 18, 19, 20], [21, 22, 23]]
    pushed_at = {seq: i for i, (what, seq, _) in enumerate(till.log) if what == "push"}
    acks = [(i, seq) for i, (what, seq, _) in enumerate(till.log) if what == "ack"]
    assert [seq for _, seq in acks] == [1, 6, 11, 16, 21]
    assert all(i > pushed_at[seq] for i, seq in acks)  # never before the central commit
    # The till's reads and acknowledgements run on one helper thread, the pushes on the caller's.
    assert {t for what, _, t in till.log if what != "push"} == {"storepos-outbox_0"}
    assert {t for what, _, t in till.log if what == "push"} == {threading.current_thread().name}


def test_a_push_cut_half_way_keeps_what_was_acknowledged_and_queues_the_rest() -> None:
    till = MemoryTill(12)
    central = MemoryCentral(till, fail_on_batch=2)
    with pytest.raises(CentralUnavailable):
        SyncService(till, central, batch_size=5).sync_once()
    assert sorted(e.seq for e in till.events if e.event_id in till.acked) == [1, 2, 3, 4, 5]
    central.fail_on_batch = None
    assert SyncService(till, central, batch_size=5).sync_once().pushed == 7
    assert till.counts().pending == 0


def test_the_collector_pause_nests_and_gives_back_what_it_found() -> None:
    assert gc.isenabled()
    with cyclic_gc_paused():
        assert not gc.isenabled()
        with cyclic_gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    gc.disable()
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()  # it was off before: left off
    finally:
        gc.enable()


class PreparingCentral(MemoryCentral):
    """A central side that makes each batch ready to send (as HttpCentral encodes its body)."""

    def prepare(self, events: Sequence[Event]) -> EncodedBatch:
        with self.till.lock:
            self.till.log.append(("prepare", events[0].seq, threading.current_thread().name))
        return EncodedBatch(events)

    def push(self, store_id: uuid.UUID, till_id: uuid.UUID,
             events: Sequence[Event]) -> list[EventResult]:
        assert isinstance(events, EncodedBatch)
        sent = orjson.loads(events.body)["events"]
        assert [Event.from_json(e) for e in sent] == list(events)  # the body is the batch
        return super().push(store_id, till_id, events)


def test_the_next_batch_is_made_ready_to_send_on_the_outbox_thread() -> None:
    till = MemoryTill(12)
    central = PreparingCentral(till)
    assert SyncService(till, central, batch_size=5).sync_once().pushed == 12
    prepared = [(seq, t) for what, seq, t in till.log if what == "prepare"]
    assert prepared == [(1, "storepos-outbox_0"), (6, "storepos-outbox_0"),
                        (11, "storepos-outbox_0")]
    assert central.batches == [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12]]


def test_an_encoded_batch_reads_back_the_services_results() -> None:
    events = MemoryTill(3).events
    batch = EncodedBatch(events)
    answer = [EventResult(e.event_id, EventStatus.APPLIED).to_json() for e in reversed(events)]
    answer.append(EventResult(uuid.uuid4(), EventStatus.QUARANTINED, "not sent").to_json())
    results = batch.results(orjson.loads(orjson.dumps(answer)))
    assert results == [EventResult.from_json(r) for r in answer]
    assert results[0].event_id is events[-1].event_id  # the till's own id, not read again
