"""Printer connection strings (a till setting) and status replies."""

from __future__ import annotations

from pathlib import Path

import pytest

from storepos.devices.printing.connections import (
    PrinterConnectionError,
    parse_connection,
)
from storepos.devices.printing.transports import PrinterState, paper_state


@pytest.mark.parametrize(
    ("text", "kind", "target", "port", "timeout"),
    [
        ("tcp://192.0.2.10:9100?timeout=2.5", "tcp", "192.0.2.10", 9100, 2.5),
        ("192.0.2.10:9101", "tcp", "192.0.2.10", 9101, 3.0),
        ("tcp://printer.local", "tcp", "printer.local", 9100, 3.0),
        ("usb://04B8:0202?interface=0", "usb", "04b8:0202", 9100, 3.0),
        ("serial:///dev/ttyUSB0?baudrate=115200", "serial", "/dev/ttyUSB0", 9100, 3.0),
        ("lp://RECEIPT", "lp", "RECEIPT", 9100, 3.0),
        ("cups://RECEIPT", "lp", "RECEIPT", 9100, 3.0),
        ("file:/tmp/out.bin", "file", "/tmp/out.bin", 9100, 3.0),
        ("file:///tmp/out.bin", "file", "/tmp/out.bin", 9100, 3.0),
    ],
)
def test_connections_parse(text: str, kind: str, target: str, port: int, timeout: float) -> None:
    conn = parse_connection(text)
    assert (conn.kind, conn.target, conn.port, conn.timeout) == (kind, target, port, timeout)
    assert parse_connection(str(conn)) == conn  # written back the same way


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("ftp://x", "unknown printer connection"),
        ("usb://epson", "vendor:product"),
        ("serial://", "needs a device"),
        ("serial:///dev/ttyS0?baudrate=fast", "baudrate"),
        ("lp://", "queue name"),
        ("tcp://host:99999", "bad port"),
        ("tcp://host?timeout=-1", "timeout"),
        ("file:", "path"),
    ],
)
def test_bad_connections_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(PrinterConnectionError, match=message):
        parse_connection(text)


@pytest.mark.parametrize(
    ("reply", "state"),
    [
        (b"", PrinterState.UNKNOWN),  # silence is "unknown", never "out of paper"
        (b"\x12", PrinterState.READY),
        (b"\x1e", PrinterState.PAPER_LOW),
        (b"\x72", PrinterState.PAPER_OUT),
        (b"\x12\x72", PrinterState.PAPER_OUT),  # the latest reply counts
    ],
)
def test_paper_status_replies(reply: bytes, state: PrinterState) -> None:
    assert paper_state(reply) is state


def test_usb_and_serial_without_their_libraries_say_so(tmp_path: Path) -> None:
    from storepos.devices.printing.escpos_lib import escpos
    from storepos.devices.printing.transports import (
        PrinterUnavailable,
        query_status,
        send_job,
    )

    lib = escpos()["printer"]
    for text, cls in (("usb://04b8:0202", lib.Usb), ("serial:///dev/ttyUSB9", lib.Serial)):
        if cls.is_usable():
            continue  # the optional library is installed here
        with pytest.raises(PrinterUnavailable, match="not installed"):
            send_job(parse_connection(text), b"x")
        assert query_status(parse_connection(text)) is PrinterState.UNREACHABLE
    target = tmp_path / "out.bin"
    result = send_job(parse_connection(f"file:{target}"), b"\x1b@ok\n")
    assert target.read_bytes() == b"\x1b@ok\n" and result.state_after is PrinterState.UNKNOWN
