"""A claim's photos for the manager: thumbnails to tap, and a viewer that shows one photo as large
as the window (the defect must be seen, not guessed). No logic: the view fills them in."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from storepos.i18n import _
from storepos.ui.style import set_role
from storepos.ui.widgets.buttons import TouchButton

THUMB = QSize(76, 48)  # px: beside the decision buttons, as tall as they are
SMALLEST_VIEW = QSize(800, 600)  # the viewer on a window smaller than that, or none


def decode(content: bytes) -> QImage | None:
    """The photo's bytes as an image, or None when Qt can't read them (e.g. HEIC)."""
    image = QImage.fromData(content)
    return None if image.isNull() else image


class PhotoStrip(QWidget):
    """A row of photo thumbnails; tapping one asks for it large (`sig_open(index)`)."""

    sig_open = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: list[TouchButton] = []
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(8, 0, 0, 0)
        caption = QLabel(_("Photos:"))
        caption.setToolTip(_("Tap a photo to see it as large as the screen."))
        self._row.addWidget(caption)

    def show_photos(self, photos: list[tuple[str, QImage | None]]) -> None:
        for old in self.buttons:
            self._row.removeWidget(old)
            old.deleteLater()
        self.buttons = []
        for index, (name, image) in enumerate(photos):
            b = TouchButton("" if image else _("{name}\n(can't be shown)").format(name=name),
                            accessible_name=_("Photo {name}: open it large").format(name=name))
            b.setToolTip(name)
            b.setFixedSize(THUMB.width() + 12, THUMB.height() + 10)
            b.setStyleSheet("padding: 2px; min-width: 0; font-size: 10pt;")
            if image is not None:
                b.setIcon(QIcon(QPixmap.fromImage(image.scaled(
                    THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation))))
                b.setIconSize(THUMB)
            b.setEnabled(image is not None)
            b.clicked.connect(lambda _=False, i=index: self.sig_open.emit(i))
            self._row.addWidget(b)
            self.buttons.append(b)
        self.setVisible(bool(photos))


class PhotoViewer(QDialog):
    """One photo, scaled to fill the dialog (which takes the window's size); Escape or Close."""

    def __init__(self, name: str, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PhotoViewer")
        self.setWindowTitle(_("Photo {name}").format(name=name))
        self.setAccessibleName(_("Photo {name}").format(name=name))
        self._image = QPixmap.fromImage(image)
        self.caption = QLabel(f"{name} \u00b7 {image.width()} \u00d7 {image.height()} px")
        set_role(self.caption, "title")
        self.picture = QLabel()
        self.picture.setAccessibleName(_("Photo {name}").format(name=name))
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(1, 1)  # the picture follows the dialog, never the reverse
        self.close_button = TouchButton(_("Close"), accessible_name=_("Close the photo"), primary=True)
        self.close_button.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.caption, 1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture, 1)
        layout.addLayout(bottom)
        window = parent.window() if parent is not None else None
        self.resize(window.size().expandedTo(QSize(640, 480)) if window is not None
                    else SMALLEST_VIEW)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._fit()

    def _fit(self) -> None:
        # Small phone crops are enlarged too: the manager reads the defect at arm's length.
        self.picture.setPixmap(self._image.scaled(
            self.picture.size(), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))
