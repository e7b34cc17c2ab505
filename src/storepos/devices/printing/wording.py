"""The vocabulary and number formats printed on documents, in the document's language.

Every word is a gettext message (English source, French in ``locale/fr_CA/.../documents.po``):
the layouts write ``_("Order")``; the words chosen from a code (a reason, a decision, a tender, a
claim status, a title) are marked here with ``N_`` and translated where printed. A document is
laid out inside ``with speaking(document_locale(header))``: the customer's language when the
counter chose one for this copy, else the store's. Amounts and dates come from CLDR (Babel):
"$140.00", "140,00 $", "1.234,50 €"; times are shown in the store's own zone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from storepos.i18n import N_, _, pgettext
from storepos.i18n import formats as f

TITLES = {
    "refund_receipt": N_("REFUND"), "cancellation_receipt": N_("ORDER CANCELLED"),
    "exchange_receipt": N_("EXCHANGE"),
    "gift_card": N_("GIFT CARD"), "store_credit": N_("STORE CREDIT"),
    "return_slip": N_("RETURN SLIP"), "pickup_receipt": N_("PICKUP"),
    "warranty_ticket": N_("WARRANTY CLAIM"), "test_page": N_("PRINTER TEST"),
}
COPY_MARKS = {"copy": N_("COPY"), "reprint": N_("REPRINT")}
REASONS = {
    "change_of_mind": N_("Change of mind"), "wrong_size": N_("Wrong size"),
    "wrong_item": N_("Wrong item sent"), "defective": N_("Defective"),
}
# A decision and a claim's status in context: "Refund" the outcome (a noun), "Open" the claim
# (feminine in French), not the buttons of the same English words.
DECISIONS: dict[str, Callable[[], str]] = {
    "refund": lambda: pgettext("decision", "Refund"),
    "exchange": lambda: pgettext("decision", "Exchange"),
    "store_credit": lambda: pgettext("decision", "Store credit"),
    "replacement": lambda: pgettext("decision", "Replacement"),
    "repair": lambda: pgettext("decision", "Repair"),
    "denied": lambda: pgettext("decision", "Not accepted"),
}
TENDERS = {
    "card": N_("Card"), "paypal": N_("PayPal"), "gift_card": N_("Gift card"),
    "store_credit": N_("Store credit"), "cash": N_("Cash"), "interac": N_("Interac"),
    "cheque": N_("Cheque"), "money_order": N_("Money order"), "pay_offline": N_("Pay offline"),
}
STATUSES: dict[str, Callable[[], str]] = {
    "open": lambda: pgettext("claim status", "Open"),
    "submitted": lambda: pgettext("claim status", "Submitted"),
    "approved": lambda: pgettext("claim status", "Approved"),
    "denied": lambda: pgettext("claim status", "Denied"),
    "completed": lambda: pgettext("claim status", "Completed"),
}
_MARKED = {"reason": REASONS, "tender": TENDERS}
_WORDED = {"decision": DECISIONS, "status": STATUSES}


class Wording:
    """Formats for one document: its locale, the store's currency and time zone."""

    def __init__(self, locale: str = "en_US", currency: str = "USD", time_zone: str = "UTC"):
        self.locale = locale.replace("-", "_")
        self.currency = currency
        self.zone = ZoneInfo(time_zone)

    def term(self, group: str, value: str) -> str:
        """A vocabulary value in words: term("reason", "wrong_size") -> "Wrong size"."""
        if not value:
            return ""
        if group in _WORDED:
            worded = _WORDED[group].get(value)
            if worded is not None:
                return worded()
        else:
            marked = _MARKED[group].get(value)
            if marked is not None:
                return _(marked)
        return value.replace("_", " ").capitalize()

    @property
    def tender_names(self) -> dict[str, str]:
        return {kind: _(words) for kind, words in TENDERS.items()}

    def money(self, value: Decimal) -> str:
        return f.money(value, self.currency, self.locale)

    def signed_money(self, value: Decimal) -> str:
        """An adjustment: "-$0.02", "+$0.03"."""
        text = self.money(value)
        return text if value <= 0 else "+" + text

    def day(self, value: date) -> str:
        return f.day(value, self.locale)

    def local_time(self, when: datetime) -> datetime:
        return when.astimezone(self.zone)

    def clock(self, when: datetime) -> str:
        """The time of day in the store's zone: "2:05 p.m." (en_CA), "14 h 05" (fr_CA)."""
        return f.clock(self.local_time(when), self.locale)

    def timestamp(self, when: datetime) -> str:
        """2025-02-01 14:05 EST (HNE in French): unambiguous in every language, in the store's
        zone."""
        from babel.dates import format_datetime

        local = self.local_time(when)
        zone = format_datetime(local, "z", locale=self.locale)
        if " " in zone or zone.startswith(("+", "-", "GMT", "UTC")):  # no short name in CLDR
            zone = local.tzname() or ""
        return f"{local:%Y-%m-%d %H:%M} {zone}".rstrip()
