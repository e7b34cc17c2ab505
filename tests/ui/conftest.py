"""UI fixtures: a small demo store on disk, the Counter door, and a signed-in AppContext per role.

The demo database is made once per test session (Argon2 and 80 orders take a few seconds) and
copied for each test, so every test starts from the same data and may change it freely.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from storepos.demo import DemoSummary, generate_demo
from storepos.demo.recipes import default_recipes
from storepos.domain.vocabulary import Role
from storepos.persistence.db import make_engine, make_session_factory
from storepos.persistence.migrate import upgrade
from storepos.services.base.till_identity import first_till_of
from storepos.services.counter import Counter

DEMO_ORDERS = 80


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoSummary, str]:
    path = tmp_path_factory.mktemp("demo") / "template.db"
    engine = make_engine(str(path))
    upgrade(engine)
    summary = generate_demo(engine, orders=DEMO_ORDERS, seed=3, today=date.today())
    with make_session_factory(engine)() as session:
        home = first_till_of(session, default_recipes().stores[0].code)
    engine.dispose()
    assert home is not None
    return path, summary, home.till_prefix


@pytest.fixture
def demo_engine(demo_template, tmp_path: Path) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    template, _, _ = demo_template
    path = tmp_path / "store.db"
    shutil.copyfile(template, path)
    engine = make_engine(str(path))
    yield engine
    engine.dispose()


@pytest.fixture
def counter(demo_engine: Engine, demo_template) -> Counter:  # type: ignore[no-untyped-def]
    return Counter(make_session_factory(demo_engine), demo_template[2])


def demo_employee(demo_template, role: Role):  # type: ignore[no-untyped-def]
    """A demo employee of this role at the home store, with the PIN in clear."""
    _, summary, _ = demo_template
    home = default_recipes().stores[0].code
    return next(e for e in summary.employees if e.role is role and e.store_code == home)


def second_manager(demo_template):  # type: ignore[no-untyped-def]
    """The home store's other manager: the one who confirms a signed-in manager's decision with
    their PIN (no one approves their own)."""
    _, summary, _ = demo_template
    home = default_recipes().stores[0].code
    first = demo_employee(demo_template, Role.MANAGER)
    return next(e for e in summary.employees
                if e.role is Role.MANAGER and e.store_code == home and e.number != first.number)


@pytest.fixture
def make_context(counter: Counter, demo_template, qtbot):  # type: ignore[no-untyped-def]
    """make_context(Role.CASHIER) -> an AppContext with that demo employee signed in."""
    from storepos.ui.operations import BackgroundRunner
    from storepos.ui.shell.context import AppContext

    def build(role: Role | None = Role.CASHIER) -> AppContext:
        context = AppContext(counter=counter, place=counter.place(), runner=BackgroundRunner())
        if role is not None:
            employee = demo_employee(demo_template, role)
            context.actor = counter.sign_in(employee.number, employee.pin)
        return context

    return build


@pytest.fixture(autouse=True)
def _collect_qt_leftovers(qapp):  # type: ignore[no-untyped-def]
    """After each UI test: close its windows, run the deletions Qt deferred, and collect Python's
    garbage while the QApplication is whole, so no widget of this test is freed later in some
    other test's garbage collection (CI once aborted in one, inside a hypothesis test)."""
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    yield
    for widget in QApplication.topLevelWidgets():
        widget.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    gc.collect()
