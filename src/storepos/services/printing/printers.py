"""This till's printers: the models in printers/, the printers set up, which printer takes which
document, a printer's status in words, and a test page. The one place for their rules: the
`storepos printer` commands and the manager's Printers screen both call these.

    setup = printer_setup(session)                                    # anyone
    add_printer(session, actor, "receipt", "tm-t88", "tcp://192.0.2.10:9100", default=True)
    change_printer(session, actor, "receipt", "tm-t20", "usb://04b8:0e15")   # managers only
    remove_printer(session, actor, "receipt")
    route_documents(session, actor, "slips", "back office")
    report = printer_status(target_of(session, "receipt"))            # off the GUI thread
    sent = send_test_page(target_of(session, "receipt"))

Who may: adding, changing, removing and routing are a manager's (checked here, audited as
printer.added / changed / removed / routed). A status check or a test page changes nothing and
any signed-in employee may ask for one (it is what a cashier does when the receipt printer seems
dead). The command line acts as a `journal.Station` with no employee: whoever can run it at the
till can open the till's database file anyway; its changes are audited all the same.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storepos.devices.printing.connections import (
    Connection,
    PrinterConnectionError,
    parse_connection,
)
from storepos.devices.printing.definitions import (
    DEFAULT_MODEL,
    PrinterModel,
    PrinterModelError,
    UnknownPrinterModel,
    get_model,
    printer_models,
)
from storepos.devices.printing.documents import DocumentKind
from storepos.domain.errors import InvalidInput
from storepos.domain.events import EventKind
from storepos.domain.vocabulary import Role
from storepos.i18n import N_, _
from storepos.persistence.models.print_jobs import PrinterRoute, PrinterSetting
from storepos.services.base import journal
from storepos.services.base.context import Actor
from storepos.services.printing import queue as pq
from storepos.services.staff.auth import require_role

NAME_MAX = 40  # printer_settings.name
CONNECTION_MAX = 300

# Which printer takes which document. Receipts go to the default printer; the other classes go to
# their own printer when one is chosen, else they follow the receipts.
RECEIPTS, SLIPS, REPORTS = "receipts", "slips", "reports"
DOCUMENTS = (RECEIPTS, SLIPS, REPORTS)
DOCUMENT_WORDS = {
    RECEIPTS: N_("Receipts (refund, exchange, pickup)"),
    SLIPS: N_("Slips (gift card, store credit, return, warranty)"),
    REPORTS: N_("Reports (end of day, warranty, mail-back form)"),
}
DOCUMENT_OF_KIND = {
    DocumentKind.REFUND_RECEIPT: RECEIPTS,
    DocumentKind.EXCHANGE_RECEIPT: RECEIPTS,
    DocumentKind.PICKUP_RECEIPT: RECEIPTS,
    DocumentKind.VALUE_CARD_SLIP: SLIPS,
    DocumentKind.RETURN_SLIP: SLIPS,
    DocumentKind.WARRANTY_TICKET: SLIPS,
    DocumentKind.DAY_REPORT: REPORTS,
    "end_of_day_report": REPORTS,
    "warranty_report": REPORTS,
    "mail_back_return_form": REPORTS,
}

Who = Actor | journal.Station  # a signed-in employee, or the till's command line


class PrinterSetupError(InvalidInput):
    """A printer request staff can correct: the message says what is wrong, in words."""


# -- reading --------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ModelInfo:
    name: str
    title: str
    paper_mm: int
    dots: int
    columns: int  # font A
    code_page: str
    cutter: str
    drawer: bool
    status: bool  # answers status requests


@dataclass(frozen=True, slots=True)
class PrinterInfo:
    name: str
    model: str
    connection: str
    reached_by: str  # "Network 192.0.2.10, port 9100", in words
    is_default: bool
    documents: tuple[str, ...]  # the document classes it takes
    kind: str = ""  # tcp, usb, serial, lp, file ("" when the stored connection is not usable)
    target: str = ""  # host, vid:pid, device, queue or path
    port: int = 9100
    options: tuple[tuple[str, str], ...] = ()  # ?timeout=3&baudrate=115200, sorted


@dataclass(frozen=True, slots=True)
class PrinterSetup:
    models: tuple[ModelInfo, ...]
    printers: tuple[PrinterInfo, ...]  # by name
    routes: dict[str, str]  # document class -> printer name ("" = follows the receipts)


def model_infos() -> tuple[ModelInfo, ...]:
    return tuple(ModelInfo(m.name, m.title, m.paper_mm, m.dots, m.columns_a,
                           m.code_page.upper(), m.cutter, m.drawer, m.status)
                 for m in printer_models().values())


def reached_by(connection: str) -> str:
    """How a printer is reached, in words for the screen."""
    try:
        conn = parse_connection(connection)
    except PrinterConnectionError:
        return _("Not usable: {connection}").format(connection=connection)
    if conn.kind == "tcp":
        return _("Network {host}, port {port}").format(host=conn.target, port=conn.port)
    if conn.kind == "usb":
        return _("USB {device}").format(device=conn.target)
    if conn.kind == "serial":
        return _("Serial {port}, {baud} baud").format(port=conn.target,
                                                      baud=conn.options.get("baudrate", "9600"))
    if conn.kind == "lp":
        return _("System queue {queue}").format(queue=conn.target)
    return _("File {path}").format(path=conn.target)


def routes(session: Session) -> dict[str, str]:
    """Document class -> the printer set for it ("" where it follows the receipts)."""
    chosen = {r.document: r.printer for r in session.execute(select(PrinterRoute.document,
                                                                 PrinterRoute.printer))}
    default = session.scalar(select(PrinterSetting.name)
                             .where(PrinterSetting.is_default.is_(True)).limit(1))
    return {RECEIPTS: default or "", **{d: chosen.get(d, "") for d in DOCUMENTS if d != RECEIPTS}}


def printer_setup(session: Session) -> PrinterSetup:
    """The models, the printers and the routes: anyone may look."""
    route = routes(session)
    printers = []
    for s in pq.printer_settings(session):
        takes = [d for d in DOCUMENTS if route[d] == s.name or (not route[d] and s.is_default)]
        try:
            conn = parse_connection(s.connection)
            parts: dict[str, Any] = {"kind": conn.kind, "target": conn.target, "port": conn.port,
                                     "options": tuple(sorted(conn.options.items()))}
        except PrinterConnectionError:
            parts = {}
        printers.append(PrinterInfo(s.name, s.model, s.connection, reached_by(s.connection),
                                    bool(s.is_default), tuple(takes), **parts))
    return PrinterSetup(model_infos(), tuple(printers), route)


def printer_for(session: Session, kind: str, till_id: Any = None) -> str:
    """The printer a document of this kind goes to: its class's printer, else the till's."""
    document = DOCUMENT_OF_KIND.get(kind)
    if document and document != RECEIPTS:
        name = session.scalar(select(PrinterRoute.printer).where(PrinterRoute.document == document))
        if name and session.scalar(select(PrinterSetting.id).where(PrinterSetting.name == name)):
            return name
    return pq.till_printer(session, till_id)


# -- the rules ------------------------------------------------------------------------------------
def connection_words(exc: PrinterConnectionError) -> str:
    """Why a typed connection can't be used, in the reader's language (the device's `code`)."""
    p = exc.params
    said = {
        "empty": lambda: _("Type how the till reaches the printer, e.g. tcp://192.0.2.10:9100."),
        "file_path": lambda: _("A file printer needs a path, e.g. file:/tmp/receipt.bin."),
        "unknown_kind": lambda: _("“{kind}” is not a way to reach a printer: use {kinds}.").format(
            kind=p["kind"], kinds=p["kinds"]),
        "timeout": lambda: _("The timeout must be a positive number of seconds: {connection}")
        .format(connection=p["connection"]),
        "no_host": lambda: _("There is no printer address in {connection}.").format(
            connection=p["connection"]),
        "bad_port": lambda: _("The port in {connection} is not a port number (1 to 65535).")
        .format(connection=p["connection"]),
        "usb_ids": lambda: _("A USB printer needs its vendor:product in hex, e.g. "
                             "usb://04b8:0202."),
        "serial_device": lambda: _("A serial printer needs its device, e.g. "
                                   "serial:///dev/ttyUSB0."),
        "baudrate": lambda: _("The baud rate must be a number."),
        "lp_queue": lambda: _("A system printer needs its queue name, e.g. lp://RECEIPT."),
    }
    return said[exc.code]() if exc.code in said else str(exc)


def setup_words(exc: Exception) -> str:
    """A model or connection that can't be used, in the reader's language."""
    if isinstance(exc, PrinterConnectionError):
        return connection_words(exc)
    if isinstance(exc, UnknownPrinterModel):
        return _("There is no printer model called “{model}” (known: {known}).").format(
            model=exc.name, known=exc.known)
    return str(exc)  # a printer definition file's fault: for whoever edits printers/


def _manager(who: Who, doing: str) -> None:
    if isinstance(who, Actor):
        require_role(who, Role.MANAGER, doing=doing)


def _setting(session: Session, name: str) -> PrinterSetting | None:
    return session.scalar(select(PrinterSetting).where(PrinterSetting.name == name))


def check_printer(name: str, model: str, connection: str) -> tuple[str, str, str]:
    """The name, model and connection cleaned up, or PrinterSetupError saying what is wrong."""
    name, model, connection = name.strip(), model.strip(), connection.strip()
    if not name:
        raise PrinterSetupError(_("Give the printer a name staff will know it by, e.g. receipt."))
    if len(name) > NAME_MAX:
        raise PrinterSetupError(_("A printer name is at most {n} characters.").format(n=NAME_MAX))
    try:
        get_model(model)
        parse_connection(connection)
    except (PrinterModelError, PrinterConnectionError) as exc:
        raise PrinterSetupError(setup_words(exc)) from None
    if len(connection) > CONNECTION_MAX:
        raise PrinterSetupError(_("A connection is at most {n} characters.").format(
            n=CONNECTION_MAX))
    return name, model, connection


def _facts(setting: PrinterSetting) -> dict[str, Any]:
    return {"name": setting.name, "model": setting.model, "connection": setting.connection,
            "default": bool(setting.is_default)}


def add_printer(session: Session, who: Who, name: str, model: str, connection: str, *,
                default: bool = False, replace: bool = False) -> PrinterSetting:
    """Set up a printer (managers). `replace`: change one of that name instead of refusing (what
    `storepos printer add` has always done)."""
    _manager(who, N_("set up printers"))
    name, model, connection = check_printer(name, model, connection)
    existing = _setting(session, name)
    if existing is not None and not replace:
        raise PrinterSetupError(_("A printer called “{name}” is already set up: choose it in the "
                                  "list to change it, or give this one another name.").format(
                                      name=name))
    was = _facts(existing) if existing is not None else None
    setting = pq.configure_printer(session, name, model, connection, default=default,
                                   till_id=existing.till_id if existing is not None else None)
    details = _facts(setting)
    if was == details:
        return setting  # saved as it was: nothing to audit
    if was is not None:
        details["was"] = was
    journal.record(session, who, EventKind.PRINTER_CHANGED if was else EventKind.PRINTER_ADDED,
                   "printer", setting.id, details)
    return setting


def change_printer(session: Session, who: Who, name: str, model: str, connection: str, *,
                   default: bool) -> PrinterSetting:
    """A printer already set up gets another model, connection or default flag (managers)."""
    _manager(who, N_("change printers"))
    name, model, connection = check_printer(name, model, connection)
    if _setting(session, name) is None:
        raise PrinterSetupError(_("No printer called “{printer}” is set up on this till.").format(
            printer=name))
    return add_printer(session, who, name, model, connection, default=default, replace=True)


def remove_printer(session: Session, who: Who, name: str) -> None:
    """Forget a printer (managers). Its jobs still waiting wait on, and say there is no printer of
    that name; documents routed to it follow the receipts again."""
    _manager(who, N_("remove printers"))
    setting = _setting(session, name)
    if setting is None:
        raise PrinterSetupError(_("No printer called “{printer}” is set up on this till.").format(
            printer=name))
    facts = _facts(setting)
    del facts["default"]
    session.execute(delete(PrinterRoute).where(PrinterRoute.printer == name))
    session.delete(setting)
    journal.record(session, who, EventKind.PRINTER_REMOVED, "printer", setting.id, facts)


def route_documents(session: Session, who: Who, document: str, printer: str) -> None:
    """Send a class of documents to a printer (managers); "" makes it follow the receipts.
    Receipts go to the default printer, so routing them makes that printer the default."""
    _manager(who, N_("choose which printer takes which document"))
    if document not in DOCUMENTS:
        raise PrinterSetupError(_("“{document}” is not a kind of document a printer takes: use "
                                  "{kinds}.").format(document=document, kinds=", ".join(DOCUMENTS)))
    was = routes(session)[document]
    printer = printer.strip()
    setting = _setting(session, printer) if printer else None
    if printer and setting is None:
        raise PrinterSetupError(_("No printer called “{printer}” is set up on this till.").format(
            printer=printer))
    if document == RECEIPTS:
        if setting is None:
            raise PrinterSetupError(_("Receipts need a printer: choose one in the list."))
        pq.configure_printer(session, setting.name, setting.model, setting.connection,
                             till_id=setting.till_id, default=True)
    else:
        route = session.get(PrinterRoute, document)
        if not printer:
            if route is not None:
                session.delete(route)
        elif route is None:
            session.add(PrinterRoute(document=document, printer=printer))
        else:
            route.printer = printer
    if was != printer:
        journal.record(session, who, EventKind.PRINTER_ROUTED, "printer",
                       setting.id if setting is not None else None,
                       {"document": document, "printer": printer, "was": was})


# -- reaching a printer ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Target:
    model: PrinterModel
    connection: Connection
    label: str  # the printer's name, or the connection as typed


def target_of(session: Session | None, spec: str, model_name: str | None = None) -> Target:
    """A printer set up on this till (by name), or a connection string (file:PATH, tcp://...).
    `session` None: there is no till database yet."""
    if spec.startswith("file:") or "://" in spec:
        try:
            return Target(get_model(model_name or DEFAULT_MODEL), parse_connection(spec), spec)
        except (PrinterConnectionError, ValueError) as exc:
            raise PrinterSetupError(setup_words(exc)) from None
    if session is None:
        raise PrinterSetupError(_("No printer called “{printer}”: this till has no database yet "
                                  "(set a printer up with storepos printer add).").format(
                                      printer=spec))
    setting = _setting(session, spec)
    if setting is None:
        raise PrinterSetupError(_("No printer called “{printer}” is set up on this till (see "
                                  "storepos printer list).").format(printer=spec))
    try:
        return Target(get_model(model_name or setting.model), parse_connection(setting.connection),
                      spec)
    except (PrinterConnectionError, ValueError) as exc:
        raise PrinterSetupError(setup_words(exc)) from None


# Marked here, translated where said (printer_status).
STATUS_WORDS = {
    "ready": N_("Online"),
    "paper_low": N_("Online, paper low"),
    "paper_out": N_("Paper out"),
    "offline": N_("Offline: cover open or paper jammed"),
    "unknown": N_("Online, no paper report"),
    "unreachable": N_("Not answering"),
}
STATUS_ADVICE = {
    "paper_low": N_("Have a new roll ready."),
    "paper_out": N_("Load a new roll."),
    "offline": N_("Close the cover and check for a paper jam."),
    "unreachable": N_("Is it switched on and plugged in? Check its cable and address."),
}


@dataclass(frozen=True, slots=True)
class StatusReport:
    printer: str
    state: str  # a PrinterState value
    words: str  # "Online, paper low"
    advice: str = ""
    seconds: float = 0.0


def _file_state(conn: Connection) -> str:
    """A file printer is "online" when its file can be written; opening it to ask would empty it."""
    path = Path(conn.target)
    if path.exists():
        return "unknown" if os.access(path, os.W_OK) else "unreachable"
    return "unknown" if os.access(path.parent, os.W_OK) else "unreachable"


def printer_state(target: Target, timeout: float | None = None) -> str:
    """The printer's state now (a PrinterState value); waits at most a connect and `timeout`."""
    from storepos.devices.printing.transports import STATUS_TIMEOUT, query_status

    if target.connection.kind == "file":
        return _file_state(target.connection)
    if not target.model.status:
        return "unknown"
    return str(query_status(target.connection, STATUS_TIMEOUT if timeout is None else timeout))


def printer_status(target: Target, timeout: float | None = None) -> StatusReport:
    import time

    started = time.perf_counter()
    state = printer_state(target, timeout)
    words = _(STATUS_WORDS[state]) if state in STATUS_WORDS else state
    advice = _(STATUS_ADVICE[state]) if state in STATUS_ADVICE else ""
    kind = target.connection.kind
    if kind == "file":  # a file takes bytes or it doesn't: there is no paper to ask about
        words = _("File ready") if state == "unknown" else _("File can't be written")
        advice = "" if state == "unknown" else _("Check the folder exists and may be written.")
    elif kind == "lp" and state == "unknown":
        words = _("System queue, no status")
    return StatusReport(target.label, state, words, advice, time.perf_counter() - started)


@dataclass(frozen=True, slots=True)
class PageSent:
    printer: str
    model: str
    bytes_sent: int
    data: bytes


def page_bytes(target: Target) -> bytes:
    from storepos.devices.printing.demo import demo_store
    from storepos.devices.printing.documents import Header, TestPage
    from storepos.devices.printing.escpos_render import render
    from storepos.devices.printing.receipts import layout_document

    header = Header(demo_store(), datetime.now(UTC), "-", "storepos")
    page = TestPage(header, target.label)
    return render(layout_document(page, target.model), target.model)


def send_test_page(target: Target) -> PageSent:
    """Print a test page now (not through the queue: the answer is what the printer did).
    Raises PrinterUnavailable / PrinterNotReady with the reason."""
    from storepos.devices.printing.transports import send_job

    data = page_bytes(target)
    send_job(target.connection, data, ask_status=target.model.status)
    return PageSent(target.label, target.model.name, len(data), data)
