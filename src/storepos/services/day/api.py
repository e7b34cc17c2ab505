"""The Day screen's door: each function is one action run inside the unit of work
`AppContext.run` opens on the worker thread (`(session, actor, ...) -> plain data`). `DayDoor` is
its shape, which the screen's presenter takes (`DayServices` is the real one).

The screen never sees a database row or a printer: it gets the denominations to count, the day's
state, the report as worded sections, the sentence saying what the print queue did, and PDF bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from sqlalchemy.orm import Session

from storepos.devices.printing.day_words import Section, heading, sections
from storepos.devices.printing.documents import DayReport, in_language
from storepos.domain.till_day import NOTES, Movement, denominations, needs_manager
from storepos.i18n import N_
from storepos.persistence.models import Store
from storepos.services.base.context import Actor
from storepos.services.base.reader import reader_locale
from storepos.services.day import days
from storepos.services.day.days import Closed, DayState, NeedsManager, paid_binding, variance_binding
from storepos.services.day.report import day_report
from storepos.services.printing.paper import queue_documents
from storepos.services.staff.approvals import Approval, Binding
from storepos.services.staff.auth import require_counter

__all__ = ["Closed", "DayDoor", "DayServices", "DayState", "NeedsManager", "ReportView"]


@dataclass(frozen=True, slots=True)
class Denomination:
    face: str  # "20.00": the key a count is given by
    value: Decimal
    note: bool  # a note (else a coin)


@dataclass(frozen=True, slots=True)
class ReportView:
    """The report as the screen shows it: the same sections the paper and the PDF print."""

    title: str
    subtitle: str
    closed: bool
    sections: tuple[Section, ...]
    business_date: date


@dataclass(frozen=True, slots=True)
class CountCheck:
    """A count at close before it is saved: expected, counted, off by, and whether a manager must
    approve it (with what their token is bound to)."""

    expected: Decimal
    counted: Decimal
    variance: Decimal
    needs_manager: bool
    binding: Binding


class DayDoor(Protocol):
    def denominations(self, session: Session, actor: Actor) -> tuple[Denomination, ...]: ...
    def state(self, session: Session, actor: Actor) -> DayState: ...
    def open(self, session: Session, actor: Actor, counts: dict[str, int]) -> DayState: ...
    def pay(self, session: Session, actor: Actor, kind: Movement, amount: str, reason: str,
            approval: Approval | None) -> DayState: ...
    def check_count(self, session: Session, actor: Actor, counts: dict[str, int]) -> CountCheck: ...
    def close(self, session: Session, actor: Actor, counts: dict[str, int],
              approval: Approval | None) -> Closed: ...
    def report(self, session: Session, actor: Actor, business_date: date | None) -> ReportView: ...
    def print_report(self, session: Session, actor: Actor, business_date: date | None) -> str: ...
    def report_pdf(self, session: Session, actor: Actor, business_date: date | None) -> bytes: ...


def build_report(session: Session, actor: Actor, business_date: date | None) -> DayReport:
    require_counter(actor, N_("see the day's report"))
    return day_report(session, actor.store_id, actor.till_id, business_date or actor.today(),
                      employee=actor.employee_name, now=actor.now())


class DayServices:
    """The real door (tests hand the presenter a fake)."""

    def denominations(self, session: Session, actor: Actor) -> tuple[Denomination, ...]:
        store = session.get(Store, actor.store_id)
        currency = store.currency if store else "CAD"
        smallest_note = NOTES.get(currency, Decimal("5.00"))
        return tuple(Denomination(f"{v:.2f}", v, v >= smallest_note)
                     for v in denominations(currency))

    def state(self, session: Session, actor: Actor) -> DayState:
        return days.state(session, actor)

    def open(self, session: Session, actor: Actor, counts: dict[str, int]) -> DayState:
        return days.open_day(session, actor, counts)

    def pay(self, session: Session, actor: Actor, kind: Movement, amount: str, reason: str,
            approval: Approval | None) -> DayState:
        return days.pay(session, actor, kind, amount, reason, approval)

    def check_count(self, session: Session, actor: Actor, counts: dict[str, int]) -> CountCheck:
        day_id, expected, counted, variance = days.preview_close(session, actor, counts)
        return CountCheck(expected, counted, variance,
                          needs_manager(variance, days.variance_limit()),
                          variance_binding(day_id, variance))

    def close(self, session: Session, actor: Actor, counts: dict[str, int],
              approval: Approval | None) -> Closed:
        return days.close_day(session, actor, counts, approval)

    def report(self, session: Session, actor: Actor, business_date: date | None) -> ReportView:
        report = build_report(session, actor, business_date)
        # On screen, in the reader's language (a French-speaking cashier in Toronto reads French);
        # printed and saved, in the store's.
        report = in_language(report, reader_locale(report.header.store.locale))
        title, subtitle = heading(report)
        return ReportView(title, subtitle, report.closed, sections(report), report.business_date)

    def print_report(self, session: Session, actor: Actor, business_date: date | None) -> str:
        """Queued for the till's report printer (its receipt printer unless one is routed);
        the sentence saying what the queue did."""
        report = build_report(session, actor, business_date)
        return queue_documents(session, [report], actor.till_prefix, None).sentence

    def report_pdf(self, session: Session, actor: Actor, business_date: date | None) -> bytes:
        from storepos.devices.printing.pdf import render_pdf  # reportlab only when asked

        return render_pdf(build_report(session, actor, business_date))


def paid_in_out_binding(kind: Movement, business_date: date, amount: Decimal) -> Binding:
    return paid_binding(kind, business_date, amount)
