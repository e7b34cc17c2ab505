"""Selling a gift card queues its slip in the same transaction: the number as a barcode on the
store's copy, masked on the customer's."""

from __future__ import annotations

from sqlalchemy import Engine, select

from storepos.devices.printing.codec import from_json
from storepos.devices.printing.definitions import get_model
from storepos.devices.printing.escpos_decode import PrintedBarcode, decode
from storepos.devices.printing.escpos_render import render
from storepos.devices.printing.receipts import layout_document
from storepos.domain.vocabulary import Role, TenderKind
from storepos.persistence.db import make_session_factory
from storepos.persistence.models.print_jobs import PrintJob
from storepos.services.cards import value_accounts as va
from storepos.services.cards.slips import queue_value_card_slip
from storepos.services.cards.value_source import sold
from storepos.services.printing import queue as pq
from tests.factories import actor_for, make_employee, make_store


def test_a_sold_gift_card_queues_its_slip_with_the_sale(sqlite_engine: Engine) -> None:
    factory = make_session_factory(sqlite_engine)
    with factory.begin() as s:
        store = make_store(s)
        cashier = actor_for(make_employee(s, store, Role.CASHIER), store)
    with factory() as s:  # the sale fails after the card was made: no card, no paper
        queue_value_card_slip(s, cashier, va.issue_gift_card(s, cashier, "25.00", sold(TenderKind.CASH)))
        s.rollback()
    with factory.begin() as s:
        movement = va.issue_gift_card(s, cashier, "25.00", sold(TenderKind.CASH))
        job = queue_value_card_slip(s, cashier, movement)
        job_id, printer = job.id, job.printer
    assert printer == "receipt"  # no printer set up yet: it waits for the usual name
    with factory() as s:
        jobs = s.scalars(select(PrintJob)).all()
        assert [j.id for j in jobs] == [job_id]
        slip = from_json(jobs[0].document)
    number = movement.account.number
    assert (slip.account_kind, slip.number, slip.amount, slip.balance) == (
        "gift_card", number, movement.entry.amount, movement.account.balance)
    assert slip.header.till == cashier.till_prefix and slip.header.employee == cashier.employee_name
    model = get_model("tm-t88")
    printed = decode(render(layout_document(slip, model), model),
                     {model.code_page_table: model.code_page})
    barcodes = printed.of(PrintedBarcode)
    assert [(b.symbology, b.text) for b in barcodes] == [("CODE128", number)]  # store copy only
    store_copy, customer_copy = printed.text.split("CUSTOMER COPY")
    assert "STORE COPY" in store_copy and number in store_copy
    assert number not in customer_copy and number.replace("-", "")[-4:] in customer_copy


def test_the_slip_goes_to_the_tills_default_printer(sqlite_engine: Engine) -> None:
    factory = make_session_factory(sqlite_engine)
    with factory.begin() as s:
        store = make_store(s)
        cashier = actor_for(make_employee(s, store, Role.CASHIER), store)
        pq.configure_printer(s, "front", "tm-t88", "tcp://127.0.0.1:9", till_id=cashier.till_id,
                             default=True)
    with factory.begin() as s:
        job = queue_value_card_slip(
            s, cashier, va.issue_gift_card(s, cashier, "10.00", sold(TenderKind.CASH)))
        assert job.printer == "front" and job.till_id == cashier.till_id
