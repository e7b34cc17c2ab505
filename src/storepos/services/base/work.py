"""What a screen hands the counter to run: work on the session and the signed-in actor.

    def rows(session: WorkSession, actor: Actor) -> list[Row]: ...
    context.run(rows, show, say_why)         # ui/shell/context.py: AppContext.run

ui may not import SQLAlchemy (import-linter), yet every service call it starts takes the session
the counter opens for it on the background runner. `WorkSession` names that session for ui without
ui importing the database; `Work[T]` is such a call and `RunWork` the runner that takes it.
Imported by the screens, never by the sign-in window: SQLAlchemy loads after it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from sqlalchemy.orm import Session as WorkSession

from storepos.services.base.context import Actor

__all__ = ["Actor", "RunWork", "Work", "WorkSession"]

T = TypeVar("T")
Work = Callable[[WorkSession, Actor], T]  # (session, actor) -> what the service call answers


class RunWork(Protocol):
    """AppContext.run: `work(session, actor)` off the GUI thread in one transaction, then
    on_success with its answer, or on_failure with what it raised, on the GUI thread."""

    def __call__(self, work: Work[T], on_success: Callable[[T], None],
                 on_failure: Callable[[Exception], None], /) -> None: ...
