"""The returns screen after completing: the Return ID, what happened, and the receipt.

The receipt is the queued job's picture when the till's printer is set up, else its text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)

from storepos.i18n import _
from storepos.ui.returns.rows import DoneView


def _font(widget: QWidget, size: int, bold: bool = False) -> None:
    font = QFont(widget.font())
    font.setPointSize(size)
    font.setBold(bold)
    widget.setFont(font)


class ReturnDoneWidget(QWidget):
    def __init__(self, new_return: QPushButton, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("")
        self.title.setWordWrap(True)
        self.title.setProperty("role", "title")  # the counter style's big heading
        _font(self.title, 20, bold=True)
        self.title.setAccessibleName(_("Return ID"))
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lines = QLabel("")
        self.lines.setWordWrap(True)
        self.lines.setAlignment(Qt.AlignmentFlag.AlignTop)
        _font(self.lines, 14)
        self.printing = QLabel("")
        self.printing.setWordWrap(True)
        self.printing.setAccessibleName(_("Receipt"))
        _font(self.printing, 14, bold=True)
        self.receipt_image = QLabel("")
        self.receipt_image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.receipt_image.setAccessibleName(_("Receipt preview"))
        self.receipt_scroll = QScrollArea()
        self.receipt_scroll.setWidgetResizable(True)
        self.receipt_scroll.setWidget(self.receipt_image)
        self.receipt_text = QPlainTextEdit()
        self.receipt_text.setReadOnly(True)
        self.receipt_text.setAccessibleName(_("Receipt text"))
        mono = QFont("Monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        mono.setPointSize(11)
        self.receipt_text.setFont(mono)
        self.new_return = new_return

        layout = QGridLayout(self)
        layout.addWidget(self.title, 0, 0, 1, 2)
        layout.addWidget(self.lines, 1, 0)
        layout.addWidget(self.printing, 2, 0)
        layout.addWidget(self.new_return, 3, 0)
        layout.addWidget(self.receipt_scroll, 1, 1, 4, 1)
        layout.addWidget(self.receipt_text, 1, 1, 4, 1)
        layout.setColumnStretch(0, 1)
        layout.setColumnStretch(1, 1)
        layout.setRowStretch(4, 1)

    def show_done(self, done: DoneView) -> None:
        self.title.setText(done.headline)
        self.lines.setText("\n".join(done.lines))
        self.printing.setText(done.printing)
        self.receipt_image.clear()
        self.receipt_text.setPlainText("")
        self.receipt_scroll.setVisible(False)
        self.receipt_text.setVisible(False)
        self.new_return.setFocus()

    def show_receipt(self, png: bytes | None, text: str) -> None:
        if png:
            picture = QPixmap()
            picture.loadFromData(png, "PNG")
            self.receipt_image.setPixmap(picture)
        self.receipt_scroll.setVisible(bool(png))
        self.receipt_text.setPlainText(text)
        self.receipt_text.setVisible(not png and bool(text))
