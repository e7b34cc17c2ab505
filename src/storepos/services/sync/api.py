"""The sync problems screen's door to the sync feature: one method per action, run on the worker.

Each method takes the operation's session and actor (AppContext.run hands them in, one transaction
each). The presenter takes a `SyncDoor`; `SyncServices` is the real one, and unit tests hand in a fake.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from sqlalchemy.orm import Session

from storepos.services.base.context import Actor
from storepos.services.staff.approvals import Approval
from storepos.services.sync import problems as sync_problems
from storepos.services.sync.problems import (
    ProblemList,
    ProblemResolved,
    SyncLink,
    SyncProblem,
)


class SyncDoor(Protocol):
    """What the sync problems screen asks of the sync feature."""

    def list(self, session: Session, actor: Actor) -> ProblemList: ...
    def resolve(self, session: Session, actor: Actor, problem: SyncProblem, outcome: str,
                approval: Approval) -> ProblemResolved: ...


class SyncServices:
    """The real door: this till's problems, or the store's central list when the till syncs."""

    def __init__(self, link: Callable[[], SyncLink | None] = lambda: None) -> None:
        self._link = link  # read at each call: Counter.sync_link

    def list(self, session: Session, actor: Actor) -> ProblemList:
        return sync_problems.list_problems(session, actor, self._link())

    def resolve(self, session: Session, actor: Actor, problem: SyncProblem, outcome: str,
                approval: Approval) -> ProblemResolved:
        return sync_problems.resolve_problem(session, actor, problem, outcome, approval)
