"""The sign-in form: employee number, PIN (masked), Sign in. Enter signs in; no logic here.

The fields never move: a cashier types by position. What may come and go (why the till signed
out, a wrong PIN, the demo hint) is below the Sign in button, and the card's top is set by the
window's height alone, not by how tall those lines make the card.

The language toggle (English | Français, top right of the card) says which language the page is
in; pressing the other one asks for it (`sig_language`), and the screen words the page again
(`retranslate`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from storepos.i18n import _
from storepos.ui.languages import LANGUAGES
from storepos.ui.style import set_role
from storepos.ui.widgets.buttons import TouchButton
from storepos.ui.widgets.labels import MessageLine

CARD_HEIGHT = 600  # px: about the card with a notice and a message (French: longer), a third down


class SignInView(QWidget):
    sig_sign_in = Signal(str, str)  # employee number, PIN
    sig_set_pin = Signal(str)  # the employee number typed so far: first sign-in or a new PIN
    sig_language = Signal(str)  # "en", "fr": the employee asks for the page in that language

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SignInView")

        self.title = QLabel("")
        set_role(self.title, "title")
        self.languages = self._language_toggle()
        self.store = QLabel("")
        self.store.setAccessibleName("Store")
        set_role(self.store, "subtitle")

        form = self._form()

        self.notice = QLabel("")  # why the till signed out, kept until someone signs in
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Notice")
        set_role(self.notice, "hint")
        self.status = MessageLine("", 64)
        self.demo = QLabel("")
        self.demo.setWordWrap(True)
        set_role(self.demo, "hint")
        self.demo.hide()
        self._demo_words: Callable[[], str] = str
        self._notice_words: Callable[[], str] = str

        card = self._card(form)

        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(card, 6, Qt.AlignmentFlag.AlignTop)
        centre.addStretch(1)
        self._above = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.addItem(self._above)
        layout.addLayout(centre)
        layout.addStretch(1)

        self.setTabOrder(self.number, self.pin)
        self.setTabOrder(self.pin, self.sign_in)
        self.retranslate()

    def _language_toggle(self) -> dict[str, TouchButton]:
        """English | Français: the page's language is the pressed one; each named in itself."""
        self._language_group = QButtonGroup(self)
        self._language_group.setExclusive(True)
        buttons: dict[str, TouchButton] = {}
        for code, name in LANGUAGES:
            button = TouchButton(name)
            button.setObjectName("LanguageChoice")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # the number field keeps the focus
            button.setProperty("language", code)
            button.clicked.connect(lambda _checked=False, c=code: self.sig_language.emit(c))
            self._language_group.addButton(button)
            buttons[code] = button
        return buttons

    def retranslate(self) -> None:
        """Every word of the page in the language of the moment (the fields keep what was typed)."""
        self.title.setText(_("Sign in"))
        self.number.setAccessibleName(_("Employee number"))
        self.pin.setAccessibleName(_("PIN"))
        self.number_label.setText(_("Employee number"))
        self.pin_label.setText(_("PIN"))
        self.sign_in.setText(_("Sign in"))
        self.sign_in.setAccessibleName(_("Sign in"))
        self.set_pin.setText(_("First sign-in or new PIN?"))
        self.set_pin.setAccessibleName(_("Set your PIN"))
        self.store.setAccessibleName(_("Store"))
        self.notice.setAccessibleName(_("Notice"))
        self.status.setAccessibleName(_("Sign-in message"))
        self.demo.setAccessibleName(_("Demo sign-ins"))
        self._show_demo()
        self._show_notice()
        for button in self.languages.values():
            name = button.text()
            button.setAccessibleName(name)
            button.setToolTip(_("Show the counter in {language}").format(language=name))

    def show_language(self, language: str) -> None:
        """Press the button of the language the page is in."""
        for code, button in self.languages.items():
            button.setChecked(code == language)
    def _form(self) -> QFormLayout:
        """Employee number and PIN (masked); Enter in either signs in."""
        self.number = QLineEdit()
        self.number.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9A-Za-z-]{0,16}"),
                                                             self.number))
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,8}"), self.pin))
        self.sign_in = TouchButton("", primary=True)
        for field in (self.number, self.pin):
            field.setMinimumWidth(280)
            field.returnPressed.connect(self._emit)
        self.sign_in.clicked.connect(self._emit)
        # Head office's staff choose their PIN here (shown only on a till set up with head office).
        self.set_pin = TouchButton("")
        self.set_pin.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.set_pin.clicked.connect(lambda: self.sig_set_pin.emit(self.number.text().strip()))
        self.set_pin.hide()

        form = QFormLayout()
        form.setVerticalSpacing(14)
        form.setHorizontalSpacing(16)
        self.number_label, self.pin_label = QLabel(""), QLabel("")
        self.number_label.setBuddy(self.number)
        self.pin_label.setBuddy(self.pin)
        form.addRow(self.number_label, self.number)
        form.addRow(self.pin_label, self.pin)
        return form

    def _card(self, form: QFormLayout) -> QFrame:
        """The sign-in card: the store, the form, Sign in, and what to know."""
        card = QFrame()
        card.setObjectName("SignInCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(700)  # French notices and the demo hint wrap on fewer lines
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(14)
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        for button in self.languages.values():
            heading.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        heading.setSpacing(0)
        inner.addLayout(heading)
        inner.addWidget(self.store)
        inner.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(self.set_pin)
        row.addStretch(1)
        row.addWidget(self.sign_in)
        inner.addLayout(row)
        inner.addWidget(self.notice)
        inner.addWidget(self.status)
        inner.addWidget(self.demo)
        return card

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        # The card a third of the way down, by the window's height only: never by its own.
        self._above.changeSize(0, max(0, (event.size().height() - CARD_HEIGHT) // 3),
                               QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        layout = self.layout()
        if layout is not None:
            layout.invalidate()
        super().resizeEvent(event)

    def _emit(self) -> None:
        self.sig_sign_in.emit(self.number.text(), self.pin.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:  # nothing to go back to: start over
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)

    # --- setters ----------------------------------------------------------------------------
    def show_store(self, text: str) -> None:
        self.store.setText(text)

    def show_notice(self, text: str | Callable[[], str]) -> None:
        """Why the till signed out: its text, or what words it in the language of the moment."""
        self._notice_words = text if callable(text) else (lambda: text)
        self._show_notice()

    def _show_notice(self) -> None:
        text = self._notice_words()
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def show_demo(self, text: str | Callable[[], str]) -> None:
        """The demo hint: its text, or what words it in the language of the moment."""
        self._demo_words = text if callable(text) else (lambda: text)
        self._show_demo()

    def _show_demo(self) -> None:
        text = self._demo_words()
        self.demo.setText(text)
        self.demo.setVisible(bool(text))

    def show_set_pin(self, shown: bool) -> None:
        self.set_pin.setVisible(shown)

    def show_busy(self, busy: bool) -> None:
        self.sign_in.setEnabled(not busy)
        self.number.setReadOnly(busy)
        self.pin.setReadOnly(busy)

    def show_status(self, text: str) -> None:
        self.status.show_status(text)

    def show_error(self, text: str) -> None:
        self.status.show_error(text)

    def clear_pin(self) -> None:
        self.pin.clear()

    def clear(self) -> None:
        self.number.clear()
        self.pin.clear()
        self.show_status("")
        self.focus_number()

    def focus_number(self) -> None:
        self.number.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_pin(self) -> None:
        self.pin.setFocus(Qt.FocusReason.OtherFocusReason)
