"""What the pickup and warranty presenters share (plain Python): the store's formatting, errors in
plain words, and a step runner that keeps the busy indicator on while any step is under way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar
from zoneinfo import ZoneInfo

from storepos.domain.errors import StoreposError
from storepos.i18n import N_, _
from storepos.i18n.formats import day, money
from storepos.services.base.reader import reader_locale
from storepos.services.base.work import RunWork, Work
from storepos.services.pickups import words as pickup_words
from storepos.services.warranty import words as warranty_words

Run = RunWork  # AppContext.run: (action(session, actor), on_success, on_failure), off the GUI thread
T = TypeVar("T")  # what a step's action returns and its on_ok takes


@dataclass(frozen=True, slots=True)
class Place:
    """What a screen formats with (from AppContext.place)."""

    store_name: str
    locale: str
    currency: str
    time_zone: str

    def money(self, value: Decimal) -> str:
        return money(value, self.currency, reader_locale(self.locale))

    def day(self, value: date | datetime | None) -> str:
        """A store-local calendar date in the locale's words; "—" when there is none."""
        if value is None:
            return "—"
        if isinstance(value, datetime):
            value = value.astimezone(ZoneInfo(self.time_zone)).date()
        return day(value, reader_locale(self.locale))


# The domain's fixed sentences that reach these screens as an error's message: marked here so the
# catalogue holds them, and worded by plain_words with _(message) (a test keeps them equal).
DOMAIN_SENTENCES = (
    N_("That looks like a full card number; never type card numbers here. Use the last 4 digits."),
    N_("That number is not complete. It looks like R-TOR1-000123-8."),
    N_("That number has a typing mistake. Check each character and type it again."),
    N_("That is not an amount: type it with digits, like 25.00."),
    N_("Type the amount first."),
    N_("Type the amount without a minus sign."),
    N_("An amount has at most two decimals, like 25.50."),
    N_("That amount is too large: one entry is at most 999,999.99."),
    N_("Put commas only between groups of three digits, like 1,234.50."),
    N_("Put spaces only between groups of three digits, like 1 234,50."),
    N_("The pickup hold period cannot be negative."),
)


def plain_words(exc: Exception) -> str:
    """What went wrong, as the service said it; never a traceback."""
    if isinstance(exc, StoreposError):
        for worder in (pickup_words.refusal, warranty_words.refusal):
            said = worder(exc)
            if said is not None:
                return said
        return _(exc.message)  # a fixed sentence is in the catalogue under its English words
    message = getattr(exc, "message", None)
    if message:
        return _(str(message))
    return _("That did not work ({problem}). Try again, or call a manager.").format(
        problem=str(exc) or type(exc).__name__)


class Steps:
    """Runs service steps through `run`; `show_busy(True)` while any is under way."""

    def __init__(self, run: Run, show_busy: Callable[[bool], None],
                 show_error: Callable[[str], None]) -> None:
        self._run, self._show_busy, self._show_error = run, show_busy, show_error
        self.pending = 0

    def __call__(self, action: Work[T], on_ok: Callable[[T], None],
                 on_err: Callable[[Exception], None] | None = None) -> None:
        self.pending += 1
        self._show_busy(True)

        def done() -> None:
            self.pending -= 1
            if not self.pending:
                self._show_busy(False)

        def ok(value: T) -> None:
            done()
            on_ok(value)

        def failed(exc: Exception) -> None:
            done()
            if on_err is not None:
                on_err(exc)
            else:
                self._show_error(plain_words(exc))

        self._run(action, ok, failed)
