"""The "working…" line: a thin animated bar across the window under the header, bound to
BackgroundRunner.busy_changed by the main window. It keeps its few pixels when idle, so nothing
below it moves when work starts or ends."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar, QSizePolicy, QStackedLayout, QWidget

from storepos.i18n import _

HEIGHT = 6  # px


class BusyIndicator(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BusyIndicator")
        self.setAccessibleName(_("Working"))
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # indeterminate
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName(_("Working"))
        self.idle = QWidget()
        layout = QStackedLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.idle)
        layout.addWidget(self.bar)
        self._layout = layout
        self.setFixedHeight(HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._busy = False

    @property
    def busy(self) -> bool:
        return self._busy

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._layout.setCurrentWidget(self.bar if busy else self.idle)
