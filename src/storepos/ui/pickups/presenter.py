"""The pickup screen's logic: lists by status with counts, scanning parcels in, the moves, and the
hand-over (ID check, manager approval on a name mismatch, payment for unpaid orders, receipt).

Plain Python: every service step goes through `run` (AppContext.run: off the GUI thread, one
transaction) and comes back to the view's setters. Unit-tested with a fake view and a fake of the
feature's door (`PickupsDoor`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from storepos.domain.pickups import WAITING, NotifyChannel, PickupListStatus, id_matches
from storepos.domain.vocabulary import PickupStatus, Role, TenderKind
from storepos.i18n import N_, _, ngettext
from storepos.services.pickups.api import HandedOver, Listing, PickupsDoor, PickupsServices, Scanned
from storepos.services.pickups.handover import mismatch_binding
from storepos.services.pickups.status import PickupRow
from storepos.services.returns.types import Payment
from storepos.services.staff.approvals import Approval
from storepos.ui.pickups.model import PickupLine
from storepos.ui.warranty.steps import Place, Run, Steps, plain_words
from storepos.ui.widgets.decision import Decision

L = PickupListStatus
TABS = (L.IN_TRANSIT, L.ARRIVED, L.READY, L.NOTIFIED, L.OVERDUE, L.COLLECTED, L.SENT_BACK)
# Words chosen at import, translated where shown (_()).
TAB_WORDS = {
    L.IN_TRANSIT: N_("In transit"), L.ARRIVED: N_("Arrived"), L.READY: N_("Ready"),
    L.NOTIFIED: N_("Notified"), L.OVERDUE: N_("Overdue"), L.COLLECTED: N_("Collected"),
    L.SENT_BACK: N_("Sent back"),
}
# "Pickup P-… is {status}." for a pickup on a tab with no sentence of its own.
WHERE_WORDS = {
    L.IN_TRANSIT: N_("Pickup {number} is in transit."),
    L.ARRIVED: N_("Pickup {number} has arrived."),
    L.READY: N_("Pickup {number} is ready."),
    L.NOTIFIED: N_("Pickup {number} is waiting for the customer (notified)."),
    L.OVERDUE: N_("Pickup {number} is overdue."),
    L.COLLECTED: N_("Pickup {number} was collected."),
    L.SENT_BACK: N_("Pickup {number} was sent back."),
}
EMPTY_WORDS = {
    L.IN_TRANSIT: N_("No parcels on their way to this store."),
    L.ARRIVED: N_("Nothing waiting to be marked ready."),
    L.READY: N_("No pickups ready and waiting to be notified."),
    L.NOTIFIED: N_("No notified customers waiting to collect."),
    L.OVERDUE: N_("Nothing overdue: no parcels to send back."),
    L.COLLECTED: N_("No pickups collected yet."),
    L.SENT_BACK: N_("Nothing sent back."),
}
CHANNEL_WORDS = {NotifyChannel.EMAIL: N_("E-mail"), NotifyChannel.PHONE: N_("Phone"),
                 NotifyChannel.SMS: N_("Text message")}
TOLD_WORDS = {
    NotifyChannel.EMAIL: N_("Recorded: {customer} was told by e-mail that pickup {number} is ready."),
    NotifyChannel.PHONE: N_("Recorded: {customer} was told by phone that pickup {number} is ready."),
    NotifyChannel.SMS: N_("Recorded: {customer} was told by text message that pickup {number} is "
                          "ready."),
}
# What the customer can pay with at the counter, in the order the dialog lists them.
PAY_METHODS = (TenderKind.CASH, TenderKind.CARD, TenderKind.INTERAC, TenderKind.GIFT_CARD,
               TenderKind.STORE_CREDIT)
PAY_WORDS = {TenderKind.CASH: N_("Cash"), TenderKind.CARD: N_("Card"),
             TenderKind.INTERAC: N_("Interac"), TenderKind.GIFT_CARD: N_("Gift card"),
             TenderKind.STORE_CREDIT: N_("Store credit")}
HANDS_OVER = (Role.CASHIER, Role.MANAGER)
SENDS_BACK = (Role.STOCK, Role.MANAGER)


@dataclass(frozen=True, slots=True)
class Actions:
    ready: bool = False
    notify: bool = False
    hand_over: bool = False
    send_back: bool = False


@dataclass(frozen=True, slots=True)
class HandOverInfo:
    """What the hand-over dialog shows."""

    pickup_number: str
    order_number: str
    customer: str
    amount_due: str  # formatted; "" when the order is paid
    methods: tuple[tuple[TenderKind, str], ...]
    note: str = ""  # e.g. "Not marked ready yet: handing it over marks it ready."


@dataclass(frozen=True, slots=True)
class HandOverForm:
    """What staff typed and ticked in the hand-over dialog."""

    id_last_name: str
    photo_id_checked: bool
    method: TenderKind | None = None
    card_brand: str = ""
    card_last4: str = ""
    reference: str = ""  # the card terminal's authorisation reference
    account_number: str = ""  # gift card / store credit


class PickupsViewPort(Protocol):
    def show_title(self, text: str) -> None: ...
    def show_busy(self, busy: bool) -> None: ...
    def show_tabs(self, labels: list[str], current: int) -> None: ...
    def show_lines(self, lines: list[PickupLine]) -> None: ...
    def show_empty(self, text: str) -> None: ...
    def select_row(self, row: int) -> None: ...
    def show_actions(self, actions: Actions) -> None: ...
    def show_status(self, text: str) -> None: ...
    def show_error(self, text: str) -> None: ...
    def clear_scan(self) -> None: ...
    def open_hand_over(self, info: HandOverInfo) -> None: ...
    def show_hand_over_error(self, text: str) -> None: ...
    def close_hand_over(self) -> None: ...
    def open_notify(self, title: str, channels: list[tuple[NotifyChannel, str]]) -> None: ...
    def show_notify_error(self, text: str) -> None: ...
    def close_notify(self) -> None: ...


AskApproval = Callable[[Decision, Callable[[Approval], None]], None]


class PickupsPresenter:
    def __init__(self, view: PickupsViewPort, run: Run, place: Place,
                 role: Callable[[], Role | None], ask_approval: AskApproval,
                 api: PickupsDoor | None = None) -> None:
        self._view, self._run, self._place, self._role = view, run, place, role
        self._ask_approval = ask_approval
        self._api = api or PickupsServices()
        self._tab = L.READY
        self._counts: dict[PickupListStatus, int] = dict.fromkeys(TABS, 0)
        self._rows: tuple[PickupRow, ...] = ()
        self._selected: PickupRow | None = None
        self._handing: PickupRow | None = None  # the pickup in the open hand-over dialog
        self._notifying: PickupRow | None = None
        self._start = Steps(run, view.show_busy, view.show_error)
        view.show_title(_("{store}: pickups").format(store=place.store_name))

    # -- formatting ------------------------------------------------------------------------
    def money(self, value: Decimal) -> str:
        return self._place.money(value)

    def day(self, value: date | datetime | None) -> str:
        return self._place.day(value)

    def line(self, row: PickupRow) -> PickupLine:
        status = _(TAB_WORDS[row.list_status])
        if row.list_status is L.OVERDUE:
            days = row.days_overdue
            status = ngettext("Overdue, {n} day", "Overdue, {n} days", days).format(n=days)
        return PickupLine(
            number=row.number, order_number=row.order_number, customer=row.customer_name,
            status=status, arrived=self.day(row.arrived_at), hold_until=self.day(row.hold_until),
            to_pay=self.money(row.amount_due) if row.amount_due > 0 else _("Paid"),
            late=row.list_status is L.OVERDUE,
        )

    # -- the list --------------------------------------------------------------------------
    def start(self, pickup: str | None = None) -> None:
        """The screen is shown (from home with a scanned code, or from the menu)."""
        if pickup:
            self.scan(pickup)
        else:
            self.load()

    def show_tab(self, index: int) -> None:
        if 0 <= index < len(TABS) and TABS[index] is not self._tab:
            self._tab = TABS[index]
            self.load()

    def load(self, select: str | None = None, then: Callable[[], None] | None = None) -> None:
        tab = self._tab
        self._start(lambda s, a: self._api.load(s, a, tab),
                    lambda listing: self._loaded(listing, select, then))

    def _loaded(self, listing: Listing, select: str | None,
                then: Callable[[], None] | None) -> None:
        self._counts = dict(listing.counts)
        self._rows = tuple(listing.rows)
        labels = [_("{tab} ({count})").format(tab=_(TAB_WORDS[t]), count=self._counts.get(t, 0))
                  for t in TABS]
        self._view.show_tabs(labels, TABS.index(self._tab))
        self._view.show_lines([self.line(r) for r in self._rows])
        self._view.show_empty("" if self._rows else _(EMPTY_WORDS[self._tab]))
        wanted = select or (self._selected.number if self._selected else None)
        index = next((i for i, r in enumerate(self._rows) if r.number == wanted), -1)
        if index < 0 and self._rows:
            index = 0
        self._view.select_row(index)
        self.select(index)
        if then:
            then()

    def select(self, index: int) -> None:
        self._selected = self._rows[index] if 0 <= index < len(self._rows) else None
        self._view.show_actions(self._actions(self._selected))

    def _actions(self, row: PickupRow | None) -> Actions:
        if row is None:
            return Actions()
        role = self._role()
        return Actions(
            ready=row.status is PickupStatus.ARRIVED,
            notify=row.status in (PickupStatus.READY, PickupStatus.NOTIFIED),
            hand_over=row.status in WAITING and role in HANDS_OVER,
            send_back=row.list_status is L.OVERDUE and role in SENDS_BACK,
        )

    @property
    def selected(self) -> PickupRow | None:
        return self._selected

    # -- scanning --------------------------------------------------------------------------
    def scan(self, code: str) -> None:
        code = code.strip()
        if not code:
            self._view.show_error(_("Scan or type the pickup number or the order number."))
            return
        self._start(lambda s, a: self._api.scan(s, a, code), self._scanned)

    def _scanned(self, scanned: Scanned) -> None:
        row = scanned.row
        self._view.clear_scan()
        self._tab = row.list_status
        if scanned.arrived_now:
            self._view.show_status(_(
                "Pickup {number} (order {order}) arrived: held for {customer} until {day}. Put "
                "it on the pickup shelf, then mark it ready.").format(
                    number=row.number, order=row.order_number, customer=row.customer_name,
                    day=self.day(row.hold_until)))
            self.load(select=row.number)
            return
        if row.status in WAITING and self._role() in HANDS_OVER:
            self._view.show_status(_("Pickup {number} for {customer}: check the photo ID to "
                                     "hand it over.").format(number=row.number,
                                                             customer=row.customer_name))
            self.load(select=row.number, then=lambda: self._open_hand_over(row))
            return
        self._view.show_status(self._where(row))
        self.load(select=row.number)

    def _where(self, row: PickupRow) -> str:
        if row.status is PickupStatus.COLLECTED:
            return _("Pickup {number} was collected on {day}.").format(
                number=row.number, day=self.day(row.collected_at))
        if row.status is PickupStatus.SENT_BACK:
            return _("Pickup {number} was sent back on {day}.").format(
                number=row.number, day=self.day(row.sent_back_at))
        if row.status is PickupStatus.ARRIVED:
            return _("Pickup {number} has arrived; mark it ready once it is on the shelf.").format(
                number=row.number)
        return _(WHERE_WORDS[row.list_status]).format(number=row.number)

    # -- moves -----------------------------------------------------------------------------
    def mark_ready(self) -> None:
        row = self._selected
        if row is None:
            return
        def ready(new: PickupRow) -> None:
            self._view.show_status(_("Pickup {number} is ready on the shelf. Tell {customer} it "
                                     "can be collected.").format(number=new.number,
                                                                 customer=new.customer_name))
            self.load(select=new.number)

        self._start(lambda s, a: self._api.mark_ready(s, a, row.number), ready)

    def open_notify(self) -> None:
        row = self._selected
        if row is None:
            return
        self._notifying = row
        if row.status is PickupStatus.NOTIFIED:
            question = _("How was {customer} told again that order {order} is ready?")
        else:
            question = _("How was {customer} told that order {order} is ready?")
        self._view.open_notify(
            question.format(customer=row.customer_name, order=row.order_number),
            [(channel, _(words)) for channel, words in CHANNEL_WORDS.items()])

    def notify(self, how: NotifyChannel | None, note: str) -> None:
        row = self._notifying
        if row is None:
            return
        if how is None:
            self._view.show_notify_error(_("Choose how the customer was told: e-mail, phone or "
                                         "text message."))
            return

        def done(new: PickupRow) -> None:
            self._notifying = None
            self._view.close_notify()
            self._view.show_status(_(TOLD_WORDS[how]).format(customer=new.customer_name,
                                                             number=new.number))
            self.load(select=new.number)

        self._start(lambda s, a: self._api.notify(s, a, row.number, how, note), done,
                    lambda exc: self._view.show_notify_error(plain_words(exc)))

    def cancel_notify(self) -> None:
        self._notifying = None

    def send_back(self) -> None:
        row = self._selected
        if row is None:
            return
        def sent_back(new: PickupRow) -> None:
            self._view.show_status(_("Pickup {number} (order {order}) is on the send-back list: "
                                     "pack it for the warehouse.").format(
                                         number=new.number, order=new.order_number))
            self.load()

        self._start(lambda s, a: self._api.send_back(s, a, row.number), sent_back)

    # -- hand-over -------------------------------------------------------------------------
    def open_hand_over(self) -> None:
        if self._selected is not None:
            self._open_hand_over(self._selected)

    def _open_hand_over(self, row: PickupRow) -> None:
        if row.status not in WAITING:
            self._view.show_error(self._where(row))
            return
        self._handing = row
        note = ""
        if row.status is PickupStatus.ARRIVED:
            note = _("Not marked ready yet: handing it over marks it ready first.")
        self._view.open_hand_over(HandOverInfo(
            row.number, row.order_number, row.customer_name,
            self.money(row.amount_due) if row.amount_due > 0 else "",
            tuple((m, _(PAY_WORDS[m])) for m in PAY_METHODS), note))

    def cancel_hand_over(self) -> None:
        self._handing = None

    def hand_over(self, form: HandOverForm) -> None:
        row = self._handing
        if row is None:
            return
        typed = " ".join(form.id_last_name.split())
        if not form.photo_id_checked:
            self._view.show_hand_over_error(
                _("Check the customer's photo ID, then tick \u201cPhoto ID checked\u201d."))
            return
        if not typed:
            self._view.show_hand_over_error(_("Type the last name shown on the photo ID."))
            return
        if row.amount_due > 0 and form.method is None:
            self._view.show_hand_over_error(
                _("Order {order} has {amount} to pay: choose how the customer pays.").format(
                    order=row.order_number, amount=self.money(row.amount_due)))
            return
        payments: tuple[Payment, ...] = ()
        if row.amount_due > 0 and form.method is not None:
            payments = (Payment(form.method, row.amount_due,
                                card_brand=form.card_brand.strip() or None,
                                card_last4=form.card_last4.strip() or None,
                                account_number=form.account_number.strip() or None,
                                reference=form.reference.strip() or None),)
        if id_matches(typed, row.billing_last_name):
            self._hand_over(row, typed, payments, None)
            return
        self._view.show_hand_over_error(_(
            "The name on the ID ({typed}) does not match the name on order {order} ({billing}). "
            "Don't hand it over unless a manager approves.").format(
                typed=typed, order=row.order_number, billing=row.billing_last_name))
        self._ask_approval(Decision(
            _("Hand over order {order} to {typed}").format(order=row.order_number, typed=typed),
            _("Hand over"),
            _("The billing name is {billing}, not {typed}. Type why it is all right (e.g. "
              "married name).").format(billing=row.billing_last_name, typed=typed),
            mismatch_binding(row.number)),
            lambda approval: self._hand_over(row, typed, payments, approval))

    def _hand_over(self, row: PickupRow, typed: str, payments: tuple[Payment, ...],
                   approval: Approval | None) -> None:
        first = row.status is PickupStatus.ARRIVED
        self._start(
            lambda s, a: self._api.hand_over(
                s, a, row.number, id_last_name=typed, photo_id_checked=True,
                payments=payments, approval=approval, mark_ready_first=first),
            self._handed_over, lambda exc: self._view.show_hand_over_error(plain_words(exc)))

    def _handed_over(self, done: HandedOver) -> None:
        summary = done.summary
        self._handing = None
        self._view.close_hand_over()
        words = [_("Order {order} handed over to {customer}.").format(
            order=summary.order_number, customer=summary.customer_name)]
        if summary.paid_now:
            words.append(_("Paid {amount} by {tenders}.").format(
                amount=self.money(summary.amount_paid_now),
                tenders=", ".join(t.label for t in summary.paid_now)))
        if summary.approved_by:
            words.append(_("Name approved by {manager}.").format(manager=summary.approved_by))
        words.append(done.paper.sentence)
        self._view.show_status(" ".join(words))
        self.load()

    # -- leaving ---------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._start.pending > 0
