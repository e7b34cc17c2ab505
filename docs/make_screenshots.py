"""Render a screenshot of every screen to docs/screenshots/ (offscreen Qt, a fresh demo database).

Run: QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py [--orders 400] [--out FOLDER]
                                                              [--sizes 1024x768,1280x800,1920x1080]
                                                              [--locale fr_CA]

--locale fr_CA: every picture in that language, in docs/screenshots/fr/ (unless --out says
otherwise): the sign-in page's language toggle is pressed before each sign-in, as an employee
would, and the feature scripts are told by STOREPOS_SHOTS_LOCALE.

Every picture is taken at each size: 1024x768, the smallest screen the counter app is made for, keeps
the plain name (screen-returns.png, which the README links); the larger ones have the size in the
name (screen-returns@1280x800.png, screen-returns@1920x1080.png). It signs in as the demo
manager (who may use every screen) and shows each screen of the registry in turn, with the
arguments its `Screen.demo_kwargs(session, actor)` gives (a demo order, pickup, card...), then
grabs it (screen-<name>.png: the feature folders' own scripts, docs/screenshots_*.py, keep their
names for the states they show). A feature adds its own demo state by overriding `demo_kwargs`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from shots import OUT, SIZES, parse_size, save, settle, with_dialog  # noqa: E402

from storepos.app import build_main_window, demo_staff_path  # noqa: E402


# The feature scripts that word their screens in --locale's language (STOREPOS_SHOTS_LOCALE).
LOCALISED_SCRIPTS = ("screenshots_returns.py", "screenshots_first_start.py", "screenshots_staff.py",
                     "screenshots_day.py", "screenshots_item.py")


def staff(db: Path) -> dict[str, dict[str, str]]:
    people = json.loads(demo_staff_path(db).read_text(encoding="utf-8"))
    by_role: dict[str, dict[str, str]] = {}
    for person in people:
        by_role.setdefault(person["role"], person)
    return by_role


def sign_in(app: QApplication, window: Any, number: str, pin: str,
            language: str | None = None) -> None:
    view = window.signin.view
    if language:  # the toggle, as the employee would press it
        view.languages[language].click()
        settle(extra_ms=50)
    view.number.setText(number)
    view.pin.setText(pin)
    view.sign_in.click()
    settle(lambda: window.actor is not None or view.status.property("role") == "error")


def demo_kwargs(app: QApplication, window: Any, screen: Any) -> dict[str, Any]:
    """The screen's own demo arguments, looked up on the background runner like any service call."""
    answer: list[Any] = []
    window.context.run(lambda session, actor: screen.demo_kwargs(session, actor), answer.append,
                       answer.append, commit=False)
    settle(lambda: bool(answer), extra_ms=0)
    if answer and isinstance(answer[0], Exception):
        print(f"  ({screen.name}: demo_kwargs failed: {answer[0]}; shown as it opens)")
        return {}
    return answer[0] if answer else {}


Size = tuple[int, int]


def save_sizes(window: QWidget, name: str, out: Path, sizes: list[Size],
               picture: Any = None) -> None:
    """The window (or `picture(window)`, e.g. with a dialog over it) at each size, back to the first."""
    for size in sizes:
        window.resize(*size)
        settle(extra_ms=150)
        save((picture or (lambda w: w.grab()))(window), name, size, out)
    window.resize(*sizes[0])
    settle(extra_ms=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=400, help="demo orders to make (default 400)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where the pictures go (default {OUT})")
    parser.add_argument("--sizes", default=",".join(f"{w}x{h}" for w, h in SIZES),
                        help="window sizes, WIDTHxHEIGHT, comma-separated (default: all three)")
    parser.add_argument("--locale", default=None,
                        help="the pictures' language, e.g. fr_CA (default: the store's)")
    args = parser.parse_args(argv)
    sizes = [parse_size(text) for text in args.sizes.split(",")]
    language = args.locale.replace("-", "_").split("_")[0] if args.locale else None
    out: Path = args.out if args.out != OUT or not language else OUT / language
    app = QApplication.instance() or QApplication(sys.argv[:1])
    out.mkdir(parents=True, exist_ok=True)

    def shoot(name: str, picture: Any = None) -> None:
        save_sizes(window, name, out, sizes, picture)

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "store.db"
        window = build_main_window(db, demo_orders=args.orders, print_queue=False)
        window.resize(*sizes[0])
        window.show()
        if not settle(lambda: window.counter is not None):
            print("the demo store did not open:", window.signin.view.status.text())
            return 1
        people = staff(db)
        if language:
            window.signin.view.languages[language].click()
            settle()
        shoot("signin")

        sign_in(app, window, people["cashier"]["number"], "0000", language)
        shoot("signin-wrong-pin")

        sign_in(app, window, people["stock"]["number"], people["stock"]["pin"], language)
        settle()
        shoot("home-stock")
        window.sign_out("idle")
        settle()
        if language:  # the page is the store's again: the next employee's toggle re-words it
            window.signin.view.languages[language].click()
            settle()
        shoot("signin-after-idle")

        sign_in(app, window, people["manager"]["number"], people["manager"]["pin"], language)
        settle()
        shoot("home")

        home = window.screens()["home"]
        home.view.scan.setText("1234567")
        home.view.scan.returnPressed.emit()
        settle(lambda: not window.runner.busy)
        shoot("home-unknown-code")
        home.view.clear_scan()
        home.view.show_status("")

        from storepos.i18n import _
        from storepos.ui.widgets.approval_dialog import Decision, request_approval

        decision = Decision(_("Override the return policy on line {line}").format(line=2),
                            _("Override the policy"),
                            _("Line {line}: {item}. The line may then be returned as the cashier "
                              "chose, outside the policy.").format(
                                line=2, item="Blundstone 585 Chelsea Boot, Rustic Brown, 9"))
        dialog = request_approval(window, window.context, decision, lambda approval: None)
        if dialog is not None:
            dialog.number.setText(people["manager"]["number"])
            dialog.reason.setText("Client fidèle, boîte abîmée par le transporteur" if language == "fr"
                                  else "Loyal customer, box damaged by the carrier")
            settle()
            shoot("manager-approval", lambda w: with_dialog(w, dialog))
            dialog.reject()
            settle()

        for name, screen in window.screens().items():
            if name == "home":
                continue
            kwargs = demo_kwargs(app, window, screen)
            window.go_home()
            if not window.navigate(name, **kwargs):
                print(f"  ({name}: could not be shown: {window.notice.text()})")
                continue
            settle(lambda: not window.runner.busy, extra_ms=400)
            shoot(f"screen-{name}")
            # Dialogs a screen opened on entry are part of how it looks.
            for open_dialog in window.findChildren(QWidget):
                if open_dialog.isWindow() and open_dialog is not window and open_dialog.isVisible():
                    shoot(f"screen-{name}-dialog", lambda w, d=open_dialog: with_dialog(w, d))
                    open_dialog.close()
        window.close()
    # The feature screens again, with staged data (a split refund, an overdue parcel, claims
    # waiting for a manager, queued print jobs, sync problems): one command renders every
    # screen. Each in its own process, as it would be run alone: Qt objects of one never outlive
    # into the next.
    import subprocess

    for size in sizes:
        env = dict(os.environ, STOREPOS_SHOTS_OUT=str(out), STOREPOS_SHOTS_SIZE=f"{size[0]}x{size[1]}")
        if args.locale:
            env["STOREPOS_SHOTS_LOCALE"] = args.locale
        for script in (  # one a line: each feature's screenshots script
            "screenshots_returns.py",
            "screenshots_pickups_warranty.py",
            "screenshots_giftcards_printing.py",
            "screenshots_sync_problems.py",
            "screenshots_first_start.py",
            "screenshots_staff.py",
            "screenshots_printers.py",
            "screenshots_day.py",
        ):
            if args.locale and script not in LOCALISED_SCRIPTS:
                continue
            subprocess.run([sys.executable, str(Path(__file__).with_name(script))], check=True, env=env)
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
