"""AppContext.run for presenter tests: the work at once on this thread, then ok or err.

The fake doors never touch the session or the actor, so there are none: what the counter would
open on the background runner is only named here (services.base.work), as the presenters see it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from storepos.services.base.work import Actor, Work, WorkSession

T = TypeVar("T")
NO_SESSION = cast(WorkSession, None)  # a fake door's calls ignore it
NO_ACTOR = cast(Actor, None)


def run_now(work: Work[T], ok: Callable[[T], None], err: Callable[[Exception], None]) -> None:
    try:
        result = work(NO_SESSION, NO_ACTOR)
    except Exception as exc:  # noqa: BLE001 - what AppContext.run does: every failure to err
        err(exc)
    else:
        ok(result)
