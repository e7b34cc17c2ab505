"""How a till reaches its printer, written as one string (kept in the till's printer settings):

    tcp://192.0.2.10:9100?timeout=3      network (port 9100 by default; connect/write timeout, s)
    usb://04b8:0202?interface=0          USB vendor:product (hex); in_ep / out_ep optional
    serial:///dev/ttyUSB0?baudrate=115200
    lp://RECEIPT                         a CUPS / lp queue (raw); cups://RECEIPT is the same
    file:/tmp/receipt.bin                append the bytes to a file (or a device node)

Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

KINDS = ("tcp", "usb", "serial", "lp", "file")


class PrinterConnectionError(ValueError):
    """A printer connection string that cannot be used: the English for logs and the command line
    of old, and `code` + `params` for the services to word it in the reader's language
    (services/printing/printers.py, connection_words)."""

    def __init__(self, message: str, code: str = "", **params: str) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Connection:
    kind: str
    target: str  # host, "vid:pid", device path, queue name, file path
    port: int = 9100
    options: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def timeout(self) -> float:
        """Seconds to connect and to write a job (the status query has its own, shorter one)."""
        return float(self.options.get("timeout", "3"))

    def __str__(self) -> str:
        query = "&".join(f"{k}={v}" for k, v in sorted(self.options.items()))
        suffix = f"?{query}" if query else ""
        if self.kind == "tcp":
            return f"tcp://{self.target}:{self.port}{suffix}"
        if self.kind == "file":
            return f"file:{self.target}{suffix}"
        return f"{self.kind}://{self.target}{suffix}"


def parse_connection(text: str) -> Connection:
    text = text.strip()
    if not text:
        raise PrinterConnectionError("empty printer connection", "empty")
    if "://" not in text and not text.startswith("file:"):
        text = "tcp://" + text  # "host:port" on its own
    if text.startswith("file:") and not text.startswith("file://"):
        path, _, query = text[5:].partition("?")
        if not path:
            raise PrinterConnectionError("file: needs a path", "file_path")
        return Connection("file", path, options=dict(parse_qsl(query)))
    parts = urlsplit(text)
    kind = {"cups": "lp"}.get(parts.scheme, parts.scheme)
    options = dict(parse_qsl(parts.query))
    if kind not in KINDS:
        raise PrinterConnectionError(
            f"unknown printer connection {parts.scheme!r} (use {', '.join(KINDS)})",
            "unknown_kind", kind=parts.scheme, kinds=", ".join(KINDS))
    if "timeout" in options:
        try:
            if float(options["timeout"]) <= 0:
                raise ValueError
        except ValueError:
            raise PrinterConnectionError(
                f"timeout must be a positive number of seconds: {text}", "timeout",
                connection=text) from None
    if kind == "tcp":
        if not parts.hostname:
            raise PrinterConnectionError(f"no host in {text!r}", "no_host", connection=text)
        try:
            port = parts.port or 9100
        except ValueError:
            raise PrinterConnectionError(f"bad port in {text!r}", "bad_port",
                                         connection=text) from None
        return Connection("tcp", parts.hostname, port, options)
    if kind == "usb":
        vid, _, pid = parts.netloc.partition(":")
        try:
            int(vid, 16), int(pid, 16)
        except ValueError:
            raise PrinterConnectionError(
                "usb needs vendor:product in hex, e.g. usb://04b8:0202", "usb_ids") from None
        return Connection("usb", f"{vid.lower()}:{pid.lower()}", options=options)
    if kind == "serial":
        device = parts.netloc + parts.path
        if not device:
            raise PrinterConnectionError("serial needs a device, e.g. serial:///dev/ttyUSB0",
                                         "serial_device")
        if "baudrate" in options and not options["baudrate"].isdigit():
            raise PrinterConnectionError("baudrate must be a number", "baudrate")
        return Connection("serial", device, options=options)
    if kind == "lp":
        queue = parts.netloc or parts.path.lstrip("/")
        if not queue:
            raise PrinterConnectionError("lp needs a queue name, e.g. lp://RECEIPT", "lp_queue")
        return Connection("lp", queue, options=options)
    path = parts.path or parts.netloc
    return Connection("file", path, options=options)
