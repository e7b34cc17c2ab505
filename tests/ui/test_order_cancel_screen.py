"""Cancel an order from Find orders (issue 15), end to end: real widgets on the demo database, the
real worker, an embedded central service as the authority, the queued receipt decoded from its
ESC/POS bytes with the fee and the refund on it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from storepos.central.client import Central
from storepos.central.migrate import upgrade as upgrade_central
from storepos.central.schema import order_cancellations
from storepos.devices.printing.codec import from_json
from storepos.devices.printing.definitions import PrinterModel, get_model, printer_models
from storepos.devices.printing.escpos_decode import decode
from storepos.devices.printing.escpos_render import render
from storepos.devices.printing.receipts import layout_document
from storepos.domain.vocabulary import Channel, Fulfillment, Role
from storepos.persistence.models import Customer, Refund, Return, Store, Variant
from storepos.persistence.models.print_jobs import PrintJob
from storepos.persistence.uow import UnitOfWork
from storepos.services.counter import Counter
from storepos.services.returns.line_holds import LineGate
from storepos.ui.orders.screen import OrdersScreen
from tests.factories import card, make_order

MODEL = get_model("tm-t88")
WAIT = 30_000


@pytest.fixture
def central(tmp_path: Path, counter: Counter) -> Iterator[Central]:
    """An embedded central beside the demo till, as the app wires it (its line gate)."""
    made = Central.connect(str(tmp_path / "central.db"))
    upgrade_central(made.engine)
    counter.line_gate = LineGate(made.lines, cancellations=made.cancellations)
    yield made
    made.close()


def pending_order(counter: Counter) -> tuple[str, uuid.UUID]:
    """A Shoe of the Week store (the home store's policy switched) and an online order of one
    pair at 150.00, paid by card, not yet dispatched."""
    def make(session: Any, actor: Any) -> tuple[str, uuid.UUID]:
        session.execute(update(Store).values(policy="shoeoftheweek"))
        variant = session.scalars(select(Variant).limit(1)).one()
        customer = session.scalars(select(Customer).limit(1)).one()
        order = make_order(session, [(variant, 1, "150.00")], tenders=[card("150.00")],
                           customer=customer, channel=Channel.ONLINE,
                           fulfillment=Fulfillment.SHIP_TO_HOME, last_name=customer.last_name)
        order.dispatched_on = order.received_on = None
        session.flush()
        return order.number, order.id
    with UnitOfWork(counter._sessions) as uow:
        made = make(uow.session, None)
        uow.commit()
    return made


def receipt_text(counter: Counter, reference: str, model: PrinterModel = MODEL) -> str:
    """The queued receipt laid out for `model`, decoded from its ESC/POS bytes; never wider than
    the paper."""
    document = from_json(counter.read(lambda s: s.scalars(select(PrintJob.document).where(
        PrintJob.reference == reference)).one()))
    data = render(layout_document(document, model), model)
    decoded = decode(data, {model.code_page_table: model.code_page})
    assert decoded.widest(model.columns_a, model.columns_b) <= model.columns_a, model.name
    return decoded.text


def test_cancel_from_the_orders_screen_refunds_less_the_fee_and_prints_it(
        qtbot: QtBot, make_context: Any, counter: Counter, central: Central) -> None:
    number, order_id = pending_order(counter)
    context = make_context(Role.CASHIER)
    screen = OrdersScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1024, 768)
    screen.show()
    screen.on_enter(search=number)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=WAIT)
    screen.view.table.selectRow(0)
    screen.view.cancel_order.click()

    dialog = screen.cancelling.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.confirm.isEnabled(), timeout=WAIT)
    assert dialog.heading.text().startswith(f"Cancel order {number} for ")
    shown = " ".join(label.text() for label in dialog.body.findChildren(type(dialog.heading)))
    assert "$30.00" in shown and "$120.00" in shown  # the 20 % fee, and what goes back
    assert "(Shoe of the Week: Order Cancellations, orders awaiting dispatch incur a 20% " \
           "restocking fee)" in shown  # the clause, as the policy cites it
    assert "VISA" in shown

    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.close_button.isVisible(), timeout=WAIT)
    said = dialog.status.text()
    assert said.startswith(f"Order {number} is cancelled: $120.00 refunded to the original "
                           "payment, fee $30.00 kept (refund R-"), said

    refunds = counter.read(lambda s: [(r.kind.value, r.amount) for r in s.scalars(
        select(Refund).join(Return, Return.id == Refund.return_id)
        .where(Return.order_id == order_id))])
    assert refunds == [("card", Decimal("120.00"))]
    with central.engine.connect() as conn:
        assert conn.scalar(select(order_cancellations.c.status)) == "held"  # settled on push

    refund_id = said.split("(refund ")[1].split(")")[0]
    text = receipt_text(counter, refund_id)
    assert "ORDER CANCELLED" in text
    assert "Cancellation fee" in text and "-$30.00" in text
    assert "TOTAL REFUNDED" in text and "$120.00" in text
    assert "VISA" in text
    for model in printer_models().values():  # 58 mm too: the clause wraps, never cut
        words = " ".join(receipt_text(counter, refund_id, model).split())
        # Amounts in the receipt's own money ("$30.00"), the clause the reason comes from kept.
        assert ("A 20% restocking fee of $30.00 is charged on the $150.00 paid (Shoe of the Week: "
                "Order Cancellations, orders awaiting dispatch incur a 20% restocking fee).") \
            in words, model.name
        assert "Cancellation fee -$30.00" in words and "TOTAL REFUNDED $120.00" in words
    dialog.close_button.click()

    # The same order again: refused in words, on the till, nothing more paid.
    screen.view.table.selectRow(0)
    screen.view.cancel_order.click()
    again = screen.cancelling.dialog
    assert again is not None
    qtbot.waitUntil(lambda: again.status.property("role") == "error", timeout=WAIT)
    assert "was already cancelled or returned" in again.status.text()
    assert not again.confirm.isVisible() and again.close_button.isVisible()
