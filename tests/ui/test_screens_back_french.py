"""The back-office screens in Québec French, offscreen on a copy of the demo store: every visible
word (labels, buttons, tabs, headers, hints, dialogs) is French, and a typed "12,50" is an amount.

A text left in English is found by walking the widget tree and comparing each visible text with
the English of the screens_back catalogue part: a text equal to an English msgid whose French
differs was never put through gettext (or lost its translation).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabBar,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from storepos.domain import amounts, cards, numbers
from storepos.domain import pickups as pickup_rules
from storepos.domain import warranty as warranty_rules
from storepos.domain.errors import StoreposError
from storepos.domain.vocabulary import PickupStatus, Role, TenderKind, WarrantyStatus
from storepos.i18n import set_language, speaking
from storepos.i18n.catalogues import LOCALE_DIR
from storepos.persistence.models import LedgerEntry, Store, ValueAccount
from storepos.services.pickups import status as pickups
from storepos.services.pickups.words import refusal as pickup_refusal
from storepos.services.warranty.words import refusal as claim_refusal
from storepos.ui.giftcards.screen import GiftCardsScreen
from storepos.ui.pickups.screen import PickupsScreen
from storepos.ui.printers.screen import PrintersScreen
from storepos.ui.printing.screen import PrintJobsScreen
from storepos.ui.sync_problems.screen import SyncProblemsScreen
from storepos.ui.warranty.screen import WarrantyScreen
from storepos.ui.warranty.steps import DOMAIN_SENTENCES, plain_words
from storepos.ui.widgets.approval_dialog import ManagerApprovalDialog
from storepos.ui.widgets.decision import Decision
from tests.factories import make_customer, make_pickup_order, make_product, tender
from tests.ui.conftest import demo_employee

WAIT = 20_000
PART = LOCALE_DIR / "fr_CA" / "LC_MESSAGES" / "screens_back.po"


def _bare(text: str) -> str:
    """A text as read: no mnemonic "&", no markup, spaces as one."""
    text = re.sub(r"<[^>]+>", " ", text.replace("&&", "\0").replace("&", "").replace("\0", "&"))
    return " ".join(text.replace("\u2011", "-").split())


def _english_to_catch() -> set[str]:
    """The English of the catalogue part whose French differs, without placeholders' sentences
    too short to mean anything alone ("Port", "USB" read the same in both languages)."""
    with PART.open("rb") as handle:
        catalogue = read_po(handle)
    caught = set()
    for message in catalogue:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            if "{" in english:
                continue  # a sentence with a placeholder never shows as written
            if _bare(english) not in {_bare(s) for s in strings}:
                caught.add(_bare(english))
    return caught


ENGLISH = _english_to_catch()


def visible_texts(root: QWidget) -> list[str]:
    """Every text a person reads on `root` and the widgets shown inside it."""
    found: list[str] = []
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        if widget.isWindow() and widget.windowTitle():
            found.append(widget.windowTitle())
        if isinstance(widget, (QLabel, QAbstractButton)):
            found.append(widget.text())
        elif isinstance(widget, QLineEdit):
            found.append(widget.placeholderText())
        elif isinstance(widget, QGroupBox):
            found.append(widget.title())
        elif isinstance(widget, QTabBar):
            found.extend(widget.tabText(i) for i in range(widget.count()))
        elif isinstance(widget, QComboBox):
            found.extend(widget.itemText(i) for i in range(widget.count()))
        elif isinstance(widget, QTableView) and widget.model() is not None:
            model = widget.model()
            found.extend(str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                         for c in range(model.columnCount()))
            for row in range(min(model.rowCount(), 20)):
                found.extend(str(model.index(row, c).data() or "")
                             for c in range(model.columnCount()))
    return [_bare(t) for t in found if t and t.strip()]


def english_left(root: QWidget) -> list[str]:
    """Visible texts that are the English of the catalogue: never translated."""
    return [t for t in visible_texts(root)
            if t in ENGLISH or any(len(e) > 30 and e in t for e in ENGLISH)]


@pytest.fixture
def french() -> Iterator[None]:
    set_language("fr_CA")
    yield
    set_language("en_CA")


def show(qtbot: QtBot, screen: QWidget, **kwargs: object) -> None:
    qtbot.addWidget(screen)
    screen.resize(1024, 768)
    screen.show()
    screen.on_enter(**kwargs)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not screen.context.runner.busy, timeout=WAIT)  # type: ignore[attr-defined]


def ready_pickup(counter, demo_template, *, paid: bool) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A ship-to-store order on the pickup shelf: (pickup number, order number)."""
    actor = counter.sign_in(*_number_and_pin(demo_template, Role.STOCK))

    def make(s, a):  # type: ignore[no-untyped-def]
        store = s.get(Store, a.store_id)
        shoe = make_product(s, store, sizes=("8",), on_hand=2, brand="Sorel", name="Caribou")["8"]
        tenders = [tender(TenderKind.PAY_OFFLINE, "129.95")] if not paid else [
            tender(TenderKind.CARD, "129.95")]
        order = make_pickup_order(s, store, [(shoe, 1, "120.00")], tenders=tenders,
                                  customer=make_customer(s, last="Côté"), last_name="Côté",
                                  shipping="9.95", placed_on=a.today() - timedelta(days=2))
        row = pickups.register_pickup(s, a, order.id)
        pickups.mark_arrived(s, a, row.number)
        pickups.mark_ready(s, a, row.number)
        return row.number, order.number

    return counter.run(actor, make)  # type: ignore[no-any-return]


def _number_and_pin(demo_template, role: Role) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    employee = demo_employee(demo_template, role)
    return employee.number, employee.pin


# -- the catalogue itself ----------------------------------------------------------------------

def test_the_catalogue_part_is_complete_and_keeps_every_placeholder() -> None:
    with PART.open("rb") as handle:
        catalogue = read_po(handle)
    assert catalogue.plural_forms == "nplurals=2; plural=(n > 1);"
    for message in catalogue:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"no French for {message.id!r}"
        wanted = set(re.findall(r"\{[^}]*\}", ids[-1]))
        for french_text in strings:
            assert set(re.findall(r"\{[^}]*\}", french_text)) == wanted, message.id


def test_the_domain_sentences_marked_for_the_catalogue_are_the_domains_own() -> None:
    """plain_words finds a fixed domain sentence in the catalogue by its English: the marked
    copies must stay equal to the domain's."""
    assert set(DOMAIN_SENTENCES) >= {
        cards.CARD_NUMBER_WORDS, numbers._UNREADABLE, numbers._MISTYPED, amounts.NOT_AN_AMOUNT,
        amounts.TYPE_AN_AMOUNT, amounts.NEGATIVE, amounts.TOO_MANY_DECIMALS, amounts.TOO_LARGE,
    }


def test_domain_refusals_are_worded_in_french_by_their_code() -> None:
    """The domain says no words (no i18n import): the edge says its refusals in the reader's
    language from the code and params; the domain's message is only a log line."""
    with pytest.raises(StoreposError) as pickup:
        pickup_rules.check_move("P-TOR1-000002-4", PickupStatus.COLLECTED, PickupStatus.SENT_BACK)
    with pytest.raises(StoreposError) as claim:
        warranty_rules.check_move("W-TOR1-000002-1", WarrantyStatus.DENIED, WarrantyStatus.APPROVED)
    assert pickup.value.message == ("pickup_finished (number=P-TOR1-000002-4, status=collected, "
                                    "target=sent_back)")  # for the logs
    with speaking("fr_CA"):
        assert pickup_refusal(pickup.value) == (
            "Le colis P-TOR1-000002-4 est déjà ramassé; il ne peut pas être retourné.")
        assert claim_refusal(claim.value) == (
            "La réclamation de garantie W-TOR1-000002-1 est déjà refusée; elle ne peut pas être "
            "approuvée.")
        assert plain_words(pickup.value) == pickup_refusal(pickup.value)
        with pytest.raises(StoreposError) as typed:
            amounts.parse_typed_amount("12,345", ",")
        assert plain_words(typed.value) == "Un montant a au plus deux décimales, comme 25,50."


# -- the screens -------------------------------------------------------------------------------

def test_pickups_list_hand_over_and_notify_dialogs_are_french(  # type: ignore[no-untyped-def]
        french, make_context, counter, demo_template, qtbot: QtBot) -> None:
    number, order = ready_pickup(counter, demo_template, paid=False)
    screen = PickupsScreen(make_context(Role.CASHIER))
    show(qtbot, screen)
    view = screen.view
    assert view.tabs.tabText(0).startswith("En transit")
    assert screen.model.headerData(6, Qt.Orientation.Horizontal) == "À payer"
    assert view.hand_over.text() == "Remettre…"
    assert english_left(screen) == []

    view.scan.setText(number)
    view.scan.returnPressed.emit()
    qtbot.waitUntil(lambda: view.hand_over_dialog is not None, timeout=WAIT)
    dialog = view.hand_over_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT)
    assert dialog.windowTitle() == f"Remettre {number}"
    assert dialog.id_checked.text() == "Pièce d'identité vérifiée"
    assert "129,95" in dialog.due.text()  # money as the French reader writes it
    assert english_left(dialog) == []
    dialog.ok.click()  # nothing ticked: the refusal is French too
    assert dialog.error.text().startswith("Vérifiez la pièce d'identité")
    dialog.reject()

    qtbot.waitUntil(lambda: not screen.presenter.busy, timeout=WAIT)
    view.notify.click()
    notify = view.notify_dialog
    assert notify is not None
    assert [b.text() for b in notify.buttons.values()] == ["Courriel", "Téléphone", "Texto"]
    assert english_left(notify) == []
    notify.reject()
    assert order  # the order exists: the hand-over heading named it
    screen.close()


def test_warranty_start_and_queue_are_french(  # type: ignore[no-untyped-def]
        french, make_context, qtbot: QtBot) -> None:
    screen = WarrantyScreen(make_context(Role.MANAGER))
    show(qtbot, screen)
    start = screen.view.start
    assert start.find_order.text() == "Trouver la commande"
    assert english_left(screen) == []
    screen.view.sig_show_queue.emit()
    qtbot.waitUntil(lambda: screen.view.pages.currentWidget() is screen.view.queue, timeout=WAIT)
    qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT)
    queue = screen.view.queue
    assert queue.deny.text() == "Refuser…"
    assert screen.queue_model.headerData(4, Qt.Orientation.Horizontal) == "Inspection"
    assert english_left(screen) == []
    screen.close()


def test_gift_cards_are_french_and_a_typed_12_50_is_an_amount(  # type: ignore[no-untyped-def]
        french, make_context, counter, qtbot: QtBot) -> None:
    screen = GiftCardsScreen(make_context(Role.CASHIER))
    show(qtbot, screen)
    view = screen.view
    assert view.tabs.tabText(0) == "&Carte-cadeau"
    assert view.gift.issue.amount.placeholderText() == "p. ex. 50,00"  # the reader's decimal comma
    assert english_left(screen) == []

    def a_card(session):  # type: ignore[no-untyped-def]
        for account in session.scalars(select(ValueAccount)):
            if account.kind == "gift_card":
                balance = sum((e.amount for e in session.scalars(
                    select(LedgerEntry).where(LedgerEntry.account_id == account.id))), Decimal(0))
                if balance >= Decimal("12.50"):
                    return account.number, balance
        raise AssertionError("the demo has no gift card holding 12.50")

    number, balance = counter.read(a_card)
    view.gift.number.setText(number)
    view.gift.check.click()
    qtbot.waitUntil(lambda: screen.presenter.card is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: not screen.context.runner.busy, timeout=WAIT)
    assert "Solde" in view.gift.card.balance.text()
    view.gift.redeem.amount.setText("12,50")  # as a French cashier types twelve fifty
    view.gift.redeem.button.click()
    qtbot.waitUntil(lambda: screen.presenter.card is not None
                    and screen.presenter.card.history.account.balance == balance - Decimal("12.50"),
                    timeout=WAIT)
    qtbot.waitUntil(lambda: "12,50" in view.status.text(), timeout=WAIT)
    assert "prélevé sur Carte-cadeau" in view.status.text()
    assert english_left(screen) == []

    view.gift.redeem.amount.setText("12,345")  # three decimals: refused in French words
    view.gift.redeem.button.click()
    assert view.status.text() == "Un montant a au plus deux décimales, comme 25,50."
    view.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: view.store.isVisible(), timeout=WAIT)
    assert english_left(screen) == []
    screen.close()


def test_printers_print_jobs_and_sync_problems_are_french(  # type: ignore[no-untyped-def]
        french, make_context, qtbot: QtBot) -> None:
    printers = PrintersScreen(make_context(Role.MANAGER))
    show(qtbot, printers)
    assert printers.view.test.text() == "Page d'&essai"
    assert printers.view.default.text() == "Les reçus vont à cette imprimante"
    assert english_left(printers) == []
    printers.view.add.click()  # an empty form: refused in French
    qtbot.waitUntil(lambda: printers.view.status.text() != "", timeout=WAIT)
    assert printers.view.status.text().startswith("Non ajoutée")
    printers.close()

    jobs = PrintJobsScreen(make_context(Role.CASHIER), refresh_ms=60_000)
    show(qtbot, jobs)
    assert jobs.view.cancel.text() == "&Annuler la tâche"
    assert english_left(jobs) == []
    jobs.close()

    problems = SyncProblemsScreen(make_context(Role.MANAGER))
    show(qtbot, problems)
    qtbot.waitUntil(lambda: not problems.busy, timeout=WAIT)
    assert problems.model.headerData(1, Qt.Orientation.Horizontal) == "Problème"
    assert english_left(problems) == []
    problems.close()


def test_the_manager_approval_dialog_is_french(french, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    dialog = ManagerApprovalDialog(Decision.approve("Rembourser hors du délai de retour"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.approve_button.text() == "Approuver"
    assert dialog.cancel_button.text() == "Annuler"
    assert dialog.windowTitle() == "Approbation du gérant\u00a0: Rembourser hors du délai de retour"
    dialog.show_busy(True)
    assert dialog.approve_button.text() == "Vérification…"
    dialog.show_busy(False)
    assert english_left(dialog) == []


def test_the_checks_would_catch_english(qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    """The walk is not blind: the same dialog built in English is caught."""
    set_language("en_CA")
    dialog = ManagerApprovalDialog(Decision.approve("Refund outside the return window"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Manager number" in english_left(dialog)
    assert Path(PART).is_file()
