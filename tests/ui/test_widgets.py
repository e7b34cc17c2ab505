"""Shared widgets: money in the store's locale (the reader's when they read another language),
Enter presses a focused button, long titles wrap."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from storepos.i18n import speaking
from storepos.ui.widgets.buttons import BigButton, TouchButton
from storepos.ui.widgets.labels import ElidedLabel, MessageLine
from storepos.ui.widgets.money import MoneyLabel
from storepos.ui.widgets.scan import ScanAndStatus, scan_field


@pytest.mark.parametrize(("locale", "currency", "reader", "shown"), [
    ("en_US", "USD", "en_US", "$1,234.50"),
    ("en_CA", "CAD", "en_CA", "$1,234.50"),
    ("fr_CA", "CAD", "fr_CA", "1\u00a0234,50\u00a0$"),
    ("en_AU", "AUD", "en_CA", "-$1,234.50"),  # an English reader keeps the store's own ways
    ("en_CA", "CAD", "fr_CA", "1\u00a0234,50\u00a0$"),  # a French cashier in Toronto
])
def test_money_label_writes_the_stores_locale(qtbot, locale: str, currency: str, reader: str,  # type: ignore[no-untyped-def]
                                              shown: str) -> None:
    label = MoneyLabel(locale, currency, accessible_name="Refund total")
    qtbot.addWidget(label)
    amount = Decimal("-1234.5") if locale == "en_AU" else Decimal("1234.5")
    with speaking(reader):
        label.set_amount(amount)
    assert label.text() == shown and label.amount == amount
    assert label.accessibleName() == "Refund total" and label.accessibleDescription() == shown
    label.set_amount(None)
    assert label.text() == ""
    with pytest.raises(TypeError):
        label.set_amount(12.5)  # type: ignore[arg-type]


def test_enter_presses_a_focused_button(qtbot) -> None:  # type: ignore[no-untyped-def]
    button = TouchButton("Refund", accessible_name="Refund to the card")
    qtbot.addWidget(button)
    assert button.accessibleName() == "Refund to the card"
    with qtbot.waitSignal(button.clicked, timeout=2_000):
        QApplication.sendEvent(button, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return,
                                                 Qt.KeyboardModifier.NoModifier))


def test_big_button_wraps_a_long_title_and_elided_label_keeps_the_whole_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    button = BigButton("Gift cards and store credit")
    qtbot.addWidget(button)
    button.resize(220, 120)
    button.show()
    assert button.caption.wordWrap() and button.accessibleName() == "Gift cards and store credit"
    assert button.caption.heightForWidth(100) > button.caption.fontMetrics().height()  # two lines
    label = ElidedLabel("SoftMoc Eaton Centre · Till 1")
    qtbot.addWidget(label)
    assert label.toolTip() == "SoftMoc Eaton Centre · Till 1"


def test_the_approval_dialog_says_what_is_decided_and_its_button_says_the_decision(qtbot) -> None:  # type: ignore[no-untyped-def]
    from storepos.ui.style import apply_style
    from storepos.ui.widgets.approval_dialog import Decision, ManagerApprovalDialog

    override = ManagerApprovalDialog(Decision(
        "Override the policy on warranty claim W-TOR1-000004-5: repair", "Override: repair",
        "The policy does not allow repair; the manager approves it as an override. It is "
        "carried out at once and the claim ticket printed. The customer is told the reason, "
        "which is printed on the ticket, and the shoe goes to the repair shop today."))
    qtbot.addWidget(override)
    apply_style(override)
    override.show()
    qtbot.waitExposed(override)
    assert override.what.text() == ("Override the policy on warranty claim "
                                "W\u2011TOR1\u2011000004\u20115: repair")  # never split
    assert override.approve_button.text() == "Override: repair"
    assert override.approve_button.accessibleName() == "Override: repair"
    assert override.details.isVisible() and "carried out at once" in override.details.text()
    assert "a manager must approve" not in override.what.text().lower()
    # The wrapped title and details take the height they need: the form is never squashed.
    assert override.height() >= override.layout().totalHeightForWidth(override.width())
    assert override.pin.geometry().top() >= override.number.geometry().bottom()
    override.show_busy(True)
    assert override.approve_button.text() == "Checking…" and not override.approve_button.isEnabled()
    override.show_busy(False)
    assert override.approve_button.text() == "Override: repair"  # back to the decision, not "Approve"

    plain = ManagerApprovalDialog("Refund outside the return window")
    qtbot.addWidget(plain)
    assert plain.what.text() == "Refund outside the return window"
    assert plain.approve_button.text() == "Approve" and plain.details.isHidden()


def test_a_scan_field_hands_over_the_scan_and_its_message_line_says_what_happened(qtbot) -> None:  # type: ignore[no-untyped-def]
    class Scanning(QWidget, ScanAndStatus):
        def __init__(self) -> None:
            super().__init__()
            self.scanned: list[str] = []
            self.scan = scan_field("Scan a parcel, then Enter", "Scan a parcel",
                                   self.scanned.append)
            self.status = MessageLine("Scan message")
            layout = QVBoxLayout(self)
            layout.addWidget(self.scan)
            layout.addWidget(self.status)

    view = Scanning()
    qtbot.addWidget(view)
    view.show()
    view.activateWindow()
    view.focus_scan()
    QApplication.processEvents()
    assert view.scan.hasFocus() and view.scan.accessibleName() == "Scan a parcel"
    assert view.scan.placeholderText() == "Scan a parcel, then Enter"
    qtbot.keyClicks(view.scan, "P-TOR1-000002-4")
    qtbot.keyClick(view.scan, Qt.Key.Key_Return)
    assert view.scanned == ["P-TOR1-000002-4"]
    view.show_error("No pickup has that number.")
    assert view.status.text() == "No pickup has that number."
    assert view.status.property("role") == "error"
    view.show_status("Pickup P-TOR1-000002-4 arrived.")
    assert view.status.property("role") == ""
    assert view.status.text() == "Pickup P-TOR1-000002-4 arrived."
    view.clear_scan()
    assert view.scan.text() == ""
