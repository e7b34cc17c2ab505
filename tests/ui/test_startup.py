"""Start-up: a database at the head opens without Alembic (not even imported), one behind is still
migrated, and a new migration is always seen (issue 15, "Start-up")."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from storepos import alembic_runner
from storepos.app import StoreOpener, build_main_window
from storepos.central import migrate as central_migrate
from storepos.paths import embedded_central_path
from storepos.persistence import migrate
from storepos.persistence.db import make_engine

# The app's own start, in a fresh process: the window, shown; once sign-in is ready (and once what
# runs after it is done), which of the heavy libraries that process has imported.
_START = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QApplication
import storepos.app
from storepos.app import build_main_window

seen = {}
LIBS = ("alembic", "PySide6", "sqlalchemy", "escpos", "fastapi")

def loaded():
    return sorted(name for name in LIBS if name in sys.modules)

open_store = storepos.app.StoreOpener.open_for_sign_in

def opened(self, say):  # what the store's opening imported, before anything runs after it
    counter = open_store(self, say)
    seen["ready"] = loaded()
    seen["sync_before_ready"] = self.sync is not None
    return counter

storepos.app.StoreOpener.open_for_sign_in = opened
app = QApplication(sys.argv[:1])
window = build_main_window(Path(sys.argv[1]), sync=True)

def settled():
    QThreadPool.globalInstance().waitForDone(60_000)  # the print queue's start, the demo hint
    app.processEvents()
    seen["settled"] = loaded()
    seen["sync_settled"] = window.opener.sync is not None and window.counter.card_gate is not None
    seen["sync_light"] = hasattr(window, "sync_indicator")
    print(json.dumps(seen), flush=True)
    window.close()
    app.quit()

def ready():
    seen["signin_ready"] = window.signin.presenter.ready
    QTimer.singleShot(0, settled)

window.store_opened.connect(ready)
window.store_failed.connect(lambda message: (print(json.dumps({"failed": message}), flush=True), app.quit()))
window.show()
app.exec()
"""


def _start_in_a_new_process(db: Path) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", _START, str(db)], capture_output=True, text=True,
                          env=env, check=True)
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


def _copy_of_the_demo(demo_template: Any, folder: Path) -> Path:
    template, _, _ = demo_template
    db = folder / "store.db"
    shutil.copyfile(template, db)
    return db


def test_the_heads_read_from_the_scripts_are_alembics_own() -> None:
    for location in (migrate.SCRIPT_LOCATION, central_migrate.SCRIPT_LOCATION):
        script = ScriptDirectory.from_config(alembic_runner.alembic_config(location))
        assert alembic_runner.script_heads(location) == frozenset(script.get_heads()), location


def test_a_current_database_starts_without_importing_alembic(demo_template, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = _copy_of_the_demo(demo_template, tmp_path)
    opener = StoreOpener(db, print_queue=False, sync=True)  # the first start: identity, embedded central
    opener(lambda _: None)
    opener.close()
    assert embedded_central_path(db).exists()

    seen = _start_in_a_new_process(db)
    assert seen["signin_ready"] is True
    assert seen["ready"] == ["PySide6", "sqlalchemy"]  # no Alembic, no printer library yet
    assert seen["sync_before_ready"] is False  # sync starts behind a ready sign-in
    assert "alembic" not in seen["settled"] and "escpos" in seen["settled"]  # the print queue runs
    assert seen["sync_settled"] is True and seen["sync_light"] is True  # and so does sync


def test_a_database_behind_is_migrated_on_start(qtbot, demo_template, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = _copy_of_the_demo(demo_template, tmp_path)
    engine = make_engine(str(db))
    try:
        head = migrate.current_revision(engine)
        with engine.begin() as connection:
            config = migrate.alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "-1")  # as a till still on the previous release
        behind = migrate.current_revision(engine)
        assert behind is not None and behind != head and not migrate.is_current(engine)
    finally:
        engine.dispose()

    window = build_main_window(db, print_queue=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.counter is not None, timeout=120_000)
    engine = make_engine(str(db))
    try:
        assert migrate.current_revision(engine) == head and migrate.is_current(engine)
        # what the newest migration added is really there
        columns = {c["name"] for c in inspect(engine).get_columns("audit_events")}
        assert {"chain_seq", "prev_hash", "hash"} <= columns
    finally:
        engine.dispose()
    window.close()


def test_a_new_migration_is_seen_and_run(tmp_path: Path) -> None:
    """A release that adds a migration: a database at the old head is behind, and is upgraded."""
    location = tmp_path / "migrations"
    shutil.copytree(migrate.SCRIPT_LOCATION, location, ignore=shutil.ignore_patterns("__pycache__"))
    (old_head,) = alembic_runner.script_heads(migrate.SCRIPT_LOCATION) or ()
    (location / "versions" / "9999_startup_probe.py").write_text(
        '"""A migration made by the test.\n\nRevision ID: 9999_startup_probe\n"""\n'
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        'revision: str = "9999_startup_probe"\n'
        f'down_revision: str | None = "{old_head}"\n'
        "branch_labels = None\ndepends_on = None\n\n\n"
        "def upgrade() -> None:\n"
        '    op.create_table("startup_probe", sa.Column("id", sa.Integer(), primary_key=True))\n\n\n'
        "def downgrade() -> None:\n"
        '    op.drop_table("startup_probe")\n',
        encoding="utf-8")
    assert alembic_runner.script_heads(location) == {"9999_startup_probe"}

    engine = make_engine(str(tmp_path / "store.db"))
    try:
        assert alembic_runner.database_revisions(engine) == frozenset()  # never migrated
        assert migrate.upgrade_if_behind(engine) is True  # to the shipped head
        assert migrate.upgrade_if_behind(engine) is False  # current: Alembic is left alone
        assert not alembic_runner.is_current(location, engine)  # the new release's script
        assert alembic_runner.upgrade_if_behind(location, engine, make_engine) is True
        assert alembic_runner.database_revisions(engine) == {"9999_startup_probe"}
        assert inspect(engine).has_table("startup_probe")
        assert alembic_runner.upgrade_if_behind(location, engine, make_engine) is False
    finally:
        engine.dispose()


def test_a_script_it_cannot_read_leaves_the_decision_to_alembic(tmp_path: Path) -> None:
    location = tmp_path / "migrations"
    shutil.copytree(migrate.SCRIPT_LOCATION, location, ignore=shutil.ignore_patterns("__pycache__"))
    (location / "versions" / "odd.py").write_text("REVISION = '0007'\n", encoding="utf-8")
    assert alembic_runner.script_heads(location) is None
    engine = make_engine(str(tmp_path / "store.db"))
    try:
        migrate.upgrade(engine)
        assert migrate.is_current(engine) and not alembic_runner.is_current(location, engine)
    finally:
        engine.dispose()


def test_a_broken_screen_module_says_why(qtbot, counter, demo_template, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The screens load behind a ready sign-in now: a feature module that fails to import must
    still say why on the sign-in page, and nobody gets into a till with no screens."""
    from storepos.domain.vocabulary import Role
    from storepos.ui.shell import registry
    from tests.ui.conftest import demo_employee
    from tests.ui.shell_world import LONG

    def broken(*_: object) -> list[object]:
        raise ImportError("cannot import name 'ReturnsScreen' from 'storepos.ui.returns.screen'")

    monkeypatch.setattr(registry, "load_screens", broken)
    from storepos.ui.shell.main_window import MainWindow

    window = MainWindow(lambda say: counter, settings=LONG)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.store_failed, timeout=60_000) as failed:
        window.show()
    assert "ImportError" in failed.args[0] and "ReturnsScreen" in failed.args[0]
    assert not window.signin.presenter.ready
    manager = demo_employee(demo_template, Role.MANAGER)
    view = window.signin.view
    view.number.setText(manager.number)
    view.pin.setText(manager.pin)
    view.sign_in.click()  # held, never run: the store is not ready and will not be
    assert not window.runner.busy
    assert window.actor is None and window.stack.currentWidget() is window.signin
    assert window.screen_classes == []


def test_a_sign_in_before_sync_has_started_waits_for_its_gates(counter, demo_template) -> None:  # type: ignore[no-untyped-def]
    """Sync starts behind a ready sign-in: a PIN typed before it has is checked at once, but the
    actor is handed out only with the card and line gates (none would mean a card redeemed with
    no central hold at all)."""
    import threading

    from storepos.domain.vocabulary import Role
    from storepos.services.counter import Counter
    from tests.ui.conftest import demo_employee

    pending = Counter(counter._sessions, demo_template[2], sync_pending=True)
    manager = demo_employee(demo_template, Role.MANAGER)
    signed: list[Any] = []
    signing = threading.Thread(target=lambda: signed.append(pending.sign_in(manager.number, manager.pin)))
    signing.start()
    signing.join(timeout=2.0)
    assert signing.is_alive() and signed == []  # held for the gates, not handed out without them
    card_gate, line_gate = object(), object()
    pending.attach_sync(card_gate, line_gate, None)
    signing.join(timeout=60.0)
    assert not signing.is_alive()
    assert signed[0].card_gate is card_gate and signed[0].line_gate is line_gate


def test_a_sync_that_could_not_start_refuses_sign_in_in_words(counter, demo_template) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from storepos.domain.errors import StoreposError
    from storepos.domain.vocabulary import Role
    from storepos.services.counter import Counter
    from tests.ui.conftest import demo_employee

    pending = Counter(counter._sessions, demo_template[2], sync_pending=True)
    pending.sync_failed(OSError("central.db: disk I/O error"))
    manager = demo_employee(demo_template, Role.MANAGER)
    with pytest.raises(StoreposError, match=r"sync could not start.*disk I/O error"):
        pending.sign_in(manager.number, manager.pin)


def test_a_sync_that_fails_behind_a_ready_sign_in_closes_the_sign_in_in_words(  # type: ignore[no-untyped-def]
        qtbot, demo_template, tmp_path: Path, monkeypatch) -> None:
    db = _copy_of_the_demo(demo_template, tmp_path)
    opener = StoreOpener(db, print_queue=False)  # the first start: this till's identity
    opener(lambda _: None)
    opener.close()

    def broken(self: StoreOpener, *_: object) -> None:
        raise OSError("central.db: disk I/O error")

    monkeypatch.setattr(StoreOpener, "_start_sync", broken)
    window = build_main_window(db, print_queue=False, sync=True)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.store_failed, timeout=120_000) as failed:
        window.show()
    assert "sync could not start" in failed.args[0] and "disk I/O error" in failed.args[0]
    assert window.counter is not None  # the store had opened: sign-in was ready, then refused
    assert not window.signin.presenter.ready
    assert window.opener.sync is None and not hasattr(window, "sync_indicator")
    window.close()
