"""Manager approvals as signed, single-use tokens, checked by the service that acts on them.

`auth.approve` checks the manager's PIN and mints an `Approval`: HMAC-SHA256 over who approved,
who asked, which store, what for (purpose, subject, lines, amount) and until when, under a secret
this till keeps. The service about to act calls `verify` with what it is about to do; a token
built by hand, altered, spent, expired, for another action, given by the asker themself (for any
purpose: the employee about to act, the requester the token names, is never the manager who
approves it), or by a manager of another store (unless a district manager) is refused in words.
Spending is a row in `approval_uses` (primary key: the token id) in the same transaction as the
action, so a replay fails even across restarts, and a rolled-back action leaves the token unspent.

The secret is a file beside the till's database (`<db>.approval-key`, 0600, made on first use), not
a table row: whoever copies or edits the database file with sqlite3 (the attack in issue 12) does
not get it, and it never syncs. A database that is no file (in memory, PostgreSQL in tests) gets a
per-process secret; tokens live 5 minutes, so a restart only costs a manager's retyping.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storepos.domain.cards import carries_card_number
from storepos.domain.errors import StoreposError
from storepos.domain.events import EventKind
from storepos.domain.vocabulary import Role
from storepos.i18n import N_, _
from storepos.persistence import till_keys
from storepos.persistence.models import ApprovalUse, Employee
from storepos.persistence.uow import UnitOfWork
from storepos.services.base import journal
from storepos.services.base.context import Actor

TOKEN_LIFE = timedelta(minutes=5)

# Purposes: what a manager said yes to.
RETURN_OVERRIDE = "return_override"
PICKUP_MISMATCH = "pickup_mismatch"
WARRANTY_DECISION = "warranty_decision"
CARD_CORRECTION = "card_correction"
SYNC_SETTLEMENT = "sync_settlement"
CARD_VALUE = "card_value"
CASH_PAID = "cash_paid"  # cash paid into or out of the drawer (services/day)
DAY_VARIANCE = "day_variance"  # a count at close off by more than the threshold (services/day)
ORDER_CANCEL = "order_cancel"
# What a manager approves, in the words of a refusal. Every approval needs a second person: the
# employee about to act (the requester, bound in the token) is never the manager who approves it,
# whatever the purpose, so a manager acting alone cannot give themself a yes (issue 12).
# Whole sentences per purpose (a translator sees each one whole).
OWN_APPROVAL_WORDS = {
    RETURN_OVERRIDE: N_("A manager can't approve their own override; another manager must "
                        "approve it with their PIN."),
    PICKUP_MISMATCH: N_("A manager can't approve their own override; another manager must "
                        "approve it with their PIN."),
    WARRANTY_DECISION: N_("A manager can't approve their own warranty decision; another manager "
                          "must approve it with their PIN."),
    CARD_CORRECTION: N_("A manager can't approve their own card correction; another manager "
                        "must approve it with their PIN."),
    SYNC_SETTLEMENT: N_("A manager can't approve their own sync problem settlement; another "
                        "manager must approve it with their PIN."),
    CARD_VALUE: N_("A manager can't approve their own card value; another manager must approve "
                   "it with their PIN."),
    CASH_PAID: N_("A manager can't approve their own cash paid in or out; another manager must "
                  "approve it with their PIN."),
    DAY_VARIANCE: N_("A manager can't approve their own count variance; another manager must "
                     "approve it with their PIN."),
    ORDER_CANCEL: N_("A manager can't approve their own cancellation; another manager must "
                     "approve it with their PIN."),
}
OWN_REQUEST = N_("A manager can't approve their own request; another manager must approve it "
                 "with their PIN.")


def own_approval_words(binding: Binding) -> str:
    """The refusal of a manager's yes to their own request, in words."""
    return _(OWN_APPROVAL_WORDS.get(binding.purpose, OWN_REQUEST))


@dataclass(frozen=True, slots=True)
class Binding:
    """What an approval is for: the kind of decision, its subject (an order id, a claim number,
    a card number, an outbox event id), the lines and the most money it may move."""

    purpose: str
    subject: str
    lines: tuple[int, ...] = ()
    amount: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Approval:
    """A manager's PIN-verified yes, with the reason they gave; services verify it, then record
    it in the audit. Only `auth.approve` makes a valid one (the signature)."""

    manager_id: uuid.UUID
    manager_number: str
    manager_name: str
    reason: str
    approved_at: datetime
    token_id: uuid.UUID | None = None
    requester_id: uuid.UUID | None = None
    store_id: uuid.UUID | None = None
    purpose: str = ""
    subject: str = ""
    lines: tuple[int, ...] = ()
    amount: Decimal | None = None
    expires_at: datetime | None = None
    district: bool = False
    signature: str = ""


class ApprovalRefused(StoreposError):
    """An approval this action may not take; `message` says why in plain words."""

    def __init__(self, message: str, approval: Approval | None, binding: Binding) -> None:
        super().__init__(message)
        self.approval, self.binding = approval, binding


# -- the secret ---------------------------------------------------------------------------------

def till_secret(session: Session) -> bytes:
    """This till's signing secret (made on first use; persistence.till_keys)."""
    key = till_keys.till_key(session.get_bind().engine.url, till_keys.APPROVAL_KEY)
    assert key is not None  # made when missing
    return key


def _message(a: Approval) -> bytes:
    fields = [str(a.token_id), str(a.manager_id), a.manager_number, a.reason, a.approved_at.isoformat(),
              str(a.requester_id), str(a.store_id), a.purpose, a.subject, list(a.lines),
              None if a.amount is None else str(a.amount),
              None if a.expires_at is None else a.expires_at.isoformat(), a.district]
    return json.dumps(fields, separators=(",", ":")).encode()


def _sign(key: bytes, a: Approval) -> str:
    return hmac.new(key, _message(a), hashlib.sha256).hexdigest()


def mint(session: Session, actor: Actor, manager: Employee, reason: str, binding: Binding) -> Approval:
    """The signed token for a manager whose PIN was just checked (auth.approve calls this)."""
    unsigned = Approval(
        manager.id, manager.number, manager.name, reason, actor.now(), token_id=uuid.uuid4(),
        requester_id=actor.employee_id, store_id=actor.store_id, purpose=binding.purpose,
        subject=binding.subject, lines=tuple(sorted(binding.lines)), amount=binding.amount,
        expires_at=actor.now() + TOKEN_LIFE, district=manager.store_id != actor.store_id,
    )
    return replace(unsigned, signature=_sign(till_secret(session), unsigned))


# -- verification -------------------------------------------------------------------------------

_VERIFIED = "storepos.approvals.verified"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _problem(session: Session, actor: Actor, a: Approval, b: Binding) -> str | None:
    """Why this approval may not be used for `b`, or None when it may."""
    if not a.signature or a.token_id is None or not hmac.compare_digest(
            a.signature, _sign(till_secret(session), a)):
        return _("This approval was not given with a manager's PIN at this till; ask the "
                 "manager again.")
    if a.purpose != b.purpose or a.subject != b.subject:
        return _("This approval was given for something else; ask the manager to approve "
                 "this one.")
    if b.lines and not set(b.lines) <= set(a.lines):
        return _("This approval does not cover these lines; ask the manager to approve them.")
    if b.amount is not None and (a.amount is None or b.amount > a.amount):
        return _("This approval covers at most {most}; {amount} needs a new approval.").format(
            most=a.amount, amount=b.amount)
    if a.expires_at is None or _aware(a.expires_at) <= actor.now():
        return _("This approval has expired; ask the manager to approve it again.")
    if a.requester_id != actor.employee_id or a.store_id != actor.store_id:
        return _("This approval was given to another employee; ask the manager again.")
    if a.manager_id == actor.employee_id or a.manager_id == a.requester_id:
        return own_approval_words(b)
    manager = session.get(Employee, a.manager_id)
    if manager is None or not manager.active or Role(manager.role) is not Role.MANAGER:
        return _("Employee {number} is no longer a manager here; ask a manager to approve "
                 "this.").format(number=a.manager_number)
    if manager.store_id != actor.store_id and not manager.district:
        return _("Employee {number} is a manager at another store and can't approve anything "
                 "at this till.").format(number=a.manager_number)
    if session.scalar(select(ApprovalUse.token_id).where(ApprovalUse.token_id == a.token_id)):
        return _("This approval has already been used; ask the manager to approve this one.")
    return None


def verify(session: Session, actor: Actor, approval: Approval | None, binding: Binding) -> Approval:
    """The approval, checked against what `actor` is about to do and spent in the caller's
    transaction; ApprovalRefused in plain words otherwise. Checking the same token twice within
    one transaction (a warranty decision that completes a return) spends it once."""
    verified: set[uuid.UUID] = session.info.setdefault(_VERIFIED, set())
    if (approval is not None and approval.token_id in verified and approval.signature
            and hmac.compare_digest(approval.signature, _sign(till_secret(session), approval))):
        return approval
    if approval is None:
        raise ApprovalRefused(_("This needs a manager's approval."), None, binding)
    problem = _problem(session, actor, approval, binding)
    if problem is not None:
        raise ApprovalRefused(problem, approval, binding)
    assert approval.token_id is not None
    session.add(ApprovalUse(token_id=approval.token_id, used_at=actor.now(), till_id=actor.till_id,
                            approved_by=approval.manager_id, purpose=binding.purpose[:40],
                            subject=binding.subject[:80]))
    journal.record(session, actor, EventKind.APPROVAL_USED, "approval", approval.token_id,
                   {"purpose": binding.purpose, "subject": binding.subject,
                    "manager_number": approval.manager_number, "district": approval.district},
                   approved_by=approval.manager_id, reason=approval.reason)
    session.flush()  # the primary key refuses a racing second use here, not at commit
    verified.add(approval.token_id)
    return approval


def record_refusal(sessions: sessionmaker[Session], actor: Actor, refused: ApprovalRefused) -> None:
    """The audit row for a refused approval, in its own transaction (the action's rolled back)."""
    a, b = refused.approval, refused.binding
    number = a.manager_number[:12] if a is not None else ""
    if carries_card_number(number):  # a hand-built approval may carry anything
        number = "(withheld)"
    with UnitOfWork(sessions, writes=True) as uow:
        manager = uow.session.get(Employee, a.manager_id) if a is not None else None
        journal.record(uow.session, actor, EventKind.APPROVAL_REFUSED, "approval",
                       None, {"purpose": b.purpose, "subject": b.subject[:80],
                              "manager_number": number,
                              "refused": refused.message},
                       approved_by=manager.id if manager is not None else None)
        uow.commit()
