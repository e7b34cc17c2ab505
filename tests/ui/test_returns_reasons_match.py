"""The screen and the receipt say the same thing (issues 9 and 15): for one return, each policy
reason the printed receipt carries is the screen's line reason, word for word, with the clause it
comes from in brackets ("SoftMoc: Returns & Exchanges Conditions"), and nothing on either mentions
a card the customer never paid with.

Real widgets on the demo database, the real worker, the queued job decoded from its ESC/POS bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from storepos.devices.printing.codec import from_json
from storepos.devices.printing.definitions import get_model
from storepos.devices.printing.escpos_decode import decode
from storepos.devices.printing.escpos_render import render
from storepos.devices.printing.receipts import layout_document
from storepos.domain.vocabulary import Channel, Fulfillment, Resolution, TenderKind
from storepos.persistence.models import Customer, Store, Variant
from storepos.persistence.models.print_jobs import PrintJob
from storepos.services.base.order_lookup import OrderView
from storepos.services.cards import value_accounts
from storepos.services.cards.value_source import sold
from storepos.ui.returns.screen import ReturnsScreen
from tests.factories import make_order, tender
from tests.ui.test_returns_screen import (  # noqa: F401 - open_screen is a fixture
    EVERYTHING,
    complete,
    demo_orders,
    find,
    idle,
    open_screen,
)

MODEL = get_model("tm-t88")
THOMPSON = "10000002"  # the demo's PayPal order of issue 9, on day 74 of SoftMoc's 75


def kinds(order: OrderView) -> set[TenderKind]:
    return {t.kind for t in order.tenders}


def refundable_line(screen: ReturnsScreen, want: Callable[[OrderView], bool]) -> tuple[OrderView, int]:
    """A demo order that fits, and a line of it the policy would refund with everything shown."""
    for order, verdict in demo_orders(screen):
        lines = [le for le in verdict.lines if le.returnable and "refund" in le.allowed]
        if want(order) and lines:
            return order, lines[0].line.line_no
    raise AssertionError("no demo order fits this test")


def gift_card_order(screen: ReturnsScreen) -> tuple[OrderView, int]:
    """The demo has no order paid by a gift card alone that may still be refunded: sell one."""
    context = screen.context

    def sell(session, actor):  # type: ignore[no-untyped-def]
        store = session.get(Store, actor.store_id)
        variant = session.scalars(select(Variant).order_by(Variant.upc)).first()
        customer = session.scalars(select(Customer).order_by(Customer.last_name)).first()
        gift = value_accounts.issue_gift_card(session, actor, "120.00", sold(TenderKind.CASH)).account
        order = make_order(session, [(variant, 1, "120.00")],
                           tenders=[tender(TenderKind.GIFT_CARD, "120.00", gift.id)],
                           store=store, customer=customer, last_name="Thompson",
                           placed_on=actor.today() - timedelta(days=10),
                           channel=Channel.STORE, fulfillment=Fulfillment.IN_STORE)
        value_accounts.redeem(session, actor, gift.number, "120.00", order_id=order.id)
        return order.number

    number = context.counter.run(context.actor, sell)
    order = next(o for o, _ in demo_orders(screen) if o.number == number)
    return order, 1


def printed_reasons(screen: ReturnsScreen, return_id: str) -> tuple[list[str], str]:
    """The bullets under the returned item on the queued receipt, unwrapped; and the whole text."""
    def job(session):  # type: ignore[no-untyped-def]
        return session.scalars(select(PrintJob.document).where(
            PrintJob.reference == return_id, PrintJob.kind.in_(
                ("refund_receipt", "exchange_receipt")))).one()

    document = from_json(screen.context.counter.read(job))
    data = render(layout_document(document, MODEL), MODEL)
    text = decode(data, {MODEL.code_page_table: MODEL.code_page}).text
    bullets: list[str] = []
    open_bullet = False
    for row in text.splitlines():
        if row.startswith("  - "):
            bullets.append(row[4:].strip())
            open_bullet = True
        elif open_bullet and row.startswith("    ") and row.strip():
            bullets[-1] += " " + row.strip()
        else:
            open_bullet = False
    return bullets, text


CASES = {
    # name: (which order, card shown, the resolution the line ends on, where the refund goes)
    "paypal": (lambda s: (next(o for o, _ in demo_orders(s) if o.number == THOMPSON), 1),
               False, Resolution.REFUND, "Refund to the original PayPal payment."),
    "gift card": (gift_card_order, False, Resolution.REFUND,
                  "Refund to the original gift card payment."),
    "card shown": (lambda s: refundable_line(s, lambda o: kinds(o) == {TenderKind.CARD}),
                   True, Resolution.REFUND, "Refund to the original {card} payment."),
    "card not shown": (lambda s: refundable_line(s, lambda o: kinds(o) == {TenderKind.CARD}),
                       False, Resolution.STORE_CREDIT, ""),
    "mixed": (lambda s: refundable_line(s, lambda o: kinds(o) == {TenderKind.CARD,
                                                                  TenderKind.GIFT_CARD}),
              True, Resolution.REFUND, "Refund to the original payments: "),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_printed_reasons_are_the_screens(open_screen, qtbot: QtBot, case: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    choose, card_shown, resolution, destination = CASES[case]
    screen = open_screen()
    order, line_no = choose(screen)
    cards = [t.label for t in order.tenders if t.kind is TenderKind.CARD]
    destination = destination.format(card=cards[0] if cards else "")
    find(qtbot, screen, order.number, order.billing_last_name)
    view = screen.view
    widget = view.lines[line_no]
    for other_no, other in view.lines.items():  # one line comes back: its reasons on one item
        if other_no != line_no and other.include.isChecked():
            other.include.setChecked(False)
    if not widget.include.isChecked():
        widget.include.setChecked(True)
    for name in EVERYTHING:
        widget.checks[name].setChecked(True)
    view.proof.setChecked(True)
    view.card.setChecked(card_shown)
    idle(qtbot, screen)
    assert widget.resolution_buttons[resolution].isChecked(), widget.reasons.text()
    on_screen = widget.reasons.text().split("\n")
    hint = view.card_hint.text()

    return_id = complete(qtbot, screen)
    printed, paper = printed_reasons(screen, return_id)

    assert printed == on_screen  # each sentence whole, its clause included
    # The demo's home store is SoftMoc's: every sentence ends with the clause it applies.
    assert all(r.endswith(").") and "(SoftMoc: " in r for r in printed), printed
    assert "(SoftMoc: Returns & Exchanges Conditions" in " ".join(paper.split())
    if destination:
        assert any(r.startswith(destination.rstrip(".")) for r in printed), printed
    if not cards:  # PayPal, gift card: no card to show, so none is named anywhere
        assert "original card" not in widget.reasons.text() + paper
        assert hint == f"Paid without a card. {destination}"
    else:
        assert cards[0] in hint
    if case == "paypal":
        assert not any(t.card_last4 for t in order.tenders)
        assert "card" not in widget.reasons.text().lower()
        assert "card" not in paper.lower()
    if case == "card not shown":
        assert any(r.startswith("Refund not possible: it needs the original card used for the "
                                f"purchase ({cards[0]}), which was not shown") for r in printed)
    if case == "mixed":
        said = " ".join(printed).lower()
        assert all(t.label.lower() in said for t in order.tenders)  # each tender named
