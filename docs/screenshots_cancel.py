"""Screenshots of cancelling an order at the counter (issue 15), offscreen:

    QT_QPA_PLATFORM=offscreen python docs/screenshots_cancel.py

On a demo chain's Shoe of the Week store (Pitt Street, AUD), with an embedded central service as
the authority: an online order of one pair not yet dispatched is found in Find orders and
"Cancel order…" pressed. Writes docs/screenshots/order-cancel.png (the dialog: the 20 % fee with
the clause it comes from, the refund to the card) and order-cancel-done.png (after "Cancel the
order": what was refunded, the receipt queued), and order-cancel-refused.png (the same order again);
the same three in French (order-cancel-fr.png ...), to see that the longer words fit.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from shots import SIZE, choose_language, save, settle, with_dialog
from sqlalchemy import select

from storepos.central.client import Central
from storepos.central.migrate import upgrade as upgrade_central
from storepos.demo import generate_demo
from storepos.domain.vocabulary import Channel, Fulfillment, Role, TenderKind
from storepos.i18n import set_language
from storepos.persistence.db import make_engine, make_session_factory
from storepos.persistence.migrate import upgrade
from storepos.persistence.models import Customer, Order, OrderLine, Store, Tender, Till, Variant
from storepos.persistence.uow import UnitOfWork
from storepos.services.counter import Counter
from storepos.services.returns.line_holds import LineGate
from storepos.ui.shell.main_window import MainWindow

STORE = "SYD"


def pending_order(counter: Counter) -> str:
    """An online order placed yesterday, one pair at A$189.95 by Visa, not yet dispatched."""
    with UnitOfWork(counter._sessions) as uow:
        s = uow.session
        variant = s.scalars(select(Variant).order_by(Variant.id).limit(1)).one()
        customer = s.scalars(select(Customer).order_by(Customer.last_name).limit(1)).one()
        order = Order(number="SW40917", channel=Channel.ONLINE,
                      fulfillment=Fulfillment.SHIP_TO_HOME, customer_id=customer.id,
                      billing_last_name=customer.last_name, placed_on=date.today(),
                      dispatched_on=None, received_on=None)
        s.add(order)
        s.flush()
        s.add(OrderLine(order_id=order.id, line_no=1, variant_id=variant.id, quantity=1,
                        list_price=variant.list_price, paid=variant.list_price))
        s.add(Tender(order_id=order.id, kind=TenderKind.CARD, amount=variant.list_price,
                     card_brand="VISA", card_last4="4242", auth_ref="A1B2C3"))
        uow.commit()
        return order.number


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    for locale, suffix in (("en_AU", ""), ("fr_CA", "-fr")):
        set_language(locale)  # the dialog's words; French is longer: it must fit too
        shoot(suffix)
    app.processEvents()
    return 0


def shoot(suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "store.db"
        engine = make_engine(str(db))
        upgrade(engine)
        summary = generate_demo(engine, orders=60, seed=3, today=date.today())
        sessions = make_session_factory(engine)
        with sessions() as s:
            prefix = s.scalars(select(Till.prefix).join(Store, Store.id == Till.store_id)
                               .where(Store.code == STORE).order_by(Till.prefix)).first()
        assert prefix is not None
        central = Central.connect(str(Path(folder) / "central.db"))
        upgrade_central(central.engine)
        counter = Counter(sessions, prefix,
                          line_gate=LineGate(central.lines, cancellations=central.cancellations))
        number = pending_order(counter)
        cashier = next(e for e in summary.employees
                       if e.role is Role.CASHIER and e.store_code == STORE)

        window = MainWindow(lambda say: counter)
        window.resize(*SIZE)
        window.show()
        settle(lambda: window.counter is not None)
        view = window.signin.view
        view.number.setText(cashier.number)
        view.pin.setText(cashier.pin)
        choose_language(view)
        view.sign_in.click()
        settle(lambda: window.actor is not None)
        window.navigate("orders", search=number)
        screen = window.screens()["orders"]
        settle(lambda: screen.model.rowCount() == 1)
        screen.view.table.selectRow(0)
        screen.view.cancel_order.click()
        dialog = screen.cancelling.dialog
        settle(lambda: dialog.confirm.isEnabled())
        save(with_dialog(window, dialog), "order-cancel" + suffix)
        dialog.confirm.click()
        settle(lambda: dialog.close_button.isVisible())
        save(with_dialog(window, dialog), "order-cancel-done" + suffix)
        dialog.close_button.click()
        settle()
        screen.view.table.selectRow(0)
        screen.view.cancel_order.click()
        again = screen.cancelling.dialog
        settle(lambda: again.status.property("role") == "error")
        save(with_dialog(window, again), "order-cancel-refused" + suffix)
        again.close()
        window.close()
        central.close()
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
