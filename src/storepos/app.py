"""The wiring root of the counter app: settings, database, services, QApplication and the main window.

The sign-in window shows first; the database is opened behind it, on the background runner
(SQLAlchemy is not even imported before the window is up). On first start with an empty database
the demo chain is made there too, and this till becomes the demo home store's first till. Once
sign-in is ready, sync starts (a sign-in hands out its actor only with sync's card and line gates),
then the print queue's worker; both stop when the window closes.

Settings (environment): STOREPOS_HOME moves the data folder, STOREPOS_IDLE_MINUTES sets the idle
sign-out (default 5), STOREPOS_CENTRAL_URL moves a set-up till's central service (an https://
address; a database URL is refused), and without a setup STOREPOS_OFFLINE_PER_SALE / _PER_CARD set
the embedded central's offline card limits. STOREPOS_OFFLINE_PER_ONLINE_RETURN is the most one
return of an online order refunds offline.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storepos.domain.errors import StoreposError
from storepos.paths import embedded_central_path

if TYPE_CHECKING:  # imported when used, so the sign-in window shows before SQLAlchemy or Qt load

    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from storepos.domain.card_value import CardCaps
    from storepos.domain.sync import OfflineLimits, OnlineReturnLimit
    from storepos.services.base.till_identity import TillIdentity
    from storepos.services.cards.redemption import CardGate
    from storepos.services.counter import Counter
    from storepos.services.returns.line_holds import LineGate
    from storepos.services.sync.joining import Joined
    from storepos.services.sync.problems import SyncLink
    from storepos.sync.http_central import HttpCentral
    from storepos.sync.service import SyncStatus
    from storepos.ui.shell.main_window import MainWindow
    from storepos.ui.welcome.presenter import FirstStart

log = logging.getLogger(__name__)

DEFAULT_IDLE_MINUTES = 5.0


def idle_minutes_setting() -> float:
    from storepos.i18n import _

    text = os.environ.get("STOREPOS_IDLE_MINUTES", "").strip()
    try:
        minutes = float(text) if text else DEFAULT_IDLE_MINUTES
    except ValueError:
        raise StoreposError(_("{setting} is {value}: give a number of minutes, like 5.").format(
            setting="STOREPOS_IDLE_MINUTES", value=repr(text))) from None
    if minutes <= 0:
        raise StoreposError(_("{setting} must be more than 0 minutes.").format(
            setting="STOREPOS_IDLE_MINUTES"))
    return minutes


def open_app(db_path: Path, *, choose: bool = False) -> int:
    """The counter app. A till that is not set up opens the demo store, as the README's first
    command promises; with `choose` (`storepos --choose`) it offers two doors instead: the demo
    store, or joining the chain with head office's enrolment code."""
    from storepos.ui.qt_imports import quicker_feature_check

    quicker_feature_check()
    from PySide6.QtWidgets import QApplication

    from storepos.sync.enrolment import service_for

    try:
        service_for(db_path)  # STOREPOS_CENTRAL_URL names the service, never a database
        idle = idle_minutes_setting()
    except StoreposError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("storepos")

    def open_counter() -> MainWindow:
        window = build_main_window(db_path, idle_minutes=idle, sync=True)
        window.show_at_the_counter()
        return window

    first: object = show_doors(db_path, open_counter) if offers_doors(db_path, choose) else open_counter()
    code = app.exec()
    del first  # kept alive while the app runs
    return code


def offers_doors(db_path: Path, choose: bool) -> bool:
    """The rule: the doors only when asked (`--choose`) and this database is no till yet; the plain
    `storepos` on a fresh data folder makes and opens the demo store, with no questions asked."""
    if not choose:
        return False
    from storepos.services.base.till_identity import identity_path

    # Only whether the file is there: an unreadable one is said on the sign-in page, as always.
    return not identity_path(db_path).exists()


def show_doors(db_path: Path, open_counter: Callable[[], MainWindow]) -> FirstStart:
    """The two doors of a till that is not set up; either opens the counter app (`open_counter`)
    and closes the doors: the demo store made on first start, or the till just joined, at its
    sign-in page."""
    from storepos.ui.operations import BackgroundRunner
    from storepos.ui.welcome.presenter import FirstStart
    from storepos.ui.welcome.view import DoorsWindow

    window = DoorsWindow()
    opened: list[MainWindow] = []  # held by `go`, which `first` holds: alive while the app runs

    def go(*_: object) -> None:
        opened.append(open_counter())  # shown before the doors close: the app never has no window
        window.close()

    def join(url: str, code: str, ca_file: str | None) -> Joined:  # on the worker thread
        from storepos.services.sync.joining import join_chain

        return join_chain(db_path, url, code, ca_file)

    first = FirstStart(window, BackgroundRunner(window), join, on_demo=go, on_joined=go)
    window.show_at_the_counter()
    return first


def run_when_open(db_path: Path, work: Callable[[Counter], int], *,
                  failed: Callable[[str], int]) -> int:
    """Open the counter app's window as `storepos` does (print queue, sync) and, once the store
    is open behind the sign-in page, run `work` on its Counter and quit with what it returns:
    the installed app checked end to end (`storepos --self-test`), with Qt, its platform plugin
    and both sets of migrations really loaded. `failed(message)` answers a store that would not open."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("storepos")
    window = build_main_window(db_path, sync=True)
    code = [1]

    def opened() -> None:
        assert window.counter is not None
        try:
            code[0] = work(window.counter)
        finally:
            window.close()
            app.quit()

    def refused(message: str) -> None:
        code[0] = failed(message)
        window.close()
        app.quit()

    window.store_opened.connect(lambda: QTimer.singleShot(0, opened))
    window.store_failed.connect(refused)
    window.show_at_the_counter()
    app.exec()
    return code[0]


def startup_marks(db_path: Path) -> int:
    """`storepos app --startup-marks`: print "shown" at the first paint of the sign-in window and
    "ready" once the store is open, then quit (benchmarks/installer_bench.py times an installed
    app this way, where it cannot run code of its own)."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = build_main_window(db_path, sync=True)

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
            if not self.done and event.type() == QEvent.Type.Paint:
                self.done = True
                QTimer.singleShot(0, shown)
            return False

    def ready() -> None:
        print("ready", flush=True)
        window.close()
        app.quit()

    def shown() -> None:
        print("shown", flush=True)
        if window.counter is not None:
            ready()
        else:
            window.store_opened.connect(ready)

    def refused(message: str) -> None:
        print("failed", message, flush=True)
        app.exit(1)

    window.store_failed.connect(refused)
    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.show_at_the_counter()
    return app.exec()


def offline_limits_setting(limits_cls: type[OfflineLimits]) -> OfflineLimits:
    """The offline floor limits for cards: STOREPOS_OFFLINE_PER_SALE / _PER_CARD, else the defaults."""
    from decimal import Decimal, InvalidOperation

    from storepos.i18n import _

    defaults = limits_cls()
    values: dict[str, Decimal] = {}
    for name in ("per_sale", "per_card"):
        text = os.environ.get(f"STOREPOS_OFFLINE_{name.upper()}", "")
        try:
            values[name] = Decimal(text) if text else getattr(defaults, name)
        except InvalidOperation:
            raise StoreposError(_("{setting} must be an amount like {example}.").format(
                setting=f"STOREPOS_OFFLINE_{name.upper()}", example="50.00")) from None
    return limits_cls(**values)


def online_return_limit_setting(limit_cls: type[OnlineReturnLimit]) -> OnlineReturnLimit:
    """The most one return of an online order refunds offline: STOREPOS_OFFLINE_PER_ONLINE_RETURN,
    else the default."""
    from decimal import Decimal, InvalidOperation

    from storepos.i18n import _

    text = os.environ.get("STOREPOS_OFFLINE_PER_ONLINE_RETURN", "").strip()
    if not text:
        return limit_cls()
    try:
        return limit_cls(Decimal(text))
    except (InvalidOperation, ValueError):
        raise StoreposError(_("{setting} must be an amount like {example}.").format(
            setting="STOREPOS_OFFLINE_PER_ONLINE_RETURN", example="200.00")) from None


def card_caps_setting(caps_cls: type[CardCaps]) -> CardCaps:
    """The caps on card value made at the counter without a manager: STOREPOS_CARD_CAP_PER_CARD
    (a card's balance, default 1,000.00) and STOREPOS_CARD_CAP_PER_DAY (one till in one store day,
    default 5,000.00)."""
    from decimal import Decimal, InvalidOperation

    from storepos.i18n import _

    defaults = caps_cls()
    values: dict[str, Decimal] = {}
    for name in ("per_card", "per_day"):
        key = f"STOREPOS_CARD_CAP_{name.upper()}"
        text = os.environ.get(key, "").strip()
        try:
            values[name] = Decimal(text) if text else getattr(defaults, name)
            caps_cls(**{"per_card": defaults.per_card, "per_day": defaults.per_day, name: values[name]})
        except (InvalidOperation, ValueError):
            raise StoreposError(_("{setting} must be an amount above zero, like {example}.").format(
                setting=key, example="1000.00")) from None
    return caps_cls(**values)


def demo_staff_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".demo-staff.json")


class StoreOpener:
    """Opens the local database on the background runner; owns the engine and the print queue."""

    def __init__(self, db_path: Path, demo_orders: int | None = None, *, print_queue: bool = True,
                 sync: bool = False) -> None:
        self.db_path = Path(db_path)
        self.demo_orders = demo_orders
        self.print_queue = print_queue
        self.sync_enabled = sync
        self.sync: Any = None  # SyncService once the store is open
        self._central: Any = None
        self.pin_link: Any = None  # HttpCentral.set_up_pin when set up with head office
        self.demo_hint: Callable[[], str] = str  # words the sign-in page's demo hint ("" until read)
        self._engine: Any = None
        self._sessions: sessionmaker[Session] | None = None  # once open
        self._store_code = ""
        self._till_prefix = ""
        self._counter: Counter | None = None
        self._enrolment: Any = None  # sync.enrolment.Enrolment of a till set up with head office
        self._sync_asked = False
        self._queue: Any = None
        self._lock = threading.Lock()
        self._closed = False

    def __call__(self, say: Callable[[str], None]) -> Counter:
        """The store opened with sync started: `open_for_sign_in`, then `start_sync`."""
        counter = self.open_for_sign_in(say)
        self.start_sync()
        return counter

    def open_for_sign_in(self, say: Callable[[str], None]) -> Counter:
        """What sign-in needs, and no more: the database (migrated only when behind), the till's
        identity and the Counter. Sync's gates follow (`start_sync`), then the print queue and
        the demo hint (`settle`), all once a PIN can be checked."""
        from storepos.persistence.db import make_engine, make_session_factory
        from storepos.persistence.migrate import upgrade_if_behind
        from storepos.services.base import till_identity as tills
        from storepos.services.counter import Counter

        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        engine = make_engine(str(self.db_path))
        with self._lock:
            if self._closed:
                engine.dispose()
                from storepos.i18n import _

                raise StoreposError(_("The app is closing."))
            self._engine = engine
        upgrade_if_behind(engine)  # a new migration runs here; a current database costs one query
        sessions = make_session_factory(engine)
        identity = tills.load_identity(self.db_path)
        if identity is None:
            identity = self._first_start(engine, sessions, say)
        self._sessions, self._store_code = sessions, identity.store_code
        self._till_prefix = identity.till_prefix
        if self.sync_enabled:
            from storepos.sync.enrolment import service_for

            self._enrolment = service_for(self.db_path)  # a setup it cannot read: said at open
            if self._enrolment is not None:
                self.pin_link = self._set_up_pin  # staff choose their PIN through head office
        from storepos.domain.card_value import CardCaps

        self._counter = Counter(sessions, identity.till_prefix, card_caps=card_caps_setting(CardCaps),
                                pin_link=self.pin_link, sync_pending=self.sync_enabled)
        return self._counter

    def start_sync(self) -> None:
        """Sync's gates handed to the Counter (after `open_for_sign_in`; a sign-in waits for them):
        the central service or the embedded central, and the background sync started."""
        counter = self._counter
        if counter is None or not self.sync_enabled or self._sessions is None or self._sync_asked:
            return
        self._sync_asked = True
        try:
            gates = self._start_sync(self._sessions, self._till_prefix)
        except BaseException as exc:
            counter.sync_failed(exc)
            raise
        if gates[0] is None:  # closed meanwhile
            from storepos.i18n import _

            counter.sync_failed(StoreposError(_("The app is closing.")))
        else:
            counter.attach_sync(*gates)

    def _set_up_pin(self, number: str, code: str, pin: str) -> dict[str, Any]:
        """HttpCentral.set_up_pin, once sync has connected to head office's service."""
        assert self._counter is not None
        self._counter.wait_for_sync()
        http = self._central
        if http is None:
            from storepos.sync.errors import CentralUnavailable

            raise CentralUnavailable("the app is closing")
        result: dict[str, Any] = http.set_up_pin(number, code, pin)
        return result

    def settle(self) -> Callable[[], str]:
        """After the store is open and sign-in works (on a worker thread): the print queue's worker
        starts and the demo hint is read (returned: it words the hint in the language of the
        moment, for the sign-in page to say again when the language changes), so neither holds up
        the first sign-in."""
        if self._sessions is None:
            return str
        self._start_print_queue(self._sessions)
        self.demo_hint = self._read_demo_hint(self._sessions, self._store_code)
        return self.demo_hint

    def _first_start(self, engine: Engine, sessions: sessionmaker[Session],
                     say: Callable[[str], None]) -> TillIdentity:
        from storepos.demo import DEFAULT_ORDERS, existing_rows, generate_demo
        from storepos.demo.recipes import default_recipes
        from storepos.i18n import _
        from storepos.services.base import till_identity as tills

        home_code = default_recipes().stores[0].code
        if existing_rows(engine) == (0, 0):
            say(_("First start: making the demo store. This takes a minute…"))
            orders = DEFAULT_ORDERS if self.demo_orders is None else self.demo_orders
            summary = generate_demo(engine, orders=orders)  # and its embedded central
            staff = [{"number": e.number, "name": e.name, "role": e.role.value, "pin": e.pin}
                     for e in summary.employees if e.store_code == home_code]
            demo_staff_path(self.db_path).write_text(json.dumps(staff, indent=2), encoding="utf-8")
        with sessions() as session:
            home = tills.first_till_of(session, home_code)
        if home is None:
            raise StoreposError(_("This database has no demo store; set up this till first."))
        tills.save_identity(self.db_path, home)
        return home

    def _read_demo_hint(self, sessions: sessionmaker[Session],
                        store_code: str) -> Callable[[], str]:
        """Demo databases only: who can sign in, with the demo PINs (made by the first start),
        and an order to try a return with; worded when called, in the language of the moment."""
        from storepos.demo.tour import returnable_order
        from storepos.i18n import N_, _

        try:
            staff = json.loads(demo_staff_path(self.db_path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return str
        by_role: dict[str, dict[str, str]] = {}
        for person in staff:
            by_role.setdefault(person["role"], person)
        if not by_role:
            return str
        with sessions() as session:
            found = returnable_order(session, store_code)
        roles = {"cashier": N_("cashier"), "manager": N_("manager"), "stock": N_("stock")}

        def words() -> str:
            pins = _(", ").join(
                _("{role} {number} (PIN {pin})").format(
                    role=_(roles[p["role"]]) if p["role"] in roles else p["role"],
                    number=p["number"], pin=p["pin"])
                for p in by_role.values())
            said = [_("Demo store, demo PINs: {pins}.").format(pins=pins)]
            if found is not None:
                said.append(_("To try a return: sign in, type order {number} in the scan field on "
                              "the home screen, then the last name {name}.").format(
                    number=found[0], name=found[1]))
            return " ".join(said)

        return words

    def _start_print_queue(self, sessions: sessionmaker[Session]) -> None:
        if not self.print_queue:
            return
        try:
            from storepos.services.printing.queue import PrintQueue
        except ImportError:  # printing not installed in this build
            return
        queue = PrintQueue(sessions)
        with self._lock:
            if self._closed:
                return
            self._queue = queue
        queue.start()

    def _start_sync(self, sessions: sessionmaker[Session], till_prefix: str
                    ) -> tuple[CardGate, LineGate, SyncLink] | tuple[None, None, None]:
        """Background sync with the central service this till was set up with (`storepos
        setup`; STOREPOS_CENTRAL_URL may move its address), else with an embedded SQLite central
        beside the till's database, as for a single store or the demo.

        Returns the till's card gate (gift cards and store credit held centrally, or taken
        within the offline limits while the central side cannot be reached: a set-up till's
        share of its store's, else the settings'), its line gate (a return of an online order
        holds its lines centrally first, or stays within the offline limit per return) and its
        sync link (the store's sync problems for managers, and "sync soon")."""
        if not self.sync_enabled:
            return None, None, None
        from storepos.central.client import Central
        from storepos.central.migrate import upgrade_if_behind as upgrade_central
        from storepos.domain.sync import OfflineLimits, OnlineReturnLimit
        from storepos.services.cards.redemption import CardGate
        from storepos.services.returns.line_holds import LineGate
        from storepos.services.sync.local_till import LocalTill
        from storepos.services.sync.problems import SyncLink
        from storepos.sync.enrolment import OfflineShare
        from storepos.sync.service import SyncService

        enrolment = self._enrolment  # set up with `storepos setup`: over HTTPS
        central: Central | HttpCentral
        if enrolment is not None:
            http = central = enrolment.connect()
            share = OfflineShare(self.db_path, enrolment)
            gate = CardGate(http.cards, share=share.current)
            service = SyncService(LocalTill.for_prefix(sessions, till_prefix, gate.open_holds),
                                  http, refresh=lambda: share.refresh(http), offline=http.offline)
        else:
            central = Central.connect(str(embedded_central_path(self.db_path)))
            upgrade_central(central.engine)  # the embedded central is ours to keep current (if behind)
            gate = CardGate(central.cards, offline_limits_setting(OfflineLimits))
            service = SyncService(LocalTill.for_prefix(sessions, till_prefix, gate.open_holds),
                                  central)
        lines = LineGate(central.lines, online_return_limit_setting(OnlineReturnLimit),
                         cancellations=central.cancellations)
        with self._lock:
            if self._closed:
                central.close()
                return None, None, None
            self._central, self.sync = central, service
        service.start()
        return gate, lines, SyncLink(central, self.sync_and_wait)

    def sync_status(self) -> SyncStatus | None:
        return self.sync.status() if self.sync is not None else None

    def sync_now(self) -> None:
        if self.sync is not None:
            self.sync.sync_now()

    def sync_and_wait(self) -> None:
        """One sync, returning when it is done (a screen reads its list again after it)."""
        from storepos.sync.errors import CentralUnavailable

        if self.sync is not None:
            try:
                self.sync.sync_once()
            except CentralUnavailable:
                pass  # offline: the header says so; the outbox keeps everything for later

    def close(self) -> None:
        """Stop the print queue's and sync's workers and let go of the databases (window closed)."""
        with self._lock:
            self._closed = True
            queue, self._queue = self._queue, None
            engine, self._engine = self._engine, None
            sync, self.sync = self.sync, None
            central, self._central = self._central, None
        if sync is not None:
            sync.stop()
        if central is not None:
            central.close()
        if queue is not None:
            queue.stop()
        if engine is not None:
            engine.dispose()


def build_main_window(
    db_path: Path, *, demo_orders: int | None = None, idle_minutes: float = DEFAULT_IDLE_MINUTES,
    print_queue: bool = True, sync: bool = False,
) -> MainWindow:
    """The counter app's main window on the local database (shown at once; the database opens
    behind the sign-in page). An empty database gets the demo chain first (`demo_orders` orders)."""
    from storepos.ui.qt_imports import quicker_feature_check

    quicker_feature_check()  # before the window's modules, SQLAlchemy and the services are imported
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from storepos.ui.operations import BackgroundRunner
    from storepos.ui.shell.main_window import MainWindow, ShellSettings

    opener = StoreOpener(db_path, demo_orders, print_queue=print_queue, sync=sync)
    window = MainWindow(opener.open_for_sign_in,
                        settings=ShellSettings(idle_timeout_ms=round(idle_minutes * 60_000)))
    window.opener = opener
    # Its own runner: the header's busy light belongs to what the employee asked for.
    settler = BackgroundRunner(window)

    def sync_failed(exc: Exception) -> None:
        log.error("sync could not start", exc_info=exc)
        if not isinstance(exc, StoreposError) and window.counter is not None:
            try:  # the words a sign-in is refused with (the Counter holds the failure)
                window.counter.wait_for_sync(0)
            except StoreposError as worded:
                exc = worded
        window.fail(exc)

    def settle_in_turn() -> Callable[[], str]:
        # Behind a ready sign-in, in turn: sync's gates (a sign-in waits for them; the header's
        # sync light follows), then the print queue and the demo hint. On the worker throughout:
        # the GUI thread may be busy (the self-test waits there for its receipt to print).
        opener.start_sync()
        try:
            window.sync_started.emit()
        except RuntimeError:  # the window is already gone (closed while sync started)
            pass
        try:
            return opener.settle()
        except Exception:
            log.exception("after opening the store")
            return str

    def settle() -> None:
        settler.run(settle_in_turn, window.signin.view.show_demo, sync_failed)

    def settle_soon() -> None:  # once "store opened" is handled: sign-in is ready, then work starts
        QTimer.singleShot(0, settle)

    window.store_opened.connect(settle_soon)

    def show_sync_status() -> None:
        if opener.sync is None or window.counter is None:
            return
        from storepos.ui.shell.sync_indicator import SyncIndicator

        place = window.place
        assert place is not None  # the store is open
        window.sync_indicator = SyncIndicator(
            opener.sync_status, opener.sync_now, place.time_zone,
            open_problems=lambda: window.navigate("sync_problems"))
        window.add_header_widget(window.sync_indicator)
        window.closed.connect(window.sync_indicator.stop)

    window.on_sync_started = show_sync_status
    window.closed.connect(opener.close)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(opener.close)
    return window
