"""The Printers screen end to end: real widgets offscreen, the demo store's database, the printer
service the CLI uses, and a loopback printer on a real socket."""

from __future__ import annotations

import gc
import socket
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from storepos.cli import main
from storepos.devices.printing.escpos_decode import PaperCut, decode
from storepos.devices.printing.loopback import LoopbackPrinter
from storepos.domain.vocabulary import Role
from storepos.persistence.db import make_session_factory
from storepos.persistence.models import AuditEvent, PrinterSetting
from storepos.services.printing import printers as pr
from storepos.ui.printers.screen import PrintersScreen
from tests.ui.shell_world import open_window, sign_in_as

WAIT = 15_000


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread() -> Iterator[None]:
    yield
    gc.collect()


@pytest.fixture
def loopback() -> Iterator[LoopbackPrinter]:
    with LoopbackPrinter() as printer:
        yield printer


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()  # nothing listens there now: a connection is refused at once
    return port


def open_screen(qtbot: QtBot, context) -> PrintersScreen:  # type: ignore[no-untyped-def]
    screen = PrintersScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1024, 700)
    screen.show()
    screen.on_enter()
    settle(qtbot, screen)
    return screen


def settle(qtbot: QtBot, screen: PrintersScreen) -> None:
    qtbot.waitUntil(lambda: not screen.context.runner.busy, timeout=WAIT)


def cell(screen: PrintersScreen, name: str, column: int) -> str:
    row = screen.model.row_of(name)
    return screen.model.cells(screen.model.row_at(row))[column] if row >= 0 else ""


def fill_network(screen: PrintersScreen, name: str, model: str, host: str, port: str) -> None:
    v = screen.view
    v.name.setText(name)
    v.printer_model.setCurrentIndex(v.printer_model.findData(model))
    v.kind.setCurrentIndex(v.kind.findData("tcp"))
    v.host.setText(host)
    v.port.setText(port)


def stored(demo_engine) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with make_session_factory(demo_engine)() as s:
        return {p.name: p.connection for p in s.scalars(select(PrinterSetting))}


def test_a_manager_adds_a_printer_after_a_bad_port_and_prints_a_test_page(  # type: ignore[no-untyped-def]
        make_context, demo_engine, loopback: LoopbackPrinter, qtbot: QtBot,
        capsys: pytest.CaptureFixture[str]) -> None:
    screen = open_screen(qtbot, make_context(Role.MANAGER))
    v = screen.view
    assert screen.model.rowCount() == 0
    assert v.status.text().startswith("No printer is set up on this till yet")
    titles = [v.printer_model.itemText(i) for i in range(v.printer_model.count())]
    assert titles == ["Epson TM-T20II / TM-m30 class (tm-t20)",
                      "Epson TM-T88V / TM-T88VI class (tm-t88)", "Generic 58 mm thermal (generic-58)"]
    assert [v.kind.itemText(i) for i in range(v.kind.count())] == [
        "Network", "USB", "Serial", "System queue", "File"]

    fill_network(screen, "receipt", "tm-t88", "127.0.0.1", "99999")
    v.add.click()
    assert v.status.property("role") == "error"
    assert v.status.text() == ("Not added: Port “99999” is not a port number (1 to 65535; "
                               "printers use 9100).")
    # nothing typed is lost, nothing is saved
    assert (v.name.text(), v.host.text(), v.port.text()) == ("receipt", "127.0.0.1", "99999")
    assert v.printer_model.currentData() == "tm-t88"
    assert stored(demo_engine) == {}

    v.port.setText(str(loopback.port))
    v.add.click()
    settle(qtbot, screen)
    assert stored(demo_engine) == {"receipt": f"tcp://127.0.0.1:{loopback.port}"}
    qtbot.waitUntil(lambda: cell(screen, "receipt", 4) == "Online", timeout=WAIT)
    assert cell(screen, "receipt", 2) == f"Network 127.0.0.1, port {loopback.port}"
    assert cell(screen, "receipt", 3) == "Receipts, slips, reports"  # the first is the default
    assert v.selected_row() == 0 and v.name.isReadOnly()

    v.test.click()
    settle(qtbot, screen)
    assert v.status.text().startswith("Test page sent to “receipt” (tm-t88,")
    page = decode(loopback.wait_for_jobs(1)[0], {16: "cp1252"})
    for sample in ("receipt", "Côté", "Größe", "Peña", "€", "£"):
        assert sample in page.text, sample
    assert page.of(PaperCut)

    # the command line reads the same printers through the same service
    assert main(["printer", "list", "--db", str(demo_engine.url.database)]) == 0
    out = capsys.readouterr().out
    assert f"receipt  tm-t88  tcp://127.0.0.1:{loopback.port}  yes" in out


def test_status_in_words_online_paper_low_paper_out_and_not_answering(  # type: ignore[no-untyped-def]
        make_context, counter, loopback: LoopbackPrinter, qtbot: QtBot) -> None:
    manager = make_context(Role.MANAGER).actor
    gone = closed_port()
    counter.run(manager, lambda s, a: [
        pr.add_printer(s, a, "receipt", "tm-t88", loopback.address, default=True),
        pr.add_printer(s, a, "back office", "tm-t20", f"tcp://127.0.0.1:{gone}?timeout=1")])
    screen = open_screen(qtbot, make_context(Role.MANAGER))
    v = screen.view
    qtbot.waitUntil(lambda: cell(screen, "receipt", 4) == "Online"
                    and cell(screen, "back office", 4) == "Not answering", timeout=WAIT)
    loopback.set(paper="low")
    v.check.click()
    qtbot.waitUntil(lambda: cell(screen, "receipt", 4) == "Online, paper low", timeout=WAIT)
    loopback.set(paper="out")
    v.check.click()
    qtbot.waitUntil(lambda: cell(screen, "receipt", 4) == "Paper out", timeout=WAIT)
    v.select_row(screen.model.row_of("receipt"))
    assert "Paper out: Load a new roll." in v.detail.text()
    v.test.click()
    settle(qtbot, screen)
    assert v.status.property("role") == "error"
    assert v.status.text() == "The test page did not print. Out of paper: load a new roll."
    v.select_row(screen.model.row_of("back office"))
    assert "Not answering: Is it switched on and plugged in?" in v.detail.text()
    settle(qtbot, screen)


def test_change_route_and_remove(make_context, counter, demo_engine, loopback,  # type: ignore[no-untyped-def]
                                 qtbot: QtBot) -> None:
    manager = make_context(Role.MANAGER).actor
    counter.run(manager, lambda s, a: [
        pr.add_printer(s, a, "receipt", "tm-t88", loopback.address, default=True),
        pr.add_printer(s, a, "back office", "tm-t20", "usb://04b8:0e15")])
    screen = open_screen(qtbot, make_context(Role.MANAGER))
    v = screen.view
    v.select_row(screen.model.row_of("back office"))
    assert (v.kind.currentData(), v.usb_id.text()) == ("usb", "04b8:0e15")
    v.kind.setCurrentIndex(v.kind.findData("serial"))
    v.device.setText("")
    v.save.click()
    assert v.status.text() == "Not saved: Type the serial port, like /dev/ttyUSB0 or COM3."
    v.device.setText("/dev/ttyUSB0")
    v.baudrate.setCurrentText("115200")
    v.save.click()
    settle(qtbot, screen)
    assert v.status.text() == "Printer “back office” saved: Serial /dev/ttyUSB0, 115200 baud."
    assert stored(demo_engine)["back office"] == "serial:///dev/ttyUSB0?baudrate=115200"
    # the receipt printer kept its timeout when it was saved unchanged (and nothing was audited)
    v.select_row(screen.model.row_of("receipt"))
    v.save.click()
    settle(qtbot, screen)
    assert v.status.text().startswith("Printer “receipt” saved")
    assert loopback.address.endswith("?timeout=2")
    assert stored(demo_engine)["receipt"] == loopback.address

    slips = v.routes["slips"]
    slips.setCurrentIndex(slips.findData("back office"))
    slips.activated.emit(slips.currentIndex())  # as when staff choose it
    settle(qtbot, screen)
    assert v.status.text() == "Slips now go to “back office”."
    assert cell(screen, "back office", 3) == "Slips"
    assert cell(screen, "receipt", 3) == "Receipts, reports"

    v.select_row(screen.model.row_of("back office"))
    v.remove.click()
    assert v.status.text().startswith("Remove “back office”? Press Remove again")
    assert "back office" in stored(demo_engine)
    v.remove.click()
    settle(qtbot, screen)
    assert v.status.text() == "Printer “back office” removed."
    assert "back office" not in stored(demo_engine) and screen.model.rowCount() == 1
    assert v.routes["slips"].currentText() == "Same as receipts"
    assert v.name.text() == "" and not v.name.isReadOnly()  # a fresh form for a new printer
    with make_session_factory(demo_engine)() as s:
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.action.like("printer.%"))
                            .order_by(AuditEvent.occurred_at)).all()
    assert sorted(actions) == sorted(["printer.added", "printer.added", "printer.changed",
                                      "printer.routed", "printer.removed"])


def test_only_managers_see_it_and_the_service_refuses_a_cashier(  # type: ignore[no-untyped-def]
        make_context, counter, demo_engine, demo_template, qtbot: QtBot) -> None:
    assert PrintersScreen.roles == (Role.MANAGER,)
    window = open_window(qtbot, counter)  # the real registry
    assert "printers" in [c.name for c in window.screen_classes]
    sign_in_as(qtbot, window, demo_template, Role.CASHIER)
    assert "printers" not in window.screens()["home"].view.buttons
    assert window.navigate("printers") is False
    window.sign_out()
    sign_in_as(qtbot, window, demo_template, Role.MANAGER)
    assert "printers" in window.screens()["home"].view.buttons
    assert window.navigate("printers")
    assert window.screen_title.text() == "Printers"
    qtbot.waitUntil(lambda: not window.screens()["printers"].context.runner.busy, timeout=WAIT)

    # Even if a cashier's context reached the screen, the service refuses, in words.
    screen = open_screen(qtbot, make_context(Role.CASHIER))
    fill_network(screen, "mine", "tm-t88", "192.0.2.10", "9100")
    screen.view.add.click()
    settle(qtbot, screen)
    assert screen.view.status.text().startswith("Not added: Only a manager can set up printers.")
    assert screen.view.name.text() == "mine"
    assert stored(demo_engine) == {}
