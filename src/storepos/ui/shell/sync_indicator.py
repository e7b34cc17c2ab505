"""The header's sync status: online / offline, events waiting, last sync, "Sync now", and, when
events were refused or flagged centrally, a button to the managers' Sync problems screen.

The status is read on its own quiet runner every few seconds (reading counts the outbox: never on
the GUI thread, and never flashing the window's busy bar).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from storepos.i18n import _, ngettext
from storepos.i18n.formats import clock
from storepos.ui.operations import BackgroundRunner
from storepos.ui.widgets.buttons import TouchButton

POLL_MS = 5000


def describe_status(status: Any, time_zone: str) -> tuple[str, str]:
    """(short label, longer tooltip) for a sync status, in words."""
    state = {None: _("Not synced yet"), True: _("Online"), False: _("Offline")}[status.online]
    if getattr(status, "disconnected", False):  # revoked: no use retrying, a manager must act
        state = _("Disconnected by head office")
    parts = [state, ngettext("{n} queued", "{n} queued", status.queued).format(n=status.queued)]
    if status.last_sync is not None:
        last: datetime = status.last_sync
        parts.append(_("synced {time}").format(time=clock(last.astimezone(ZoneInfo(time_zone)))))
    label = " · ".join(parts)
    details = [label]
    if getattr(status, "disconnected", False):
        details.append(_("This till was disconnected by head office: ask head office for a new "
                         "code and set the till up again. Sales are kept here until then."))
    if status.quarantined or status.flagged:
        # Each count takes its own plural form, so each is a clause of its own.
        refused = ngettext("{n} refused", "{n} refused", status.quarantined).format(
            n=status.quarantined)
        flagged = ngettext("{n} flagged for a manager", "{n} flagged for a manager",
                           status.flagged).format(n=status.flagged)
        # Translators: two counts of the till's sync events, e.g. "1 refused" and
        # "2 flagged for a manager", each already in its plural form.
        details.append(_("{refused_part} and {flagged_part}").format(
            refused_part=refused, flagged_part=flagged))
    if status.last_error:
        details.append(_("Last problem: {problem}").format(problem=status.last_error))
    return label, "\n".join(details)


def two_lines(label: str) -> str:
    """The status label in two short lines ("Online · 3 queued" over "synced 15:27"; "Not synced
    yet" over "3 queued"): narrow, so the screen title beside it keeps its room."""
    parts = label.split(" · ")
    return f"{parts[0]} · {parts[1]}\n{parts[2]}" if len(parts) == 3 else "\n".join(parts)


def problems_words(status: Any) -> str:
    """The problems button's text: "" when there is nothing for a manager."""
    waiting = status.quarantined + status.flagged
    return ngettext("{n} to settle", "{n} to settle", waiting).format(n=waiting) if waiting else ""


class SyncIndicator(QWidget):
    def __init__(self, read_status: Callable[[], Any], sync_now: Callable[[], None], time_zone: str,
                 parent: QWidget | None = None, *,
                 open_problems: Callable[[], Any] | None = None) -> None:
        super().__init__(parent)
        self._read, self._sync_now, self._zone = read_status, sync_now, time_zone
        self._runner = BackgroundRunner(self)  # quiet: not tied to the busy bar
        self.label = QLabel(_("Sync…"))
        self.label.setObjectName("SyncStatus")
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.button = TouchButton("")
        self.button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.button.clicked.connect(self.sync_now)
        # Touch screens have no hover: what needs a manager is a button, not only a tooltip.
        self.problems = TouchButton("")
        self.problems.setObjectName("SyncProblems")
        self.problems.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.problems.setVisible(False)
        if open_problems is not None:
            self.problems.clicked.connect(open_problems)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.problems)
        row.addWidget(self.button)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.retranslate()

    def retranslate(self) -> None:
        """Its fixed words in the language of the moment (the status is worded at each read)."""
        self.label.setAccessibleName(_("Sync status"))
        self.button.setText(_("Sync now"))
        self.button.setAccessibleName(_("Sync now"))
        self.problems.setAccessibleName(_("Sync problems for a manager"))
        if not self._runner.busy:
            self.refresh()

    def refresh(self) -> None:
        if not self._runner.busy:
            self._runner.run(self._read, self._show, self._failed)

    def sync_now(self) -> None:
        self.label.setText(_("Syncing…"))
        self._runner.run(self._sync_now, lambda _: self.refresh(), self._failed)

    def _show(self, status: Any) -> None:
        if status is None:
            self.label.setText(_("Sync off"))
            self.button.setEnabled(False)
            return
        label, details = describe_status(status, self._zone)
        self.label.setText(two_lines(label))
        self.label.setToolTip(details)
        self.label.setAccessibleDescription(details)
        self.button.setEnabled(not status.syncing)
        words = problems_words(status)
        self.problems.setText(words)
        self.problems.setToolTip(details)
        self.problems.setVisible(bool(words))

    def _failed(self, exc: Exception) -> None:
        self.label.setText(_("Sync status unknown"))
        self.label.setToolTip(getattr(exc, "message", None) or str(exc))

    def stop(self) -> None:
        self._timer.stop()
