"""Sync problems: the store's events the central database refused or flagged, for a manager to
settle at the counter.

    listing = list_problems(session, actor, link)         # managers only
    done = resolve_problem(session, actor, problem, "recovered", approval)

The list comes from the central database when it answers (every till of the store, with the
receipts linked centrally), else from this till's own outbox, marked offline. A decision is an
audited change like any other: one local transaction writes the audit event and its outbox entry
("sync_problem.resolved"), and the push applies it centrally in the store's own context. So a
manager can settle a problem offline, a decision reaches the central database exactly once, and
every till of the store learns of it by pull. Nothing is re-applied or deleted: money put right
(collected, refunded back) goes through the ordinary screens as new entries.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from storepos.domain.errors import InvalidInput
from storepos.domain.events import LEDGER_EVENTS, EventKind
from storepos.domain.sync import (
    PROBLEM_OUTCOMES,
    PROBLEM_TITLES,
    EventStatus,
    ProblemKind,
    outcome_words,
)
from storepos.domain.vocabulary import Role
from storepos.i18n import N_, _
from storepos.persistence.models import OutboxEntry, Till
from storepos.services.base import journal
from storepos.services.base.context import Actor
from storepos.services.staff import approvals
from storepos.services.staff.approvals import Approval
from storepos.services.staff.auth import check_reason, require_role
from storepos.services.sync.local_till import mark_settled
from storepos.sync.errors import CentralUnavailable

RESOLVED_ACTION = EventKind.SYNC_PROBLEM_RESOLVED  # (tests find the decision by it)


class ProblemSource(Protocol):
    """The central database's list (sync.central.client.Central.open_problems)."""

    def open_problems(self, store_id: uuid.UUID) -> Sequence[Any]: ...


@dataclass(frozen=True, slots=True)
class SyncLink:
    """What the counter app knows of its sync: the central list, and one sync now (push and
    pull; it returns when done, and says nothing when the central database cannot be reached)."""

    central: ProblemSource
    sync_now: Callable[[], None] = lambda: None


@dataclass(frozen=True, slots=True)
class SyncProblem:
    kind: ProblemKind
    event_id: uuid.UUID  # the till's event the central side refused or flagged
    at: datetime  # when the central side found it (UTC); this till's own copy: when it happened
    title: str  # "Refunded twice"
    what: str  # the central side's sentences
    action: str  # what the till did: "return.completed"
    till: str  # the till's prefix ("" when this till does not know it)
    seq: int | None  # the event's number at that till
    amount: Decimal | None = None  # overdrawn
    quantity: int | None = None  # refunded beyond what was sold
    receipts: tuple[str, ...] = ()  # return numbers linked


@dataclass(frozen=True, slots=True)
class ProblemList:
    problems: list[SyncProblem]
    central: bool  # True: the store's list from the central database; False: this till's copy
    waiting: int  # decisions taken at this till that the central database has not had yet
    note: str  # why the list is this till's own, in words ("" when central)


@dataclass(frozen=True, slots=True)
class ProblemResolved:
    problem: SyncProblem
    outcome: str
    words: str  # "Money recovered from the customer"
    by: str  # the approving manager's number and name
    reason: str


def problem_title(kind: ProblemKind) -> str:
    """A problem's title in the reader's language (domain.sync.PROBLEM_TITLES says it in English)."""
    return {
        ProblemKind.REFUSED: _("Refused by the central database"),
        ProblemKind.OVER_REFUND: _("Refunded twice"),
        ProblemKind.CARD_OVERDRAFT: _("Card overdrawn offline"),
        ProblemKind.NOTICE_FAILED: _("Customer not told by e-mail"),
    }.get(kind, PROBLEM_TITLES.get(kind, str(kind)))


def outcome_label(code: str) -> str:
    """What a manager records as done (domain.sync.PROBLEM_OUTCOMES), in the reader's language."""
    return {
        "kept": _("The till's record stands; nothing to change"),
        "corrected": _("Corrected at the counter by a new entry"),
        "head_office": _("Sent to head office to put right"),
        "recovered": _("Money recovered from the customer"),
        "written_off": _("Written off as a loss"),
        "collected": _("Shortfall collected from the customer"),
        "told": _("The customer was told another way (phone, in person)"),
    }.get(code, code)


def outcomes_of(kind: ProblemKind) -> list[tuple[str, str]]:
    """(code, words) a manager may choose for a problem of `kind`, in the reader's language."""
    return [(code, outcome_label(code)) for code, _english in PROBLEM_OUTCOMES[kind]]


def _kind_of_flag(action: str) -> ProblemKind:
    return ProblemKind.CARD_OVERDRAFT if action in LEDGER_EVENTS else ProblemKind.OVER_REFUND


def _waiting_decisions(session: Session, till_id: uuid.UUID) -> set[tuple[uuid.UUID, str]]:
    """(event, kind) decided here and still in the outbox on their way to the central database."""
    found = set()
    for (payload,) in session.execute(
        select(OutboxEntry.payload).where(OutboxEntry.till_id == till_id,
                                          OutboxEntry.action == RESOLVED_ACTION,
                                          OutboxEntry.status == EventStatus.PENDING)):
        details = (payload.get("audit") or {}).get("details") or {}
        found.add((uuid.UUID(details["event_id"]), details["kind"]))
    return found


def _own_copy(session: Session, actor: Actor) -> list[SyncProblem]:
    """This till's refused and flagged outbox entries that nobody has settled yet."""
    rows = session.execute(
        select(OutboxEntry.id, OutboxEntry.seq, OutboxEntry.action, OutboxEntry.status,
               OutboxEntry.result, OutboxEntry.acknowledged_at, OutboxEntry.occurred_at)
        .where(OutboxEntry.till_id == actor.till_id,
               OutboxEntry.status.in_([EventStatus.QUARANTINED, EventStatus.FLAGGED]),
               OutboxEntry.resolved_at.is_(None))
        .order_by(OutboxEntry.seq)).all()
    problems = []
    for r in rows:
        kind = (ProblemKind.REFUSED if r.status == EventStatus.QUARANTINED
                else _kind_of_flag(r.action))
        problems.append(SyncProblem(kind, r.id, r.acknowledged_at or r.occurred_at,
                                    problem_title(kind), r.result, r.action, actor.till_prefix,
                                    r.seq))
    return problems


def list_problems(session: Session, actor: Actor, link: SyncLink | None) -> ProblemList:
    """The store's open sync problems, oldest first, less those decided here and not yet sent."""
    require_role(actor, Role.MANAGER, doing=N_("see and settle sync problems"))
    waiting = _waiting_decisions(session, actor.till_id)
    if link is None:
        own, central, note = _own_copy(session, actor), False, \
            _("This till does not sync with a central database: these are its own events.")
    else:
        try:
            found = link.central.open_problems(actor.store_id)
        except CentralUnavailable:
            own, central = _own_copy(session, actor), False
            note = _("Offline: the central database can't be reached, so this is this till's own "
                     "list. Decisions taken now are sent when the till reconnects.")
        else:
            prefixes = dict(session.execute(
                select(Till.id, Till.prefix).where(Till.store_id == actor.store_id)).all())
            own = [SyncProblem(p.kind, p.event_id, p.at, problem_title(p.kind), p.text,
                               p.action, prefixes.get(p.till_id, ""), p.seq, p.amount,
                               p.quantity, p.receipts) for p in found]
            central, note = True, ""
    problems = [p for p in own if (p.event_id, p.kind.value) not in waiting]
    return ProblemList(problems, central, len(waiting), note)


def settlement_binding(problem: SyncProblem, outcome: str) -> approvals.Binding:
    """What a manager's PIN confirms: this outcome for this problem (its event and kind)."""
    return approvals.Binding(approvals.SYNC_SETTLEMENT,
                             f"{problem.event_id}:{problem.kind.value}:{outcome}"[:80])


def resolve_problem(session: Session, actor: Actor, problem: SyncProblem, outcome: str,
                    approval: Approval) -> ProblemResolved:
    """Record a manager's decision (what was done, who, why) in the caller's transaction.

    Audited with its outbox entry, so it reaches the central database with the next push; this
    till's own entry for the event leaves the list and the header's count at once."""
    require_role(actor, Role.MANAGER, doing=N_("settle sync problems"))
    if outcome not in dict(PROBLEM_OUTCOMES[problem.kind]):
        raise InvalidInput(_("Choose what was done about it: {choices}.").format(
            choices="; ".join(words for _code, words in outcomes_of(problem.kind))))
    words = outcome_words(problem.kind, outcome)  # English, for the audit and the central side
    reason = check_reason(approval.reason, what="why (what was done, and by whom)")
    if (problem.event_id, problem.kind.value) in _waiting_decisions(session, actor.till_id):
        raise InvalidInput(_("This problem is already settled here; the decision is on its way to "
                           "the central database."))
    approvals.verify(session, actor, approval, settlement_binding(problem, outcome))
    by = f"{approval.manager_number} {approval.manager_name}"
    journal.record(session, actor, RESOLVED_ACTION, "sync_problem", problem.event_id, details={
        "event_id": problem.event_id, "kind": problem.kind, "outcome": outcome,
        "outcome_words": words, "manager_number": approval.manager_number,
        "manager_name": approval.manager_name, "problem": problem.what[:300],
    }, approved_by=approval.manager_id, reason=reason)
    mark_settled(session, actor.till_id, problem.event_id, actor.now(), f"{words}: {reason} ({by})")
    return ProblemResolved(problem, outcome, words, by, reason)
