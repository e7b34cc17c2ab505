"""The sync problems screen's thin door to the service: each method runs inside `AppContext.run`
(one transaction). No Qt here; the presenter is tested with a fake of this."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storepos.services.base.context import Actor
from storepos.services.staff.auth import Approval
from storepos.services.sync import problems as sync_problems
from storepos.services.sync.problems import (
    ProblemList,
    ProblemResolved,
    SyncLink,
    SyncProblem,
)


class SyncProblemsGateway:
    def __init__(self, link: Callable[[], SyncLink | None] = lambda: None) -> None:
        self._link = link  # read at each call: Counter.sync_link

    def list(self, session: Any, actor: Actor) -> ProblemList:
        return sync_problems.list_problems(session, actor, self._link())

    def resolve(self, session: Any, actor: Actor, problem: SyncProblem, outcome: str,
                approval: Approval) -> ProblemResolved:
        return sync_problems.resolve_problem(session, actor, problem, outcome, approval)
