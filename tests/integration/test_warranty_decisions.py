"""Deciding warranty claims: the SoftMoc engine sets what a claim may get (day 30: refund or
replacement; day 150: store credit or replacement; wear and tear: denied), a manager approves with
their PIN, and the outcome is carried out in the same transaction, or nothing is. Every test runs
on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from storepos.domain.errors import InvalidInput
from storepos.domain.vocabulary import Resolution, Role, TenderKind, WarrantyStatus
from storepos.domain.warranty import ClaimRefused
from storepos.i18n import speaking
from storepos.persistence.models import (
    AuditEvent,
    LedgerEntry,
    Refund,
    Return,
    StockLevel,
    ValueAccount,
    WarrantyClaim,
)
from storepos.services.base import journal
from storepos.services.cards import value_accounts
from storepos.services.staff import auth
from storepos.services.staff.auth import PermissionDenied, SignInRefused
from storepos.services.warranty.claims import (
    open_claim_from_proof,
    record_inspection,
    submit_claim,
)
from storepos.services.warranty.decisions import (
    approve_claim,
    claim_options,
    claim_ticket,
    complete_repair,
    decision_binding,
    deny_claim,
)
from storepos.services.warranty.types import ClaimTicket
from tests.integration.warranty_world import D, WarrantyWorld, build, day

R = Resolution


def _approve(w: WarrantyWorld, number: str, outcome: Resolution, **kw: Any) -> ClaimTicket:
    reason = kw.pop("reason", "Sole came away; clear manufacturing defect")
    credit = kw.get("credit_amount")
    token = w.approve(reason, number=number, outcome=outcome, override=kw.get("override", False),
                      credit=D(credit) if credit is not None else None)
    return w.run(lambda s: approve_claim(s, w.manager, number, outcome, token, **kw))


def _claim_row(w: WarrantyWorld, number: str) -> WarrantyClaim:
    with w.factory() as s:
        return s.scalars(select(WarrantyClaim).where(WarrantyClaim.number == number)).one()


@pytest.mark.parametrize(("on_day", "allowed"), [
    (30, (R.REFUND, R.REPLACEMENT)),  # within the 75-day refund period
    (75, (R.REFUND, R.REPLACEMENT)),
    (76, (R.STORE_CREDIT, R.REPLACEMENT)),
    (150, (R.STORE_CREDIT, R.REPLACEMENT)),  # after it, within the year
])
def test_the_engine_decides_what_a_confirmed_defect_may_get(db_engine: Engine, on_day: int,
                                                            allowed: tuple[R, ...]) -> None:
    w = build(db_engine, at=day(on_day))
    number = w.claim()
    options = w.run(lambda s: claim_options(s, w.manager, number))
    assert options.allowed == allowed and options.has_order and not options.needs_override
    assert (options.policy, options.policy_title) == ("softmoc", "SoftMoc")  # people read the title
    assert options.value == D("140.00") and options.replacement_on_hand == 2
    assert all("SoftMoc" in r for r in options.reasons)


@pytest.mark.parametrize("finding", [{"wear": True}, {"misuse": True}, {"confirmed": False}])
def test_wear_misuse_or_no_defect_is_denied(db_engine: Engine, finding: dict[str, bool]) -> None:
    w = build(db_engine)
    number = w.claim(**finding)
    options = w.run(lambda s: claim_options(s, w.manager, number))
    assert options.allowed == () and options.needs_override
    with pytest.raises(ClaimRefused, match="claim_policy_denies"):
        _approve(w, number, R.REFUND)
    token = w.approve("Worn through", number=number, outcome=None)
    ticket = w.run(lambda s: deny_claim(s, w.manager, number, token))
    assert ticket.status is WarrantyStatus.DENIED and ticket.outcome is None
    assert ticket.decided_by == "Marc Second" and ticket.decision_reason == "Worn through"
    assert ticket.policy_reasons == options.reasons
    with pytest.raises(ClaimRefused, match=r"claim_finished .*status=denied"):
        _approve(w, number, R.REPLACEMENT)


def test_a_cashier_cannot_approve(db_engine: Engine) -> None:
    w = build(db_engine)
    number = w.claim()
    with pytest.raises(PermissionDenied, match="Only a manager can decide warranty claims"):
        w.run(lambda s: approve_claim(s, w.cashier, number, R.REFUND,
                                      w.approve(number=number, outcome=R.REFUND)))
    with pytest.raises(PermissionDenied, match="is not a manager"):  # a cashier's own PIN
        auth.approve(w.factory, w.cashier, w.cashier_number, "2468", "Looks faulty",
                     decision_binding(number, R.REFUND))
    with pytest.raises(SignInRefused):  # a manager's number with the wrong PIN
        w.run(lambda s: approve_claim(s, w.manager, number, R.REFUND, auth.approve(
            w.factory, w.manager, w.manager_number, "11111", "Looks faulty",
            decision_binding(number, R.REFUND))))
    assert _claim_row(w, number).status == WarrantyStatus.SUBMITTED
    assert w.returned() == 0


def test_a_refund_within_the_refund_period_is_recorded_with_the_managers_pin(
        db_engine: Engine) -> None:
    w = build(db_engine, at=day(30))
    number = w.claim()
    ticket = _approve(w, number, R.REFUND)
    assert ticket.status is WarrantyStatus.COMPLETED and ticket.outcome is R.REFUND
    assert ticket.refunded == D("140.00") and ticket.refund_return_number
    assert ticket.allowed == (R.REFUND, R.REPLACEMENT) and ticket.findings == ("Defect confirmed",)
    assert ticket.decided_by == "Marc Second" and ticket.decided_at == w.clock.at
    assert ticket.defect == "Sole separation" and ticket.store_name.startswith("Store ")
    assert w.returned() == 1 and w.on_hand("8") == 2  # faulty: never back on the shelf
    claim = _claim_row(w, number)
    assert claim.decided_by == w.second_manager.employee_id  # who approved it, with their PIN
    assert claim.decision_reason == "Sole came away; clear manufacturing defect"
    with w.factory() as s:
        ret = s.scalars(select(Return).where(
            Return.return_number == ticket.refund_return_number)).one()
        assert ret.note == f"Warranty claim {number}"
        refund = s.scalars(select(Refund).where(Refund.return_id == ret.id)).one()
        assert (refund.kind, refund.amount) == (TenderKind.CARD, D("140.00"))
        event = s.scalars(select(AuditEvent).where(AuditEvent.subject_id == claim.id,
                                                   AuditEvent.action == "warranty.approved")).one()
        assert event.approved_by == w.second_manager.employee_id
        assert event.employee_id == w.manager.employee_id  # who decided it at the till
        assert event.reason == "Sole came away; clear manufacturing defect"
        assert event.details["outcome"] == "refund" and event.details["overridden"] is False
    again = w.run(lambda s: claim_ticket(s, w.cashier, number))  # a reprint says the same
    assert (again.refund_return_number, again.refunded, again.policy_reasons) == (
        ticket.refund_return_number, ticket.refunded, ticket.policy_reasons)


def test_a_replacement_moves_stock_and_no_money(db_engine: Engine) -> None:
    w = build(db_engine, at=day(150))
    number = w.claim()
    ticket = _approve(w, number, R.REPLACEMENT)
    assert ticket.replacement == "Timberland 6-inch Premium Boot, Black, size 8"
    assert w.on_hand("8") == 1 and w.returned() == 0
    with w.factory() as s:
        assert s.scalar(select(Return.id).where(Return.order_id == w.order_id)) is None


def test_a_replacement_out_of_stock_fails_plainly_and_writes_nothing(db_engine: Engine) -> None:
    w = build(db_engine, at=day(150), on_hand=0)
    number = w.claim()
    assert w.run(lambda s: claim_options(s, w.manager, number)).replacement_on_hand == 0
    with pytest.raises(InvalidInput, match=r"size 8 is out of stock at this store: 1 pair is"):
        _approve(w, number, R.REPLACEMENT)
    claim = _claim_row(w, number)
    assert (claim.status, claim.outcome, claim.decided_by) == (WarrantyStatus.SUBMITTED, None,
                                                                None)
    assert w.on_hand("8") == 0 and "warranty.approved" not in w.events(claim.id)


def test_store_credit_after_the_refund_period_is_a_gift_card(db_engine: Engine) -> None:
    w = build(db_engine, at=day(150))
    number = w.claim()
    with pytest.raises(ClaimRefused,
                       match=r"claim_policy_allows \(asked=refund, allowed=store_credit\+replacement"):
        _approve(w, number, R.REFUND)
    ticket = _approve(w, number, R.STORE_CREDIT)
    assert ticket.gift_card_amount == D("140.00") and ticket.gift_card_number
    card = w.run(lambda s: value_accounts.find_account(s, w.cashier, ticket.gift_card_number))
    assert card.balance == D("140.00") and card.kind.value == "gift_card"
    with w.factory() as s:
        entry = s.scalars(select(LedgerEntry).where(LedgerEntry.account_id == card.id)).one()
        assert (entry.order_id, entry.note) == (w.order_id, f"warranty claim {number}")
    assert w.returned() == 1  # the pair counts as come back: no refund for it later


def test_an_override_outside_the_policy_is_recorded_as_one(db_engine: Engine) -> None:
    w = build(db_engine, at=day(150))
    number = w.claim()
    ticket = _approve(w, number, R.REFUND, override=True, reason="Long-standing customer")
    assert ticket.overridden and ticket.refunded == D("140.00")
    assert ticket.decision_reason == "Override: Long-standing customer"
    with w.factory() as s:
        events = s.scalars(select(AuditEvent.action).where(
            AuditEvent.action == "return.override",
            AuditEvent.approved_by == w.second_manager.employee_id)).all()
        assert events == ["return.override"]


def test_a_proof_of_purchase_claim_needs_an_override(db_engine: Engine) -> None:
    w = build(db_engine)

    def open_and_submit(s: Session) -> str:
        number = open_claim_from_proof(s, w.cashier, "Paper receipt 0042", "Ugg Mini, 7").number
        record_inspection(s, w.cashier, number, defect_category="stitching", notes="",
                          defect_confirmed=True, wear_and_tear=False, misuse=False)
        submit_claim(s, w.cashier, number)
        return number

    number = w.run(open_and_submit)
    assert w.run(lambda s: claim_options(s, w.manager, number)).needs_override
    with pytest.raises(ClaimRefused, match="claim_no_order"):
        _approve(w, number, R.STORE_CREDIT, credit_amount="80.00")
    with pytest.raises(ClaimRefused, match="needs the order on file"):
        _approve(w, number, R.REFUND, override=True)
    with pytest.raises(ClaimRefused, match="Type the store credit amount"):
        _approve(w, number, R.STORE_CREDIT, override=True)
    ticket = _approve(w, number, R.STORE_CREDIT, override=True, credit_amount="80.00",
                      reason="Receipt checked by phone with the mall store")
    assert ticket.gift_card_amount == D("80.00") and ticket.overridden
    assert ticket.proof_of_purchase == "Paper receipt 0042" and ticket.order_number is None
    assert ticket.item.description == "Ugg Mini, 7"


def test_a_repair_is_approved_then_completed(db_engine: Engine) -> None:
    w = build(db_engine, at=day(150))
    number = w.claim()
    approved = _approve(w, number, R.REPAIR, override=True, reason="Cobbler can re-glue it")
    assert approved.status is WarrantyStatus.APPROVED and approved.outcome is R.REPAIR
    done = w.run(lambda s: complete_repair(s, w.cashier, number))
    assert done.status is WarrantyStatus.COMPLETED and done.overridden
    assert w.on_hand("8") == 2 and w.returned() == 0


def test_everything_rolls_back_when_a_late_step_fails(db_engine: Engine,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    w = build(db_engine, at=day(150))
    number = w.claim()
    real = journal.record

    def failing(session: Session, actor: Any, action: str, *a: Any, **kw: Any) -> Any:
        if action == "warranty.approved":
            raise RuntimeError("disk full")
        return real(session, actor, action, *a, **kw)

    monkeypatch.setattr(journal, "record", failing)
    with pytest.raises(RuntimeError):
        _approve(w, number, R.STORE_CREDIT)
    monkeypatch.undo()
    claim = _claim_row(w, number)
    assert claim.status == WarrantyStatus.SUBMITTED and claim.outcome is None
    assert w.returned() == 0
    with w.factory() as s:
        assert s.scalar(select(ValueAccount.id).where(
            ValueAccount.issued_store_id == w.store_id)) is None
    assert _approve(w, number, R.STORE_CREDIT).gift_card_amount == D("140.00")  # still decidable


def test_stock_staff_submit_but_do_not_decide(db_engine: Engine) -> None:
    w = build(db_engine)
    number = w.claim()
    with w.factory() as s:
        s.execute(update(StockLevel).values(on_hand=5).where(StockLevel.store_id == w.store_id))
        s.commit()
    assert w.stock_clerk.role is Role.STOCK
    with pytest.raises(PermissionDenied):
        w.run(lambda s: deny_claim(s, w.stock_clerk, number, w.approve("No", number=number, outcome=None)))
    assert w.run(lambda s: claim_options(s, w.stock_clerk, number)).replacement_on_hand == 5


def test_a_decided_claim_says_its_reasons_in_the_readers_language(db_engine: Engine) -> None:
    """Decided at an English screen, read again by a French one: the record keeps the contract's
    English and the codes, and the ticket words the codes in whoever reads it. A record whose codes
    were edited into nonsense is read with the words it kept, never a traceback."""
    w = build(db_engine)
    number = w.claim(wear=True)
    token = w.approve("Worn through", number=number, outcome=None)
    english = w.run(lambda s: deny_claim(s, w.manager, number, token)).policy_reasons
    assert english and all("(SoftMoc: " in r for r in english)
    with speaking("fr_CA"):
        french = w.run(lambda s: claim_ticket(s, w.cashier, number)).policy_reasons
    assert len(french) == len(english) and french != english
    assert all("(SoftMoc\u00a0: " in r and "SoftMoc: " not in r for r in french), french
    claim_id = _claim_row(w, number).id
    with w.factory() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.subject_id == claim_id,
                                                   AuditEvent.action == "warranty.denied")).one()
        assert event.details["why"] and event.details["reasons"] == list(english)
        s.execute(update(AuditEvent).where(AuditEvent.id == event.id).values(
            details={**event.details, "why": [{"why": "no_such_reason", "params": {}}]}))
        s.commit()
    with speaking("fr_CA"):
        kept = w.run(lambda s: claim_ticket(s, w.cashier, number)).policy_reasons
    assert kept == english  # the words it kept, as they were decided
