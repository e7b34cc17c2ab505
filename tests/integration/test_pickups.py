"""Ship-to-store pickups: the forward-only life cycle, the lists by status (overdue derived from the
hold day), the ID check with a manager's override, payment for unpaid orders, the store-local
receipt date and the role checks. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from storepos.domain.errors import InvalidInput, StoreposError
from storepos.domain.pickups import NotifyChannel, PickupMoveRefused
from storepos.domain.pickups import PickupListStatus as L
from storepos.domain.policy import Condition
from storepos.domain.vocabulary import PickupStatus, Reason, Resolution, TenderKind
from storepos.persistence.models import AuditEvent, CashMovement, Order, Pickup, Tender, TillDay
from storepos.services.cards import value_accounts
from storepos.services.cards.value_source import sold
from storepos.services.pickups import words as pickup_words
from storepos.services.pickups.handover import (
    HandOverRefused,
    HandOverSummary,
    hand_over_pickup,
    mismatch_binding,
)
from storepos.services.pickups.status import (
    PickupNotFound,
    find_pickup,
    list_pickups,
    mark_arrived,
    mark_ready,
    pickup_counts,
    record_notification,
    send_back,
    send_back_list,
)
from storepos.services.returns.complete import complete_return
from storepos.services.returns.types import LineRequest, Payment, ReturnRequest
from storepos.services.staff import auth
from storepos.services.staff.auth import PermissionDenied
from tests.factories import UTC
from tests.integration.pickup_world import MANAGER_PIN, D, PickupWorld, build


@contextmanager
def refused(kind: type[Exception], words: str) -> Iterator[None]:
    """Refused as `kind`, and `words` in what the screen says (the pickup rules refuse in codes,
    worded above the domain by services/pickups/words.py)."""
    with pytest.raises(kind) as caught:
        yield
    said = pickup_words.refusal(caught.value) if isinstance(caught.value, StoreposError) else None
    assert re.search(words, said or str(caught.value)), said or str(caught.value)

def _to_shelf(w: PickupWorld, *, notify: bool = True) -> None:
    w.run(lambda s: mark_arrived(s, w.stock, w.order_number))
    w.run(lambda s: mark_ready(s, w.stock, w.pickup_number))
    if notify:
        w.run(lambda s: record_notification(s, w.cashier, w.pickup_number, NotifyChannel.EMAIL))


def _hand_over(w: PickupWorld, name: str = "Cote", **kw: object) -> HandOverSummary:
    return w.run(lambda s: hand_over_pickup(s, kw.pop("actor", w.cashier), w.pickup_number,
                                            id_last_name=name, photo_id_checked=True, **kw))


def _numbers(w: PickupWorld, status: L) -> list[str]:
    return [r.number for r in w.run(lambda s: list_pickups(s, w.cashier, status))]


def test_the_full_forward_life_cycle(db_engine: Engine) -> None:
    w = build(db_engine)  # 2025-06-01 12:00 in Toronto
    assert _numbers(w, L.IN_TRANSIT) == [w.pickup_number]

    w.clock.advance(minutes=1)
    arrived = w.run(lambda s: mark_arrived(s, w.stock, f" #{w.order_number.lower()} "))
    assert arrived.status is PickupStatus.ARRIVED
    assert arrived.hold_until == date(2025, 6, 15)  # the arrival day + 14
    assert arrived.arrived_at == w.clock.at and arrived.amount_due == D("0.00")
    assert _numbers(w, L.ARRIVED) == [w.pickup_number] and _numbers(w, L.IN_TRANSIT) == []

    w.clock.advance(hours=1)
    assert w.run(lambda s: mark_ready(s, w.stock, w.pickup_number)).status is PickupStatus.READY
    w.clock.advance(hours=1)
    told = w.run(lambda s: record_notification(s, w.cashier, w.pickup_number, "sms",
                                               "Left a message; customer to come Friday"))
    assert told.status is PickupStatus.NOTIFIED and told.notified_at == w.clock.at
    assert _numbers(w, L.NOTIFIED) == [w.pickup_number]

    w.clock.advance(days=2)
    summary = _hand_over(w)
    assert summary.received_on == date(2025, 6, 3) and summary.handed_over_at == w.clock.at
    assert summary.items[0].paid == D("120.00") and summary.order_total == D("129.95")
    assert summary.paid_now == () and summary.employee_name == w.cashier.employee_name
    assert summary.customer_name == "Ana Côté" and summary.id_checked
    assert _numbers(w, L.COLLECTED) == [w.pickup_number]
    with w.factory() as s:
        pickup = s.scalars(select(Pickup).where(Pickup.number == w.pickup_number)).one()
        assert (pickup.status, pickup.id_checked, pickup.handed_over_by) == (
            PickupStatus.COLLECTED, True, w.cashier.employee_id)
        assert s.get(Order, w.order_id).received_on == date(2025, 6, 3)
        note = s.scalars(select(AuditEvent.details).where(
            AuditEvent.subject_id == pickup.id, AuditEvent.action == "pickup.notified")).one()
        assert note == {"number": w.pickup_number, "how": "sms", "reminder": False,
                        "note": "Left a message; customer to come Friday"}
    assert w.actions(summary.pickup_id) == ["pickup.registered", "pickup.arrived",
                                            "pickup.ready", "pickup.notified", "pickup.collected"]


def test_backward_and_skipping_moves_are_refused(db_engine: Engine) -> None:
    w = build(db_engine)
    with refused(PickupMoveRefused, "Scan it in as arrived first"):
        w.run(lambda s: mark_ready(s, w.stock, w.pickup_number))
    with refused(PickupMoveRefused, "can't be handed over yet"):
        _hand_over(w)
    w.run(lambda s: mark_arrived(s, w.stock, w.pickup_number))
    with refused(PickupMoveRefused, "already arrived"):
        w.run(lambda s: mark_arrived(s, w.stock, w.pickup_number))
    with refused(PickupMoveRefused, "Mark it ready first"):
        w.run(lambda s: record_notification(s, w.cashier, w.pickup_number, "email"))
    w.run(lambda s: mark_ready(s, w.stock, w.pickup_number))
    _hand_over(w)  # the customer walked in before being called: ready -> collected
    with refused(PickupMoveRefused, f"Pickup {w.pickup_number} is already collected."):
        _hand_over(w)
    with refused(PickupMoveRefused, "already collected; it can't be marked ready"):
        w.run(lambda s: mark_ready(s, w.stock, w.pickup_number))
    assert w.run(lambda s: find_pickup(s, w.cashier, w.pickup_number)).status is (
        PickupStatus.COLLECTED)


def test_overdue_is_derived_after_the_hold_day(db_engine: Engine) -> None:
    w = build(db_engine, hold_days=3)
    _to_shelf(w)
    w.clock.at = datetime(2025, 6, 4, 16, 0, tzinfo=UTC)  # the hold day (1 June + 3)
    assert _numbers(w, L.NOTIFIED) == [w.pickup_number] and _numbers(w, L.OVERDUE) == []
    with refused(PickupMoveRefused, "held for the customer until Jun 4, 2025"):
        w.run(lambda s: send_back(s, w.stock, w.pickup_number))

    w.clock.at = datetime(2025, 6, 5, 16, 0, tzinfo=UTC)  # hold + 1
    late = w.run(lambda s: send_back_list(s, w.manager))
    assert [r.number for r in late] == [w.pickup_number] and late[0].days_overdue == 1
    assert late[0].list_status is L.OVERDUE and late[0].status is PickupStatus.NOTIFIED
    assert _numbers(w, L.NOTIFIED) == []
    counts = w.run(lambda s: pickup_counts(s, w.cashier))
    assert counts[L.OVERDUE] == 1 and counts[L.NOTIFIED] == 0 and sum(counts.values()) == 1

    with pytest.raises(PermissionDenied):
        w.run(lambda s: send_back(s, w.cashier, w.pickup_number))
    gone = w.run(lambda s: send_back(s, w.stock, w.pickup_number))
    assert gone.status is PickupStatus.SENT_BACK and gone.sent_back_at == w.clock.at
    assert _numbers(w, L.SENT_BACK) == [w.pickup_number] and _numbers(w, L.OVERDUE) == []
    with refused(PickupMoveRefused, "already sent back; it can't be handed over"):
        _hand_over(w)


def test_an_id_mismatch_is_refused_unless_a_manager_approves(db_engine: Engine) -> None:
    w = build(db_engine, last_name="Côté-Roy")
    _to_shelf(w)
    with pytest.raises(HandOverRefused, match=r"name on the ID \(Tremblay\) does not match"):
        _hand_over(w, "Tremblay")
    with pytest.raises(HandOverRefused, match="photo ID"):
        w.run(lambda s: hand_over_pickup(s, w.cashier, w.pickup_number, id_last_name="Cote-Roy",
                                         photo_id_checked=False))
    assert w.run(lambda s: find_pickup(s, w.cashier, w.pickup_number)).status is (
        PickupStatus.NOTIFIED)

    def approved(s: Session) -> HandOverSummary:
        ok = auth.approve(w.factory, w.cashier, w.manager_number, MANAGER_PIN, "Spouse, married name",
                          mismatch_binding(w.pickup_number))
        return hand_over_pickup(s, w.cashier, w.pickup_number, id_last_name="Tremblay",
                                photo_id_checked=True, approval=ok)

    summary = w.run(approved)
    assert not summary.id_name_matched and summary.approved_by == "Maria Manager"
    assert summary.approval_reason == "Spouse, married name"
    with w.factory() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.subject_id == summary.pickup_id,
                                                   AuditEvent.action == "pickup.collected")).one()
        assert event.approved_by == w.manager.employee_id
        assert event.reason == "Spouse, married name"
        assert event.details["id_name_matched"] is False


def test_a_matching_name_needs_no_manager(db_engine: Engine) -> None:
    w = build(db_engine, last_name="Côté-Roy")
    _to_shelf(w)
    summary = _hand_over(w, "COTE ROY")
    assert summary.id_name_matched and summary.approved_by is None


def test_an_unpaid_order_takes_exactly_the_amount_due(db_engine: Engine) -> None:
    w = build(db_engine, pay="offline")
    _to_shelf(w)
    assert _numbers(w, L.NOTIFIED) and w.run(
        lambda s: find_pickup(s, w.cashier, w.pickup_number)).amount_due == D("129.95")
    with refused(InvalidInput, r"has 129.95 to pay; the payments add up to 0.00"):
        _hand_over(w)
    with refused(InvalidInput, r"add up to 130.00"):
        _hand_over(w, payments=(Payment(TenderKind.CASH, D("130.00")),))
    with pytest.raises(InvalidInput, match="authorisation reference"):
        _hand_over(w, payments=(Payment(TenderKind.CARD, D("129.95"), "VISA", "4242"),))

    summary = _hand_over(w, payments=(
        Payment(TenderKind.CASH, D("29.95")),
        Payment(TenderKind.CARD, D("100.00"), "VISA", "4242", reference="AUTH77"),
    ))
    assert summary.amount_paid_now == D("129.95") and summary.paid_before == D("0.00")
    assert summary.opens_drawer and [t.label for t in summary.paid_now] == ["Cash",
                                                                           "VISA ••••4242"]
    with w.factory() as s:
        rows = s.scalars(select(Tender).where(Tender.order_id == w.order_id)).all()
        got = sorted((t.kind.value, t.amount, t.card_last4, t.auth_ref) for t in rows)
    assert got == [("card", D("100.00"), "4242", "AUTH77"), ("cash", D("29.95"), None, None),
                   ("pay_offline", D("129.95"), None, None)]  # the pay-offline row is kept
    assert w.run(lambda s: find_pickup(s, w.cashier, w.pickup_number)).amount_due == D("0.00")
    with w.factory() as s:  # the cash part went on the till's day, with the pickup that took it
        cash = s.execute(select(CashMovement.kind, CashMovement.amount, CashMovement.reference)
                         .join(TillDay, TillDay.id == CashMovement.day_id)
                         .where(TillDay.till_id == w.cashier.till_id)).all()
    assert [tuple(row) for row in cash] == [("pickup_balance", D("29.95"), w.pickup_number)]


def test_a_gift_card_pays_at_pickup_through_the_ledger(db_engine: Engine) -> None:
    w = build(db_engine, pay="offline")
    _to_shelf(w)
    gift = w.run(lambda s: value_accounts.issue_gift_card(
        s, w.cashier, "200.00", sold(TenderKind.CASH))).account
    summary = _hand_over(w, payments=(Payment(TenderKind.GIFT_CARD, D("129.95"),
                                              account_number=gift.number),))
    assert summary.paid_now[0].account_id == gift.id and not summary.opens_drawer
    after = w.run(lambda s: value_accounts.find_account(s, w.cashier, gift.number))
    assert after.balance == D("70.05")


def test_a_paid_order_takes_no_payment(db_engine: Engine) -> None:
    w = build(db_engine, pay="card")
    _to_shelf(w)
    with refused(InvalidInput, "already paid"):
        _hand_over(w, payments=(Payment(TenderKind.CASH, D("10.00")),))
    summary = _hand_over(w)
    assert summary.paid_now == () and summary.paid_before == D("129.95")
    with w.factory() as s:
        assert len(s.scalars(select(Tender).where(Tender.order_id == w.order_id)).all()) == 1


@pytest.mark.parametrize(("zone", "at", "local_day"), [
    ("America/Toronto", datetime(2025, 6, 4, 2, 30, tzinfo=UTC), date(2025, 6, 3)),
    ("Australia/Sydney", datetime(2025, 6, 3, 15, 0, tzinfo=UTC), date(2025, 6, 4)),
])
def test_received_on_is_the_store_local_date(db_engine: Engine, zone: str, at: datetime,
                                             local_day: date) -> None:
    w = build(db_engine, time_zone=zone)
    _to_shelf(w)
    w.clock.at = at  # the UTC date differs from the store's
    assert _hand_over(w).received_on == local_day
    with w.factory() as s:
        assert s.get(Order, w.order_id).received_on == local_day


def test_roles(db_engine: Engine) -> None:
    w = build(db_engine)
    w.run(lambda s: mark_arrived(s, w.cashier, w.pickup_number))  # cashiers scan parcels in too
    w.run(lambda s: mark_ready(s, w.stock, w.pickup_number))
    with pytest.raises(PermissionDenied, match="cashier or manager must hand pickups over"):
        _hand_over(w, actor=w.stock)
    _hand_over(w, actor=w.manager)


def test_a_pickup_of_another_store_or_an_unknown_number_is_not_found(db_engine: Engine) -> None:
    w = build(db_engine)
    other = build(db_engine)
    with pytest.raises(PickupNotFound, match="not this store"):
        w.run(lambda s: mark_arrived(s, w.stock, other.pickup_number))
    with pytest.raises(PickupNotFound, match="No pickup NOSUCH1"):
        w.run(lambda s: mark_arrived(s, w.stock, "nosuch1"))


def test_a_refund_after_paying_at_pickup_goes_back_to_what_paid(db_engine: Engine) -> None:
    w = build(db_engine, pay="offline")
    _to_shelf(w)
    _hand_over(w, payments=(Payment(TenderKind.CASH, D("129.95")),))
    shown = Condition(worn=False, original_box=True, packaging_intact=True,
                      proof_of_purchase=True, original_card=True)
    done = w.run(lambda s: complete_return(s, w.cashier, ReturnRequest(
        (LineRequest(1, 1, Reason.CHANGE_OF_MIND, shown, Resolution.REFUND),),
        order_id=w.order_id)))
    assert [(r.kind, r.amount) for r in done.refunds] == [(TenderKind.CASH, D("120.00"))]
    assert done.unpaid_not_refunded == D("0.00")
