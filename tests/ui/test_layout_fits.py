"""Every screen fits the smallest counter window, 1024x768: no button's text cut, no title shortened
with "…", nothing below the window's bottom edge, and the window not pushed wider or taller than
that by what it shows. Real widgets on the demo store, each screen with its demo data, the header as
the app has it (the sync status with problems for a manager waiting), the returns screen also in the
middle of an exchange and with its "complete?" bar open.
"""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QToolButton,
    QWidget,
)

from storepos.domain.vocabulary import Resolution, Role
from storepos.ui.shell.main_window import MainWindow
from storepos.ui.shell.sync_indicator import SyncIndicator
from storepos.ui.widgets.labels import ElidedLabel
from tests.ui.shell_world import open_window, sign_in_as

SMALLEST = (1024, 768)
WAIT = 30_000


def _text_width(widget: QWidget, text: str) -> int:
    lines = text.replace("&&", "\0").replace("&", "").replace("\0", "&").split("\n")
    return max(widget.fontMetrics().horizontalAdvance(line) for line in lines)


def _button_room(button: QPushButton | QToolButton) -> int:
    """The width the style leaves for a button's text and icon (its border and padding off)."""
    if isinstance(button, QPushButton):
        option = QStyleOptionButton()
        button.initStyleOption(option)
        return button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option,
                                             button).width()
    return button.contentsRect().width()


def _button_need(button: QPushButton | QToolButton) -> int:
    need = _text_width(button, button.text())
    if not button.icon().isNull():
        need += button.iconSize().width() + 4
    return need


def _describe(widget: QWidget) -> str:
    kind = type(widget).__name__
    words = widget.text() if hasattr(widget, "text") else ""
    return f"{kind} {widget.objectName() or widget.accessibleName()!r} {words!r}".strip()


def _inside_a_scroll_area(widget: QWidget, window: QWidget) -> bool:
    """True when the widget lies in a scroll area's page (it may reach past the area: it scrolls)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and parent is grand.viewport():
            return True
        parent = grand
    return False


def _cut_label(label: QLabel) -> bool:
    """A title shortened, or a one-line label cut; an ElidedLabel (the store's name under the
    title) may end in "…" by design, with the whole text in its tooltip."""
    if isinstance(label, ElidedLabel) and label.objectName() != "HeaderTitle":
        return False
    if not label.text() or label.wordWrap() or "<" in label.text():  # rich text: not measured
        return False
    if label.objectName() == "HeaderTitle" or label.property("role") == "title":
        return _text_width(label, label.text()) > label.contentsRect().width()
    return label.minimumSizeHint().width() > label.width() + 1


def layout_problems(window: QWidget, where: str, size: tuple[int, int] = SMALLEST) -> list[str]:
    """What does not fit in `window` as it is shown now, each naming the widget and `where`."""
    QApplication.processEvents()
    problems = []
    if (window.width(), window.height()) != size:
        problems.append(f"{where}: the window is {window.width()}x{window.height()}, not "
                        f"{size[0]}x{size[1]}: what it shows needs more than that "
                        f"(minimum {window.minimumSizeHint().width()}x"
                        f"{window.minimumSizeHint().height()})")
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        if isinstance(widget, (QPushButton, QToolButton)) and widget.text():
            need, room = _button_need(widget), _button_room(widget)
            if need > room:
                problems.append(f"{where}: {_describe(widget)} needs {need} px for its text, "
                                f"has {room}")
        if isinstance(widget, QLabel) and _cut_label(widget):
            problems.append(f"{where}: {_describe(widget)} is cut short ({widget.width()} px wide)")
        if not _inside_a_scroll_area(widget, window):
            bottom = widget.mapTo(window, QPoint(0, widget.height())).y()
            right = widget.mapTo(window, QPoint(widget.width(), 0)).x()
            if bottom > window.height() or right > window.width():
                problems.append(f"{where}: {_describe(widget)} reaches ({right}, {bottom}), past "
                                f"the window's edge")
    return problems


def _sync_status() -> SimpleNamespace:
    """A till that syncs, with three problems waiting for a manager: the fullest header."""
    return SimpleNamespace(online=True, queued=12, last_sync=datetime(2026, 12, 4, 15, 27, tzinfo=UTC),
                           quarantined=2, flagged=1, last_error="", syncing=False)


def _with_sync_status(qtbot, window: MainWindow) -> SyncIndicator:  # type: ignore[no-untyped-def]
    indicator = SyncIndicator(_sync_status, lambda: None, "America/Toronto",
                              open_problems=lambda: window.navigate("sync_problems"))
    window.add_header_widget(indicator)
    qtbot.waitUntil(lambda: indicator.problems.isVisible(), timeout=WAIT)
    return indicator


def _idle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=WAIT)
    qtbot.wait(50)


def _show_demo(qtbot, window: MainWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    screen = window.screens()[name]
    context = window.context
    kwargs = context.counter.run(context.actor, screen.demo_kwargs, commit=False)
    window.go_home()
    assert window.navigate(name, **kwargs), window.notice.text()
    _idle(qtbot, window)


def _returns_settle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.screens()["returns"].presenter.busy, timeout=WAIT)
    _idle(qtbot, window)


def _exchange_a_pair(qtbot, window: MainWindow):  # type: ignore[no-untyped-def]
    """Every line of the demo order coming back with everything shown; the first that may be
    exchanged, exchanged (its New pair list filled). Returns that line's widget."""
    view = window.screens()["returns"].view
    view.proof.setChecked(True)
    view.card.setChecked(True)
    for _, line in sorted(view.lines.items()):
        if line.include.isEnabled():
            line.include.setChecked(True)
            for name in ("unworn", "original_box", "packaging_intact"):
                line.checks[name].setChecked(True)
            _returns_settle(qtbot, window)
    exchanged = next(line for _, line in sorted(view.lines.items())
                     if line.resolution_buttons[Resolution.EXCHANGE].isEnabled())
    exchanged.resolution_buttons[Resolution.EXCHANGE].click()
    _returns_settle(qtbot, window)
    qtbot.waitUntil(lambda: exchanged.variant.count() > 1, timeout=WAIT)
    view.lines_scroll.ensureWidgetVisible(exchanged.variant)
    return exchanged


def _exchange_and_ask_to_complete(qtbot, window: MainWindow) -> list[str]:  # type: ignore[no-untyped-def]
    """The returns screen in the middle of an exchange, then with its "complete?" bar open."""
    view = window.screens()["returns"].view
    exchanged = _exchange_a_pair(qtbot, window)
    exchanged.variant.setCurrentIndex(1)
    _returns_settle(qtbot, window)
    view.card_brand.setText("VISA")
    view.card_last4.setText("4242")
    view.lines_scroll.ensureWidgetVisible(exchanged.variant)
    problems = layout_problems(window, "returns, exchanging")
    assert view.complete.isEnabled(), view.blockers.text()
    view.complete.click()
    qtbot.waitUntil(view.confirm_bar.isVisible, timeout=WAIT)
    return problems + layout_problems(window, "returns, asking to complete")


def _open_manager_window(qtbot, counter, demo_template) -> MainWindow:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, counter)  # the real registry: every screen there is
    window.resize(*SMALLEST)
    _with_sync_status(qtbot, window)
    sign_in_as(qtbot, window, demo_template, Role.MANAGER)
    return window


def test_every_screen_fits_1024x768_with_nothing_cut_or_off_the_window(qtbot, counter, demo_template) -> None:  # type: ignore[no-untyped-def]
    window = _open_manager_window(qtbot, counter, demo_template)
    assert set(window.screens()) == {cls.name for cls in window.screen_classes}, "a screen is missing"
    problems = layout_problems(window, "home")
    for name in window.screens():
        _show_demo(qtbot, window, name)
        problems += layout_problems(window, f"{name} (demo data)")
    _show_demo(qtbot, window, "returns")
    problems += _exchange_and_ask_to_complete(qtbot, window)
    window.sign_out("idle")
    problems += layout_problems(window, "sign-in, after the idle sign-out")
    assert not problems, "\n".join(problems)


def test_the_new_pair_list_opens_inside_the_window(qtbot, counter, demo_template) -> None:  # type: ignore[no-untyped-def]
    window = _open_manager_window(qtbot, counter, demo_template)
    _show_demo(qtbot, window, "returns")
    line = _exchange_a_pair(qtbot, window)
    line.variant.showPopup()
    popup = line.variant.view().window()
    qtbot.waitUntil(popup.isVisible, timeout=WAIT)
    inside = QRect(window.mapToGlobal(QPoint(0, 0)), window.size())
    shown = popup.frameGeometry()
    line.variant.hidePopup()
    assert inside.contains(shown), (f"the New pair list {shown} reaches outside the window {inside} "
                                    f"({line.variant.count()} choices)")


def test_the_sign_in_fields_stay_put_when_the_signed_out_line_shows(qtbot, counter, demo_template) -> None:  # type: ignore[no-untyped-def]
    """A cashier types by position: the "signed out, work kept" line must not push the fields down."""
    window = open_window(qtbot, counter)
    window.resize(*SMALLEST)
    view = window.signin.view

    def places() -> list[int]:
        # Where the fields are once the layout has settled (a resize or a new line is laid out
        # over several event-loop turns): read until two reads a moment apart agree.
        def read() -> list[int]:
            QApplication.processEvents()
            return [w.mapTo(window, QPoint(0, 0)).y() for w in (view.number, view.pin, view.sign_in)]

        last = read()
        for _ in range(50):
            qtbot.wait(20)
            now = read()
            if now == last:
                return now
            last = now
        return last

    before = places()
    sign_in_as(qtbot, window, demo_template, Role.CASHIER)
    window.sign_out("idle")
    assert view.notice.isVisible() and "work is kept" in view.notice.text()
    assert places() == before, "the fields moved when the signed-out line appeared"
    view.show_error("Wrong employee number or PIN.")
    assert places() == before, "the fields moved when a message appeared"
    assert not layout_problems(window, "sign-in")


def test_the_app_opens_maximized_and_never_smaller_than_1024x768(qtbot, counter) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(lambda say: counter)
    qtbot.addWidget(window)
    window.show_at_the_counter()
    qtbot.waitUntil(window.isVisible, timeout=WAIT)
    assert window.isMaximized()
    assert (window.minimumWidth(), window.minimumHeight()) == SMALLEST
    qtbot.waitUntil(lambda: window.counter is not None, timeout=WAIT)
