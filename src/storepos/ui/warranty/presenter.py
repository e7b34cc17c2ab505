"""The warranty screen's logic: open a claim (from an order line or a proof of purchase), the
inspection form with photos, submit it, and show or print claim tickets. The managers' queue and
decisions are in `queue_presenter`.

Plain Python: every step goes through `run` (AppContext.run: off the GUI thread, one transaction)
and back to the view's setters. What staff type is kept as a draft per claim until it is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from storepos.domain.vocabulary import Resolution, Role, WarrantyStatus
from storepos.domain.warranty import DefectCategory
from storepos.i18n import _, ngettext
from storepos.services.base.order_lookup import OrderView
from storepos.services.warranty import words
from storepos.services.warranty.api import (
    ClaimFile,
    Decided,
    Inspection,
    WarrantyDoor,
    WarrantyServices,
)
from storepos.services.warranty.types import ClaimTicket, ClaimView, PhotoInfo
from storepos.ui.warranty.model import ClaimLine
from storepos.ui.warranty.steps import Place, Run, Steps, plain_words

W = WarrantyStatus
PAGES = ("start", "inspection", "queue", "ticket")
DEFECTS = tuple((c, words.DEFECTS[c]) for c in DefectCategory)  # worded when shown: _()


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class LineChoice:
    line_no: int
    text: str
    can_claim: bool


@dataclass(frozen=True, slots=True)
class OrderFound:
    heading: str
    lines: tuple[LineChoice, ...]


@dataclass(frozen=True, slots=True)
class ClaimHeading:
    number: str
    status: str
    details: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TicketInfo:
    number: str
    title: str
    rows: tuple[tuple[str, str], ...]
    can_complete_repair: bool = False


class WarrantyViewPort(Protocol):
    def show_title(self, text: str) -> None: ...
    def show_busy(self, busy: bool) -> None: ...
    def show_status(self, text: str) -> None: ...
    def show_error(self, text: str) -> None: ...
    def show_page(self, name: str) -> None: ...
    def show_queue_button(self, visible: bool, count: int) -> None: ...
    def show_claims(self, lines: list[ClaimLine]) -> None: ...
    def show_order(self, found: OrderFound | None) -> None: ...
    def clear_open_forms(self) -> None: ...
    def show_claim(self, heading: ClaimHeading, form: Inspection,
                   photos: list[str]) -> None: ...
    def add_photo(self, name: str) -> None: ...
    def show_ticket(self, info: TicketInfo) -> None: ...


def claim_line(claim: ClaimView, place: Place) -> ClaimLine:
    return ClaimLine(claim.number, place.day(claim.created_at), claim.item.description,
                     claim.customer_name or "—", words.status_label(claim.status))


def line_words(line_no: int, description: str, quantity: int, remaining: int) -> str:
    """An order line to choose: "2. Blundstone 500, 9 ×2 (already came back)"."""
    text = _("{line}. {item}").format(line=line_no, item=description)
    if quantity > 1:
        text = _("{line} \u00d7{quantity}").format(line=text, quantity=quantity)
    if not remaining:
        text = _("{line} (already came back)").format(line=text)
    return text


def ticket_info(ticket: ClaimTicket, place: Place) -> TicketInfo:
    """The claim ticket in words, as the screen shows it after a decision or on request."""
    rows: list[tuple[str, str]] = [(_("Status"), words.status_label(ticket.status))]
    if ticket.customer_name:
        rows.append((_("Customer"), ticket.customer_name))
    if ticket.order_number:
        rows.append((_("Order"), ticket.order_number))
    if ticket.proof_of_purchase:
        rows.append((_("Proof of purchase"), ticket.proof_of_purchase))
    if ticket.purchased_on:
        rows.append((_("Bought on"), place.day(ticket.purchased_on)))
    rows.append((_("Item"), ticket.item.description))
    if ticket.defect:
        rows.append((_("Defect"), words.defect_of_ticket(ticket.defect)))
    if ticket.findings:
        rows.append((_("Inspection"), ", ".join(words.finding_words(ticket.findings))))
    if ticket.notes:
        rows.append((_("Notes"), ticket.notes))
    if ticket.photo_count:
        rows.append((_("Photos"), str(ticket.photo_count)))
    if ticket.allowed or ticket.policy_reasons:
        allowed = words.outcomes(ticket.allowed) or _("nothing")
        rows.append((_("Policy allows"), capital(allowed)))
    if ticket.outcome:
        outcome = words.outcome_label(ticket.outcome)
        if ticket.overridden:
            outcome = _("{outcome} (manager override)").format(outcome=outcome)
        rows.append((_("Outcome"), outcome))
    if ticket.decision_reason:
        rows.append((_("Reason"), ticket.decision_reason))
    if ticket.decided_by:
        rows.append((_("Decided by"), _("{manager}, {day}").format(
            manager=ticket.decided_by, day=place.day(ticket.decided_at))))
    if ticket.refunded is not None:
        refunded = place.money(ticket.refunded)
        if ticket.refund_return_number:
            said = _("{amount} to the original payment (return {number})").format(
                amount=refunded, number=ticket.refund_return_number)
        else:
            said = _("{amount} to the original payment").format(amount=refunded)
        rows.append((_("Refunded"), said))
    if ticket.gift_card_number and ticket.gift_card_amount is not None:
        rows.append((_("Gift card"), _("{number}: {amount}").format(
            number=ticket.gift_card_number, amount=place.money(ticket.gift_card_amount))))
    if ticket.replacement:
        rows.append((_("Replacement"), ticket.replacement))
    repair = ticket.status is W.APPROVED and ticket.outcome is Resolution.REPAIR
    return TicketInfo(ticket.claim_number,
                      _("Warranty claim {number}").format(number=ticket.claim_number),
                      tuple(rows), can_complete_repair=repair)


class WarrantyPresenter:
    def __init__(self, view: WarrantyViewPort, run: Run, place: Place,
                 role: Callable[[], Role | None], go_home: Callable[[], None],
                 api: WarrantyDoor | None = None) -> None:
        self._view, self._place, self._role, self._go_home = view, place, role, go_home
        self._api = api or WarrantyServices()
        self._steps = Steps(run, view.show_busy, view.show_error)
        self._page = "start"
        self._back_to = "start"
        self._order: OrderView | None = None
        self._claim: ClaimView | None = None  # on the inspection page
        self._ticket: str | None = None  # on the ticket page
        self._drafts: dict[str, Inspection] = {}
        self._saved = Inspection(None, "", False, False, False)  # the claim's form as stored
        self.open_queue: Callable[[str | None], None] = lambda number: None  # set by the screen
        view.show_title(_("{store}: warranty claims").format(store=place.store_name))

    @property
    def busy(self) -> bool:
        return self._steps.pending > 0

    @property
    def page(self) -> str:
        return self._page

    def to_queue(self, number: str | None = None) -> None:
        """The managers' queue (QueuePresenter.open, set by the screen)."""
        if self._role() is Role.MANAGER:
            self._page = "queue"
        self.open_queue(number)

    def _show(self, page: str) -> None:
        self._page = page
        self._view.show_page(page)

    # -- the start page --------------------------------------------------------------------
    def start(self, claim: str | None = None) -> None:
        self._show("start")
        self.load_claims()
        if claim:
            self.open_claim(claim)

    def load_claims(self) -> None:
        manager = self._role() is Role.MANAGER

        def loaded(claims: tuple[ClaimView, ...]) -> None:
            self._view.show_claims([claim_line(c, self._place) for c in claims])
            waiting = sum(1 for c in claims if c.status is W.SUBMITTED)
            self._view.show_queue_button(manager, waiting)

        self._steps(lambda s, a: self._api.recent(s, a), loaded)

    def find_order(self, number: str, last_name: str) -> None:
        def found(order: OrderView) -> None:
            self._order = order
            lines = tuple(LineChoice(ln.line_no, line_words(ln.line_no, ln.description,
                                                            ln.quantity, ln.remaining),
                                     ln.remaining > 0)
                          for ln in order.lines)
            self._view.show_order(OrderFound(
                _("Order {number}, {name}, bought {day}. Choose the pair:").format(
                    number=order.number, name=order.billing_last_name,
                    day=self._place.day(order.placed_on)), lines))
            self._view.show_status(_("Order {number} found.").format(number=order.number))

        self._view.show_order(None)
        self._order = None
        self._steps(lambda s, a: self._api.find_order(s, a, number, last_name), found)

    def open_from_order(self, line_no: int | None) -> None:
        order = self._order
        if order is None:
            self._view.show_error(_("Find the order first: its number and the billing last name."))
            return
        if line_no is None:
            self._view.show_error(_("Choose the pair the claim is for."))
            return
        self._steps(lambda s, a: self._api.open_from_order(s, a, order.id, line_no),
                    self._opened)

    def open_from_proof(self, proof: str, item: str) -> None:
        self._steps(lambda s, a: self._api.open_from_proof(s, a, proof, item), self._opened)

    def _opened(self, file: ClaimFile) -> None:
        self._view.clear_open_forms()
        self._order = None
        self._view.show_status(_("Claim {number} opened. Inspect the shoe and fill in the "
                                 "form.").format(number=file.claim.number))
        self._inspect(file)

    def open_claim(self, number: str) -> None:
        number = number.strip()
        if not number:
            self._view.show_error(_("Scan the claim ticket or type the claim number."))
            return

        def got(file: ClaimFile) -> None:
            claim = file.claim
            if claim.status is W.OPEN:
                self._inspect(file)
            elif claim.status is W.SUBMITTED and self._role() is Role.MANAGER:
                self.to_queue(claim.number)
            else:
                self.show_ticket(claim.number)

        self._steps(lambda s, a: self._api.claim(s, a, number), got)

    # -- the inspection page ---------------------------------------------------------------
    def _inspect(self, file: ClaimFile) -> None:
        claim = file.claim
        self._claim = claim
        saved = Inspection(claim.defect_category, claim.notes,
                           claim.inspection.defect_confirmed, claim.inspection.wear_and_tear,
                           claim.inspection.misuse)
        self._saved = saved
        form = self._drafts.get(claim.number, saved)
        details = [claim.item.description]
        if claim.order_number:
            details.append(_("{customer}, order {order}, bought {day}").format(
                customer=claim.customer_name or _("Customer"), order=claim.order_number,
                day=self._place.day(claim.placed_on)))
        else:
            details.append(_("Proof of purchase: {proof}").format(proof=claim.proof_of_purchase))
        self._show("inspection")
        self._view.show_claim(ClaimHeading(claim.number, words.status_label(claim.status),
                                           tuple(details)), form, list(file.photo_names))

    def form_changed(self, form: Inspection) -> None:
        if self._claim is None or self._page != "inspection":
            return
        if form == self._saved:
            self._drafts.pop(self._claim.number, None)
        else:
            self._drafts[self._claim.number] = form

    def _form(self) -> tuple[str, Inspection] | None:
        if self._claim is None:
            return None
        number = self._claim.number
        return number, self._drafts.get(number, self._saved)

    def save(self) -> None:
        current = self._form()
        if current is None:
            return
        number, form = current

        def saved(claim: ClaimView) -> None:
            self._claim, self._saved = claim, form
            self._drafts.pop(number, None)
            self._view.show_status(_("Inspection of claim {number} saved. Submit it when it is "
                                     "complete.").format(number=number))

        self._steps(lambda s, a: self._api.save(s, a, number, form), saved)

    def submit(self) -> None:
        current = self._form()
        if current is None:
            return
        number, form = current
        if form.category is None:
            self._view.show_error(_("Choose the defect from the list before submitting."))
            return

        def submitted(done: Decided) -> None:
            self._drafts.pop(number, None)
            self._claim = None
            self._back_to = "start"
            self._show_decided(done, _("Claim {number} is in the managers' queue. Give the "
                                       "customer the claim ticket.").format(number=number))

        self._steps(lambda s, a: self._api.submit(s, a, number, form), submitted)

    def attach_photos(self, paths: list[str]) -> None:
        """Photos chosen with "Add photos …" (tests call this with file paths), one step each:
        a refused file is said in words and the others still go in."""
        if self._claim is None or not paths:
            return
        number, todo = self._claim.number, [str(p) for p in paths]
        added: list[str] = []
        refused: list[str] = []

        def next_photo(_: object = None) -> None:
            if todo:
                path = todo.pop(0)
                self._steps(lambda s, a: self._api.attach(s, a, number, path), attached,
                            lambda exc: next_photo(refused.append(plain_words(exc))))
            elif refused:
                self._view.show_error(" ".join(refused))
            elif added:
                self._view.show_status(ngettext(
                    "{n} photo added to claim {number}.", "{n} photos added to claim {number}.",
                    len(added)).format(n=len(added), number=number))

        def attached(photo: PhotoInfo) -> None:
            added.append(photo.filename)
            self._view.add_photo(photo.filename)
            next_photo()

        next_photo()

    # -- tickets ---------------------------------------------------------------------------
    def show_ticket(self, number: str, back_to: str = "start") -> None:
        self._back_to = back_to
        self._steps(lambda s, a: self._api.ticket(s, a, number),
                    lambda done: self._show_decided(done, ""))

    def show_decided(self, done: Decided, message: str, back_to: str) -> None:
        self._back_to = back_to
        self._show_decided(done, message)

    def _show_decided(self, done: Decided, message: str) -> None:
        self._ticket = done.ticket.claim_number
        self._show("ticket")
        self._view.show_ticket(ticket_info(done.ticket, self._place))
        if done.paper is not None:
            message = (message + " " if message else "") + done.paper.sentence
        if message:
            self._view.show_status(message)

    @property
    def ticket_number(self) -> str | None:
        """The claim whose ticket page is shown (None: another page)."""
        return self._ticket

    def print_ticket(self) -> None:
        if self._ticket is None:
            return
        number = self._ticket
        self._steps(lambda s, a: self._api.print_ticket(s, a, number),
                    lambda done: self._show_decided(done, ""))

    def repair_done(self) -> None:
        if self._ticket is None:
            return
        number = self._ticket
        self._steps(lambda s, a: self._api.repair_done(s, a, number),
                    lambda done: self._show_decided(
                        done, _("Claim {number} completed: the repaired shoe went back.").format(
                            number=number)))

    # -- going back ------------------------------------------------------------------------
    def back(self) -> None:
        if self._page == "start":
            self._go_home()
            return
        if self._page == "queue":
            self.start()
            return
        kept = ""
        if self._page == "inspection" and self._claim is not None:
            number = self._claim.number
            if number in self._drafts:
                kept = _("Claim {number} stays open; what you typed is kept until you save "
                         "it.").format(number=number)
            self._claim = None
        target = self._back_to if self._page == "ticket" else "start"
        self._back_to = "start"
        if target == "queue":
            self.to_queue(None)
        else:
            self.start()
        if kept:
            self._view.show_status(kept)

    def has_unsaved(self) -> bool:
        return bool(self._drafts)

    def draft(self, number: str) -> Inspection | None:
        return self._drafts.get(number)
