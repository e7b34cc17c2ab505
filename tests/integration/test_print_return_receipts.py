"""A completed return queues its paper in the same transaction (the returns service's ReceiptPort),
and what it queues prints: refunds split over tenders, exchanges both ways, store credit, unpaid
tenders."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from storepos.devices.printing.codec import from_json
from storepos.devices.printing.definitions import get_model
from storepos.devices.printing.escpos_decode import decode
from storepos.devices.printing.escpos_render import render
from storepos.devices.printing.receipts import layout_document
from storepos.domain.vocabulary import Resolution, TenderKind
from storepos.persistence.models.print_jobs import PrintJob
from storepos.services import print_queue as pq
from storepos.services.printing_receipts import QueuedReceipts
from storepos.services.return_types import Payment
from storepos.services.returns import ReturnRefused
from tests.integration.returns_world import D, build, complete, line

MODEL = get_model("tm-t88")


def jobs(w) -> list[PrintJob]:  # type: ignore[no-untyped-def]
    with w.factory() as s:
        return list(s.scalars(select(PrintJob).order_by(PrintJob.created_at, PrintJob.kind)))


def paper(job: PrintJob) -> str:
    data = render(layout_document(from_json(job.document), MODEL), MODEL)
    decoded = decode(data, {MODEL.code_page_table: MODEL.code_page})
    assert decoded.widest(MODEL.columns_a, MODEL.columns_b) <= MODEL.columns_a
    return decoded.text


def with_printer(w):  # type: ignore[no-untyped-def]
    with w.factory.begin() as s:
        pq.configure_printer(s, "counter", "tm-t88", "tcp://127.0.0.1:9", default=True)
    return w


def test_refund_over_two_tenders_queues_one_receipt(sqlite_engine: Engine) -> None:
    w = with_printer(build(sqlite_engine))  # card 140.00 + gift card 100.00
    summary = complete(w, line(1), receipts=QueuedReceipts())
    (job,) = jobs(w)
    assert job.kind == "refund_receipt" and job.printer == "counter"
    assert job.reference == summary.return_number
    text = paper(job)
    assert summary.return_number in text and "TOTAL REFUNDED" in text
    assert f"${summary.money_back:.2f}" in text
    assert "Gift card ••••" in text and summary.lines[0].description.split(",")[0] in text
    assert "Reason: Change of mind" in text and "Decision: Refund" in text


def test_store_credit_gets_its_slip(sqlite_engine: Engine) -> None:
    w = build(sqlite_engine)  # no printer set up: the jobs wait for one named "receipt"
    summary = complete(w, line(1, Resolution.STORE_CREDIT), receipts=QueuedReceipts())
    kinds = sorted(j.kind for j in jobs(w))
    assert kinds == ["refund_receipt", "value_card_slip"]
    assert {j.printer for j in jobs(w)} == {"receipt"}
    slip = next(j for j in jobs(w) if j.kind == "value_card_slip")
    text = paper(slip)
    (credit,) = summary.refunds
    assert credit.account_number and credit.account_number in text  # the store copy
    assert "CUSTOMER COPY" in text and "$120.00" in text


@pytest.mark.parametrize(
    ("size", "payments", "expected"),
    [
        ("9", (), "EVEN EXCHANGE"),
        ("10", (Payment(TenderKind.CARD, D("15.00"), card_brand="MC", card_last4="5555"),),
         "CUSTOMER PAYS"),
        ("tan", (), "REFUNDED"),
    ],
)
def test_exchanges_print_what_was_settled(sqlite_engine: Engine, size: str, payments: tuple,
                                          expected: str) -> None:
    w = with_printer(build(sqlite_engine))
    variant = w.tan_8 if size == "tan" else w.sizes[size]
    complete(w, line(1, Resolution.EXCHANGE, exchange_variant_id=variant), payments=payments,
             receipts=QueuedReceipts())
    (job,) = jobs(w)
    text = paper(job)
    assert job.kind == "exchange_receipt" and expected in text
    if payments:
        assert "MC ••••5555" in text and "$15.00" in text


def test_unpaid_share_is_shown_not_refunded(sqlite_engine: Engine) -> None:
    w = with_printer(build(sqlite_engine, pay="offline"))
    complete(w, line(1), receipts=QueuedReceipts())
    text = paper(jobs(w)[0])
    assert "Unpaid (pay offline), not refunded" in text and "$60.00" in text


def test_a_refused_return_queues_nothing(sqlite_engine: Engine) -> None:
    w = with_printer(build(sqlite_engine, customer=False))
    with pytest.raises(ReturnRefused, match="no customer on file"):
        complete(w, line(1, Resolution.STORE_CREDIT), receipts=QueuedReceipts())
    complete(w, line(1), receipts=QueuedReceipts())
    with w.factory() as s:
        assert s.scalar(select(func.count()).select_from(PrintJob)) == 1
