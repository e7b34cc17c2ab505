"""The print preview: a job's paper (its ESC/POS bytes, decoded and drawn) in a scrolling dialog.

    show_receipt_preview(parent, context, job_id)   # after completing a return, a sale ...

The dialog opens at once with "Drawing the receipt…"; the PNG is made on the worker thread
(print_queue.preview_png) and shown when it arrives. Escape closes it; + and - zoom.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from storepos.i18n import _
from storepos.services.printing.api import PREVIEW_SCALE, PrintingServices
from storepos.ui.printing.presenter import error_words
from storepos.ui.shell.context import AppContext
from storepos.ui.style import TOUCH_HEIGHT, set_role
from storepos.ui.widgets.buttons import TouchButton

ZOOMS = (0.6, 0.8, 1.0, 1.25, 1.5, 2.0)


class PrintPreviewDialog(QDialog):
    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PrintPreviewDialog")
        self.setWindowTitle(_("Print preview: {document}").format(document=title) if title
                            else _("Print preview"))
        self.setAccessibleName(_("Print preview"))
        self._pixmap = QPixmap()
        self._zoom = ZOOMS.index(1.0)

        self.heading = QLabel(_("Preview: {document}").format(document=title) if title
                              else _("Print preview"))
        self.heading.setWordWrap(True)
        set_role(self.heading, "subtitle")
        self.image = QLabel(_("Drawing the receipt…"))
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.image.setAccessibleName(_("Receipt preview"))
        self.image.setWordWrap(True)
        self.image.setStyleSheet("background: #e6e6e6;")
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.image)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll_area.setAccessibleName(_("Receipt preview, scrolls"))

        self.zoom_out = self._button(_("Zoom out (−)"), _("Zoom out"))
        self.zoom_in = self._button(_("Zoom in (+)"), _("Zoom in"))
        self.close_button = self._button(_("Close"), _("Close the preview"))
        self.close_button.setDefault(True)  # Enter closes too
        self.zoom_out.clicked.connect(lambda: self._set_zoom(self._zoom - 1))
        self.zoom_in.clicked.connect(lambda: self._set_zoom(self._zoom + 1))
        self.close_button.clicked.connect(self.accept)
        for keys, step in (("+", 1), ("=", 1), ("-", -1), (QKeySequence.StandardKey.ZoomIn, 1),
                           (QKeySequence.StandardKey.ZoomOut, -1)):
            QShortcut(QKeySequence(keys), self).activated.connect(
                lambda step=step: self._set_zoom(self._zoom + step))
        buttons = QHBoxLayout()
        buttons.addWidget(self.zoom_out)
        buttons.addWidget(self.zoom_in)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(buttons)
        self.resize(760, 720)

    @staticmethod
    def _button(text: str, accessible: str) -> TouchButton:
        b = TouchButton(text, accessible_name=accessible)
        b.setMinimumHeight(TOUCH_HEIGHT)
        b.setAutoDefault(False)
        return b

    # --- setters ------------------------------------------------------------------------------
    def show_png(self, data: bytes) -> bool:
        pixmap = QPixmap()
        if not pixmap.loadFromData(data, "PNG"):
            self.show_error(_("The preview could not be drawn."))
            return False
        self._pixmap = pixmap
        set_role(self.image, "")
        self._set_zoom(ZOOMS.index(1.0))
        return True

    def show_error(self, text: str) -> None:
        self._pixmap = QPixmap()
        self.image.setPixmap(QPixmap())
        set_role(self.image, "error")
        self.image.setText(text)

    def _set_zoom(self, index: int) -> None:
        self._zoom = max(0, min(len(ZOOMS) - 1, index))
        if self._pixmap.isNull():
            return
        zoom = ZOOMS[self._zoom]
        shown = self._pixmap if zoom == 1.0 else self._pixmap.scaled(
            self._pixmap.size() * zoom, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation)
        self.image.setPixmap(shown)
        self.zoom_out.setEnabled(self._zoom > 0)
        self.zoom_in.setEnabled(self._zoom < len(ZOOMS) - 1)

    # --- what callers and tests read ----------------------------------------------------------
    @property
    def has_image(self) -> bool:
        return not self._pixmap.isNull()

    def image_size(self) -> QSize:
        """The preview's own size in pixels (before any zoom)."""
        return self._pixmap.size()

    @property
    def zoom(self) -> float:
        return ZOOMS[self._zoom]


def show_receipt_preview(parent: QWidget | None, context: AppContext, job_id: uuid.UUID,
                         title: str = "", *, scale: float = PREVIEW_SCALE) -> PrintPreviewDialog:
    """Open the preview of one print job; it fills in when the worker has drawn it."""
    dialog = PrintPreviewDialog(title, parent)
    state = {"closed": False, "answered": False}

    def closed(_result: int) -> None:
        state["closed"] = True
        if state["answered"]:
            dialog.deleteLater()

    def answered(show: Callable[[Any], object], value: object) -> None:
        state["answered"] = True
        if state["closed"]:  # closed before the drawing came back: nothing to show it in
            dialog.deleteLater()
        else:
            show(value)

    dialog.finished.connect(closed)
    dialog.open()  # window-modal, returns at once
    context.run(lambda s, a: PrintingServices().preview(s, a, job_id, scale),
                lambda png: answered(dialog.show_png, png),
                lambda exc: answered(dialog.show_error, _("No preview: {problem}").format(
                    problem=error_words(exc))),
                commit=False)
    return dialog
