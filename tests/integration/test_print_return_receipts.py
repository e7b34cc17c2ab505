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
from storepos.services.printing import queue as pq
from storepos.services.returns.complete import ReturnRefused, preview_return
from storepos.services.returns.eligibility import ALL_SHOWN
from storepos.services.returns.receipts import QueuedReceipts
from storepos.services.returns.types import Payment, ReturnRequest
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


# -- where a refund goes: the original payment, a card only when a card paid ---------------------
NO_CARD_SHOWN = ALL_SHOWN.replace(original_card=False)


def said(text: str) -> str:
    """The receipt's words with its wrapping undone."""
    return " ".join(text.split())


@pytest.mark.parametrize("resolution", [Resolution.REFUND, Resolution.EXCHANGE])
def test_paypal_order_goes_back_to_paypal_and_its_receipt_never_says_card(
        sqlite_engine: Engine, resolution: Resolution) -> None:
    """Thompson's PayPal order (issue 9): no card paid, so none is asked for; the cashier calls
    the service directly with the card box unticked, and the refund or exchange goes through."""
    w = with_printer(build(sqlite_engine, pay="paypal"))
    exchange = {"exchange_variant_id": w.sizes["9"]} if resolution is Resolution.EXCHANGE else {}
    summary = complete(w, line(1, resolution, condition=NO_CARD_SHOWN, **exchange),
                       receipts=QueuedReceipts())
    assert not summary.lines[0].overridden_by  # the policy allowed it; no manager was needed
    if resolution is Resolution.REFUND:
        (move,) = summary.refunds
        assert move.kind is TenderKind.PAYPAL and move.amount == D("120.00")
    (job,) = jobs(w)
    text = paper(job)
    assert "Refund to the original PayPal payment (SoftMoc: " in said(text)
    assert "card" not in text.lower()


def test_gift_card_order_goes_back_onto_the_gift_card_without_asking_for_a_card(
        sqlite_engine: Engine) -> None:
    w = with_printer(build(sqlite_engine, pay="gift"))
    summary = complete(w, line(1, condition=NO_CARD_SHOWN), receipts=QueuedReceipts())
    (move,) = summary.refunds
    assert move.kind is TenderKind.GIFT_CARD and move.account_id == w.gift_card.id
    text = said(paper(jobs(w)[0]))
    assert "Refund to the original gift card payment (SoftMoc: " in text
    assert "original card" not in text


def refund_refused(w, condition) -> str:  # type: ignore[no-untyped-def]
    """Why the policy refuses a refund (the screen's line), after the service refused it too."""
    with pytest.raises(ReturnRefused, match="not refund"):
        complete(w, line(1, condition=condition), receipts=QueuedReceipts())
    with w.factory() as s:
        plan = preview_return(s, w.cashier, ReturnRequest((line(1, condition=condition),),
                                                          order_id=w.order_id))
    return next(r for r in plan.lines[0].reasons if r.startswith("Refund not possible"))


def test_a_card_that_paid_must_be_shown_for_a_refund_even_by_an_insider(sqlite_engine: Engine) -> None:
    w = with_printer(build(sqlite_engine, pay="card"))
    assert "original card used for the purchase (VISA ••••4242)" in refund_refused(w, NO_CARD_SHOWN)
    complete(w, line(1), receipts=QueuedReceipts())  # shown: back to that card
    assert "Refund to the original VISA ••••4242 payment (SoftMoc: " in said(paper(jobs(w)[0]))


def test_split_tender_needs_the_card_for_its_part_and_names_both(sqlite_engine: Engine) -> None:
    w = with_printer(build(sqlite_engine))  # card 140.00 + gift card 100.00
    assert ("the card that paid part of it (VISA ••••4242; gift card paid the rest)"
            in refund_refused(w, NO_CARD_SHOWN))
    summary = complete(w, line(1), receipts=QueuedReceipts())
    assert {m.kind for m in summary.refunds} == {TenderKind.CARD, TenderKind.GIFT_CARD}
    text = said(paper(jobs(w)[0]))
    assert "Refund to the original payments: VISA ••••4242 and gift card (SoftMoc: " in text
