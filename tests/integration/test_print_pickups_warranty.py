"""A pickup hand-over queues its receipt, and a warranty decision its claim ticket (plus a gift
card slip for store credit), in the action's own transaction; what is queued prints."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from storepos.devices.printing.codec import from_json
from storepos.devices.printing.definitions import get_model
from storepos.devices.printing.escpos_decode import decode
from storepos.devices.printing.escpos_render import render
from storepos.devices.printing.receipts import layout_document
from storepos.domain.errors import InvalidInput
from storepos.domain.pickups import NotifyChannel
from storepos.domain.vocabulary import Resolution, TenderKind
from storepos.persistence.models.print_jobs import PrintJob, PrintJobStatus
from storepos.services.pickups import words as pickup_words
from storepos.services.pickups.handover import hand_over_pickup
from storepos.services.pickups.receipt import queue_pickup_receipt
from storepos.services.pickups.status import (
    mark_arrived,
    mark_ready,
    record_notification,
)
from storepos.services.printing import queue as pq
from storepos.services.returns.types import Payment
from storepos.services.warranty.decisions import approve_claim, claim_ticket, deny_claim
from storepos.services.warranty.ticket import queue_claim_ticket
from tests.integration import pickup_world, warranty_world

MODEL = get_model("tm-t88")
D = pickup_world.D


def jobs(factory) -> list[PrintJob]:  # type: ignore[no-untyped-def]
    with factory() as s:
        return list(s.scalars(select(PrintJob).order_by(PrintJob.created_at, PrintJob.kind)))


def paper(job: PrintJob) -> str:
    data = render(layout_document(from_json(job.document), MODEL), MODEL)
    decoded = decode(data, {MODEL.code_page_table: MODEL.code_page})
    assert decoded.widest(MODEL.columns_a, MODEL.columns_b) <= MODEL.columns_a
    return decoded.text


def on_shelf(w: pickup_world.PickupWorld) -> None:
    w.run(lambda s: mark_arrived(s, w.stock, w.order_number))
    w.run(lambda s: mark_ready(s, w.stock, w.pickup_number))
    w.run(lambda s: record_notification(s, w.cashier, w.pickup_number, NotifyChannel.SMS))


def test_hand_over_queues_the_pickup_receipt_with_the_payment(sqlite_engine: Engine) -> None:
    w = pickup_world.build(sqlite_engine, pay="offline")
    with w.factory.begin() as s:
        pq.configure_printer(s, "counter", "tm-t88", "tcp://127.0.0.1:9", default=True)
    on_shelf(w)

    def hand_over(s: Session):  # type: ignore[no-untyped-def]
        summary = hand_over_pickup(s, w.cashier, w.pickup_number, id_last_name="Cote",
                                   photo_id_checked=True,
                                   payments=(Payment(TenderKind.CASH, D("129.95")),))
        return summary, queue_pickup_receipt(s, summary)

    _summary, queued = w.run(hand_over)
    (job,) = jobs(w.factory)
    assert queued.printer == "counter" and queued.kinds == ("pickup_receipt",)
    assert job.id == queued.job_ids[0] and job.reference == w.pickup_number
    text = paper(job)
    assert w.pickup_number in text and w.order_number in text and "Ana Côté" in text
    assert "$129.95" in text and "photo ID" in text


def test_a_refused_hand_over_queues_nothing(sqlite_engine: Engine) -> None:
    w = pickup_world.build(sqlite_engine, pay="offline")  # no printer: jobs wait for "receipt"
    on_shelf(w)

    def hand_over(s: Session, amount: str):  # type: ignore[no-untyped-def]
        summary = hand_over_pickup(s, w.cashier, w.pickup_number, id_last_name="Cote",
                                   photo_id_checked=True,
                                   payments=(Payment(TenderKind.CASH, D(amount)),))
        return queue_pickup_receipt(s, summary)

    with pytest.raises(InvalidInput) as refused:
        w.run(lambda s: hand_over(s, "100.00"))
    assert refused.value.code == "pickup_payment_mismatch"  # worded at the edge, in words below
    assert "add up to 100.00" in (pickup_words.refusal(refused.value) or "")
    with w.factory() as s:
        assert s.scalar(select(func.count()).select_from(PrintJob)) == 0
    assert w.run(lambda s: hand_over(s, "129.95")).printer == "receipt"


@pytest.mark.parametrize(("outcome", "kinds", "expected"), [
    (Resolution.REFUND, ["warranty_ticket"], "Refunded $140.00"),
    (Resolution.STORE_CREDIT, ["value_card_slip", "warranty_ticket"], "Store credit of $140.00"),
    (Resolution.REPLACEMENT, ["warranty_ticket"], "Replaced with"),
])
def test_an_approved_claim_queues_its_ticket(sqlite_engine: Engine, outcome: Resolution,
                                             kinds: list[str], expected: str) -> None:
    w = warranty_world.build(sqlite_engine)
    number = w.claim()

    def approve(s: Session):  # type: ignore[no-untyped-def]
        ticket = approve_claim(s, w.manager, number, outcome, w.approve(
            number=number, outcome=outcome, override=outcome is Resolution.STORE_CREDIT),
                               override=outcome is Resolution.STORE_CREDIT)
        return ticket, queue_claim_ticket(s, w.manager, ticket)

    ticket, queued = w.run(approve)
    assert sorted(j.kind for j in jobs(w.factory)) == kinds
    assert sorted(queued.kinds) == kinds
    job = next(j for j in jobs(w.factory) if j.kind == "warranty_ticket")
    assert job.reference == number
    text = paper(job)
    assert number in text and "Sole separation" in text and "Defect confirmed" in text
    assert expected in text and "6-inch Premium Boot" in text
    if ticket.gift_card_number:
        assert ticket.gift_card_number not in text  # masked on the ticket
        slip = paper(next(j for j in jobs(w.factory) if j.kind == "value_card_slip"))
        assert ticket.gift_card_number in slip  # the store copy keeps it whole


def test_a_denied_claim_and_a_reprint(sqlite_engine: Engine) -> None:
    w = warranty_world.build(sqlite_engine)
    number = w.claim(confirmed=False, misuse=True)

    def deny(s: Session):  # type: ignore[no-untyped-def]
        ticket = deny_claim(s, w.manager, number, w.approve("Heat damage from a radiator", number=number,
                                                         outcome=None))
        return queue_claim_ticket(s, w.manager, ticket)

    w.run(deny)
    w.run(lambda s: s.execute(update(PrintJob).values(status=PrintJobStatus.PRINTED)))
    w.run(lambda s: queue_claim_ticket(s, w.cashier, claim_ticket(s, w.cashier, number)))
    first, again = (paper(j) for j in jobs(w.factory))
    for text in (first, again):
        assert "Heat damage from a radiator" in text and "Misuse" in text
        assert "denied" in text.lower()
