"""The first start of a till that is not set up (`storepos --choose`): "Open the demo store" or
"Join your chain" against a real `storepos central serve` on loopback, with real widgets."""

from __future__ import annotations

import ssl
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import trustme
from sqlalchemy import func, select, update

from storepos.app import build_main_window, offers_doors, show_doors
from storepos.central.engine import make_central_engine
from storepos.central.schema import enrolment_codes
from storepos.cli import build_parser, main
from storepos.paths import default_database_path
from storepos.persistence.db import make_engine
from storepos.persistence.models import Store
from storepos.services.base.till_identity import load_identity
from storepos.sync.enrolment import load_enrolment, token_path
from storepos.ui.shell.main_window import MainWindow
from storepos.ui.welcome.presenter import FirstStart
from tests.integration.central_service import (
    Service,
    add_store,
    central_db,
    enrol_code,
    free_port,
    home,
    service,
    serving,
)
from tests.integration.sync_world import central_pg

__all__ = ["central_db", "central_pg", "home", "service"]  # the fixtures, used by name


def doors(qtbot: Any, db: Path) -> tuple[FirstStart, list[MainWindow]]:
    opened: list[MainWindow] = []

    def open_counter() -> MainWindow:
        window = build_main_window(db, demo_orders=5, print_queue=False, sync=True)
        qtbot.addWidget(window)
        window.show()
        opened.append(window)
        return window

    first = show_doors(db, open_counter)
    qtbot.addWidget(first.window)
    return first, opened


def join_with(qtbot: Any, first: FirstStart, address: str, code: str, ca_file: str = "") -> str:
    """Type into the join dialog, press Join, wait for the answer; the dialog's message."""
    if first.dialog is None or not first.dialog.isVisible():
        first.window.join.click()
    dialog = first.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.address.setText(address)
    dialog.code.setText(code)
    dialog.ca_file.setText(ca_file)
    dialog.join.click()
    assert not dialog.join.isEnabled()  # asking the service: no second press
    qtbot.waitUntil(lambda: dialog.join.isEnabled(), timeout=60_000)
    return dialog.message.text()


def expire_unused_codes(db: str) -> None:
    """Head office's codes last 24 hours: these ones were made yesterday."""
    engine = make_central_engine(db)
    with engine.begin() as conn:
        conn.execute(update(enrolment_codes).where(enrolment_codes.c.used_at.is_(None))
                     .values(expires_at=datetime.now(UTC) - timedelta(hours=1)))
    engine.dispose()


def assert_not_set_up(db: Path) -> None:
    assert load_identity(db) is None and not token_path(db).exists()


def test_the_plain_storepos_opens_the_demo_and_only_choose_offers_the_doors(
        tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    assert not offers_doors(db, choose=False)  # the README's first command: the demo, no questions
    assert offers_doors(db, choose=True)
    (tmp_path / "store.db.till.json").write_text('{"store_code": "TOR", "till_prefix": "TOR1"}',
                                                 encoding="utf-8")
    assert not offers_doors(db, choose=True)  # a till already: straight to its sign-in page
    args = build_parser("app").parse_args(["app", "--choose", "--db", str(db)])
    assert args.choose and args.db == db


def test_storepos_choose_reaches_the_app_and_plain_storepos_does_not_choose(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import storepos.app
    import storepos.commands.app

    calls: list[tuple[Path, bool]] = []
    monkeypatch.setattr(storepos.commands.app, "missing_libraries", lambda: [])
    monkeypatch.setattr(storepos.app, "open_app",
                        lambda db, *, choose=False: calls.append((db, choose)) or 0)
    monkeypatch.setenv("STOREPOS_HOME", str(tmp_path))
    assert main([]) == 0 and main(["--choose"]) == 0 and main(["app", "--choose"]) == 0
    assert main(["--db", str(tmp_path / "x.db"), "--choose"]) == 0
    assert calls == [(tmp_path / "store.db", False), (tmp_path / "store.db", True),
                     (tmp_path / "store.db", True), (tmp_path / "x.db", True)]


def test_joining_says_each_refusal_in_words_keeps_what_was_typed_then_opens_the_till(
        qtbot: Any, service: Service, home: Path) -> None:
    db = default_database_path()
    add_store(service.db, "TOR1")
    expired = enrol_code(service.db, "TOR1", "Till 1")
    expire_unused_codes(service.db)
    code = enrol_code(service.db, "TOR1", "Till 2")
    first, opened = doors(qtbot, db)
    first.window.show()
    assert first.window.demo.isVisible() and first.window.join.isVisible()
    nowhere = f"http://127.0.0.1:{free_port()}"

    for address, typed, words in (
        (nowhere, code, "cannot be reached"),
        (nowhere, code, "that this till is on the network"),
        ("central.example.com:8443", code, "starts with https://"),
        (service.url, "AAAA-BBBB-CCCC-DDDD", "not known"),
        (service.url, expired, "has expired"),
        (service.url, "", "Type the enrolment code"),
    ):
        said = join_with(qtbot, first, address, typed)
        dialog = first.dialog
        assert dialog is not None
        assert words in said, said
        assert dialog.message.property("role") == "error" and dialog.isVisible()
        message = dialog.message  # the whole message is shown, however long
        assert message.height() >= message.heightForWidth(message.width())
        assert (dialog.address.text(), dialog.code.text()) == (address, typed)  # nothing lost
        assert_not_set_up(db)
        assert not opened

    said = join_with(qtbot, first, service.url, code)  # the code survived the refusals above

    assert "TOR12 (Till 2) of store TOR1" in said
    assert len(opened) == 1 and not first.window.isVisible()
    window = opened[0]
    qtbot.waitUntil(lambda: window.counter is not None, timeout=120_000)
    assert window.stack.currentWidget() is window.signin
    assert window.signin.view.store.text() == "SoftMoc TOR1, Till 2"
    assert not window.signin.view.demo.isVisible()  # the chain's till, not the demo
    identity = load_identity(db)
    assert identity is not None and identity.till_prefix == "TOR12"
    enrolment = load_enrolment(db)
    assert enrolment is not None and enrolment.url == service.url
    engine = make_engine(str(db))
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Store)).scalar_one() == 1  # no demo
    engine.dispose()
    window.close()


def test_a_certificate_the_till_does_not_trust_is_refused_in_words(
        qtbot: Any, tmp_path: Path, home: Path) -> None:
    from tests.integration.central_service import storepos

    db = str(tmp_path / "central.db")
    assert storepos("central", "init", "--db", db).returncode == 0
    ca = trustme.CA()
    ca_file = str(tmp_path / "ca.pem")
    ca.cert_pem.write_to_path(ca_file)
    cert = ca.issue_cert("localhost")
    cert.private_key_pem.write_to_path(str(tmp_path / "key.pem"))
    cert.cert_chain_pems[0].write_to_path(str(tmp_path / "cert.pem"))
    till = default_database_path()
    with serving(db, "--certfile", str(tmp_path / "cert.pem"), "--keyfile",
                 str(tmp_path / "key.pem"), host="localhost",
                 verify=ssl.create_default_context(cafile=ca_file)) as running:
        add_store(db, "TOR1")
        code = enrol_code(db, "TOR1", "Till 1")
        first, opened = doors(qtbot, till)
        first.window.show()
        by_address = running.url.replace("localhost", "127.0.0.1")  # not the certificate's name

        said = join_with(qtbot, first, by_address, code, ca_file)
        assert "certificate this till does not trust" in said
        assert said.endswith("choose head office's CA file if they gave you one.")
        assert "SSL" not in said  # in words, not the TLS library's
        message = first.dialog.message  # type: ignore[union-attr]
        assert message.height() >= message.heightForWidth(message.width())
        assert_not_set_up(till)
        said = join_with(qtbot, first, running.url, code)  # the system's CAs: not head office's
        assert "certificate this till does not trust" in said
        assert not opened

        said = join_with(qtbot, first, running.url, code, ca_file)
        assert "TOR11 (Till 1) of store TOR1" in said
        assert len(opened) == 1
        qtbot.waitUntil(lambda: opened[0].counter is not None, timeout=120_000)
        enrolment = load_enrolment(till)
        assert enrolment is not None and enrolment.ca_file == ca_file
        opened[0].close()


@pytest.mark.usefixtures("home")
def test_the_demo_door_makes_and_opens_the_demo_store(qtbot: Any) -> None:
    db = default_database_path()
    first, opened = doors(qtbot, db)
    first.window.show()
    first.window.demo.click()
    assert len(opened) == 1 and not first.window.isVisible()
    window = opened[0]
    qtbot.waitUntil(lambda: window.counter is not None, timeout=120_000)
    # the demo hint is read once sign-in works (StoreOpener.settle)
    qtbot.waitUntil(lambda: window.signin.view.demo.text() != "", timeout=60_000)
    assert window.signin.view.demo.text().startswith("Demo store, demo PINs: ")
    assert load_identity(db) is not None and load_enrolment(db) is None
    window.close()
