"""Returns and exchanges at the counter: plain Python between the view and the services.

It holds the order and each line's choices; every change (a tick, a reason, a resolution, a
quantity) asks the returns service for a fresh preview. At most one preview runs at a time: a
change while one runs marks the plan stale, and the answer that comes back is dropped for a new
ask, so the screen never shows a plan for choices that are no longer on it. Completing hands the
same request to `complete_return` in one transaction. Errors come back as sentences; nothing
typed is lost. Every ask goes through the returns door (`services.returns.api`, a `ReturnsDoor`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Protocol, TypeVar

from storepos.domain.money import ZERO
from storepos.domain.numbers import NumberKind, parse_number
from storepos.domain.vocabulary import Reason, Resolution, TenderKind
from storepos.i18n import _, current_locale, language_of, speaking
from storepos.services.base.order_lookup import LineView
from storepos.services.base.work import Work
from storepos.services.returns.api import (
    Completed,
    ExchangeOption,
    LoadedOrder,
    ReceiptPreview,
    ReturnsDoor,
    override_binding,
)
from storepos.services.returns.types import ReturnPlan, ReturnRequest
from storepos.services.staff.approvals import Approval
from storepos.ui.languages import locale_for
from storepos.ui.refusals import worded
from storepos.ui.returns import rows as r
from storepos.ui.returns.choices import (
    CHECKS,
    ORDER_CHECKS,
    LineChoice,
    PaymentChoice,
    blockers,
    build_request,
    pending_credit,
    planned_line,
)
from storepos.ui.widgets.decision import Decision


class ReturnsViewPort(Protocol):
    def show_busy(self, busy: bool) -> None: ...
    def show_status(self, text: str) -> None: ...
    def show_error(self, text: str) -> None: ...
    def show_search(self, number: str, last_name: str) -> None: ...
    def focus_last_name(self) -> None: ...
    def show_order(self, header: r.OrderHeader | None) -> None: ...
    def show_lines(self, rows: list[r.LineRow]) -> None: ...
    def update_line(self, row: r.LineRow) -> None: ...
    def show_totals(self, totals: r.Totals) -> None: ...
    def show_confirmation(self, text: str | None) -> None: ...
    def show_completed(self, done: r.DoneView | None) -> None: ...
    def show_receipt(self, png: bytes | None, text: str) -> None: ...
    def show_locked(self, locked: bool) -> None: ...
    def show_receipt_language(self, language: str) -> None: ...


T = TypeVar("T")


class Run(Protocol):
    """AppContext.run: `action(session, actor)` on the worker, callbacks on the GUI thread;
    `commit=False` for a lookup that writes nothing (services.base.work.RunWork, plus commit)."""

    def __call__(self, action: Work[T], on_success: Callable[[T], None],
                 on_failure: Callable[[Exception], None], *, commit: bool = True) -> None: ...


AskApproval = Callable[[Decision, Callable[[Approval], None]], None]


def message_of(exc: Exception) -> str:
    return worded(exc)


def looks_like_return_id(text: str) -> bool:
    try:
        return parse_number(text).kind is NumberKind.RETURN
    except ValueError:
        return text.strip().upper().startswith("R-")


class ReturnsPresenter:
    def __init__(self, view: ReturnsViewPort, run: Run, door: ReturnsDoor, *, money: r.Money,
                 day: r.Day, ask_approval: AskApproval,
                 navigate: Callable[..., object] = lambda name, **kw: None,
                 store_locale: str | None = None) -> None:
        self._view, self._run, self._door = view, run, door
        self._store_locale = store_locale
        self._money, self._day = money, day
        self._ask_approval, self._navigate = ask_approval, navigate
        self._busy = 0
        self._load_token = 0
        self._reset()

    def _reset(self) -> None:
        self._loaded: LoadedOrder | None = None
        self._choices: dict[int, LineChoice] = {}
        self._shown = {"proof_of_purchase": False, "original_card": False}
        self._plan: ReturnPlan | None = None  # the newest answer; `_fresh` when it fits the choices
        self._fresh = False
        self._plan_error = ""
        self._previewing = self._stale = False
        self._options: dict[int, tuple[ExchangeOption, ...]] = {}
        self._payment = PaymentChoice()
        self._confirming = self._completing = False
        self._receipt_language: str | None = None  # None: the employee's (the screen's) language

    # -- state the tests and the screen read ------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._busy > 0

    @property
    def plan(self) -> ReturnPlan | None:
        """The preview for the choices on screen (None while one is being asked for)."""
        return self._plan if self._fresh else None

    @property
    def completing(self) -> bool:
        return self._completing

    @property
    def loaded(self) -> LoadedOrder | None:
        return self._loaded

    @property
    def receipt_language(self) -> str:
        """The language the customer's receipt prints in: chosen on the toggle, else the
        screen's."""
        return self._receipt_language or language_of(current_locale())

    @property
    def receipt_locale(self) -> str:
        return locale_for(self.receipt_language, self._store_locale or current_locale())

    def set_receipt_language(self, language: str) -> None:
        """The receipt toggle: the customer's copy in `language`, the screen stays as it is."""
        self._receipt_language = language
        self._view.show_receipt_language(self.receipt_language)

    def choice(self, line_no: int) -> LineChoice:
        return self._choices[line_no]

    # -- finding the order ------------------------------------------------------------------
    def find(self, number: str, last_name: str) -> None:
        number, last_name = number.strip(), last_name.strip()
        if not number:
            self._view.show_error(_("Type or scan the order number, or the Return ID."))
            return
        if looks_like_return_id(number):
            self._load(lambda s, a: self._door.load_return_id(s, a, number))
        elif not last_name:
            self._view.focus_last_name()
            self._view.show_status(_("Now the billing last name, then Enter."))
        else:
            self._load(lambda s, a: self._door.load_order(s, a, number, last_name))

    def enter(self, order_number: str | None = None, last_name: str | None = None,
              return_id: str | None = None) -> None:
        """Arriving from another screen, maybe with the order or Return ID to open."""
        if return_id:
            self._view.show_search(return_id, "")
            self.find(return_id, "")
        elif order_number:
            self._view.show_search(order_number, last_name or "")
            self.find(order_number, last_name or "")

    def _load(self, action: Work[LoadedOrder]) -> None:
        self._load_token += 1
        token = self._load_token
        self._view.show_status(_("Looking up the order…"))
        self._start(action, lambda loaded: self._on_loaded(token, loaded),
                    lambda exc: self._on_load_failed(token, exc), commit=False)

    def _on_load_failed(self, token: int, exc: Exception) -> None:
        self._finish()
        if token == self._load_token:
            self._view.show_error(message_of(exc))

    def _on_loaded(self, token: int, loaded: LoadedOrder) -> None:
        self._finish()
        if token != self._load_token:
            return  # a newer search was typed meanwhile
        self._reset()
        self._loaded = loaded
        self._view.show_completed(None)
        self._view.show_confirmation(None)
        covered = self._covered()
        for line in loaded.order.lines:
            choice = LineChoice(line.line_no, quantity=max(1, self._returnable(line)))
            if covered is not None and covered.get(line.id):
                choice.included = True
                choice.quantity = min(covered[line.id], line.remaining) or 1
            self._choices[line.line_no] = choice
        open_lines = [ln for ln in loaded.order.lines if self._returnable(ln) > 0]
        if covered is None and len(open_lines) == 1:
            self._choices[open_lines[0].line_no].included = True  # the only thing to bring back
        money, day = self._money, self._day
        self._view.show_order(r.order_header(loaded.order, money, day, loaded.note,
                                             loaded.requested_return))
        self._view.show_lines([self._row(line) for line in loaded.order.lines])
        if not open_lines:
            self._view.show_error(_("Nothing on order {number} can come back: every item has "
                                    "been returned already.").format(number=loaded.order.number))
        elif loaded.note:
            self._view.show_status(loaded.note)
        else:
            if loaded.requested_return:
                self._view.show_status(_("Return {number}: tick what the customer shows for each "
                                         "item coming back.").format(
                    number=loaded.requested_return))
            else:
                self._view.show_status(_("Tick what the customer shows for each item coming "
                                         "back."))
        self._refresh()

    def _covered(self) -> dict[uuid.UUID, int] | None:
        """The lines a requested Return ID covers (None: a new return, any line may come back)."""
        loaded = self._loaded
        if loaded is None or loaded.requested_return is None:
            return None
        ref = loaded.order.matched_return
        return dict(ref.lines) if ref else {}

    def _returnable(self, line: LineView) -> int:
        covered = self._covered()
        if covered is None:
            return line.remaining
        return min(line.remaining, covered.get(line.id, 0))

    # -- the counter's choices --------------------------------------------------------------
    def set_included(self, line_no: int, included: bool) -> None:
        self._change(line_no, included=included)

    def set_quantity(self, line_no: int, quantity: int) -> None:
        self._change(line_no, quantity=quantity)

    def set_reason(self, line_no: int, reason: str) -> None:
        self._change(line_no, reason=Reason(reason))

    def set_check(self, line_no: int, name: str, ticked: bool) -> None:
        if name not in CHECKS:
            raise ValueError(name)
        self._change(line_no, **{name: ticked})

    def set_order_check(self, name: str, ticked: bool) -> None:
        if name not in ORDER_CHECKS:
            raise ValueError(name)
        self._shown[name] = ticked
        self._changed()

    def set_resolution(self, line_no: int, resolution: str) -> None:
        res = Resolution(resolution)
        self._change(line_no, resolution=res, chosen=True)
        if res is Resolution.EXCHANGE:
            self._load_options(line_no)

    def set_exchange_variant(self, line_no: int, variant_id: str) -> None:
        self._change(line_no, exchange_variant_id=uuid.UUID(variant_id) if variant_id else None)

    def set_payment(self, kind: str, card_brand: str, card_last4: str, account_number: str) -> None:
        self._payment = PaymentChoice(TenderKind(kind), card_brand.strip(), card_last4.strip(),
                                      account_number.strip())
        self._show_totals()
        if self._fresh and not self._plan_error and not self._completing:
            self._say_what_is_left()

    def request_override(self, line_no: int) -> None:
        line = self._line(line_no)
        assert self._loaded is not None
        planned = planned_line(self._plan, line_no)
        # Bound to this line of this order, for at most what it is worth back now.
        binding = override_binding(self._loaded.order.id, (line_no,),
                                   planned.value if planned is not None else line.paid)
        what = Decision(_("Override the return policy on line {line}").format(line=line_no),
                        _("Override the policy"),
                        _("Line {line}: {item}. The line may then be returned as the cashier "
                          "chose, outside the policy.").format(line=line_no,
                                                              item=line.description), binding)
        self._ask_approval(what, lambda approval: self._on_approved(line_no, approval))

    def _on_approved(self, line_no: int, approval: Approval) -> None:
        if self._loaded is None or line_no not in self._choices:
            return
        self._view.show_status(_("Line {line} approved by {manager}.").format(
            line=line_no, manager=approval.manager_name))
        self._change(line_no, override=approval)

    def _line(self, line_no: int) -> LineView:
        assert self._loaded is not None
        return self._loaded.order.line(line_no)

    def _change(self, line_no: int, **fields: object) -> None:
        if self._loaded is None or line_no not in self._choices or self._completing:
            return
        choice = self._choices[line_no]
        for name, value in fields.items():
            setattr(choice, name, value)
        line = self._line(line_no)
        limit = self._returnable(line)
        choice.quantity = max(1, min(choice.quantity, limit))
        if limit == 0:
            choice.included = False
        self._changed()
        self._view.update_line(self._row(line))

    def _changed(self) -> None:
        if self._confirming:
            self._confirming = False
            self._view.show_confirmation(None)
        self._refresh()

    # -- previews: one at a time, the newest choices win -------------------------------------
    def _refresh(self) -> None:
        if self._loaded is None:
            return
        self._fresh = False
        self._plan_error = ""
        if not any(c.included for c in self._choices.values()):
            self._plan = None
            self._show_rows()
            self._show_totals()
            return
        if self._previewing:
            self._stale = True
            self._show_totals()
            return
        self._previewing, self._stale = True, False
        request = self._request(for_preview=True)
        token = self._load_token
        self._start(lambda s, a: self._door.preview(s, a, request),
                    lambda plan: self._on_plan(token, plan),
                    lambda exc: self._on_plan_failed(token, exc), commit=False)
        self._show_totals()

    def _on_plan(self, token: int, plan: ReturnPlan) -> None:
        self._finish()
        if token != self._load_token or self._loaded is None:
            return  # an answer about an order no longer on screen
        self._previewing = False
        if self._stale:
            self._refresh()
            return
        if self._switch_to_allowed(plan):
            self._refresh()
            return
        self._plan, self._fresh = plan, True
        self._show_rows()
        self._show_totals()
        self._say_what_is_left()

    def _say_what_is_left(self) -> None:
        missing = self._blockers()
        if missing:
            self._view.show_status(_("Still needed: {what}").format(what=missing[0]))
        else:
            self._view.show_status(_("Ready: Complete return (Ctrl+Enter), then Enter to "
                                     "confirm."))

    def _on_plan_failed(self, token: int, exc: Exception) -> None:
        self._finish()
        if token != self._load_token or self._loaded is None:
            return
        self._previewing = False
        if self._stale:
            self._refresh()
            return
        self._plan_error = message_of(exc)
        self._view.show_error(self._plan_error)
        self._show_rows()
        self._show_totals()

    def _switch_to_allowed(self, plan: ReturnPlan) -> bool:
        """Lines nobody chose a resolution for take the best one the policy now allows."""
        switched = False
        for line in plan.lines:
            choice = self._choices[line.line_no]
            offered = [x for x in r.PREFERRED if x in line.allowed]
            if choice.override is not None or not offered:
                continue
            if choice.chosen and choice.resolution in offered:
                continue
            if choice.resolution is not offered[0]:
                choice.resolution, choice.chosen = offered[0], False
                switched = True
        return switched

    # -- what the view shows -----------------------------------------------------------------
    def _request(self, *, for_preview: bool) -> ReturnRequest:
        assert self._loaded is not None
        to_collect = self._plan.to_collect if self._plan is not None else ZERO
        return build_request(self._loaded.order.id, self._loaded.requested_return,
                             self._choices.values(), self._shown, payment=self._payment,
                             to_collect=to_collect, for_preview=for_preview)

    def _blockers(self) -> list[str]:
        if self._loaded is None:
            return [_("Find the order first.")]
        return blockers(self._choices.values(), self._plan, fresh=self._fresh,
                        plan_error=self._plan_error, payment=self._payment)

    def _pending_credit(self) -> Decimal:
        return pending_credit(self._choices.values(), self._plan)

    def _row(self, line: LineView) -> r.LineRow:
        assert self._loaded is not None
        choice = self._choices[line.line_no]
        best = next(le for le in self._loaded.eligibility.lines if le.line.line_no == line.line_no)
        options = self._options.get(line.line_no)
        shown = None if options is None else tuple(
            r.ExchangeChoice(o.variant_id, r.exchange_label(o.colour, o.size, o.unit_price,
                                                            o.on_hand, self._money))
            for o in options)
        return r.line_row(line, choice, returnable=self._returnable(line),
                          planned=planned_line(self._plan, line.line_no), best=best,
                          options=shown, money=self._money, checking=self._previewing,
                          requested_return=self._loaded.requested_return)

    def _show_rows(self) -> None:
        if self._loaded is None:
            return
        for line in self._loaded.order.lines:
            self._view.update_line(self._row(line))

    def _load_options(self, line_no: int) -> None:
        if line_no in self._options:
            return
        variant_id = self._line(line_no).variant_id
        token = self._load_token

        def loaded(options: tuple[ExchangeOption, ...]) -> None:
            self._finish()
            if token != self._load_token:
                return
            self._options[line_no] = tuple(options)
            if not options:
                self._view.show_error(_("Line {line}: no other size or colour of this style is "
                                        "in stock here.").format(line=line_no))
            self._show_rows()

        def failed(exc: Exception) -> None:
            self._finish()
            if token == self._load_token:
                self._view.show_error(message_of(exc))

        self._start(lambda s, a: self._door.exchange_options(s, a, variant_id), loaded, failed,
                    commit=False)

    def _show_totals(self) -> None:
        if self._loaded is None:
            return
        blockers = self._blockers()
        if self._plan is None or self._plan_error:
            self._view.show_totals(r.Totals((), blockers=tuple(blockers)))
            return
        credit = self._plan.store_credit - self._pending_credit()
        rows = r.total_rows(self._plan, self._money, store_credit=credit)
        collect = self._money(self._plan.to_collect) if self._plan.to_collect > 0 else ""
        self._view.show_totals(r.Totals(rows, collect, tuple(blockers),
                                        not blockers and not self._completing))

    # -- completing --------------------------------------------------------------------------
    def complete(self) -> None:
        """Complete pressed: say what will happen and wait for Enter (or Escape)."""
        if self._completing or self._loaded is None:
            return
        blockers = self._blockers()
        if blockers or self._plan is None or not self._fresh:
            self._view.show_error(" ".join(blockers) or _("Checking with the policy…"))
            return
        credit = self._plan.store_credit - self._pending_credit()
        rows = r.total_rows(self._plan, self._money, store_credit=credit)
        self._confirming = True
        self._view.show_receipt_language(self.receipt_language)
        self._view.show_confirmation(r.confirmation_text(self._plan.order_number, rows))

    def confirm(self) -> None:
        if not self._confirming or self._completing or self._loaded is None:
            return
        self._confirming, self._completing = False, True
        self._view.show_confirmation(None)
        self._view.show_locked(True)
        self._view.show_status(_("Completing the return…"))
        request = self._request(for_preview=False)
        receipt_locale = self.receipt_locale
        self._show_totals()
        self._start(lambda s, a: self._door.complete(s, a, request, receipt_locale=receipt_locale),
                    self._on_completed, self._on_complete_failed)

    def _on_completed(self, completed: Completed) -> None:
        self._finish()
        self._completing = False
        self._view.show_locked(False)
        summary = completed.summary
        printing = completed.printing if completed.jobs else _("No receipt was queued.")
        done = r.done_view(summary, self._money, printing)
        if completed.receipt_locale:  # the receipt's text in the customer's language
            with speaking(completed.receipt_locale):
                done = replace(done, receipt_text=r.receipt_text(summary, self._money))
        self._loaded = None
        self._load_token += 1
        self._view.show_order(None)
        self._view.show_completed(done)
        self._view.show_status(_("Return {number} completed. {printing}").format(
            number=summary.return_number, printing=printing))
        if completed.jobs:
            job = completed.jobs[0]
            self._start(lambda s, a: self._door.receipt_preview(s, a, job.id),
                        lambda preview: self._on_receipt(done, preview),
                        lambda exc: self._on_receipt(done, None), commit=False)
        else:
            self._view.show_receipt(None, done.receipt_text)

    def _on_receipt(self, done: r.DoneView, preview: ReceiptPreview | None) -> None:
        self._finish()
        if preview is not None and preview.png is not None:
            self._view.show_receipt(preview.png, "")
            return
        self._view.show_receipt(None, done.receipt_text)
        if preview is not None and not preview.printer_ready:
            self._view.show_status(_("{headline}. {printing} The receipt is shown here.").format(
                headline=done.headline, printing=done.printing))

    def _on_complete_failed(self, exc: Exception) -> None:
        self._finish()
        self._completing = False
        self._view.show_locked(False)
        self._view.show_error(message_of(exc))
        self._show_totals()

    def escape(self) -> None:
        """Escape: close the confirmation if it is open, else go back to the home screen."""
        if self._confirming:
            self._confirming = False
            self._view.show_confirmation(None)
            self._view.show_status(_("Not completed: change anything, then Complete again."))
            return
        if self._completing:
            return
        self._navigate("home")

    def new_return(self) -> None:
        if self._completing:
            return
        self._load_token += 1
        self._reset()
        self._view.show_completed(None)
        self._view.show_confirmation(None)
        self._view.show_order(None)
        self._view.show_lines([])
        self._view.show_totals(r.Totals(()))
        self._view.show_search("", "")
        self._view.show_status(_("Scan the Return ID, or type the order number and last name."))

    # -- the worker ---------------------------------------------------------------------------
    def _start(self, action: Work[T], on_success: Callable[[T], None],
               on_failure: Callable[[Exception], None], *, commit: bool = True) -> None:
        self._busy += 1
        if self._busy == 1:
            self._view.show_busy(True)
        self._run(action, on_success, on_failure, commit=commit)

    def _finish(self) -> None:
        self._busy = max(0, self._busy - 1)
        if self._busy == 0:
            self._view.show_busy(False)
