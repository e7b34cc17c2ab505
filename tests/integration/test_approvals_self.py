"""Issue 12: no one approves their own request, at every place that takes an approval.

Written as an insider would try it: a manager signed in at the till, alone, holding a real token
signed with this till's key that names them both as the one asking and the one approving (made
with `approvals.mint`, the signer itself, since `auth.approve` will not make one), calls the
service through the counter's door (`Counter.run`). The service refuses in words, nothing is
done, and the refusal is in the audit trail.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storepos.domain.card_value import ValueSource
from storepos.domain.sync import ProblemKind
from storepos.domain.vocabulary import Resolution, Role, TenderKind
from storepos.persistence.models import AuditEvent, Employee, LedgerEntry, Store
from storepos.persistence.uow import UnitOfWork
from storepos.services.base.context import Actor
from storepos.services.cards import value_accounts as va
from storepos.services.cards.value_source import given, sold, value_binding
from storepos.services.counter import Counter
from storepos.services.pickups.handover import hand_over_pickup, mismatch_binding
from storepos.services.returns.complete import complete_return, override_binding
from storepos.services.returns.types import ReturnRequest
from storepos.services.staff import approvals, auth
from storepos.services.staff.approvals import Approval, ApprovalRefused, Binding
from storepos.services.staff.auth import PermissionDenied
from storepos.services.sync import problems
from storepos.services.warranty.decisions import approve_claim, decision_binding, deny_claim
from tests.factories import actor_for
from tests.integration import pickup_world, warranty_world
from tests.integration.returns_world import MANAGER_PIN, build, line, returns_of
from tests.integration.sync_world import make_till
from tests.integration.test_pickups import _to_shelf
from tests.integration.test_value_accounts import _till, run

D = Decimal
OWN = "can't approve their own"


def self_minted(sessions: sessionmaker[Session], me: Actor, binding: Binding) -> Approval:
    """A real signed token naming `me` as both the one asking and the manager approving."""
    with UnitOfWork(sessions) as uow:
        manager = uow.session.get(Employee, me.employee_id)
        assert manager is not None
        return approvals.mint(uow.session, me, manager, "My own say-so", binding)


def refused_alone(sessions: sessionmaker[Session], me: Actor, purpose: str, what: str,
                  action: Callable[[Session, Actor], object]) -> None:
    """`action` run as the counter runs it is refused in words, and the refusal is audited."""
    counter = Counter(sessions, me.till_prefix, clock=me.clock)
    with pytest.raises(ApprovalRefused, match=f"{OWN} {what}; another manager must approve"):
        counter.run(me, action)
    with sessions() as s:
        rows = s.scalars(select(AuditEvent).where(
            AuditEvent.action == "auth.approval_refused",
            AuditEvent.employee_id == me.employee_id)).all()
    assert [r.details["purpose"] for r in rows] == [purpose]
    assert OWN in rows[0].details["refused"] and rows[0].details["manager_number"] == me.employee_number


def manager_of(sessions: sessionmaker[Session], manager_id: uuid.UUID,
               store_id: uuid.UUID) -> Actor:
    with sessions() as s:
        manager, store = s.get(Employee, manager_id), s.get(Store, store_id)
        assert manager is not None and store is not None
        return actor_for(manager, store)


def test_a_manager_alone_overrides_no_return_of_their_own(sqlite_engine: object) -> None:
    w = build(sqlite_engine, tags=["final_sale"])  # type: ignore[arg-type]
    me = manager_of(w.factory, w.manager_id, w.store_id)
    own = self_minted(w.factory, me, override_binding(w.order_id, (1,), D("1000")))
    refused_alone(w.factory, me, approvals.RETURN_OVERRIDE, "override", lambda s, a: complete_return(
        s, a, ReturnRequest((line(1, override=own),), order_id=w.order_id)))
    assert returns_of(w) == 0


def test_a_manager_alone_hands_over_no_pickup_on_a_name_mismatch(sqlite_engine: object) -> None:
    w = pickup_world.build(sqlite_engine, last_name="Côté-Roy")  # type: ignore[arg-type]
    _to_shelf(w)
    me = w.manager
    own = self_minted(w.factory, me, mismatch_binding(w.pickup_number))
    refused_alone(w.factory, me, approvals.PICKUP_MISMATCH, "override", lambda s, a: hand_over_pickup(
        s, a, w.pickup_number, id_last_name="Tremblay", photo_id_checked=True, approval=own))
    assert "pickup.collected" not in w.actions(w.order_id)


def test_a_manager_alone_decides_no_warranty_claim(sqlite_engine: object) -> None:
    w = warranty_world.build(sqlite_engine)  # type: ignore[arg-type]
    number = w.claim()
    me = w.manager
    refund = self_minted(w.factory, me, decision_binding(number, Resolution.REFUND))
    refused_alone(w.factory, me, approvals.WARRANTY_DECISION, "warranty decision",
                  lambda s, a: approve_claim(s, a, number, Resolution.REFUND, refund))
    assert w.returned() == 0
    # An override of the policy is no different, nor a denial.
    credit = self_minted(w.factory, me, decision_binding(number, Resolution.STORE_CREDIT,
                                                         override=True, credit_amount=D("500")))
    with pytest.raises(ApprovalRefused, match=OWN):
        w.run(lambda s: approve_claim(s, me, number, Resolution.STORE_CREDIT, credit,
                                      override=True, credit_amount="500.00"))
    deny = self_minted(w.factory, me, decision_binding(number, None))
    with pytest.raises(ApprovalRefused, match=OWN):
        w.run(lambda s: deny_claim(s, me, number, deny))
    with w.factory() as s:
        events = s.scalars(select(AuditEvent.action).where(
            AuditEvent.action.in_(("warranty.approved", "warranty.denied")))).all()
    assert events == [] and w.returned() == 0
    # With a second manager's PIN it goes through, decided by one and approved by the other.
    done = w.run(lambda s: approve_claim(s, me, number, Resolution.REFUND,
                                         w.approve(number=number, outcome=Resolution.REFUND)))
    assert done.decided_by == w.second_manager.employee_name and w.returned() == 1


def test_a_manager_alone_corrects_no_card_entry(sqlite_engine: object) -> None:
    till = _till(sqlite_engine)  # type: ignore[arg-type]
    card = run(till, lambda s: va.issue_gift_card(s, till.cashier, "50.00", sold(TenderKind.CASH)))
    spent = run(till, lambda s: va.redeem(s, till.cashier, card.account.number, "45.00")).entry
    me = till.manager
    own = self_minted(till.factory, me, va.correction_binding(spent.id))
    refused_alone(till.factory, me, approvals.CARD_CORRECTION, "card correction",
                  lambda s, a: va.correct_entry(s, a, spent.id, own))
    with till.factory() as s:
        corrected = s.scalars(select(LedgerEntry).where(
            LedgerEntry.corrects_entry_id == spent.id)).all()
    assert corrected == []


def test_a_manager_alone_gives_no_card_value_without_a_sale(sqlite_engine: object) -> None:
    till = _till(sqlite_engine)  # type: ignore[arg-type]
    me = till.manager
    card = run(till, lambda s: va.issue_gift_card(s, till.cashier, "10.00", sold(TenderKind.CASH)))
    own = self_minted(till.factory, me, value_binding(ValueSource.GOODWILL, D("900.00")))
    refused_alone(till.factory, me, approvals.CARD_VALUE, "card value",
                  lambda s, a: va.credit_account(s, a, card.account.id, "900.00",
                                                 given(ValueSource.GOODWILL, own, "Goodwill")))
    promo = self_minted(till.factory, me, value_binding(ValueSource.PROMOTION, D("900.00")))
    with pytest.raises(ApprovalRefused, match=OWN):
        run(till, lambda s: va.issue_gift_card(s, me, "900.00",
                                               given(ValueSource.PROMOTION, promo, "Raffle")))
    with till.factory() as s:
        balances = s.scalars(select(LedgerEntry.amount)).all()
    assert balances == [D("10.00")]  # only the card sold for cash


def test_a_manager_alone_settles_no_sync_problem(tmp_path: Path) -> None:
    till = make_till(tmp_path / "till.db", role=Role.MANAGER)
    me = till.actor
    ghost = problems.SyncProblem(ProblemKind.REFUSED, uuid.uuid4(), me.now(), "", "", "", "", None)
    own = self_minted(till.sessions, me, problems.settlement_binding(ghost, "kept"))
    refused_alone(till.sessions, me, approvals.SYNC_SETTLEMENT, "sync problem settlement",
                  lambda s, a: problems.resolve_problem(s, a, ghost, "kept", own))
    with till.sessions() as s:
        settled = s.scalars(select(AuditEvent).where(
            AuditEvent.action == problems.RESOLVED_ACTION)).all()
    assert settled == []


def test_the_staff_service_mints_no_token_for_ones_own_request(sqlite_engine: object) -> None:
    """At the till's dialog: a manager typing their own number and PIN is told at once, and that
    is kept too (before any token exists to be refused later)."""
    w = build(sqlite_engine, tags=["final_sale"])  # type: ignore[arg-type]
    me = manager_of(w.factory, w.manager_id, w.store_id)
    for binding in (override_binding(w.order_id, (1,), D("1000")),
                    va.correction_binding(uuid.uuid4()),
                    value_binding(ValueSource.GOODWILL, D("5"))):
        with pytest.raises(PermissionDenied, match=f"{OWN} .*another manager must approve"):
            auth.approve(w.factory, me, w.manager_number, MANAGER_PIN, "mine", binding)
    with w.factory() as s:
        rows = s.scalars(select(AuditEvent).where(
            AuditEvent.action == "auth.approval_refused")).all()
    assert [r.details["purpose"] for r in rows] == [approvals.RETURN_OVERRIDE,
                                                     approvals.CARD_CORRECTION, approvals.CARD_VALUE]
    assert all(r.employee_id == me.employee_id and r.approved_by == me.employee_id for r in rows)
