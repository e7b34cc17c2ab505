"""The central database as a till sees it: push, pull, the card authority and online line holds,
over one engine (PostgreSQL as the store's own role, or the embedded SQLite file)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine

from storepos.central import review
from storepos.central.cards import CentralCards
from storepos.central.engine import make_central_engine
from storepos.central.lines import CentralLines
from storepos.central.pull import pull_changes
from storepos.central.push import AfterEvent, push_events
from storepos.sync.protocol import ChangeBatch, Cursor, Event, EventResult, OpenProblem
from storepos.sync.retry import in_transaction


class Central:
    def __init__(self, engine: Engine, *, after_event: AfterEvent | None = None) -> None:
        self.engine = engine
        self.cards = CentralCards(engine)
        self.lines = CentralLines(engine)
        self._after_event = after_event  # fault injection in tests only

    @classmethod
    def connect(cls, url: str, **engine_options: Any) -> Central:
        return cls(make_central_engine(url, **engine_options))

    def push(self, store_id: uuid.UUID, till_id: uuid.UUID,
             events: Sequence[Event]) -> list[EventResult]:
        return push_events(self.engine, store_id, till_id, events, after_event=self._after_event)

    def pull(self, store_id: uuid.UUID, cursor: Cursor, limit: int = 500) -> ChangeBatch:
        return pull_changes(self.engine, store_id, cursor, limit=limit)

    def open_problems(self, store_id: uuid.UUID) -> list[OpenProblem]:
        """The store's refused and flagged events that no manager has settled yet."""
        return in_transaction(self.engine, lambda conn: review.open_problems(conn, store_id))

    def close(self) -> None:
        self.engine.dispose()
