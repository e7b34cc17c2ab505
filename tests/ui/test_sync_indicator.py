"""The app syncs in the background and says so in the header: online/offline, queued, "Sync now"."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

from storepos.app import build_main_window
from storepos.i18n import speaking
from storepos.ui.shell.sync_indicator import describe_status
from tests.ui.shell_world import sign_in


def test_sign_in_is_queued_then_sync_now_pushes_it_to_the_embedded_central(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = build_main_window(tmp_path / "store.db", demo_orders=10, print_queue=False, sync=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: getattr(window, "sync_indicator", None) is not None, timeout=120_000)
    indicator = window.sync_indicator
    assert (tmp_path / "central.db").exists()  # the embedded central beside the till's database
    qtbot.waitUntil(lambda: indicator.label.text().startswith("Online · 0 queued"), timeout=30_000)

    qtbot.waitUntil(lambda: window.signin.view.demo.text() != "", timeout=60_000)  # read once sign-in works
    found = re.search(r"manager (\w+) \(PIN (\d+)\)", window.signin.view.demo.text())
    assert found is not None
    sign_in(qtbot, window, found.group(1), found.group(2))  # audited, so one outbox event
    indicator.refresh()
    qtbot.waitUntil(lambda: "1 queued" in indicator.label.text(), timeout=30_000)

    indicator.sync_now()
    qtbot.waitUntil(lambda: indicator.label.text().startswith("Online · 0 queued"), timeout=30_000)
    assert window.opener.sync.status().queued == 0
    window.close()
    assert window.opener.sync is None  # stopped with the window


def test_status_in_words() -> None:
    status = SimpleNamespace(online=False, queued=3, quarantined=1, flagged=2,
                             last_sync=datetime(2026, 11, 22, 15, 5, tzinfo=UTC),
                             last_error="the central database did not answer", syncing=False)
    label, details = describe_status(status, "America/Toronto")
    assert label == "Offline · 3 queued · synced 10:05\u202fa.m."
    assert "1 refused and 2 flagged for a manager" in details
    assert "Last problem: the central database did not answer" in details
    never = SimpleNamespace(online=None, queued=0, quarantined=0, flagged=0, last_sync=None,
                            last_error="", syncing=False)
    assert describe_status(never, "UTC")[0] == "Not synced yet · 0 queued"


def test_refused_and_flagged_counts_each_in_its_plural_in_french() -> None:
    from storepos.commands.sync import waiting_words

    one = SimpleNamespace(online=True, queued=0, quarantined=1, flagged=1, last_sync=None,
                          last_error="", syncing=False)
    more = SimpleNamespace(**{**vars(one), "quarantined": 3, "flagged": 0})
    with speaking("fr_CA"):
        assert "1 refusé et 1 signalé à un gérant" in describe_status(one, "UTC")[1]
        assert "3 refusés et 0 signalé à un gérant" in describe_status(more, "UTC")[1]
        assert waiting_words(1, 2) == (
            "1 événement refusé et 2 événements signalés de cette caisse attendent un gérant : "
            "l'écran Problèmes de synchronisation de l'application les règle.")
    assert "(s)" not in waiting_words(2, 1)
    assert waiting_words(2, 1).startswith("2 refused events and 1 flagged event of this till")


def test_refused_or_flagged_events_show_a_button_to_the_managers_list(qtbot) -> None:  # type: ignore[no-untyped-def]
    from storepos.ui.shell.sync_indicator import SyncIndicator

    status = SimpleNamespace(online=True, queued=0, quarantined=1, flagged=1, last_sync=None,
                             last_error="", syncing=False)
    opened: list[bool] = []
    indicator = SyncIndicator(lambda: status, lambda: None, "UTC",
                              open_problems=lambda: opened.append(True))
    qtbot.addWidget(indicator)
    indicator.show()
    qtbot.waitUntil(lambda: indicator.problems.isVisible())
    assert indicator.problems.text() == "2 to settle"
    assert "1 refused and 1 flagged for a manager" in indicator.problems.toolTip()
    indicator.problems.click()
    assert opened == [True]

    settled = SimpleNamespace(**{**vars(status), "quarantined": 0, "flagged": 0})
    indicator._read = lambda: settled
    indicator.refresh()
    qtbot.waitUntil(lambda: not indicator.problems.isVisible())
    indicator.stop()


def test_a_till_head_office_disconnected_says_so_in_words() -> None:
    status = SimpleNamespace(online=False, queued=2, quarantined=0, flagged=0, last_sync=None,
                             last_error="This till was disconnected by head office: ...",
                             syncing=False, disconnected=True)
    label, details = describe_status(status, "UTC")
    assert label == "Disconnected by head office · 2 queued"
    assert "This till was disconnected by head office: ask head office for a new code" in details


def test_the_last_sync_time_is_written_the_quebec_way_in_french() -> None:
    status = SimpleNamespace(online=False, queued=3, quarantined=0, flagged=0,
                             last_sync=datetime(2026, 11, 22, 15, 5, tzinfo=UTC), last_error="",
                             syncing=False)
    with speaking("fr_CA"):
        label, _details = describe_status(status, "America/Toronto")
    assert label == "Hors ligne · 3 en attente · synchro à 10 h 05"


def test_status_in_french_counts_its_queue() -> None:
    from storepos.i18n import speaking

    status = SimpleNamespace(online=False, queued=1, quarantined=0, flagged=0, last_sync=None,
                             last_error="", syncing=False)
    with speaking("fr_CA"):
        assert describe_status(status, "UTC")[0] == "Hors ligne · 1 en attente"
        status.queued = 3
        assert describe_status(status, "UTC")[0] == "Hors ligne · 3 en attente"
