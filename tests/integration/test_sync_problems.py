"""Sync problems settled by a store manager: listed from the central database (or this till's own
copy offline), decided with who, what and why, pushed once through the outbox, applied in the
store's context (row-level security), and learnt by the store's tills through pull."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import ProgrammingError

from storepos.central import review
from storepos.central.client import Central
from storepos.central.engine import make_central_engine
from storepos.central.migrate import upgrade as upgrade_central
from storepos.central.schema import events, quarantine, reviews
from storepos.domain.errors import InvalidInput
from storepos.domain.sync import EventStatus, ProblemKind
from storepos.domain.vocabulary import Role, TenderKind
from storepos.persistence.uow import UnitOfWork
from storepos.services.cards import value_accounts as va
from storepos.services.cards.redemption import CardGate, take_from_card
from storepos.services.cards.value_source import sold
from storepos.services.staff import auth
from storepos.services.staff.approvals import Approval
from storepos.services.staff.auth import PermissionDenied
from storepos.services.sync import problems
from storepos.sync.errors import CentralUnavailable
from tests.factories import PIN
from tests.integration.sync_world import (
    Till,
    central_pg,
    make_till,
    publish_online_order,
    queue_raw,
    return_line,
    second_manager,
    store_engine,
)

__all__ = ["central_pg"]
NOW = datetime(2025, 6, 1, 16, tzinfo=UTC)


def approval(till: Till, problem: problems.SyncProblem, outcome: str,
             reason: str = "Called the customer; she brought the pair back") -> Approval:
    """A second manager's PIN-checked token for the signed-in manager's settlement (no one
    approves their own)."""
    return auth.approve(till.sessions, till.actor, second_manager(till).number, PIN, reason,
                        problems.settlement_binding(problem, outcome))


def foreign_claim(till: Till) -> uuid.UUID:
    """An event the central rules refuse: a warranty claim of another store."""
    return queue_raw(till, "warranty.opened", rows={"claim": {
        "id": str(uuid.uuid4()), "number": "W-Y-1", "store_id": str(uuid.uuid4()),
        "status": "open"}})


def refused_at(till: Till, central: object) -> uuid.UUID:
    """A refused event of `till`, pushed: on the manager's list."""
    event_id = foreign_claim(till)
    till.service(central).sync_once()
    return event_id


def listing(till: Till, link: problems.SyncLink | None) -> problems.ProblemList:
    with till.sessions() as s:
        return problems.list_problems(s, till.actor, link)


def settle(till: Till, problem: problems.SyncProblem, outcome: str,
           reason: str = "Called the customer; she brought the pair back"
           ) -> problems.ProblemResolved:
    with UnitOfWork(till.sessions) as uow:
        done = problems.resolve_problem(uow.session, till.actor, problem, outcome,
                                        approval(till, problem, outcome, reason))
        uow.commit()
        return done


@pytest.fixture
def embedded(tmp_path: Path) -> Central:
    central = Central.connect(f"sqlite:///{tmp_path / 'central.db'}")
    upgrade_central(central.engine)
    yield central
    central.close()


class Unreachable:
    """The central database while the network is down (its list and its card holds)."""

    def open_problems(self, store_id: uuid.UUID) -> list[object]:
        raise CentralUnavailable("The central database cannot be reached: network down")

    def hold(self, *args: object, **kwargs: object) -> object:
        raise CentralUnavailable("The central database cannot be reached: network down")

    def release(self, held: object) -> bool:
        raise CentralUnavailable("The central database cannot be reached: network down")


def test_a_refused_event_is_listed_settled_and_the_decision_reaches_the_central_side(
    embedded: Central, tmp_path: Path,
) -> None:
    till = make_till(tmp_path / "till.db", role=Role.MANAGER)
    bad = refused_at(till, embedded)
    assert till.local.counts().quarantined == 1

    link = problems.SyncLink(embedded)
    found = listing(till, link)
    assert found.central and found.waiting == 0 and found.note == ""
    [problem] = found.problems
    assert (problem.kind, problem.event_id) == (ProblemKind.REFUSED, bad)
    assert problem.title == "Refused by the central database"
    assert "another store" in problem.what and problem.action == "warranty.opened"
    assert problem.till == till.actor.till_prefix and problem.seq == 1

    done = settle(till, problem, "head_office", "Claim keyed at the wrong store; head office fixes")
    assert done.words == "Sent to head office to put right"
    second = second_manager(till)
    assert done.by == f"{second.number} {second.name}"
    # Off this till's list and count at once, before any sync: the decision waits in the outbox.
    assert till.local.counts().quarantined == 0
    after = listing(till, link)
    assert after.problems == [] and after.waiting == 1
    with pytest.raises(InvalidInput, match="already settled here"):
        settle(till, problem, "kept")

    till.service(embedded).sync_once()
    with embedded.engine.connect() as conn:
        row = conn.execute(select(quarantine)).one()
        assert row.resolved_by == f"{second.number} {second.name}"
        assert row.resolution == ("Sent to head office to put right: Claim keyed at the wrong "
                                  "store; head office fixes")
        assert review.open_problems(conn, till.actor.store_id) == []
        # the decision is in the central audit trail with the manager's approval
        decided = conn.execute(select(events).where(
            events.c.action == problems.RESOLVED_ACTION)).one()
        assert decided.status == "applied" and decided.subject_id == bad
        assert decided.payload["audit"]["approved_by"] == str(second.id)
    entries = {e.action: e for e in till.outbox()}
    assert entries["warranty.opened"].status is EventStatus.QUARANTINED  # what happened stays
    assert entries["warranty.opened"].resolution.startswith("Sent to head office")
    assert listing(till, link).waiting == 0


def test_offline_the_list_is_this_tills_own_and_a_decision_waits_for_the_connection(
    embedded: Central, tmp_path: Path,
) -> None:
    till = make_till(tmp_path / "till.db", role=Role.MANAGER)
    bad = refused_at(till, embedded)

    offline = listing(till, problems.SyncLink(Unreachable()))
    assert not offline.central and offline.note.startswith("Offline:")
    [problem] = offline.problems
    assert problem.event_id == bad and "another store" in problem.what
    settle(till, problem, "kept", "The claim stands as the till has it")
    assert listing(till, problems.SyncLink(Unreachable())).problems == []

    # Back online, the central list still has it until the decision is pushed: it is not shown
    # twice, and the push settles it.
    online = listing(till, problems.SyncLink(embedded))
    assert online.problems == [] and online.waiting == 1
    till.service(embedded).sync_once()
    with embedded.engine.connect() as conn:
        assert conn.scalar(select(quarantine.c.resolution)).startswith("The till's record stands")


def test_without_sync_the_list_is_this_tills_own(tmp_path: Path) -> None:
    till = make_till(tmp_path / "till.db", role=Role.MANAGER)
    assert listing(till, None).note.startswith("This till does not sync")


def test_only_a_manager_sees_or_settles_them_and_outcomes_and_reasons_are_checked(
    embedded: Central, tmp_path: Path,
) -> None:
    manager = make_till(tmp_path / "m.db", role=Role.MANAGER)
    refused_at(manager, embedded)
    [problem] = listing(manager, problems.SyncLink(embedded)).problems

    cashier = make_till(tmp_path / "c.db", role=Role.CASHIER)
    with pytest.raises(PermissionDenied, match="Only a manager"):
        listing(cashier, problems.SyncLink(embedded))
    with pytest.raises(PermissionDenied, match="is not a manager"):  # no token for their own PIN
        auth.approve(cashier.sessions, cashier.actor, cashier.actor.employee_number, PIN, "kept",
                     problems.settlement_binding(problem, "kept"))
    with pytest.raises(PermissionDenied, match="Only a manager"):  # nor with a manager's token
        settle(cashier, problem, "kept")
    with pytest.raises(InvalidInput, match="Choose what was done about it"):
        settle(manager, problem, "recovered")  # an over-refund's outcome, not a refusal's
    with pytest.raises(InvalidInput, match="Type the reason"):  # refused before any token
        settle(manager, problem, "kept", "   ")
    assert manager.local.counts().quarantined == 1  # nothing was recorded by the refusals
    assert [e.action for e in manager.outbox()] == ["warranty.opened"]


def test_a_decision_on_a_problem_the_store_does_not_have_is_refused_centrally(
    embedded: Central, tmp_path: Path,
) -> None:
    till = make_till(tmp_path / "till.db", role=Role.MANAGER)
    ghost = problems.SyncProblem(ProblemKind.REFUSED, uuid.uuid4(), NOW, "", "", "", "", None)
    settle(till, ghost, "kept", "testing")
    report = till.service(embedded).sync_once()
    assert report.quarantined == 1
    [entry] = [e for e in till.outbox() if e.action == problems.RESOLVED_ACTION]
    assert "no such sync problem" in entry.result


def test_head_office_settling_a_flag_reaches_the_till_by_pull(embedded: Central,
                                                              tmp_path: Path) -> None:
    """A card overdrawn offline, settled elsewhere: the till's count drops at its next pull."""
    till = make_till(tmp_path / "till.db", role=Role.MANAGER)
    with UnitOfWork(till.sessions) as uow:
        card = va.issue_gift_card(uow.session, till.actor, "30.00", sold(TenderKind.CASH))
        uow.commit()
    till.service(embedded).sync_once()
    # Another store spends it all centrally; this till, offline, takes 20.00 it no longer has.
    with embedded.engine.begin() as conn:
        conn.execute(text("UPDATE accounts SET balance = 0"))
    offline = replace(till.actor, card_gate=CardGate(Unreachable()))
    with UnitOfWork(till.sessions) as uow:
        take_from_card(uow.session, offline, card.account.number, Decimal("20.00"))
        uow.commit()
    assert till.service(embedded).sync_once().flagged == 1
    assert till.local.counts().flagged == 1
    with embedded.engine.begin() as conn:
        [problem] = review.open_problems(conn, till.actor.store_id)
        assert problem.kind is ProblemKind.CARD_OVERDRAFT and problem.amount == Decimal("20.00")
        assert review.resolve_problem(conn, till.actor.store_id, problem.event_id, problem.kind,
                                      by="HQ1 Head Office", resolution="Written off as a loss: ok")
    report = till.service(embedded).sync_once()
    assert report.pulled >= 1
    assert till.local.counts().flagged == 0
    [entry] = [e for e in till.outbox() if e.status is EventStatus.FLAGGED]
    assert entry.resolution == "Written off as a loss: ok (HQ1 Head Office)"


# -- on the real PostgreSQL, each store's transactions in its own context ------------------------

@pytest.mark.postgres
def test_an_over_refund_across_stores_is_settled_in_the_stores_own_context(
    central_pg: str, tmp_path: Path,
) -> None:
    admin = make_central_engine(central_pg)
    doc = publish_online_order(admin, tmp_path / "web.db", quantity=1)
    order_id = uuid.UUID(doc["id"])
    toronto = make_till(tmp_path / "tor.db", role=Role.MANAGER)
    ottawa = make_till(tmp_path / "ott.db", role=Role.MANAGER)
    tor = Central(store_engine(central_pg, toronto.actor.store_id))
    ott = Central(store_engine(central_pg, ottawa.actor.store_id))
    toronto.service(tor).sync_once()
    ottawa.service(ott).sync_once()
    first = return_line(toronto, order_id)
    second = return_line(ottawa, order_id)  # before Ottawa learns of Toronto's: one pair, twice
    toronto.service(tor).sync_once()
    assert ottawa.service(ott).sync_once().flagged == 1

    assert listing(toronto, problems.SyncLink(tor)).problems == []  # Ottawa's, not Toronto's
    [problem] = listing(ottawa, problems.SyncLink(ott)).problems
    assert problem.kind is ProblemKind.OVER_REFUND and problem.title == "Refunded twice"
    assert problem.quantity == 1 and problem.action == "return.completed"
    assert set(problem.receipts) == {first.return_number, second.return_number}
    assert problem.till == ottawa.actor.till_prefix

    settle(ottawa, problem, "recovered", "Customer returned the 120.00 in cash")
    ottawa.service(ott).sync_once()
    with admin.connect() as conn:
        row = conn.execute(select(reviews)).one()
        assert row.resolution == "Money recovered from the customer: Customer returned the 120.00 in cash"
        assert row.resolved_by.startswith(second_manager(ottawa).number)
        assert row.quantity == 1 and len(row.receipts) == 2  # the facts are as they were
    assert ottawa.local.counts().flagged == 0

    # A store settles only its own: Toronto's context cannot see or touch Ottawa's review, and no
    # store's context can rewrite what a review says happened.
    with tor.engine.begin() as conn:
        assert conn.execute(update(reviews).values(resolution="x")).rowcount == 0
    with pytest.raises(ProgrammingError, match="permission denied"), ott.engine.begin() as conn:
        conn.execute(update(reviews).values(note="nothing happened"))
    stolen = problems.SyncProblem(ProblemKind.OVER_REFUND, problem.event_id, NOW, "", "", "", "",
                                  None)
    settle(toronto, stolen, "written_off", "trying another store's problem")
    assert toronto.service(tor).sync_once().quarantined == 1
    with admin.connect() as conn:
        assert conn.scalar(select(reviews.c.resolution)).startswith("Money recovered")
    for c in (tor, ott):
        c.close()
    admin.dispose()


@pytest.mark.postgres
def test_two_managers_settling_the_same_problem_record_the_first(
    central_pg: str, tmp_path: Path,
) -> None:
    central = Central.connect(central_pg)
    till = make_till(tmp_path / "till.db", role=Role.MANAGER)
    refused_at(till, central)
    [problem] = listing(till, problems.SyncLink(central)).problems
    with central.engine.begin() as conn:  # head office was quicker
        review.resolve_problem(conn, till.actor.store_id, problem.event_id, problem.kind,
                               by="HQ1 Head Office", resolution="Sent to head office: fixed")
    settle(till, problem, "kept", "The claim stands")
    report = till.service(central).sync_once()
    assert report.quarantined == 0  # the decision is kept as a record, not refused
    with central.engine.connect() as conn:
        assert conn.scalar(select(quarantine.c.resolved_by)) == "HQ1 Head Office"
    central.close()


def test_storepos_sync_once_says_what_waits_for_a_manager(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    from storepos import cli
    from storepos.services.base.till_identity import TillIdentity, save_identity

    monkeypatch.delenv("STOREPOS_CENTRAL_URL", raising=False)
    till = make_till(tmp_path / "store.db", role=Role.MANAGER)
    save_identity(till.path, TillIdentity(till.store_code, till.actor.till_prefix))
    foreign_claim(till)
    assert cli.main(["sync", "--once", "--db", str(till.path)]) == 0
    out = capsys.readouterr().out
    assert "quarantined 1" in out
    assert "1 refused event and 0 flagged events of this till wait for a manager" in out
    till.close()
