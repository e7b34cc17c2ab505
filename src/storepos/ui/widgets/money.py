"""Money on screen, in the store's locale ("$1,234.50", "1 234,50 $"): never a float."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QLabel, QWidget

from storepos.i18n import _
from storepos.i18n.formats import money
from storepos.services.base.reader import reader_locale
from storepos.ui.style import set_role


class MoneyLabel(QLabel):
    """A label that shows a Decimal amount the way this store writes it."""

    def __init__(self, locale: str, currency: str, parent: QWidget | None = None, *,
                 accessible_name: str = "") -> None:
        super().__init__(parent)
        self._locale, self._currency = locale, currency
        self._amount: Decimal | None = None
        self.setAccessibleName(accessible_name or _("Amount"))
        set_role(self, "money")

    @property
    def amount(self) -> Decimal | None:
        return self._amount

    def set_amount(self, amount: Decimal | None) -> None:
        if amount is not None and not isinstance(amount, Decimal):
            raise TypeError("MoneyLabel takes a Decimal amount, never a float.")
        self._amount = amount
        text = "" if amount is None else money(amount, self._currency,
                                                reader_locale(self._locale))
        self.setText(text)
        self.setAccessibleDescription(text)
