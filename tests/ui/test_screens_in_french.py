"""The counter in French (issue 16): the sign-in toggle, each employee's language remembered at
this till, every word of home, a return and Find orders in French, and the customer's receipt in
French while the screen stays English. The demo store is English-Canadian (en_CA): French here is
always an employee's choice, made as one would make it, on the sign-in page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from storepos.devices.printing.codec import from_json
from storepos.devices.printing.definitions import get_model
from storepos.devices.printing.escpos_decode import decode
from storepos.devices.printing.escpos_render import render
from storepos.devices.printing.receipts import layout_document
from storepos.domain import cards, numbers
from storepos.domain.errors import InvalidInput
from storepos.domain.vocabulary import Role
from storepos.i18n import set_language, speaking
from storepos.persistence.models import Employee
from storepos.persistence.models.print_jobs import PrintJob
from storepos.services.returns import api
from storepos.ui.refusals import DOMAIN_REFUSALS, worded
from storepos.ui.returns.screen import ReturnsScreen
from storepos.ui.shell.main_window import MainWindow
from tests.ui.conftest import demo_employee
from tests.ui.shell_world import open_window, sign_in

WAIT = 20_000
CATALOGUE = (Path(__file__).resolve().parents[2] / "src" / "storepos" / "locale" / "fr_CA"
             / "LC_MESSAGES" / "screens_counter.po")


@pytest.fixture(autouse=True)
def _back_to_english() -> Iterator[None]:
    """The app's language is process-wide: the next test starts in the demo store's."""
    yield
    set_language("en_CA")


def english_words() -> set[str]:
    """Every English text of the screens' catalogue whose French differs, as a person would see
    it whole on a label or a button (sentences with {placeholders} are filled, never seen raw)."""
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    words: set[str] = set()
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            if english and "{" not in english and english not in strings:
                words.add(english)
    return words


def visible_texts(root: QWidget) -> list[str]:
    """What a person reads in `root` now: labels, buttons, greyed hints, choices, table headers."""
    seen: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            seen.append(widget.text())
        elif isinstance(widget, QLineEdit):
            seen.append(widget.placeholderText())
        elif isinstance(widget, QComboBox):
            seen.extend(widget.itemText(i) for i in range(widget.count()))
        elif isinstance(widget, QTableView) and widget.model() is not None:
            model = widget.model()
            seen.extend(str(model.headerData(c, Qt.Orientation.Horizontal))
                        for c in range(model.columnCount()) if not widget.isColumnHidden(c))
    return [text for text in (t.strip() for t in seen) if text]


def english_left(root: QWidget) -> list[str]:
    english = english_words()
    return [text for text in visible_texts(root) if text in english]


def choose(qtbot: QtBot, window: MainWindow, language: str) -> None:
    window.signin.view.languages[language].click()
    qtbot.waitUntil(lambda: window.signin.view.languages[language].isChecked(), timeout=WAIT)


def employee_language(window: MainWindow, number: str) -> str | None:
    assert window.counter is not None
    return window.counter.read(lambda s: s.scalars(
        select(Employee.language).where(Employee.number == number)).one())


def idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=WAIT)


def test_signed_in_in_french_home_a_return_and_find_orders_show_no_english(  # type: ignore[no-untyped-def]
        qtbot: QtBot, counter, demo_template) -> None:
    window = open_window(qtbot, counter)
    assert window.signin.view.title.text() == "Sign in"  # the store's language: en_CA
    choose(qtbot, window, "fr")
    assert window.signin.view.title.text() == "Connexion"
    assert english_left(window) == []
    manager = demo_employee(demo_template, Role.MANAGER)
    sign_in(qtbot, window, manager.number, manager.pin)

    assert window.screen_title.text() == "Accueil"
    assert window.employee_label.text().endswith(", gérant")
    home = window.screens()["home"]
    assert home.view.buttons["returns"].caption.text() == "Retours et échanges"
    assert home.view.buttons["orders"].caption.text() == "Trouver des commandes"
    assert english_left(window) == []

    # A code that names nothing: the home screen says so in French.
    home.view.scan.setText("1234567")
    home.view.scan.returnPressed.emit()
    idle(qtbot, window)
    assert home.view.status.text().startswith("Rien ne correspond à 1234567")

    returns = window.screens()["returns"]
    assert window.counter is not None and window.actor is not None
    kwargs = window.counter.run(window.actor, returns.demo_kwargs, commit=False)
    assert window.navigate("returns", **kwargs)
    qtbot.waitUntil(lambda: returns.presenter.loaded is not None and not returns.presenter.busy,
                    timeout=WAIT)
    view = returns.view
    assert window.screen_title.text() == "Retours et échanges"
    assert view.order_title.text().startswith("Commande ")
    assert "Payé : " in view.order_details.text()
    assert view.complete.text() == "Conclure le retour"
    line = next(w for w in view.lines.values() if w.include.isEnabled())
    assert line.reason.currentText() == "Changement d'avis"
    assert english_left(window) == []

    assert window.navigate("orders")
    orders = window.screens()["orders"]
    qtbot.waitUntil(lambda: orders.model.rowCount() > 0, timeout=WAIT)
    assert orders.view.status.text().endswith("commandes, les plus récentes.")
    header = orders.model.headerData(0, Qt.Orientation.Horizontal)
    assert header == "Commande"
    assert english_left(window) == []


def test_the_toggle_is_remembered_per_employee_and_each_gets_their_own_screens(  # type: ignore[no-untyped-def]
        qtbot: QtBot, counter, demo_template) -> None:
    window = open_window(qtbot, counter)
    cashier = demo_employee(demo_template, Role.CASHIER)
    manager = demo_employee(demo_template, Role.MANAGER)

    choose(qtbot, window, "fr")
    sign_in(qtbot, window, cashier.number, cashier.pin)
    assert window.screen_title.text() == "Accueil" and window.sign_out_button.text() == "Se déconnecter"
    assert employee_language(window, cashier.number) == "fr"
    french_home = window.screens()["home"]

    window.sign_out("button")
    # The sign-in page is the store's again, for whoever comes next; the notice in its words.
    assert window.signin.view.title.text() == "Sign in"
    assert window.signin.view.languages["en"].isChecked()
    assert window.signin.view.notice.text().endswith("sign in again to pick it up.")

    sign_in(qtbot, window, manager.number, manager.pin)  # no toggle: the store's language
    assert window.screen_title.text() == "Home"
    assert window.screens()["home"].view.buttons["returns"].caption.text() == "Returns and exchanges"
    assert employee_language(window, manager.number) is None
    window.sign_out("button")

    sign_in(qtbot, window, cashier.number, cashier.pin)  # no toggle: the language they chose
    assert window.screen_title.text() == "Accueil"
    assert window.screens()["home"] is french_home  # their screens, as they left them
    assert french_home.view.buttons["returns"].caption.text() == "Retours et échanges"
    window.sign_out("button")

    choose(qtbot, window, "en")  # changing their mind: their screens are made again in English
    sign_in(qtbot, window, cashier.number, cashier.pin)
    assert window.screen_title.text() == "Home"
    assert window.screens()["home"] is not french_home
    assert window.screens()["home"].view.buttons["returns"].caption.text() == "Returns and exchanges"
    assert employee_language(window, cashier.number) == "en"

    window.sign_out("button")
    choose(qtbot, window, "fr")  # the next employee's toggle re-words the page, the notice too
    assert window.signin.view.notice.text().endswith("reconnectez-vous pour le reprendre.")


def test_a_made_up_language_is_refused_before_the_pin_is_checked(counter, demo_template) -> None:  # type: ignore[no-untyped-def]
    """Called as the screen never would (a language no toggle offers): refused, nothing kept."""
    cashier = demo_employee(demo_template, Role.CASHIER)
    with pytest.raises(InvalidInput, match="No language xx"):
        counter.sign_in(cashier.number, cashier.pin, "xx")
    assert counter.read(lambda s: s.scalars(
        select(Employee.language).where(Employee.number == cashier.number)).one()) is None


def test_the_customers_receipt_prints_in_french_while_the_screen_stays_english(  # type: ignore[no-untyped-def]
        make_context, qtbot: QtBot) -> None:
    set_language("en_CA")
    context = make_context(Role.CASHIER)
    screen = ReturnsScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1024, 768)
    screen.show()
    screen.on_enter(**context.counter.run(context.actor, api.demo_order, commit=False))
    qtbot.waitUntil(lambda: screen.presenter.loaded is not None and not screen.presenter.busy,
                    timeout=WAIT)
    view = screen.view
    for line in view.lines.values():
        if line.include.isEnabled() and not line.include.isChecked():
            line.include.setChecked(True)
        for name in ("unworn", "original_box", "packaging_intact"):
            line.checks[name].setChecked(True)
    view.proof.setChecked(True)
    view.card.setChecked(True)
    qtbot.waitUntil(lambda: not screen.presenter.busy and view.complete.isEnabled(), timeout=WAIT)
    view.complete.click()
    assert view.confirm_bar.isVisible()
    assert view.receipt_languages["en"].isChecked()  # the screen's language until chosen
    view.receipt_languages["fr"].click()
    assert view.receipt_languages["fr"].isChecked() and view.confirm_text.text().startswith(
        "Complete the return for order")
    view.confirm.click()
    qtbot.waitUntil(lambda: view.pages.currentIndex() == 1 and not screen.presenter.busy,
                    timeout=WAIT)

    # The screen stays English ...
    title = view.done_title.text()
    assert title.startswith("Return R-") and title.endswith(" completed")
    return_id = title.removeprefix("Return ").removesuffix(" completed")
    # ... the customer's copy is French: the job carries fr_CA, and its paper says so.
    jobs = context.counter.read(lambda s: list(s.scalars(
        select(PrintJob).where(PrintJob.reference == return_id))))
    assert jobs
    model = get_model("tm-t88")

    def paper(document: Any) -> str:
        return decode(render(layout_document(document, model), model),
                      {model.code_page_table: model.code_page}).text

    for job in jobs:
        document = from_json(job.document)
        # The document's own language once it carries one (Header.locale), else its store's.
        assert (getattr(document.header, "locale", None) or document.header.store.locale) == "fr_CA"
        own_language = {"language": ""} if hasattr(document.header, "language") else {}
        english = replace(document, header=replace(
            document.header, store=replace(document.header.store, locale="en_CA"), **own_language))
        assert paper(document) != paper(english)  # worded otherwise: in French
        assert "TOTAL REFUNDED" not in paper(document)
    # No printer on this till: the receipt on screen is the customer's, in French.
    assert view.receipt_text.toPlainText().startswith(f"RETOUR {return_id}")


def test_the_domains_fixed_refusals_are_worded_at_the_edge() -> None:
    """The domain keeps its English (no language layer there); the screen finds it by its text."""
    assert DOMAIN_REFUSALS == (numbers._UNREADABLE, numbers._MISTYPED, cards.CARD_NUMBER_WORDS)
    with speaking("fr_CA"):
        for english in DOMAIN_REFUSALS:
            assert worded(InvalidInput(english)) != english
        assert worded(InvalidInput(numbers._MISTYPED)).startswith("Ce numéro contient une faute")
        assert worded(InvalidInput("Déjà en français.")) == "Déjà en français."


# The parts of the product whose words live in screens_counter.po.
COUNTER_SOURCES = (
    "ui/signin", "ui/shell", "ui/home", "ui/welcome", "ui/returns", "ui/orders", "ui/items",
    "ui/languages.py", "ui/refusals.py", "services/returns", "services/staff", "services/orders",
    "services/items", "services/counter.py", "services/base/scan.py",
    "services/base/order_lookup.py", "app.py",
)


def test_every_word_of_these_screens_has_its_french() -> None:
    """Extract what the code marks (as Babel does at build time); each needs a French line."""
    from babel.messages.extract import extract_from_file

    source = CATALOGUE.parents[3]  # src/storepos
    files = [p for part in COUNTER_SOURCES for p in (
        sorted((source / part).glob("*.py")) if (source / part).is_dir() else [source / part])]
    keywords = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
    french: dict[str, str] = {}
    for part in CATALOGUE.parent.glob("*.po"):
        with part.open("rb") as handle:
            for message in read_po(handle):
                key = message.id[0] if isinstance(message.id, tuple) else message.id
                string = message.string[0] if isinstance(message.string, tuple) else message.string
                if key and string:
                    french[key] = string
    missing, seen = [], 0
    for path in files:
        for _line, message, _comments, _context in extract_from_file(
                "python", str(path), keywords=keywords):
            key = message[0] if isinstance(message, tuple) else message
            seen += 1
            if key not in french:
                missing.append(f"{path.relative_to(source)}: {key}")
    assert seen > 300 and missing == []
