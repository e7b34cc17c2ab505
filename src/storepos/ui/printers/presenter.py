"""Printers: list this till's printers with their status, add / change / remove one, print a test
page, and choose which printer takes receipts, slips and reports.

Plain Python. Every call goes to the printer service's door (services/printing/api.py,
`PrinterSetupDoor`, the same service `storepos printer` uses) through `run` (a worker thread): the
status checks and the test page wait on the network, never on the GUI thread. What was typed stays
in the form until it is saved; a bad entry is refused in words and nothing is cleared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

from storepos.domain.errors import StoreposError
from storepos.i18n import N_, _
from storepos.services.base.work import RunWork
from storepos.services.printing.api import PrinterSetupDoor
from storepos.services.printing.printers import (
    DOCUMENTS,
    RECEIPTS,
    REPORTS,
    SLIPS,
    PrinterInfo,
    PrinterSetup,
    StatusReport,
)
from storepos.ui.printers.model import PrinterRow

# How a printer is reached, as the form offers it (connection kind, words).
# Marked here, worded where shown.
KINDS: tuple[tuple[str, str], ...] = (("tcp", N_("Network")), ("usb", N_("USB")),
                                      ("serial", N_("Serial")), ("lp", N_("System queue")),
                                      ("file", N_("File")))
BAUD_RATES = ("9600", "19200", "38400", "57600", "115200")
CHECKING = N_("Checking…")
# How a printer's state is coloured in the list (a PrinterState value -> tone).
TONES = {"ready": "good", "paper_low": "warn", "paper_out": "bad", "offline": "bad",
         "unreachable": "bad"}
# What each class of documents is called in the list's "Takes" column.
TAKES = {RECEIPTS: N_("Receipts"), SLIPS: N_("Slips"), REPORTS: N_("Reports")}
HEX = set("0123456789abcdefABCDEF")


class EntryError(ValueError):
    """What is wrong with the form, in words; the form keeps what was typed."""


@dataclass(frozen=True, slots=True)
class Entry:
    """The printer form as typed."""

    name: str = ""
    model: str = ""
    kind: str = "tcp"
    host: str = ""
    port: str = "9100"
    usb_id: str = ""  # "04b8:0202"
    device: str = ""  # /dev/ttyUSB0, COM3
    baudrate: str = "9600"
    queue: str = ""
    path: str = ""
    default: bool = False


def entry_of(info: PrinterInfo) -> Entry:
    """The form filled in from a printer set up on this till."""
    options = dict(info.options)
    entry = Entry(name=info.name, model=info.model, kind=info.kind or "tcp",
                  default=info.is_default)
    if info.kind == "tcp":
        return replace(entry, host=info.target, port=str(info.port))
    if info.kind == "usb":
        return replace(entry, usb_id=info.target)
    if info.kind == "serial":
        return replace(entry, device=info.target, baudrate=options.get("baudrate", "9600"))
    if info.kind == "lp":
        return replace(entry, queue=info.target)
    return replace(entry, path=info.target)


def connection_of(entry: Entry, keep: dict[str, str] | None = None) -> str:
    """The connection string for the form (EntryError says what to fix); `keep`: options the
    printer already had (a timeout), kept when it is still reached the same way."""
    options = dict(keep or {})
    if entry.kind == "tcp":
        host, port = entry.host.strip(), entry.port.strip() or "9100"
        if not host or any(c.isspace() or c in "/?#@" for c in host):
            raise EntryError(_("Type the printer's network address (like 192.168.1.50) in Host."))
        if not port.isdigit() or not 1 <= int(port) <= 65535:
            raise EntryError(_("Port “{port}” is not a port number (1 to 65535; printers use "
                               "9100).").format(port=entry.port.strip()))
        text = f"tcp://{host}:{int(port)}"
    elif entry.kind == "usb":
        vid, sep, pid = entry.usb_id.strip().partition(":")
        if not sep or not vid or not pid or not set(vid + pid) <= HEX:
            raise EntryError(_("Type the USB printer's vendor:product id in hex, like 04b8:0202 "
                             "(the printer's manual or `lsusb` shows it)."))
        text = f"usb://{vid.lower()}:{pid.lower()}"
    elif entry.kind == "serial":
        device = entry.device.strip()
        if not device:
            raise EntryError(_("Type the serial port, like /dev/ttyUSB0 or COM3."))
        options["baudrate"] = entry.baudrate.strip() or "9600"
        text = f"serial://{device}"
    elif entry.kind == "lp":
        if not entry.queue.strip():
            raise EntryError(_("Type the name of the system's printer queue, like RECEIPT."))
        text = f"lp://{entry.queue.strip()}"
    elif entry.kind == "file":
        if not entry.path.strip():
            raise EntryError(_("Type the file the printer's bytes go to."))
        text = f"file:{entry.path.strip()}"
    else:
        raise EntryError(_("Choose how the printer is reached."))
    query = "&".join(f"{k}={v}" for k, v in sorted(options.items()))
    return f"{text}?{query}" if query else text


def error_words(exc: Exception) -> str:
    if isinstance(exc, StoreposError):
        text = _(exc.message)
    elif isinstance(exc, ValueError):
        text = str(exc)
    else:
        return _("That didn't work ({problem}). Try again.").format(
            problem=exc or type(exc).__name__)
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


class PrintersViewPort(Protocol):
    def show_busy(self, busy: bool) -> None: ...
    def show_status(self, text: str) -> None: ...
    def show_error(self, text: str) -> None: ...
    def show_models(self, models: list[tuple[str, str]]) -> None: ...
    def show_printers(self, rows: list[PrinterRow]) -> None: ...
    def show_routes(self, printers: list[str], routes: dict[str, str]) -> None: ...
    def show_detail(self, text: str) -> None: ...
    def select_row(self, row: int) -> None: ...
    def entry(self) -> Entry: ...
    def show_entry(self, entry: Entry, *, editing: bool) -> None: ...
    def enable_actions(self, *, add: bool, save: bool, remove: bool, test: bool,
                       check: bool) -> None: ...


class PrintersPresenter:
    def __init__(self, view: PrintersViewPort, door: PrinterSetupDoor, run: RunWork,
                 read: RunWork | None = None) -> None:
        """`run`: a change, in a writing transaction; `read`: loading, a status check, a test page,
        in a reading one (it never holds the till's write lock while a printer is waited for)."""
        self._view, self._door, self._run = view, door, run
        self._read = read or run
        self.setup: PrinterSetup | None = None
        self.status: dict[str, StatusReport | None] = {}  # None: being checked
        self.selected: str | None = None  # the printer in the form ("" / None: a new one)
        self._loading = False
        self._acting = False
        self._confirm_remove: str | None = None
        self.on_loaded: Callable[[], None] | None = None  # tests and screenshots wait on it

    # -- words --------------------------------------------------------------------------------
    def _title(self, model: str) -> str:
        """Short, for the table: "tm-t88 (80 mm)"; the detail line has the full title."""
        paper = {m.name: m.paper_mm for m in self.setup.models} if self.setup else {}
        return _("{model} ({paper} mm)").format(model=model, paper=paper[model]) \
            if model in paper else model

    def _status_words(self, name: str) -> str:
        report = self.status.get(name)
        return _(CHECKING) if report is None else report.words

    def row(self, info: PrinterInfo) -> PrinterRow:
        takes = ", ".join(_(TAKES[d]) for d in info.documents if d in TAKES)
        takes = takes[:1] + takes[1:].lower() if takes else _("Only what is sent to it")
        report = self.status.get(info.name)
        return PrinterRow(info.name, self._title(info.model), info.reached_by, takes,
                          self._status_words(info.name),
                          TONES.get(report.state, "") if report is not None else "")

    def _printers(self) -> list[PrinterInfo]:
        return list(self.setup.printers) if self.setup else []

    def _show_rows(self) -> None:
        self._view.show_printers([self.row(p) for p in self._printers()])

    def detail(self, info: PrinterInfo) -> str:
        model = next((m for m in self.setup.models if m.name == info.model), None) \
            if self.setup else None
        parts = [_("“{printer}”: {reached_by}").format(printer=info.name,
                                                       reached_by=info.reached_by)]
        if model is not None:
            parts.append(_("{model}, {paper} mm paper, {columns} columns").format(
                model=model.title, paper=model.paper_mm, columns=model.columns))
        report = self.status.get(info.name)
        if report is not None:
            parts.append(_("{status}: {advice}").format(status=report.words, advice=report.advice)
                         if report.advice else report.words)
        return " · ".join(parts)

    # -- loading ------------------------------------------------------------------------------
    def refresh(self, *, check: bool = True, refill: bool = False) -> None:
        """Read the printers again; `refill`: the form shows the selected printer as stored (after
        it was saved), else it keeps what is typed in it."""
        if self._loading:
            return
        self._loading = True
        self._busy()
        self._read(lambda s, a: self._door.load(s, a),
                   lambda setup: self._loaded(setup, check, refill), self._load_failed)

    def _busy(self) -> None:
        self._view.show_busy(self._loading or self._acting)

    def _loaded(self, setup: PrinterSetup, check: bool, refill: bool) -> None:
        self._loading = False
        self._busy()
        first = self.setup is None
        self.setup = setup
        self._view.show_models([(m.name, _("{title} ({name})").format(title=m.title, name=m.name))
                                for m in setup.models])
        names = [p.name for p in setup.printers]
        self.status = {n: r for n, r in self.status.items() if n in names}
        self._show_rows()
        self._view.show_routes(names, dict(setup.routes))
        if self.selected and self.selected in names:
            self._view.select_row(names.index(self.selected))
            if refill:
                self._fill(self.selected)
            else:
                self._detail()
                self._enable()
        elif first or self.selected:  # the first time, or the printer in the form was removed
            self.new()
        else:
            self._enable()
        if not names:
            self._view.show_status(_("No printer is set up on this till yet: fill in the form and "
                                   "press Add printer."))
        if check:
            self.check_status()
        if self.on_loaded is not None:
            self.on_loaded()

    def _load_failed(self, exc: Exception) -> None:
        self._loading = False
        self._busy()
        self._view.show_error(_("Could not load the printers: {problem}").format(
            problem=error_words(exc)))

    # -- status -------------------------------------------------------------------------------
    def check_status(self) -> None:
        """Ask every printer how it is, each on its own worker (a dead one holds up no other)."""
        for info in self._printers():
            if info.name in self.status and self.status[info.name] is None:
                continue  # already being asked
            self.status[info.name] = None
            self._ask(info.name)
        self._show_rows()

    def _ask(self, name: str) -> None:
        self._read(lambda s, a: self._door.status(s, a, name), self._status_back,
                   lambda exc: self._status_failed(name, exc))

    def _status_back(self, report: StatusReport) -> None:
        if report.printer not in {p.name for p in self._printers()}:
            return
        self.status[report.printer] = report
        self._show_rows()
        if report.printer == self.selected:
            self._detail()

    def _status_failed(self, name: str, exc: Exception) -> None:
        self.status.pop(name, None)
        self._show_rows()
        self._view.show_error(_("Could not ask “{printer}” how it is: {problem}").format(
            printer=name, problem=error_words(exc)))

    # -- the form -----------------------------------------------------------------------------
    def _info(self, name: str | None) -> PrinterInfo | None:
        return next((p for p in self._printers() if p.name == name), None)

    def _detail(self) -> None:
        info = self._info(self.selected)
        self._view.show_detail(self.detail(info) if info else
                               _("New printer: choose its model and how it is reached."))

    def _fill(self, name: str) -> None:
        info = self._info(name)
        if info is None:
            return
        self._view.show_entry(entry_of(info), editing=True)
        self._detail()
        self._enable()

    def _enable(self) -> None:
        chosen = self._info(self.selected) is not None
        self._view.enable_actions(add=not chosen, save=chosen, remove=chosen, test=chosen,
                                  check=bool(self._printers()))

    def select(self, row: int) -> None:
        printers = self._printers()
        if not 0 <= row < len(printers):
            return
        if printers[row].name == self.selected:
            return  # the same one: keep what is typed in the form
        self._confirm_remove = None
        self.selected = printers[row].name
        self._fill(self.selected)

    def new(self) -> None:
        """An empty form for another printer (the model of the first one, else the first model)."""
        self._confirm_remove = None
        self.selected = None
        self._view.select_row(-1)
        models = [m.name for m in self.setup.models] if self.setup else []
        self._view.show_entry(Entry(model=models[0] if models else "",
                                    default=not self._printers()), editing=False)
        self._detail()
        self._enable()

    # -- actions ------------------------------------------------------------------------------
    def _act(self, call: Callable[..., object], ok: Callable[[object], None], doing: str,
             failed: str, on_refused: Callable[[], None] | None = None, *,
             writes: bool = True) -> bool:
        if self._acting:
            self._view.show_status(_("Still working on the last request…"))
            return False
        self._acting = True
        self._busy()
        self._view.show_status(doing)

        def done(result: object) -> None:
            self._acting = False
            self._busy()
            ok(result)

        def refused(exc: Exception) -> None:
            self._acting = False
            self._busy()
            words = error_words(exc)
            self._view.show_error(_("{failed}: {problem}").format(failed=failed, problem=words)
                                  if failed else words)
            if on_refused is not None:
                on_refused()

        (self._run if writes else self._read)(call, done, refused)
        return True

    def _checked(self, failed: str) -> tuple[Entry, str] | None:
        entry = self._view.entry()
        info = self._info(self.selected)
        keep = dict(info.options) if info is not None and info.kind == entry.kind else {}
        keep.pop("baudrate", None)
        try:
            return entry, connection_of(entry, keep)
        except EntryError as exc:
            self._view.show_error(_("{failed}: {problem}").format(failed=failed, problem=exc))
            return None

    def add(self) -> None:
        checked = self._checked(_("Not added"))
        if checked is None:
            return
        entry, connection = checked

        def added(sentence: object) -> None:
            self.selected = entry.name.strip()
            self._view.show_status(str(sentence))
            self.status.pop(self.selected, None)
            self.refresh(refill=True)

        self._act(lambda s, a: self._door.add(s, a, entry.name, entry.model, connection,
                                              entry.default),
                  added, _("Adding the printer…"), _("Not added"))

    def save(self) -> None:
        name = self.selected
        if not name:
            self._view.show_error(_("Choose a printer in the list to change it, or press Add "
                                  "printer for a new one."))
            return
        checked = self._checked(_("Not saved"))
        if checked is None:
            return
        entry, connection = checked

        def saved(sentence: object) -> None:
            self._view.show_status(str(sentence))
            self.status.pop(name, None)
            self.refresh(refill=True)

        self._act(lambda s, a: self._door.change(s, a, name, entry.model, connection,
                                                 entry.default),
                  saved, _("Saving…"), _("Not saved"))

    def remove(self) -> None:
        name = self.selected
        if not name:
            self._view.show_error(_("Choose the printer to remove in the list."))
            return
        if self._confirm_remove != name:
            self._confirm_remove = name
            self._view.show_error(_("Remove “{printer}”? Press Remove again to remove it; its "
                                    "waiting jobs stay in the queue until another printer takes "
                                    "them.").format(printer=name))
            return
        self._confirm_remove = None

        def removed(sentence: object) -> None:
            self._view.show_status(str(sentence))
            self.refresh(check=False)

        self._act(lambda s, a: self._door.remove(s, a, name), removed,
                  _("Removing “{printer}”…").format(printer=name), _("Not removed"))

    def test_page(self) -> None:
        name = self.selected
        if not name:
            self._view.show_error(_("Choose the printer for the test page in the list."))
            return
        self._act(lambda s, a: self._door.test_page(s, a, name),
                  lambda sentence: self._view.show_status(str(sentence)),
                  _("Printing a test page on “{printer}”…").format(printer=name),
                  "",  # the door says it did not print
                  writes=False)

    def route(self, document: str, printer: str) -> None:
        if document not in DOCUMENTS:
            return

        def routed(sentence: object) -> None:
            self._view.show_status(str(sentence))
            self.refresh(check=False)

        def as_stored() -> None:  # the boxes go back to what is stored
            if self.setup is not None:
                self._view.show_routes([p.name for p in self.setup.printers],
                                       dict(self.setup.routes))

        if not self._act(lambda s, a: self._door.route(s, a, document, printer), routed,
                         _("Saving which printer takes it…"), _("Not changed"), as_stored):
            as_stored()
