"""The printer service's rules (services/printing/printers.py), called directly as an insider
would: only a manager adds, changes, removes or routes printers; every change is audited; bad
entries are refused in words and change nothing; status and test pages over a real socket."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from storepos.devices.printing.escpos_decode import decode
from storepos.devices.printing.loopback import LoopbackPrinter
from storepos.domain.vocabulary import Role, TenderKind
from storepos.i18n import speaking
from storepos.persistence.db import make_session_factory
from storepos.persistence.models import AuditEvent, OutboxEntry, PrinterRoute, PrinterSetting
from storepos.services.base.context import Actor
from storepos.services.cards import value_accounts as va
from storepos.services.cards.slips import queue_value_card_slip
from storepos.services.cards.value_source import sold
from storepos.services.printing import printers as pr
from storepos.services.printing.api import PrinterSetupServices
from storepos.services.staff.auth import PermissionDenied
from tests.factories import actor_for, make_employee, make_store


@pytest.fixture
def world(sqlite_engine: Engine) -> tuple[sessionmaker[Session], Actor, Actor]:
    factory = make_session_factory(sqlite_engine)
    with factory.begin() as s:
        store = make_store(s)
        manager = actor_for(make_employee(s, store, Role.MANAGER), store)
        cashier = actor_for(make_employee(s, store, Role.CASHIER), store)
    return factory, manager, cashier


def _count(s: Session, model: type) -> int:
    return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_a_cashier_cannot_add_change_remove_or_route_printers(world: tuple) -> None:
    factory, manager, cashier = world
    with factory.begin() as s:
        pr.add_printer(s, manager, "receipt", "tm-t88", "tcp://192.0.2.10:9100", default=True)
    attempts = [
        lambda s: pr.add_printer(s, cashier, "mine", "tm-t88", "tcp://203.0.113.5:9100"),
        lambda s: pr.add_printer(s, cashier, "receipt", "tm-t88", "tcp://203.0.113.5:9100",
                                 replace=True),  # the CLI's "add or change", tried by a cashier
        lambda s: pr.change_printer(s, cashier, "receipt", "tm-t88", "tcp://203.0.113.5:9100",
                                    default=True),
        lambda s: pr.remove_printer(s, cashier, "receipt"),
        lambda s: pr.route_documents(s, cashier, "slips", "receipt"),
    ]
    for attempt in attempts:
        with factory() as s, pytest.raises(PermissionDenied, match="Only a manager can"):
            attempt(s)
    with factory() as s:  # nothing changed, and nothing was audited
        setting = s.scalar(select(PrinterSetting))
        assert setting is not None and setting.connection == "tcp://192.0.2.10:9100"
        assert _count(s, PrinterSetting) == 1 and _count(s, PrinterRoute) == 0
        actions = s.scalars(select(AuditEvent.action)).all()
        assert actions == ["printer.added"]


def test_every_change_is_audited_with_who_and_what(world: tuple) -> None:
    factory, manager, _ = world
    with factory.begin() as s:
        pr.add_printer(s, manager, "receipt", "tm-t88", "tcp://192.0.2.10:9100", default=True)
        pr.add_printer(s, manager, "back office", "tm-t20", "usb://04b8:0e15")
    with factory.begin() as s:
        pr.change_printer(s, manager, "receipt", "generic-58", "tcp://192.0.2.11", default=True)
        pr.route_documents(s, manager, "slips", "back office")
        pr.route_documents(s, manager, "slips", "back office")  # no change: no second row
        pr.remove_printer(s, manager, "back office")
    with factory() as s:
        events = s.scalars(select(AuditEvent).order_by(AuditEvent.occurred_at,
                                                       AuditEvent.chain_seq)).all()
        assert [e.action for e in events] == ["printer.added", "printer.added", "printer.changed",
                                              "printer.routed", "printer.removed"]
        assert {e.employee_id for e in events} == {manager.employee_id}
        changed = events[2].details
        assert changed["model"] == "generic-58" and changed["was"]["model"] == "tm-t88"
        assert events[3].details == {"document": "slips", "printer": "back office", "was": ""}
        # audited changes reach head office through the outbox, in the same transaction
        assert _count(s, OutboxEntry) == 5
        setup = pr.printer_setup(s)
        assert [p.name for p in setup.printers] == ["receipt"]
        assert setup.routes == {"receipts": "receipt", "slips": "", "reports": ""}  # route gone


@pytest.mark.parametrize(("name", "model", "connection", "words"), [
    ("", "tm-t88", "tcp://192.0.2.10:9100", "Give the printer a name"),
    ("x" * 41, "tm-t88", "tcp://192.0.2.10:9100", "at most 40 characters"),
    ("receipt", "tm-t99", "tcp://192.0.2.10:9100", "no printer model called “tm-t99” \\(known: "),
    ("receipt", "tm-t88", "tcp://192.0.2.10:99999", "is not a port number"),
    ("receipt", "tm-t88", "ftp://x", "“ftp” is not a way to reach a printer"),
    ("receipt", "tm-t88", "usb://zz:1", "A USB printer needs its vendor:product"),
    ("receipt", "tm-t88", "serial:///dev/ttyS0?baudrate=fast", "The baud rate must be a number"),
    ("receipt", "tm-t88", "", "Type how the till reaches the printer"),
])
def test_bad_entries_are_refused_in_words_and_change_nothing(
        world: tuple, name: str, model: str, connection: str, words: str) -> None:
    factory, manager, _ = world
    with factory() as s, pytest.raises(pr.PrinterSetupError, match=words):
        pr.add_printer(s, manager, name, model, connection)
    with factory() as s:
        assert _count(s, PrinterSetting) == 0 and _count(s, AuditEvent) == 0


def test_the_screen_adds_but_does_not_overwrite_a_printer_by_accident(world: tuple) -> None:
    factory, manager, _ = world
    with factory.begin() as s:
        pr.add_printer(s, manager, "receipt", "tm-t88", "tcp://192.0.2.10:9100")
    with factory() as s, pytest.raises(pr.PrinterSetupError, match="already set up"):
        pr.add_printer(s, manager, " receipt ", "tm-t20", "usb://04b8:0e15")
    with factory() as s, pytest.raises(pr.PrinterSetupError, match="No printer called"):
        pr.change_printer(s, manager, "nowhere", "tm-t20", "usb://04b8:0e15", default=False)
    with factory() as s, pytest.raises(pr.PrinterSetupError, match="Receipts need a printer"):
        pr.route_documents(s, manager, "receipts", "")
    with factory() as s, pytest.raises(pr.PrinterSetupError,
                                       match="“menus” is not a kind of document a printer takes"):
        pr.route_documents(s, manager, "menus", "receipt")


@pytest.mark.parametrize(("model", "connection", "french"), [
    ("tm-t99", "tcp://192.0.2.10:9100", "Il n'y a aucun modèle d'imprimante nommé «\u00a0tm-t99\u00a0»"),
    ("tm-t88", "ftp://x", "«\u00a0ftp\u00a0» n'est pas une façon de joindre une imprimante : utilisez tcp, "),
    ("tm-t88", "tcp://192.0.2.10:99999", "Le port dans tcp://192.0.2.10:99999 n'est pas un "
                                         "numéro de port (1 à 65535)."),
])
def test_a_manager_reading_french_is_refused_in_french(
        world: tuple, model: str, connection: str, french: str) -> None:
    factory, manager, _ = world
    with speaking("fr_CA"), factory() as s, pytest.raises(pr.PrinterSetupError) as refused:
        pr.add_printer(s, manager, "reçus", model, connection)
    assert refused.value.message.startswith(french)
    with speaking("fr_CA"), factory() as s, pytest.raises(pr.PrinterSetupError) as refused:
        pr.remove_printer(s, manager, "nulle part")
    assert refused.value.message == ("Aucune imprimante nommée «\u00a0nulle part\u00a0» n'est configurée "
                                     "sur cette caisse.")


def test_slips_go_to_their_own_printer_and_receipts_to_the_default(world: tuple) -> None:
    factory, manager, cashier = world
    with factory.begin() as s:
        pr.add_printer(s, manager, "receipt", "tm-t88", "tcp://192.0.2.10:9100")
        pr.add_printer(s, manager, "back office", "tm-t20", "tcp://192.0.2.11:9100")
        pr.route_documents(s, manager, "receipts", "receipt")  # makes it the default
        pr.route_documents(s, manager, "slips", "back office")
    with factory.begin() as s:
        movement = va.issue_gift_card(s, cashier, "25.00", sold(TenderKind.CASH))
        slip = queue_value_card_slip(s, cashier, movement)
        assert slip.printer == "back office"
        assert pr.printer_for(s, "refund_receipt", cashier.till_id) == "receipt"
        setup = pr.printer_setup(s)
        assert {p.name: p.documents for p in setup.printers} == {
            "back office": ("slips",), "receipt": ("receipts", "reports")}
    with factory.begin() as s:
        pr.route_documents(s, manager, "slips", "")  # follows the receipts again
        assert pr.printer_for(s, "value_card_slip", cashier.till_id) == "receipt"


def test_status_in_words_and_a_test_page_from_a_cashier(world: tuple) -> None:
    factory, manager, cashier = world
    door = PrinterSetupServices(status_timeout=0.5)
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()  # nothing listens there now: connecting is refused at once
    with LoopbackPrinter() as printer:
        with factory.begin() as s:
            door.add(s, manager, "receipt", "tm-t88", printer.address, True)
            door.add(s, manager, "gone", "tm-t88", f"tcp://127.0.0.1:{closed_port}?timeout=1",
                     False)
        with factory() as s:
            assert door.status(s, cashier, "receipt").words == "Online"
            printer.set(paper="low")
            assert door.status(s, cashier, "receipt").words == "Online, paper low"
            printer.set(paper="out")
            out = door.status(s, cashier, "receipt")
            assert (out.words, out.advice) == ("Paper out", "Load a new roll.")
            gone = door.status(s, cashier, "gone")
            assert gone.state == "unreachable" and gone.words == "Not answering"
            with pytest.raises(pr.PrinterSetupError, match=r"did not print\. Out of paper"):
                door.test_page(s, cashier, "receipt")
            printer.set(paper="ok")
            said = door.test_page(s, cashier, "receipt")  # a cashier may: it changes nothing
            assert said.startswith("Test page sent to “receipt” (tm-t88,")
        page = decode(printer.wait_for_jobs(1)[0], {16: "cp1252"})
        assert "receipt" in page.text and "€" in page.text and "Größe" in page.text


def test_a_file_printer_is_not_emptied_by_a_status_check(world: tuple, tmp_path) -> None:
    factory, manager, _ = world
    out = tmp_path / "receipts.bin"
    out.write_bytes(b"yesterday's jobs")
    with factory.begin() as s:
        pr.add_printer(s, manager, "file", "tm-t88", f"file:{out}")
    with factory() as s:
        report = pr.printer_status(pr.target_of(s, "file"))
    assert report.state == "unknown" and report.words == "File ready"
    assert out.read_bytes() == b"yesterday's jobs"
