"""Shared widgets: money in the store's locale, Enter presses a focused button, long titles wrap."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from storepos.ui.widgets.buttons import BigButton, TouchButton
from storepos.ui.widgets.labels import ElidedLabel
from storepos.ui.widgets.money import MoneyLabel


@pytest.mark.parametrize(("locale", "currency", "shown"), [
    ("en_US", "USD", "$1,234.50"),
    ("en_CA", "CAD", "$1,234.50"),
    ("fr_CA", "CAD", "1\u00a0234,50\u00a0$"),
    ("en_AU", "AUD", "-$1,234.50"),
])
def test_money_label_writes_the_stores_locale(qtbot, locale: str, currency: str, shown: str) -> None:  # type: ignore[no-untyped-def]
    label = MoneyLabel(locale, currency, accessible_name="Refund total")
    qtbot.addWidget(label)
    amount = Decimal("-1234.5") if locale == "en_AU" else Decimal("1234.5")
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
