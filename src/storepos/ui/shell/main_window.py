"""The counter app's window: a header bar, a notice line, and a stack of screens behind sign-in.

- Start-up: the sign-in page shows at once; the store's database is opened on the background
  runner (`open_store`; on first start that makes the demo store), then sign-in is possible.
- Screens: the classes of ui/shell/registry.py, one instance per signed-in employee, only those
  the employee's role may use. `navigate(name, **kwargs)` shows one, asking the screen being left
  `can_leave()` first, and calls the new one's `on_enter(**kwargs)`. Escape (not taken by a
  screen's own widget) or the header's Home button go back to home.
- Signing out, by the button or after the idle time-out (a setting, 5 minutes by default; any key,
  click or touch anywhere in the app restarts it), returns to sign-in and closes any open dialog,
  but keeps the screens: the same employee signing in again finds every screen as they left it,
  what they had typed included. Another employee gets fresh screens of their own (the screens
  of the last few employees, `kept_employees`, are kept; an older one's unsaved entries go, and
  what was saved is in the database anyway).
- Language: the store's locale until someone signs in (a Québec store opens in French); the
  sign-in page's toggle switches it there and then; each employee's screens are built in their
  language (the chosen one, else the one they chose before at this till, else the store's) and
  kept in it. Signing in again in another language builds their screens afresh in it.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from storepos.domain.errors import StoreposError
from storepos.domain.vocabulary import Role
from storepos.i18n import N_, _, current_locale, language_of, ngettext, set_language
from storepos.ui.languages import locale_for
from storepos.ui.operations import BackgroundRunner
from storepos.ui.shell import registry
from storepos.ui.shell.context import AppContext
from storepos.ui.shell.screen import Screen
from storepos.ui.signin.screen import SignInScreen
from storepos.ui.style import apply_style
from storepos.ui.widgets.busy import BusyIndicator
from storepos.ui.widgets.buttons import TouchButton
from storepos.ui.widgets.labels import ElidedLabel

if TYPE_CHECKING:
    import uuid

    from storepos.services.base.context import Actor
    from storepos.services.counter import Counter, StorePlace
    from storepos.ui.shell.sync_indicator import SyncIndicator

log = logging.getLogger(__name__)
STAFF_CHECK_MS = 15_000

# Runs on the background runner; `say(text)` may be called from there to show progress.
OpenStore = Callable[[Callable[[str], None]], "Counter"]

_ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
})


# The role as the header says it, in the language of the moment.
ROLE_WORDS = {Role.CASHIER: N_("cashier"), Role.MANAGER: N_("manager"), Role.STOCK: N_("stock")}

SMALLEST = (1024, 768)  # px: the smallest counter screen; the app opens maximized on a larger one


@dataclass(frozen=True, slots=True)
class ShellSettings:
    idle_timeout_ms: int = 5 * 60 * 1000  # sign out after this long without a key, click or touch
    kept_employees: int = 3  # employees whose screens are kept for when they sign in again


def describe_duration(ms: int) -> str:
    seconds = max(1, round(ms / 1000))
    if seconds % 60 == 0:
        minutes = seconds // 60
        return ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)
    return ngettext("{n} second", "{n} seconds", seconds).format(n=seconds)


def role_words(role: Role) -> str:
    return _(ROLE_WORDS.get(role, str(role.value)))


@dataclass(eq=False)
class _Session:
    """One employee's screens, kept while they are signed out."""

    context: AppContext
    role: Any
    locale: str  # the language its screens were built in
    screens: dict[str, Screen] = field(default_factory=dict)
    current: str = "home"


class _Progress(QObject):
    said = Signal(str)  # emitted on the worker thread, delivered on the GUI thread


class MainWindow(QMainWindow):
    store_opened = Signal()
    store_failed = Signal(str)
    sync_started = Signal()  # emitted from any thread once the store's sync runs (after "ready")
    signed_in = Signal(object)  # the Actor
    signed_out = Signal(str)  # "button", "idle" or "deactivated"
    closed = Signal()
    # Set by app.build_main_window (absent until then): its store opener and the header's sync light.
    opener: Any
    sync_indicator: SyncIndicator
    on_sync_started: Callable[[], None] | None = None  # run on the GUI thread at `sync_started`

    def __init__(self, open_store: OpenStore, *, settings: ShellSettings = ShellSettings(),
                 screens: Sequence[type[Screen]] | None = None,
                 runner: BackgroundRunner | None = None) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self.setWindowTitle("storepos")
        self.settings = settings
        self.runner = runner or BackgroundRunner(self)
        self.counter: Counter | None = None
        self.place: StorePlace | None = None
        self._open_store = open_store
        self._open_started = False
        self._warmer: BackgroundRunner | None = None  # imports the screens' modules behind sign-in
        self._screens_broken = False  # a feature module would not load: nobody signs in
        self._screen_classes: list[type[Screen]] | None = list(screens) if screens is not None else None
        self._sessions: OrderedDict[uuid.UUID, _Session] = OrderedDict()
        self._active: _Session | None = None
        self.store_locale = current_locale()  # the store's, once its database is open

        self._build_header()
        self.notice = QLabel("")
        self.notice.setObjectName("Notice")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Notice")
        self.notice.hide()
        self.stack = QStackedWidget()
        self.signin = SignInScreen(self.runner, self._on_signed_in)
        self.signin.language_chosen.connect(self._on_language_chosen)
        self.stack.addWidget(self.signin)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.busy)
        layout.addWidget(self.notice)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._progress = _Progress(self)
        self._progress.said.connect(self._on_progress)
        self.sync_started.connect(self._on_sync_started)  # a method: delivered on the GUI thread
        self.runner.busy_changed.connect(self.busy.set_busy)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(settings.idle_timeout_ms)
        self._idle.timeout.connect(lambda: self.sign_out("idle"))
        # Head office may deactivate the signed-in employee: known after a pull, looked at often.
        self._staff_check = QTimer(self)
        self._staff_check.setInterval(STAFF_CHECK_MS)
        self._staff_check.timeout.connect(self.check_still_active)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

        apply_style(self)
        self._show_signed_out()
        self.setMinimumSize(*SMALLEST)
        self.resize(*SMALLEST)

    # --- the header bar -------------------------------------------------------------------------
    def _build_header(self) -> None:
        # The screen title is never shortened: it has the header's first line to itself, left of
        # the sync status and the buttons; who is signed in and where share the smaller line
        # under it, the store's name giving way ("…") when the room is short.
        self.header = QFrame()
        self.header.setObjectName("Header")
        self.header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.screen_title = QLabel("")
        self.screen_title.setObjectName("HeaderTitle")
        self.employee_label = QLabel("")
        self.employee_label.setObjectName("HeaderEmployee")
        self.store_label = ElidedLabel("")
        under = QHBoxLayout()
        under.setSpacing(20)
        under.addWidget(self.employee_label)
        under.addWidget(self.store_label, 1)
        left = QVBoxLayout()
        left.setSpacing(0)
        left.addWidget(self.screen_title)
        left.addLayout(under)

        self.busy = BusyIndicator()
        self.home_button = TouchButton("")
        self.home_button.clicked.connect(self.go_home)
        self.sign_out_button = TouchButton("")
        self.sign_out_button.clicked.connect(lambda: self.sign_out("button"))
        for button in (self.home_button, self.sign_out_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click does not steal the scan field's focus
            # Hidden (signed out, on home), the button keeps its room: the header keeps its height
            # and the page below it never moves (the sign-in fields stay where fingers expect them).
            policy = button.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            button.setSizePolicy(policy)

        row = QHBoxLayout(self.header)
        row.setContentsMargins(20, 8, 12, 8)
        row.setSpacing(12)
        row.addLayout(left, 1)
        row.addWidget(self.home_button)
        row.addWidget(self.sign_out_button)
        self._word_header()

    def _word_header(self) -> None:
        """The header's own words, in the language of the moment."""
        self.screen_title.setAccessibleName(_("Screen"))
        self.employee_label.setAccessibleName(_("Signed-in employee"))
        self.store_label.setAccessibleName(_("Store and till"))
        self.home_button.setText(_("Home"))
        self.home_button.setAccessibleName(_("Back to home"))
        self.home_button.setToolTip(_("Back to home (Escape)"))
        self.sign_out_button.setText(_("Sign out"))
        self.sign_out_button.setAccessibleName(_("Sign out"))

    def speak(self, locale: str) -> None:
        """Word the app in `locale` from now on: the header, the sign-in page and the sync light
        now; each employee's screens are built in their own (see `_on_signed_in`)."""
        set_language(locale)
        self._word_header()
        if self._active is None:
            self.screen_title.setText(_("Sign in"))
        self.signin.show_language(language_of(locale))
        indicator = getattr(self, "sync_indicator", None)
        if indicator is not None:
            indicator.retranslate()
        self._show_header()

    def _on_language_chosen(self, language: str) -> None:
        """The sign-in page's toggle: the page (and the employee's screens) in that language."""
        self.speak(locale_for(language, self.store_locale))
    def add_header_widget(self, widget: QWidget) -> None:
        """Something the wiring root adds to the header (the sync status), left of the buttons."""
        row = self.header.layout()
        assert isinstance(row, QHBoxLayout)  # made in _build_header
        row.insertWidget(row.indexOf(self.home_button), widget)

    def _show_header(self) -> None:
        place, session = self.place, self._active
        self.store_label.setText(f"{place.store_name} · {place.till_name}" if place else "")
        self.store_label.setAccessibleDescription(
            _("{store}, {till}, till prefix {prefix}").format(
                store=place.store_name, till=place.till_name, prefix=place.till_prefix)
            if place else "")
        if session is not None and session.context.actor is not None:
            actor = session.context.actor
            role = role_words(actor.role)
            self.employee_label.setText(_("{name}, {role}").format(name=actor.employee_name,
                                                                    role=role))
            self.employee_label.setAccessibleDescription(
                _("{name}, {role}, employee {number}").format(
                    name=actor.employee_name, role=role, number=actor.employee_number))
        else:
            self.employee_label.setText("")
        self.employee_label.setVisible(bool(self.employee_label.text()))
        self.sign_out_button.setVisible(session is not None)
        self.home_button.setVisible(session is not None and session.current != "home")

    def show_at_the_counter(self) -> None:
        """How the app opens: maximized, using the room the till's screen has (never under 1024x768).

        The window first takes the screen's whole free area itself: a till that runs X with no
        window manager (a kiosk session) ignores the maximized state, and would show 1024x768."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            self.setGeometry(screen.availableGeometry())
        self.showMaximized()

    # --- opening the store ------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._open_started:
            # Opened once the window has painted (eventFilter), so the worker's imports never
            # hold up the first paint; this timer only covers a window that is never painted.
            QTimer.singleShot(1000, self._start_opening)

    def _start_opening(self) -> None:
        if self._open_started:
            return
        self._open_started = True
        self.signin.view.show_status(_("Opening the store…"))
        opener, say = self._open_store, self._progress.said.emit

        def work() -> tuple[Counter, StorePlace]:
            counter = opener(say)
            return counter, counter.place()

        self.runner.run(work, self._on_store_opened, self._on_store_failed)

    def _on_sync_started(self) -> None:
        if self.on_sync_started is not None:
            self.on_sync_started()

    def _on_progress(self, text: str) -> None:
        if self.counter is None:
            self.signin.view.show_status(text)

    def _on_store_opened(self, opened: tuple[Counter, StorePlace]) -> None:
        # Sign-in is ready first; the screens' modules are imported behind it (a worker warms
        # them, then they are taken here), or at the latest when the first employee signs in.
        self.counter, self.place = opened
        self.store_locale = self.place.locale
        self.speak(self.store_locale)  # a Québec store opens in French
        self.setWindowTitle(f"storepos · {self.place.store_name}")
        self.signin.view.show_store(f"{self.place.store_name}, {self.place.till_name}")
        self._show_header()
        self.signin.set_ready(self.counter.sign_in, self.counter.set_up_pin
                              if getattr(self.counter, "pin_link", None) is not None else None)
        self.store_opened.emit()
        if self._screen_classes is None:
            self._warmer = BackgroundRunner(self)  # not the header's busy light: nobody asked
            self._warmer.run(registry.import_modules, self._screens_warmed,
                             self._screens_warmed)  # an error is said by the load

    def _screens_warmed(self, _: object) -> None:
        self._load_screens()

    def _load_screens(self) -> bool:
        """The screen classes (once); a broken feature module makes the store fail, in words."""
        if self._screens_broken:
            return False
        if self._screen_classes is not None:
            return True
        try:
            classes = registry.load_screens()
        except Exception as exc:  # a broken feature module must not hide why
            log.exception("the screens could not be loaded")
            self._screens_broken = True
            self._on_store_failed(exc)
            return False
        if not any(cls.name == "home" for cls in classes):
            from storepos.ui.home.screen import HomeScreen

            classes = [HomeScreen, *classes]
        self._screen_classes = classes
        return True

    def fail(self, exc: Exception) -> None:
        """What the store needs failed after it opened (sync's start): said on the sign-in page,
        which takes no more PINs."""
        self._on_store_failed(exc)

    def _on_store_failed(self, exc: Exception) -> None:
        message = exc.message if isinstance(exc, StoreposError) else (
            _("The store's database could not be opened ({problem}). Restart the app; if it "
              "happens again, call support.").format(problem=f"{type(exc).__name__}: {exc}"))
        if not isinstance(exc, StoreposError):
            log.error("opening the store failed", exc_info=exc)
        self.signin.presenter.store_failed(message)
        self.store_failed.emit(message)

    # --- who is signed in ---------------------------------------------------------------------------
    @property
    def actor(self) -> Actor | None:
        return self._active.context.actor if self._active else None

    @property
    def context(self) -> AppContext | None:
        return self._active.context if self._active else None

    @property
    def screen_classes(self) -> list[type[Screen]]:
        if self.counter is not None:
            self._load_screens()
        return list(self._screen_classes or ())

    def screens(self) -> dict[str, Screen]:
        """The signed-in employee's screens by name (empty while signed out)."""
        return dict(self._active.screens) if self._active else {}

    def current_screen(self) -> QWidget | None:
        return self.stack.currentWidget()

    def current_name(self) -> str:
        return self._active.current if self._active else ""

    def _on_signed_in(self, actor: Actor) -> None:
        if not self._load_screens():  # signed in before the warm-up was done, and a module is broken
            return
        locale = locale_for(actor.language, self.store_locale)
        self.speak(locale)  # before their screens are built (or shown again): all in their words
        session = self._sessions.pop(actor.employee_id, None)
        if session is not None and (session.role != actor.role or session.locale != locale):
            self._discard(session)
            session = None
        if session is None:
            session = self._new_session(actor)
        else:
            session.context.actor = actor
        self._sessions[actor.employee_id] = session
        while len(self._sessions) > max(1, self.settings.kept_employees):
            _, oldest = self._sessions.popitem(last=False)
            self._discard(oldest)
        self._active = session
        self._hide_notice()
        self._show(session, session.current if session.current in session.screens else "home", {})
        self._idle.start()
        self._staff_check.start()
        self.signed_in.emit(actor)

    def _new_session(self, actor: Actor) -> _Session:
        assert self.counter is not None and self.place is not None
        context = AppContext(self.counter, self.place, self.runner, actor, navigate=self.navigate)
        session = _Session(context, actor.role, current_locale())
        for cls in self._screen_classes or ():
            if cls.name != "home" and actor.role not in cls.roles:
                continue
            try:
                screen = cls(context)
            except Exception:  # one broken screen must not lock the till
                log.exception("screen %s could not be built", cls.name)
                continue
            self.stack.addWidget(screen)
            session.screens[cls.name] = screen
        home = session.screens.get("home")
        set_workflows = getattr(home, "set_workflows", None)
        if set_workflows is not None:
            set_workflows([(name, _(s.title) if s.title else name)
                           for name, s in session.screens.items()
                           if name != "home" and s.on_home])
        return session

    def _discard(self, session: _Session) -> None:
        session.context.actor = None
        for screen in session.screens.values():
            self.stack.removeWidget(screen)
            screen.deleteLater()
        session.screens.clear()

    def sign_out(self, why: str = "button") -> None:
        """Back to sign-in; the screens (and what was typed in them) are kept for this employee."""
        session = self._active
        if session is None:
            return
        actor = session.context.actor
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.reject()  # an open approval is cancelled; its screen is told so
        session.context.actor = None
        self._active = None
        self._idle.stop()
        self._staff_check.stop()
        self.speak(self.store_locale)  # the sign-in page is the store's again, for whoever is next
        who = actor.employee_name if actor else None
        idle_for = self.settings.idle_timeout_ms
        if why == "deactivated" and actor is not None:  # nothing of theirs is kept
            self._sessions.pop(actor.employee_id, None)
        if why == "deactivated":
            self._discard(session)

        def notice() -> str:
            """Worded when shown, and again if the toggle changes the page's language."""
            name = who or _("Nobody")
            if why == "deactivated":
                return _("{name} was deactivated by head office and is signed out. Ask a "
                         "manager.").format(name=name)
            if why == "idle":
                return _("Signed out after {time} without use. {name}'s work is kept: sign in "
                         "again to pick it up.").format(time=describe_duration(idle_for),
                                                        name=name)
            return _("{name} signed out. Their work is kept: sign in again to pick it "
                     "up.").format(name=name)

        self._show_signed_out(notice)
        self.signed_out.emit(why)

    def _show_signed_out(self, notice: str | Callable[[], str] = "") -> None:
        self._hide_notice()
        self.stack.setCurrentWidget(self.signin)
        self.screen_title.setText(_("Sign in"))
        self._show_header()
        self.signin.on_enter(notice=notice)

    def check_still_active(self) -> bool:
        """Sign out the employee head office deactivated (the till learnt it by pull); a quick
        read of one row of the till's database. False when it signed them out."""
        actor = self.actor
        if actor is None or self.counter is None or self.counter.still_active(actor):
            return True
        self.sign_out("deactivated")
        return False

    # --- moving between screens ---------------------------------------------------------------------
    def navigate(self, name: str, **kwargs: Any) -> bool:
        """Show screen `name` with `on_enter(**kwargs)`; False (and a notice in words) if it cannot."""
        session = self._active
        if session is None or session.context.actor is None:
            return False
        screen = session.screens.get(name)
        if screen is None:
            self.show_notice(self._why_not(name, session.context.actor))
            return False
        current = self.stack.currentWidget()
        if current is not screen and isinstance(current, Screen) and not current.can_leave():
            return False
        self._hide_notice()
        self._show(session, name, kwargs)
        return True

    def go_home(self) -> bool:
        return self.navigate("home")

    def _why_not(self, name: str, actor: Actor) -> str:
        cls = next((c for c in self._screen_classes or () if c.name == name), None)
        title = registry.title_of(name, self._screen_classes or ())
        if cls is None:
            return _("{screen} is not set up on this till yet.").format(screen=title)
        if actor.role not in cls.roles:
            allowed = _(" or ").join(role_words(r) for r in cls.roles)
            return _("{screen} is for a {roles}: {name} is signed in as {role}.").format(
                screen=title, roles=allowed, name=actor.employee_name,
                role=role_words(actor.role))
        return _("{screen} could not be opened. Restart the app; if it happens again, call "
                 "support.").format(screen=title)

    def _show(self, session: _Session, name: str, kwargs: dict[str, Any]) -> None:
        screen = session.screens[name]
        session.current = name
        self.stack.setCurrentWidget(screen)
        self.screen_title.setText(_(screen.title) if screen.title else registry.title_of(name))
        self._show_header()
        screen.on_enter(**kwargs)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _hide_notice(self) -> None:
        self.show_notice("")

    # --- keys, idle time-out, closing ---------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        # Reached only when the focused widget and its screen left the key alone.
        if event.key() == Qt.Key.Key_Escape and self._active is not None:
            if self._active.current != "home":
                self.go_home()
            event.accept()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if self._active is not None and kind in _ACTIVITY:
            self._idle.start()  # restarts the countdown
        elif kind == QEvent.Type.Paint and not self._open_started and watched is self:
            QTimer.singleShot(0, self._start_opening)  # right after the first paint
        return False

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self._idle.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.closed.emit()
        super().closeEvent(event)
