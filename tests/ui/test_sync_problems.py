"""The sync problems screen end to end, offscreen, on a copy of the demo store with real widgets and
real services: a till's event refused by a real (embedded SQLite) central database is listed,
settled by a manager with what was done, why and their PIN, sent by the sync, and recorded
centrally; cashiers are refused; offline, the screen shows this till's own list."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select

from storepos.central.client import Central
from storepos.central.migrate import upgrade as upgrade_central
from storepos.central.schema import quarantine
from storepos.domain.sync import ProblemKind
from storepos.domain.vocabulary import Role
from storepos.persistence.db import make_session_factory
from storepos.persistence.models import OutboxEntry
from storepos.persistence.uow import UnitOfWork
from storepos.services.base import outbox
from storepos.services.counter import Counter
from storepos.services.staff.auth import Approval, PermissionDenied
from storepos.services.sync.local_till import LocalTill
from storepos.services.sync.problems import (
    SyncLink,
    SyncProblem,
    list_problems,
    resolve_problem,
)
from storepos.sync.errors import CentralUnavailable
from storepos.sync.service import SyncService
from storepos.ui.sync_problems.screen import SyncProblemsScreen
from tests.ui.conftest import demo_employee, second_manager
from tests.ui.shell_world import open_window, sign_in_as

WAIT = 20_000
WHY = "Claim keyed at the wrong store; head office fixes it"


class Unreachable:
    """The central database while the network is down."""

    def open_problems(self, store_id: uuid.UUID) -> list[Any]:
        raise CentralUnavailable("The central database cannot be reached: network down")


@pytest.fixture
def central(tmp_path: Path) -> Iterator[Central]:
    found = Central.connect(f"sqlite:///{tmp_path / 'central.db'}")
    upgrade_central(found.engine)
    yield found
    found.close()


def local_till(counter: Counter, demo_engine: Engine) -> LocalTill:
    place = counter.place()
    return LocalTill(make_session_factory(demo_engine), place.store_id, place.till_id)


def refused_event(counter: Counter, demo_engine: Engine, central: Central) -> uuid.UUID:
    """A warranty claim of another store in this till's outbox (what a buggy till might send),
    pushed: the central rules quarantine it."""
    place = counter.place()
    event_id = uuid.uuid4()
    with UnitOfWork(make_session_factory(demo_engine)) as uow:
        uow.session.add(OutboxEntry(
            id=event_id, till_id=place.till_id, store_id=place.store_id,
            seq=outbox.next_seq(uow.session, place.till_id), action="warranty.opened",
            occurred_at=counter.clock(),
            payload={"audit": {"subject_type": "test", "subject_id": None, "details": {}},
                     "rows": {"claim": {"id": str(uuid.uuid4()), "number": "W-Y-1",
                                        "store_id": str(uuid.uuid4()), "status": "open"}}}))
        uow.commit()
    report = SyncService(local_till(counter, demo_engine), central).sync_once()
    assert report.quarantined == 1
    return event_id


def open_screen(qtbot: QtBot, context: Any) -> SyncProblemsScreen:
    screen = SyncProblemsScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1024, 690)
    screen.show()
    screen.on_enter()
    idle(qtbot, screen)
    return screen


def idle(qtbot: QtBot, screen: SyncProblemsScreen) -> None:
    qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT)


def approve_with_pin(qtbot: QtBot, screen: SyncProblemsScreen, demo_template: Any) -> None:
    dialog = screen.approval_dialog
    assert dialog is not None and dialog.isVisible()
    manager = second_manager(demo_template)  # the signed-in manager never approves their own
    dialog.number.setText(manager.number)
    dialog.pin.setText(manager.pin)
    dialog.approve_button.click()


def central_row(central: Central) -> Any:
    with central.engine.connect() as conn:
        return conn.execute(select(quarantine)).one()


def test_a_refused_event_is_settled_with_a_managers_pin_and_recorded_centrally(
        make_context, counter, demo_engine, demo_template, central, qtbot: QtBot,
        qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    event_id = refused_event(counter, demo_engine, central)
    local = local_till(counter, demo_engine)
    assert local.counts().quarantined == 1
    service = SyncService(local, central)  # no background loop: sync_now syncs at once
    asked: list[str] = []

    def sync_now() -> None:
        asked.append("sync")
        service.sync_now()

    counter.sync_link = SyncLink(central, sync_now)
    context = make_context(Role.MANAGER)
    screen = open_screen(qtbot, context)
    view, model = screen.view, screen.model

    assert model.rowCount() == 1
    qtmodeltester.check(model)
    row = model.row_at(0)
    assert row.key == (event_id, ProblemKind.REFUSED.value)
    assert row.title == "Refused by the central database" and row.till == context.place.till_prefix
    assert row.what == "Warranty claim W-Y-1 belongs to another store."
    assert view.banner.text() == "The store's central list, every till: 1 open."
    assert view.selected_row() == 0  # the first problem is shown at once
    assert view.detail_title.text() == "<b>Refused by the central database</b>"
    assert "belongs to another store" in view.detail.text()
    assert f"From till {context.place.till_prefix}, event" in view.detail.text()
    assert list(view.outcome_buttons) == ["kept", "corrected", "head_office"]
    assert view.resolve.isEnabled()

    view.why.setText(WHY)
    view.resolve.click()  # nothing chosen yet
    assert view.status.text() == "Choose what was done about it."
    assert view.status.property("role") == "error" and screen.approval_dialog is None

    view.outcome_buttons["head_office"].setChecked(True)
    view.resolve.click()
    dialog = screen.approval_dialog
    assert dialog is not None and dialog.reason.text() == WHY  # the why, suggested
    assert dialog.what.text() == "Settle the sync problem “Refused by the central database”"
    assert dialog.approve_button.text() == "Settle problem"
    assert "Sent to head office to put right" in dialog.details.text()
    dialog.reject()  # the manager is not there yet
    qtbot.waitUntil(lambda: view.status.text().startswith("Not settled"), timeout=WAIT)
    assert view.why.text() == WHY and view.chosen_outcome() == "head_office"  # nothing lost
    assert local.counts().quarantined == 1 and asked == []

    view.resolve.click()
    dialog = screen.approval_dialog
    assert dialog is not None
    me = demo_employee(demo_template, Role.MANAGER)  # signed in: their own PIN is no approval
    dialog.number.setText(me.number)
    dialog.pin.setText(me.pin)
    dialog.approve_button.click()
    qtbot.waitUntil(lambda: "can't approve their own" in dialog.error.text(), timeout=WAIT)
    assert dialog.isVisible() and dialog.error.text() == (
        "A manager can't approve their own sync problem settlement; another manager must "
        "approve it with their PIN.")
    assert local.counts().quarantined == 1
    approve_with_pin(qtbot, screen, demo_template)
    approver = second_manager(demo_template)  # the second manager confirms the decision
    qtbot.waitUntil(lambda: view.status.text().startswith("Settled"), timeout=WAIT)
    assert view.status.text() == (
        f"Settled: Sent to head office to put right (by {approver.number} "
        f"{approver.name}). It reaches the central database with the next sync.")
    assert view.status.property("role") == ""
    assert view.why.text() == "" and view.chosen_outcome() == ""  # done with
    qtbot.waitUntil(lambda: model.rowCount() == 0, timeout=WAIT)
    assert local.counts().quarantined == 0
    assert asked == ["sync"]
    # The sync asked after the commit sent the decision; the list is read again after it.
    qtbot.waitUntil(lambda: central_row(central).resolved_at is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: view.banner.text() ==
                    "The store's central list, every till: nothing open.", timeout=WAIT)
    assert view.detail_title.text() == "<b>Nothing to settle</b>"
    assert not view.resolve.isEnabled() and view.outcome_buttons == {}

    service.sync_once()  # another sync changes nothing: the decision was recorded once
    row = central_row(central)
    assert row.event_id == event_id
    assert row.resolved_by == f"{approver.number} {approver.name}"
    assert "Sent to head office to put right" in row.resolution and WHY in row.resolution
    assert local.counts().quarantined == 0


def test_a_cashier_is_refused_by_the_service_and_not_offered_the_screen(
        make_context, counter, demo_engine, demo_template, central, qtbot: QtBot,
) -> None:  # type: ignore[no-untyped-def]
    event_id = refused_event(counter, demo_engine, central)
    link = SyncLink(central)
    counter.sync_link = link
    cashier = make_context(Role.CASHIER).actor
    with pytest.raises(PermissionDenied, match="Only a manager can see and settle sync problems"):
        counter.run(cashier, lambda s, a: list_problems(s, a, link))
    problem = SyncProblem(ProblemKind.REFUSED, event_id, counter.clock(), "", "", "", "", None)
    approval = Approval(cashier.employee_id, cashier.employee_number, cashier.employee_name,
                        "trying", counter.clock())
    with pytest.raises(PermissionDenied, match="Only a manager can settle sync problems"):
        counter.run(cashier, lambda s, a: resolve_problem(s, a, problem, "kept", approval))
    assert local_till(counter, demo_engine).counts().quarantined == 1  # nothing recorded

    assert SyncProblemsScreen.roles == (Role.MANAGER,)
    window = open_window(qtbot, counter)  # the real registry
    assert "sync_problems" in [c.name for c in window.screen_classes]
    sign_in_as(qtbot, window, demo_template, Role.CASHIER)
    assert "sync_problems" not in window.screens()
    assert "sync_problems" not in window.screens()["home"].view.buttons
    assert window.navigate("sync_problems") is False
    assert window.notice.text().startswith("Sync problems is for a manager:")
    window.sign_out()
    sign_in_as(qtbot, window, demo_template, Role.MANAGER)
    assert "sync_problems" in window.screens()["home"].view.buttons
    assert window.navigate("sync_problems")
    screen = window.screens()["sync_problems"]
    qtbot.waitUntil(lambda: not screen.busy and screen.model.rowCount() == 1, timeout=WAIT)
    assert window.screen_title.text() == "Sync problems"

    # Even if a cashier's context reached the screen, the service refuses in its own words.
    refused = open_screen(qtbot, make_context(Role.CASHIER))
    assert refused.view.status.property("role") == "error"
    assert refused.view.status.text().startswith(
        "Could not load the sync problems: Only a manager can see and settle sync problems.")
    assert refused.model.rowCount() == 0


def test_offline_the_screen_shows_this_tills_own_problems_and_the_decision_waits(
        make_context, counter, demo_engine, demo_template, central, qtbot: QtBot,
) -> None:  # type: ignore[no-untyped-def]
    event_id = refused_event(counter, demo_engine, central)
    counter.sync_link = SyncLink(Unreachable())
    context = make_context(Role.MANAGER)
    screen = open_screen(qtbot, context)
    view, model = screen.view, screen.model
    assert view.banner.text().startswith(
        "Offline: the central database can't be reached, so this is this till's own list.")
    assert view.banner.text().endswith(" 1 open.")
    assert view.banner.property("role") == "notice"  # the notice look, not the plain line
    [row] = model.rows()
    assert row.key == (event_id, ProblemKind.REFUSED.value)
    assert row.till == context.place.till_prefix
    assert row.what == "Warranty claim W-Y-1 belongs to another store."

    view.outcome_buttons["kept"].setChecked(True)
    view.why.setText("The claim stands as the till has it")
    view.resolve.click()
    approve_with_pin(qtbot, screen, demo_template)
    qtbot.waitUntil(lambda: view.status.text().startswith("Settled: The till's record stands"),
                    timeout=WAIT)
    qtbot.waitUntil(lambda: model.rowCount() == 0 and not screen.busy, timeout=WAIT)
    assert view.banner.text().endswith("1 decision taken here waits to be sent.")

    # Back online, the sync takes the decision to the central database.
    local = local_till(counter, demo_engine)
    SyncService(local, central).sync_once()
    row = central_row(central)
    assert row.resolution == ("The till's record stands; nothing to change: The claim stands as "
                              "the till has it")
    assert local.counts().quarantined == 0
