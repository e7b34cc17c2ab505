"""The counter app's screens: one line per feature module, in the order of the home buttons.

To add a screen: write a `Screen` subclass (ui/shell/screen.py) with a `name`, `title` and `roles`
in your feature's screen module, and make sure that module is listed below. Every `Screen`
subclass defined in the module (with a name) is taken, in definition order; a module may instead
say exactly which with `SCREENS = (ReturnsScreen, ...)`.

A listed module that does not exist yet (its feature folder is still being written) is skipped, so
the app runs with whatever is there; any other import error is a real bug and is raised. Modules
are imported only when the store's database is open, never on the way to the sign-in window.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from types import ModuleType

from storepos.i18n import N_, _
from storepos.ui.shell.screen import Screen

SCREEN_MODULES: tuple[str, ...] = (
    "storepos.ui.home.screen",       # home: the scan field and these screens' buttons
    "storepos.ui.returns.screen",    # returns and exchanges
    "storepos.ui.pickups.screen",    # ship-to-store pickups
    "storepos.ui.warranty.screen",   # warranty claims
    "storepos.ui.giftcards.screen",  # gift cards and store credit
    "storepos.ui.day.screen",        # open and close the till: float, paid in/out, X and Z reports
    "storepos.ui.printing.screen",   # print queue, reprints
    "storepos.ui.printers.screen",   # this till's printers: set up, status, test page (managers)
    "storepos.ui.sync_problems.screen",  # sync problems: refused or flagged events (managers)
    "storepos.ui.orders.screen",     # find orders (by number, e-mail or phone)
    "storepos.ui.items.screen",      # a scanned product and the orders that hold it (no button)
)

# What a screen not on this till yet is called when a scan or a button asks for it.
KNOWN_TITLES = {
    "home": N_("Home"),
    "returns": N_("Returns"),
    "pickups": N_("Pickups"),
    "warranty": N_("Warranty"),
    "giftcards": N_("Gift cards"),
    "day": N_("Open and close the till"),
    "printing": N_("Printing"),
    "print_jobs": N_("Print jobs"),
    "printers": N_("Printers"),
    "sync_problems": N_("Sync problems"),
    "orders": N_("Find orders"),
    "item": N_("Item"),
}


def _missing(module: str, exc: ModuleNotFoundError) -> bool:
    """True when the module itself (or its feature folder) is not there yet."""
    name = exc.name or ""
    return bool(name) and (module == name or module.startswith(name + "."))


def _screens_of(module: ModuleType) -> list[type[Screen]]:
    declared = getattr(module, "SCREENS", None)
    if declared is not None:
        return list(declared)
    return [
        value for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, Screen) and value is not Screen
        and value.__module__ == module.__name__ and value.name
    ]


def import_modules(modules: Sequence[str] = SCREEN_MODULES) -> None:
    """Import the screens' modules ahead of `load_screens` (on a worker thread, behind the sign-in
    page: no widget is made here). Any error is left for `load_screens` to raise, on the GUI thread."""
    for path in modules:
        try:
            importlib.import_module(path)
        except Exception:  # noqa: BLE001 - raised again, in words, by load_screens
            continue


def load_screens(modules: Sequence[str] = SCREEN_MODULES) -> list[type[Screen]]:
    """The Screen classes of the modules that exist, in order; names must be unique."""
    found: list[type[Screen]] = []
    for path in modules:
        try:
            module = importlib.import_module(path)
        except ModuleNotFoundError as exc:
            if _missing(path, exc):
                continue
            raise
        found.extend(_screens_of(module))
    names = [cls.name for cls in found]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"Two screens are registered as {', '.join(duplicates)}: rename one.")
    return found


def title_of(name: str, screens: Sequence[type[Screen]] = ()) -> str:
    """The screen's title in the language of the moment (class titles are marked with N_)."""
    for cls in screens:
        if cls.name == name:
            return _(cls.title) if cls.title else name
    known = KNOWN_TITLES.get(name)
    return _(known) if known else name.replace("_", " ").capitalize()
