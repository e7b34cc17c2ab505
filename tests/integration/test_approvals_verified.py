"""Issue 12, as a dishonest employee would try it: approvals built by hand, altered, replayed, late,
self-given, from another store, or for another action. Each service that takes an approval checks
it itself (staff.approvals.verify) and refuses in words; the refusal is audited."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from storepos.domain.sync import ProblemKind
from storepos.domain.vocabulary import Resolution, Role
from storepos.persistence.models import ApprovalUse, AuditEvent, Employee, LedgerEntry, Store
from storepos.persistence.uow import UnitOfWork
from storepos.services.base.context import Actor
from storepos.services.cards import value_accounts as va
from storepos.services.counter import Counter
from storepos.services.pickups.handover import hand_over_pickup, mismatch_binding
from storepos.services.returns.complete import complete_return, override_binding
from storepos.services.returns.types import ReturnRequest
from storepos.services.staff import approvals, auth
from storepos.services.staff.approvals import Approval, ApprovalRefused, Binding
from storepos.services.staff.auth import PermissionDenied, SignInRefused
from storepos.services.sync import problems
from storepos.services.warranty.decisions import approve_claim, deny_claim
from tests.factories import PIN, actor_for, make_employee, make_store
from tests.integration import pickup_world, warranty_world
from tests.integration.returns_world import (
    MANAGER_PIN,
    World,
    approve,
    build,
    complete,
    line,
    returns_of,
)
from tests.integration.sync_world import make_till, second_manager
from tests.integration.test_pickups import _to_shelf

D = Decimal
FORGED = "not given with a manager's PIN"


def by_hand(manager_id: uuid.UUID, number: str, name: str, w_now: Actor, **kw: Any) -> Approval:
    """What the reporter did: an Approval object built in code, no PIN ever checked."""
    return Approval(manager_id, number, name, "approved", w_now.now(), **kw)


def final_sale(engine: Engine) -> World:
    return build(engine, tags=["final_sale"])  # every return of it needs a manager's override


# -- returns ---------------------------------------------------------------------------------

def test_a_hand_built_approval_naming_the_cashier_is_refused(sqlite_engine: Engine) -> None:
    w = final_sale(sqlite_engine)
    c = w.cashier
    forged = by_hand(c.employee_id, c.employee_number, c.employee_name, c)
    with pytest.raises(ApprovalRefused, match=FORGED):
        complete(w, line(1, override=forged))
    # Naming the real manager, with every field a real token has, but no signature of this till.
    posing = by_hand(w.manager_id, w.manager_number, "Maria Manager", c, token_id=uuid.uuid4(),
                     requester_id=c.employee_id, store_id=c.store_id, purpose="return_override",
                     subject=str(w.order_id), lines=(1,), amount=D("999"),
                     expires_at=c.now() + timedelta(minutes=5), signature="0" * 64)
    with pytest.raises(ApprovalRefused, match=FORGED):
        complete(w, line(1, override=posing))
    assert returns_of(w) == 0


def test_an_altered_token_is_refused(sqlite_engine: Engine) -> None:
    w = final_sale(sqlite_engine)
    small = approve(w, "Told it could come back", amount=D("10.00"))
    raised = dataclasses.replace(small, amount=D("1000.00"))  # the cashier edits the amount
    with pytest.raises(ApprovalRefused, match=FORGED):
        complete(w, line(1, override=raised))
    assert returns_of(w) == 0


def test_a_token_is_good_for_one_return_only(db_engine: Engine) -> None:
    w = final_sale(db_engine)
    token = approve(w, "Told it could come back")
    assert complete(w, line(1, override=token)).money_back == D("120.00")
    with pytest.raises(ApprovalRefused, match="already been used"):  # the second pair, replayed
        complete(w, line(1, override=token))
    assert returns_of(w) == 1
    with w.factory() as s:
        assert s.scalar(select(ApprovalUse.subject).where(ApprovalUse.token_id == token.token_id)) \
            == str(w.order_id)


def test_a_token_is_refused_once_expired(sqlite_engine: Engine) -> None:
    w = final_sale(sqlite_engine)
    token = approve(w, "Told it could come back")
    later = w.cashier.now() + timedelta(minutes=5, seconds=1)
    with UnitOfWork(w.factory) as uow, pytest.raises(ApprovalRefused, match="expired"):
        complete_return(uow.session, dataclasses.replace(w.cashier, clock=lambda: later),
                        ReturnRequest((line(1, override=token),), order_id=w.order_id))
    assert returns_of(w) == 0


def test_a_token_for_another_return_or_a_bigger_amount_is_refused(sqlite_engine: Engine) -> None:
    w = final_sale(sqlite_engine)
    order_y = uuid.uuid4()  # the manager approved a return of another order
    for_y = auth.approve(w.factory, w.cashier, w.manager_number, MANAGER_PIN, "for Y",
                         override_binding(order_y, (1,), D("1000")))
    with pytest.raises(ApprovalRefused, match="given for something else"):
        complete(w, line(1, override=for_y))
    line_two = approve(w, "line 2 only", lines=(2,))
    with pytest.raises(ApprovalRefused, match="does not cover these lines"):
        complete(w, line(1, override=line_two))
    fifty = approve(w, "up to fifty", amount=D("50.00"))
    with pytest.raises(ApprovalRefused, match=r"covers at most 50\.00; 120\.00 needs a new"):
        complete(w, line(1, override=fifty))
    pair = approve(w, "one pair", amount=D("120.00"))
    with pytest.raises(ApprovalRefused, match="covers at most"):  # two pairs on a one-pair token
        complete(w, line(2, override=pair))
    assert returns_of(w) == 0


def test_a_manager_cannot_approve_their_own_override(sqlite_engine: Engine) -> None:
    w = final_sale(sqlite_engine)
    with w.factory() as s:
        manager = s.get(Employee, w.manager_id)
        store = s.get(Store, w.store_id)
        assert manager is not None and store is not None
        me = actor_for(manager, store)
    with pytest.raises(PermissionDenied, match="their own override"):  # no token is made
        auth.approve(w.factory, me, w.manager_number, MANAGER_PIN, "my own say-so",
                     override_binding(w.order_id, (1,), D("1000")))
    with UnitOfWork(w.factory) as uow:  # the signer itself, as an insider with the code would
        manager_row = uow.session.get(Employee, w.manager_id)
        assert manager_row is not None
        own = approvals.mint(uow.session, me, manager_row, "my own say-so",
                             override_binding(w.order_id, (1,), D("1000")))
    with UnitOfWork(w.factory) as uow, pytest.raises(ApprovalRefused, match="their own override"):
        complete_return(uow.session, me, ReturnRequest((line(1, override=own),), order_id=w.order_id))
    assert returns_of(w) == 0


def test_a_refusal_is_audited_in_words(sqlite_engine: Engine) -> None:
    w = final_sale(sqlite_engine)
    c = w.cashier
    counter = Counter(w.factory, c.till_prefix, clock=c.clock)
    forged = by_hand(c.employee_id, c.employee_number, c.employee_name, c)
    with pytest.raises(ApprovalRefused, match=FORGED):
        counter.run(c, lambda s, a: complete_return(
            s, a, ReturnRequest((line(1, override=forged),), order_id=w.order_id)))
    with w.factory() as s:
        row = s.scalars(select(AuditEvent).where(AuditEvent.action == "auth.approval_refused")).one()
    assert row.employee_id == c.employee_id and row.till_id == c.till_id
    assert row.details["purpose"] == "return_override" and FORGED in row.details["refused"]
    assert row.details["subject"] == str(w.order_id) and returns_of(w) == 0


# -- another store ---------------------------------------------------------------------------

def _other_store(w: World, *, district: bool = False) -> tuple[Employee, Actor]:
    """Store B, with a manager (PIN 2468) and a cashier signed in at B's till."""
    with UnitOfWork(w.factory) as uow:
        store_b = make_store(uow.session)
        manager_b = make_employee(uow.session, store_b, Role.MANAGER, name="Bea Manager")
        manager_b.district = district
        cashier_b = actor_for(make_employee(uow.session, store_b), store_b)
        uow.commit()
        return manager_b, cashier_b


def test_a_manager_of_another_store_neither_signs_in_nor_approves_here(sqlite_engine: Engine) -> None:
    w = final_sale(sqlite_engine)
    manager_b, cashier_b = _other_store(w)
    with pytest.raises(SignInRefused, match="works at another store"):
        auth.sign_in(w.factory, w.cashier.till_id, manager_b.number, PIN)
    with w.factory() as s:  # the refusal is kept, like a wrong PIN, and no one signed in
        refused = s.scalars(select(AuditEvent).where(
            AuditEvent.action == "auth.sign_in_refused")).one()
        signed = s.scalars(select(AuditEvent).where(AuditEvent.action == "auth.signed_in",
                                                    AuditEvent.subject_id == manager_b.id)).all()
    assert refused.subject_id == manager_b.id and refused.details["reason"] == "another_store"
    assert refused.details["home_store_id"] == str(manager_b.store_id) and signed == []
    with pytest.raises(PermissionDenied, match="manager at another store"):
        auth.approve(w.factory, w.cashier, manager_b.number, PIN, "I'm a manager too",
                     override_binding(w.order_id, (1,), D("1000")))
    # A token minted at store B's till, carried to store A's.
    from_b = auth.approve(w.factory, cashier_b, manager_b.number, PIN, "at store B",
                          override_binding(w.order_id, (1,), D("1000")))
    with pytest.raises(ApprovalRefused, match="another employee"):
        complete(w, line(1, override=from_b))
    assert returns_of(w) == 0


def test_a_district_manager_signs_in_and_approves_and_that_is_recorded(sqlite_engine: Engine) -> None:
    w = final_sale(sqlite_engine)
    district, _ = _other_store(w, district=True)
    signed_in = auth.sign_in(w.factory, w.cashier.till_id, district.number, PIN)
    assert signed_in.store_id == w.store_id  # working at this store's till
    token = auth.approve(w.factory, w.cashier, district.number, PIN, "District visit",
                         override_binding(w.order_id, (1,), D("1000")))
    assert token.district
    complete(w, line(1, override=token))
    with w.factory() as s:
        used = s.scalars(select(AuditEvent).where(AuditEvent.action == "auth.approval_used")).one()
    assert used.approved_by == district.id and used.details["district"] is True
    with UnitOfWork(w.factory) as uow:  # no longer a district manager: their tokens stop working
        row = uow.session.get(Employee, district.id)
        assert row is not None
        row.district = False
        uow.commit()
    with pytest.raises(PermissionDenied, match="manager at another store"):  # minting is refused
        auth.approve(w.factory, w.cashier, district.number, PIN, "again",
                     override_binding(w.order_id, (1,), D("1000")))


def test_a_district_token_is_refused_once_the_district_role_is_withdrawn(
        sqlite_engine: Engine) -> None:
    """The role is checked where the token is used, not only when it was made: a token minted
    while the manager was a district manager is worth nothing once they are not."""
    w = final_sale(sqlite_engine)
    district, _ = _other_store(w, district=True)
    token = auth.approve(w.factory, w.cashier, district.number, PIN, "District visit",
                         override_binding(w.order_id, (1,), D("1000")))
    assert token.district
    with UnitOfWork(w.factory) as uow:
        row = uow.session.get(Employee, district.id)
        assert row is not None
        row.district = False
        uow.commit()
    counter = Counter(w.factory, w.cashier.till_prefix, clock=w.cashier.clock)
    with pytest.raises(ApprovalRefused, match="manager at another store and can't approve"):
        counter.run(w.cashier, lambda s, a: complete_return(
            s, a, ReturnRequest((line(1, override=token),), order_id=w.order_id)))
    assert returns_of(w) == 0
    with w.factory() as s:
        refused = s.scalars(select(AuditEvent).where(
            AuditEvent.action == "auth.approval_refused")).one()
    assert refused.approved_by == district.id and "another store" in refused.details["refused"]


# -- every other service that takes an approval ---------------------------------------------

def test_pickup_hand_over_on_a_name_mismatch_checks_the_token(sqlite_engine: Engine) -> None:
    w = pickup_world.build(sqlite_engine, last_name="Côté-Roy")
    _to_shelf(w)
    c = w.cashier
    forged = by_hand(c.employee_id, c.employee_number, c.employee_name, c)

    def hand_over(approval: Approval) -> object:
        return w.run(lambda s: hand_over_pickup(s, c, w.pickup_number, id_last_name="Tremblay",
                                                photo_id_checked=True, approval=approval))

    with pytest.raises(ApprovalRefused, match=FORGED):
        hand_over(forged)
    wrong = auth.approve(w.factory, c, w.manager_number, pickup_world.MANAGER_PIN, "Spouse",
                         mismatch_binding("P-OTHER-000001"))
    with pytest.raises(ApprovalRefused, match="given for something else"):
        hand_over(wrong)
    ok = auth.approve(w.factory, c, w.manager_number, pickup_world.MANAGER_PIN, "Spouse",
                      mismatch_binding(w.pickup_number))
    assert hand_over(ok) is not None


def test_warranty_decisions_check_the_token(sqlite_engine: Engine) -> None:
    w = warranty_world.build(sqlite_engine)
    number = w.claim()
    m = w.manager
    forged = by_hand(m.employee_id, m.employee_number, m.employee_name, m)
    with pytest.raises(ApprovalRefused, match=FORGED):
        w.run(lambda s: approve_claim(s, m, number, Resolution.REFUND, forged))
    with pytest.raises(ApprovalRefused, match=FORGED):
        w.run(lambda s: deny_claim(s, m, number, forged))
    deny_token = w.approve("Worn", number=number, outcome=None)
    with pytest.raises(ApprovalRefused, match="given for something else"):  # a denial's yes
        w.run(lambda s: approve_claim(s, m, number, Resolution.REFUND, deny_token))
    credit = w.approve("Goodwill", number=number, outcome=Resolution.STORE_CREDIT, override=True,
                       credit=D("20.00"))
    with pytest.raises(ApprovalRefused, match=r"covers at most 20\.00"):
        w.run(lambda s: approve_claim(s, m, number, Resolution.STORE_CREDIT, credit, override=True,
                                      credit_amount="200.00"))
    assert w.returned() == 0


def test_a_card_correction_checks_the_token(sqlite_engine: Engine) -> None:
    w = final_sale(sqlite_engine)
    c = w.cashier
    assert w.gift_card is not None
    with w.factory() as s:
        entry_id = s.scalars(select(LedgerEntry.id).where(  # the 100.00 it paid, keyed wrong
            LedgerEntry.account_id == w.gift_card.id).order_by(LedgerEntry.seq.desc())).first()
    assert entry_id is not None
    forged = by_hand(w.manager_id, w.manager_number, "Maria Manager", c)
    with UnitOfWork(w.factory) as uow, pytest.raises(ApprovalRefused, match=FORGED):
        va.correct_entry(uow.session, c, entry_id, forged)
    # Even a manager actor built by hand (the old way in) needs the manager's token.
    boss = dataclasses.replace(c, employee_id=w.manager_id, role=Role.MANAGER)
    with UnitOfWork(w.factory) as uow, pytest.raises(ApprovalRefused, match=FORGED):
        va.correct_entry(uow.session, boss, entry_id, forged)
    token = auth.approve(w.factory, c, w.manager_number, MANAGER_PIN, "keyed twice",
                         va.correction_binding(entry_id))
    with UnitOfWork(w.factory) as uow:
        moved = va.correct_entry(uow.session, c, entry_id, token)
        uow.commit()
    assert moved.entry.amount == D("100.00")


def test_a_sync_settlement_checks_the_token(tmp_path: Path) -> None:
    till = make_till(tmp_path / "till.db", role=Role.MANAGER)
    ghost = problems.SyncProblem(ProblemKind.REFUSED, uuid.uuid4(), till.actor.now(), "", "", "",
                                 "", None)
    a = till.actor
    forged = by_hand(a.employee_id, a.employee_number, a.employee_name, a)
    with UnitOfWork(till.sessions) as uow, pytest.raises(ApprovalRefused, match=FORGED):
        problems.resolve_problem(uow.session, a, ghost, "kept", forged)
    for_other = auth.approve(till.sessions, a, second_manager(till).number, PIN,
                             "Called the customer", problems.settlement_binding(ghost, "head_office"))
    with UnitOfWork(till.sessions) as uow, pytest.raises(ApprovalRefused, match="something else"):
        problems.resolve_problem(uow.session, a, ghost, "kept", for_other)


def test_a_bare_binding_is_taken_by_no_service(sqlite_engine: Engine) -> None:
    w = final_sale(sqlite_engine)
    bare = auth.approve(w.factory, w.cashier, w.manager_number, MANAGER_PIN, "whatever",
                        Binding("unbound", ""))
    with pytest.raises(ApprovalRefused, match="given for something else"):
        complete(w, line(1, override=bare))


def test_the_secret_is_a_file_beside_the_database_only_the_till_user_reads(
    sqlite_engine: Engine, tmp_path: Path,
) -> None:
    w = final_sale(sqlite_engine)
    approve(w, "made on first use")
    key = tmp_path / "store.db.approval-key"
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_bytes()) == 32
