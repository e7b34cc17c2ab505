"""Sending a job's bytes to a printer, and asking it how it is, without ever waiting long.

The transports are python-escpos's printer classes (Network, Serial, Usb, LP, File), imported on
first use. A status query (DLE EOT 4, the paper sensor) waits at most `status_timeout` (0.5 s by
default): no answer means "unknown", never "out of paper" (python-escpos's own `paper_status()`
reads an empty reply as plenty of paper, and waits the whole socket timeout).

`send_job` decides what a job's outcome is:
- the printer cannot be reached, or the connection drops mid-job -> PrinterUnavailable
- the printer says it is out of paper or offline, before or right after the job -> PrinterNotReady
- it answered before the job and stops answering after it -> PrinterUnavailable (it died mid-job)
- otherwise the job is sent (confirmed when the printer answered after it).
Every failure leaves the job to be sent again; a reprint is better than a lost refund receipt.
"""

from __future__ import annotations

import errno
import select
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from storepos.devices.printing.connections import Connection
from storepos.devices.printing.escpos_lib import escpos
from storepos.i18n import N_, _

DLE_EOT_PAPER = b"\x10\x04\x04"  # roll paper sensor: bits 2-3 near end, bits 5-6 paper end
STATUS_TIMEOUT = 0.5


class PrinterState(StrEnum):
    READY = "ready"
    PAPER_LOW = "paper_low"
    PAPER_OUT = "paper_out"
    OFFLINE = "offline"  # cover open, feed button held, error
    UNKNOWN = "unknown"  # no answer in time (or a transport that cannot answer)
    UNREACHABLE = "unreachable"


# Each failure in words, by its code, for whoever reads it now (a command, the test page). The
# exception's own text stays the machine's: the queue keeps it as the job's last_error, and
# services/printing/status.py words it from there by pattern, in the reader's language later.
FAILURE_WORDS = {
    "connect": N_("Can't reach the printer at {where}: check its power and cable."),
    "open": N_("Can't open the printer at {where}: check its power and cable."),
    "lost": N_("The connection to the printer at {where} was lost during the job."),
    "closed": N_("The printer at {where} closed the connection."),
    "write": N_("Sending to the printer at {where} failed."),
    "stopped": N_("The printer at {where} stopped answering during the job."),
    "needs": N_("This computer lacks the printer driver ({0})."),
    "driver": N_("This computer can't use the printer at {where}: its driver is missing or "
                 "broken."),
    "no_transport": N_("This till has no way to reach a printer at {where}."),
    "paper_out": N_("Out of paper: load a new roll."),
    "offline": N_("Printer offline: close the cover and check for a paper jam."),
    "paper_ran_out": N_("Paper ran out during the job: load a new roll."),
}


class PrinterFailure(Exception):
    """A failure's machine text (str(exc), kept in last_error) with its code and facts."""

    def __init__(self, message: str, code: str, *facts: str, where: object = "") -> None:
        super().__init__(message)
        self.code, self.facts, self.where = code, facts, str(where)

    def words(self) -> str:
        """The failure in the current language."""
        return _(FAILURE_WORDS[self.code]).format(*self.facts, where=self.where)


class PrinterUnavailable(PrinterFailure):
    """Could not connect, or the connection broke: try again later."""


class PrinterNotReady(PrinterFailure):
    """The printer answered: out of paper, cover open, offline. Try again after staff fix it."""

    def __init__(self, state: PrinterState, message: str, code: str) -> None:
        super().__init__(message, code)
        self.state = state


@dataclass(frozen=True)
class SendResult:
    state_before: PrinterState
    state_after: PrinterState
    seconds: float
    bytes_sent: int

    @property
    def confirmed(self) -> bool:
        return self.state_after in (PrinterState.READY, PrinterState.PAPER_LOW)


def paper_state(reply: bytes) -> PrinterState:
    if not reply:
        return PrinterState.UNKNOWN
    value = reply[-1]
    if value & 0x60:
        return PrinterState.PAPER_OUT
    if value & 0x0C:
        return PrinterState.PAPER_LOW
    return PrinterState.READY


class Transport(Protocol):
    def open(self) -> None: ...
    def write(self, data: bytes) -> None: ...
    def status(self, timeout: float) -> PrinterState: ...
    def close(self) -> None: ...


class EscposTransport:
    """Any python-escpos printer object; status only where the device can be read."""

    def __init__(self, printer: Any, readable: bool) -> None:
        self.printer = printer
        self.readable = readable

    def open(self) -> None:
        self.printer.open()

    def write(self, data: bytes) -> None:
        self.printer._raw(data)  # the documented hook of every python-escpos printer class

    def status(self, timeout: float) -> PrinterState:
        if not self.readable:
            return PrinterState.UNKNOWN
        try:
            self.printer._raw(DLE_EOT_PAPER)
            return paper_state(self.printer._read() or b"")
        except Exception:  # noqa: BLE001 - a device that cannot answer is "unknown"
            return PrinterState.UNKNOWN

    def close(self) -> None:
        self.printer.close()


class NetworkTransport:
    """Raw TCP (port 9100) through python-escpos's Network, with separate short timeouts."""

    def __init__(self, conn: Connection) -> None:
        lib = escpos()
        self.conn = conn
        self.printer = lib["printer"].Network(conn.target, port=conn.port, timeout=conn.timeout)

    def open(self) -> None:
        try:
            self.printer.open()
        except Exception as exc:  # noqa: BLE001 - DeviceNotFoundError wraps the OSError
            detail = " ".join(str(exc).split())
            raise PrinterUnavailable(f"cannot connect to {self.conn}: {detail}", "connect",
                                     where=self.conn) from None
        sock: socket.socket = self.printer.device
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    @property
    def sock(self) -> socket.socket:
        sock: socket.socket = self.printer.device  # python-escpos has no type information
        return sock

    def write(self, data: bytes) -> None:
        try:
            self.sock.settimeout(self.conn.timeout)
            self.printer._raw(data)
        except OSError as exc:
            raise PrinterUnavailable(f"{self.conn}: connection lost mid-job ({exc})", "lost",
                                     where=self.conn) from None

    def _drain(self) -> None:
        """Throw away replies nobody asked for (a DLE EOT inside barcode data gets one too)."""
        sock = self.sock
        while select.select([sock], [], [], 0)[0]:
            try:
                if not sock.recv(256):
                    raise PrinterUnavailable(f"{self.conn}: the printer closed the connection", "closed",
                                             where=self.conn)
            except BlockingIOError:
                return

    def status(self, timeout: float) -> PrinterState:
        try:
            self._drain()
            self.sock.sendall(DLE_EOT_PAPER)
        except OSError as exc:
            raise PrinterUnavailable(f"{self.conn}: connection lost ({exc})", "lost",
                                     where=self.conn) from None
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.sock], [], [], left)[0]:
                return PrinterState.UNKNOWN
            try:
                reply = self.sock.recv(16)
            except OSError as exc:
                if exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK):
                    continue
                raise PrinterUnavailable(f"{self.conn}: connection lost ({exc})", "lost",
                                     where=self.conn) from None
            if not reply:
                raise PrinterUnavailable(f"{self.conn}: the printer closed the connection", "closed",
                                             where=self.conn)
            return paper_state(reply)

    def close(self) -> None:
        try:
            self.printer.close()
        except OSError:
            pass


def open_transport(conn: Connection) -> Transport:
    if conn.kind == "tcp":
        return NetworkTransport(conn)
    lib = escpos()["printer"]
    needs = {"serial": ("Serial", "pyserial"), "usb": ("Usb", "pyusb"), "lp": ("LP", "lp (CUPS)")}
    if conn.kind in needs:
        cls_name, package = needs[conn.kind]
        # Checked before any object exists: a half-made one raises again from its __del__.
        if not getattr(lib, cls_name).is_usable():
            raise PrinterUnavailable(f"{conn}: needs {package}, which is not installed", "needs",
                                     package, where=conn)
    try:
        if conn.kind == "file":
            return EscposTransport(lib.File(conn.target), readable=False)
        if conn.kind == "lp":
            return EscposTransport(lib.LP(conn.target), readable=False)
        if conn.kind == "serial":
            printer = lib.Serial(devfile=conn.target,
                                 baudrate=int(conn.options.get("baudrate", "9600")),
                                 timeout=float(conn.options.get("timeout", "1")))
            return EscposTransport(printer, readable=True)
        if conn.kind == "usb":
            vid, pid = (int(part, 16) for part in conn.target.split(":"))
            extra = {k: int(v, 0) for k, v in conn.options.items() if k in ("in_ep", "out_ep",
                                                                            "interface")}
            printer = lib.Usb(vid, pid, timeout=int(conn.timeout * 1000), **extra)
            return EscposTransport(printer, readable=True)
    except RuntimeError as exc:  # a missing optional dependency (pyserial, pyusb)
        raise PrinterUnavailable(f"{conn}: cannot use its driver ({exc})", "driver",
                                 where=conn) from None
    raise PrinterUnavailable(f"no transport for {conn}", "no_transport", where=conn)


def query_status(conn: Connection, timeout: float = STATUS_TIMEOUT) -> PrinterState:
    """The printer's state now: connect, ask the paper sensor, hang up."""
    try:
        transport = open_transport(conn)
        transport.open()
    except PrinterUnavailable:
        return PrinterState.UNREACHABLE
    except Exception:  # noqa: BLE001
        return PrinterState.UNREACHABLE
    try:
        return transport.status(timeout)
    except PrinterUnavailable:
        return PrinterState.UNREACHABLE
    finally:
        transport.close()


def send_job(conn: Connection, data: bytes, *, ask_status: bool = True,
             status_timeout: float = STATUS_TIMEOUT,
             before_write: Callable[[], None] | None = None) -> SendResult:
    """`before_write` runs once the printer is open and ready, just before the first byte goes
    (the print queue records there that this job may now print)."""
    started = time.perf_counter()
    transport = open_transport(conn)
    try:
        transport.open()
    except PrinterUnavailable:
        raise
    except Exception as exc:  # noqa: BLE001 - USB/serial/lp errors of every kind
        raise PrinterUnavailable(f"cannot open {conn}: {exc}", "open", where=conn) from None
    try:
        before = transport.status(status_timeout) if ask_status else PrinterState.UNKNOWN
        if before is PrinterState.PAPER_OUT:
            raise PrinterNotReady(before, "out of paper", "paper_out")
        if before is PrinterState.OFFLINE:
            raise PrinterNotReady(before, "printer offline", "offline")
        if before_write is not None:
            before_write()
        try:
            transport.write(data)
        except PrinterUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001
            raise PrinterUnavailable(f"{conn}: write failed ({exc})", "write", where=conn) from None
        after = transport.status(status_timeout) if ask_status else PrinterState.UNKNOWN
        if after is PrinterState.PAPER_OUT:
            raise PrinterNotReady(after, "paper ran out during the job", "paper_ran_out")
        if before is not PrinterState.UNKNOWN and after is PrinterState.UNKNOWN:
            raise PrinterUnavailable(f"{conn}: the printer stopped answering during the job",
                                     "stopped", where=conn)
        return SendResult(before, after, time.perf_counter() - started, len(data))
    finally:
        transport.close()
