"""The central service in process: the embedded SQLite central of a single store or the demo, and
tests that drive the central rules without HTTP.

Every call goes through the same functions the HTTP service's routes call (central/http.py):
push_from_till, pull_changes, review.open_problems, CentralCards and CentralLines, so there is one
copy of every rule. The store and till are the caller's, as a token's would be: an event naming
another store or till is quarantined, never applied. On PostgreSQL,
Central(for_store(engine, store_id)) runs in the store's context as the service does for each
request (store_context.py)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine

from storepos.central import review
from storepos.central.cancellations import CentralCancellations
from storepos.central.cards import CentralCards
from storepos.central.engine import make_central_engine
from storepos.central.lines import CentralLines
from storepos.central.pull import pull_changes
from storepos.central.push import AfterEvent, push_from_till
from storepos.sync.protocol import ChangeBatch, Cursor, Event, EventResult, OpenProblem
from storepos.sync.retry import in_transaction


class Central:
    def __init__(self, engine: Engine, *, after_event: AfterEvent | None = None) -> None:
        self.engine = engine
        self.cards = CentralCards(engine)
        self.lines = CentralLines(engine)
        self.cancellations = CentralCancellations(engine)
        self._after_event = after_event  # fault injection in tests only

    @classmethod
    def connect(cls, url: str, **engine_options: Any) -> Central:
        return cls(make_central_engine(url, **engine_options))

    def push(self, store_id: uuid.UUID, till_id: uuid.UUID,
             events: Sequence[Event]) -> list[EventResult]:
        return push_from_till(self.engine, store_id, till_id, events,
                              after_event=self._after_event)

    def pull(self, store_id: uuid.UUID, cursor: Cursor, limit: int = 500) -> ChangeBatch:
        return pull_changes(self.engine, store_id, cursor, limit=limit)

    def open_problems(self, store_id: uuid.UUID) -> list[OpenProblem]:
        """The store's refused and flagged events that no manager has settled yet."""
        return in_transaction(self.engine, lambda conn: review.open_problems(conn, store_id))

    def close(self) -> None:
        self.engine.dispose()
