"""The warranty screen end to end, offscreen, on a copy of the demo store: a cashier opens a claim
(from an order, or a proof of purchase), fills in the inspection with a photo and submits it; a
manager decides it from the queue with their PIN; then the database and the print queue are
checked."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from storepos.domain.vocabulary import Resolution, Role, WarrantyStatus
from storepos.domain.warranty import DefectCategory
from storepos.persistence.models import (
    StockLevel,
    Store,
    Variant,
    WarrantyClaim,
    WarrantyPhoto,
)
from storepos.persistence.models.print_jobs import PrintJob
from storepos.services.cards import value_accounts
from storepos.services.counter import Counter
from storepos.services.warranty import decisions as warranty_decisions
from storepos.ui.warranty.model import ClaimLine, ClaimsTableModel
from storepos.ui.warranty.screen import WarrantyScreen
from storepos.ui.widgets import pdf_save
from storepos.ui.widgets.pdf_save import ask_path
from tests.factories import card, make_customer, make_order, make_product
from tests.ui.conftest import demo_employee, second_manager

WAIT = 20_000


def add_sale(counter: Counter, demo_template) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A pair of boots sold at the demo's home store a month ago (140.00 by card): (order, upc)."""
    clerk = demo_employee(demo_template, Role.CASHIER)
    actor = counter.sign_in(clerk.number, clerk.pin)

    def make(s, a):  # type: ignore[no-untyped-def]
        store = s.get(Store, a.store_id)
        sizes = make_product(s, store, price="140.00", sizes=("8", "9"), on_hand=2,
                             brand="Timberland", name="6-inch Premium Boot")
        order = make_order(s, [(sizes["8"], 1, "140.00")], tenders=[card("140.00")],
                           store=store, customer=make_customer(s),
                           placed_on=a.today() - timedelta(days=30))
        return order.number, sizes["8"].upc

    return counter.run(actor, make)


def photo(tmp_path: Path) -> str:
    path = tmp_path / "sole.png"
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("#8a5a2b"))
    assert image.save(str(path))
    return str(path)


def open_screen(qtbot: QtBot, context, **kwargs) -> WarrantyScreen:  # type: ignore[no-untyped-def]
    screen = WarrantyScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1024, 768)
    screen.show()
    screen.on_enter(**kwargs)
    idle(qtbot, screen)
    return screen


def shown(label: QLabel) -> str:
    """A label's text as read (the dialog keeps numbers whole with non-breaking hyphens)."""
    return label.text().replace("\u2011", "-")


def idle(qtbot: QtBot, screen: WarrantyScreen) -> None:
    qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT)


def on_page(qtbot: QtBot, screen: WarrantyScreen, page: str) -> None:
    qtbot.waitUntil(lambda: screen.view.pages.currentWidget() is getattr(screen.view, page),
                    timeout=WAIT)
    idle(qtbot, screen)


def claim_row(counter: Counter, number: str) -> WarrantyClaim:
    return counter.read(lambda s: s.scalars(
        select(WarrantyClaim).where(WarrantyClaim.number == number)).one())


def jobs(counter: Counter, number: str) -> list[str]:
    return sorted(counter.read(lambda s: list(s.scalars(
        select(PrintJob.kind).where(PrintJob.reference == number)))))


def inspect_and_submit(qtbot: QtBot, screen: WarrantyScreen, tmp_path: Path) -> str:
    """Fill in the inspection page as staff do, add a photo, submit; the claim number."""
    page = screen.view.inspection
    number = page.heading.text().split()[1]
    page.category.setCurrentIndex(page.category.findData(DefectCategory.SOLE_SEPARATION))
    page.notes.setPlainText("Left sole separating at the toe after normal wear")
    page.confirmed.setChecked(True)
    screen.presenter.attach_photos([photo(tmp_path)])  # what "Add photos …" hands over
    qtbot.waitUntil(lambda: page.photos.count() == 1, timeout=WAIT)
    idle(qtbot, screen)
    page.submit.click()
    on_page(qtbot, screen, "ticket")
    return number


def approve_with_pin(qtbot: QtBot, screen: WarrantyScreen, demo_template,  # type: ignore[no-untyped-def]
                     reason: str | None = None) -> None:
    dialog = screen.approval_dialog
    assert dialog is not None
    manager = second_manager(demo_template)  # the signed-in manager never approves their own
    dialog.number.setText(manager.number)
    dialog.pin.setText(manager.pin)
    if reason is not None:
        dialog.reason.setText(reason)
    dialog.approve_button.click()


def test_a_claim_from_an_order_is_inspected_submitted_and_replaced(
        make_context, counter, demo_template, qtbot: QtBot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    order, upc = add_sale(counter, demo_template)
    screen = open_screen(qtbot, make_context(Role.CASHIER))
    start = screen.view.start
    assert not start.queue.isVisible()  # cashiers have no queue
    start.order_number.setText(order)
    start.last_name.setText("cote")
    qtbot.keyClick(start.last_name, Qt.Key.Key_Return)  # Enter finds the order
    qtbot.waitUntil(lambda: start.lines.count() == 1, timeout=WAIT)
    assert "6-inch Premium Boot" in start.lines.item(0).text()
    start.open_from_order.click()
    on_page(qtbot, screen, "inspection")
    assert start.order_number.text() == ""  # the opening form is done with
    number = inspect_and_submit(qtbot, screen, tmp_path)
    assert "managers' queue" in screen.view.status.text()
    assert "Submitted to a manager" in screen.view.ticket.body.text()

    row = claim_row(counter, number)
    assert row.status is WarrantyStatus.SUBMITTED and row.defect_confirmed
    assert counter.read(lambda s: len(s.scalars(select(WarrantyPhoto).where(
        WarrantyPhoto.claim_id == row.id)).all())) == 1

    boss = open_screen(qtbot, make_context(Role.MANAGER), claim=number)  # e.g. its ticket scanned
    on_page(qtbot, boss, "queue")
    queue = boss.view.queue
    qtbot.waitUntil(lambda: number in queue.summary.text() and queue.approve.isEnabled(),
                    timeout=WAIT)
    assert "allows refund or replacement" in queue.policy.text()
    replacement = queue.outcome_buttons[Resolution.REPLACEMENT]
    assert replacement.isEnabled() and "(2 in stock)" in replacement.text()
    replacement.setChecked(True)
    queue.approve.click()
    assert boss.approval_dialog is not None
    assert shown(boss.approval_dialog.what) == f"Approve warranty claim {number}: replacement"
    assert boss.approval_dialog.approve_button.text() == "Approve replacement"
    assert boss.approval_dialog.reason.text() == "Sole separation confirmed at inspection"
    approve_with_pin(qtbot, boss, demo_template)
    on_page(qtbot, boss, "ticket")
    assert "approved: replacement" in boss.view.status.text()
    assert "Replacement" in boss.view.ticket.body.text()

    row = claim_row(counter, number)
    assert row.status is WarrantyStatus.COMPLETED and row.outcome is Resolution.REPLACEMENT
    on_hand = counter.read(lambda s: s.scalars(
        select(StockLevel.on_hand).join(Variant, Variant.id == StockLevel.variant_id)
        .where(Variant.upc == upc)).one())
    assert on_hand == 1
    assert jobs(counter, number) == ["warranty_ticket"]

    # The claim report from its ticket page: the saved claim, its photo drawn, as a PDF file.
    target = tmp_path / f"claim-{number}.pdf"
    pdf_save.ask_path = lambda parent, suggested: str(target)  # type: ignore[assignment]
    try:
        boss.view.ticket.report.click()
        qtbot.waitUntil(target.exists, timeout=WAIT)
        qtbot.waitUntil(lambda: "is saved" in boss.view.status.text(), timeout=WAIT)
    finally:
        pdf_save.ask_path = ask_path
    pdf = target.read_bytes()
    assert pdf.startswith(b"%PDF-") and b"/Subtype /Image" in pdf


def test_a_proof_of_purchase_claim_gets_store_credit_as_an_override(
        make_context, counter, demo_template, qtbot: QtBot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen(qtbot, make_context(Role.MANAGER))
    start = screen.view.start
    assert start.queue.isVisible()
    start.proof.setText("Paper receipt 4471, 3 Jan")
    start.item.setText("Blundstone 500, brown, size 9")
    qtbot.keyClick(start.item, Qt.Key.Key_Return)
    on_page(qtbot, screen, "inspection")
    assert "Proof of purchase: Paper receipt 4471" in screen.view.inspection.details.text()
    number = inspect_and_submit(qtbot, screen, tmp_path)

    screen.view.ticket.back.click()
    on_page(qtbot, screen, "start")
    assert start.queue.text() != "Manager queue (0)"
    start.queue.click()
    on_page(qtbot, screen, "queue")
    queue = screen.view.queue
    row = screen.queue_model.row_of(number)
    screen.view.select_queue_row(row)
    qtbot.waitUntil(lambda: number in queue.summary.text(), timeout=WAIT)
    # No order on file: only an override can approve it, and the override is the manager's tick.
    assert not queue.override.isChecked() and queue.override.isEnabled()
    assert not queue.outcome_buttons[Resolution.REFUND].isEnabled()
    queue.outcome_buttons[Resolution.STORE_CREDIT].setChecked(True)
    queue.amount.setText("89.99")
    queue.approve.click()
    assert queue.error.text() == ("No order on file: tick \u201cOutside the policy (override)"
                                  "\u201d to approve store credit.")
    assert screen.approval_dialog is None  # no PIN is asked for an override nobody chose
    queue.override.setChecked(True)
    queue.amount.setText("abc")
    queue.approve.click()
    assert "Type the store credit amount" in queue.error.text() and queue.amount.text() == "abc"
    queue.amount.setText("89.99")
    queue.approve.click()
    dialog = screen.approval_dialog
    assert dialog is not None
    assert shown(dialog.what) == f"Override the policy on warranty claim {number}: store credit"
    assert dialog.approve_button.text() == "Override: store credit"
    approve_with_pin(qtbot, screen, demo_template, "Regular customer, clear sole defect")
    on_page(qtbot, screen, "ticket")
    assert "$89.99" in screen.view.status.text()

    row = claim_row(counter, number)
    assert row.status is WarrantyStatus.COMPLETED and row.outcome is Resolution.STORE_CREDIT
    assert row.decision_reason == "Override: Regular customer, clear sole defect"
    assert jobs(counter, number) == ["warranty_ticket"]
    slips = counter.read(lambda s: list(s.scalars(
        select(PrintJob.kind).where(PrintJob.kind == "value_card_slip"))))
    assert slips
    card_number = re.search(r"gift card (G-\S+) with", screen.view.status.text()).group(1)
    account = counter.run(screen.context.actor,
                          lambda s, a: value_accounts.find_account(s, a, card_number))
    assert account.balance == Decimal("89.99")


def submitted_claim(qtbot: QtBot, make_context, counter, demo_template,  # type: ignore[no-untyped-def]
                    tmp_path: Path, last_name: str) -> str:
    """A cashier opens a claim on a fresh sale, inspects it with a photo and submits it."""
    order, _ = add_sale(counter, demo_template)
    cashier = open_screen(qtbot, make_context(Role.CASHIER))
    cashier.view.start.order_number.setText(order)
    cashier.view.start.last_name.setText(last_name)
    cashier.view.start.find_order.click()
    qtbot.waitUntil(lambda: cashier.view.start.lines.count() == 1, timeout=WAIT)
    cashier.view.start.open_from_order.click()
    on_page(qtbot, cashier, "inspection")
    return inspect_and_submit(qtbot, cashier, tmp_path)


def test_a_manager_denies_a_claim(make_context, counter, demo_template, qtbot: QtBot,  # type: ignore[no-untyped-def]
                                  tmp_path: Path) -> None:
    number = submitted_claim(qtbot, make_context, counter, demo_template, tmp_path, "Côté")
    boss = open_screen(qtbot, make_context(Role.MANAGER))
    boss.view.start.queue.click()
    on_page(qtbot, boss, "queue")
    boss.view.select_queue_row(boss.queue_model.row_of(number))
    qtbot.waitUntil(lambda: number in boss.view.queue.summary.text(), timeout=WAIT)
    boss.view.queue.deny.click()
    dialog = boss.approval_dialog
    assert dialog is not None and dialog.isVisible()
    assert shown(dialog.what) == f"Deny warranty claim {number}"  # not "A manager must approve"
    assert dialog.approve_button.text() == "Deny claim"
    assert "printed on the claim ticket" in dialog.details.text()
    approve_with_pin(qtbot, boss, demo_template, "Heat damage: sole warped by a radiator")
    on_page(qtbot, boss, "ticket")
    row = claim_row(counter, number)
    assert row.status is WarrantyStatus.DENIED
    assert row.decision_reason == "Heat damage: sole warped by a radiator"
    assert jobs(counter, number) == ["warranty_ticket"]
    waits = ("waiting in the print queue: no receipt printer is set up on this till")
    assert boss.view.status.text().endswith(f"Warranty ticket {number} is {waits}.")
    for _ in range(2):  # "Print ticket" again while the first copy waits: no copies pile up
        boss.view.status.setText("")
        boss.view.ticket.print.click()
        qtbot.waitUntil(lambda: boss.view.status.text() != "", timeout=WAIT)
        idle(qtbot, boss)
        assert boss.view.status.text() == (f"Warranty ticket {number} is already {waits}; no "
                                           "second copy was queued.")
    assert jobs(counter, number) == ["warranty_ticket"]
    qtbot.keyClick(boss.view.ticket.print, Qt.Key.Key_Escape)  # back to the queue
    on_page(qtbot, boss, "queue")


def test_typed_work_survives_escape_and_errors_are_in_words(
        make_context, counter, demo_template, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen(qtbot, make_context(Role.CASHIER))
    start = screen.view.start
    start.order_number.setText("99999999")
    start.last_name.setText("Nobody")
    start.find_order.click()
    qtbot.waitUntil(lambda: "No order 99999999" in screen.view.status.text(), timeout=WAIT)
    assert start.order_number.text() == "99999999"  # kept to correct

    start.proof.setText("Receipt 77, 2 Feb")
    start.item.setText("Sorel Caribou, black, size 9")
    start.open_from_proof.click()
    on_page(qtbot, screen, "inspection")
    page = screen.view.inspection
    number = page.heading.text().split()[1]
    page.notes.setPlainText("Zip pull snapped off")
    page.submit.click()
    assert "Choose the defect" in screen.view.status.text()
    assert screen.view.pages.currentWidget() is page

    qtbot.keyClick(page.notes, Qt.Key.Key_Escape)  # a step back, not home
    on_page(qtbot, screen, "start")
    assert "what you typed is kept" in screen.view.status.text()
    qtbot.keyClicks(start.find_claim, number)
    qtbot.keyClick(start.find_claim, Qt.Key.Key_Return)
    on_page(qtbot, screen, "inspection")
    assert page.notes.toPlainText() == "Zip pull snapped off"
    page.category.setCurrentIndex(page.category.findData(DefectCategory.HARDWARE_ZIP))
    page.save.click()
    qtbot.waitUntil(lambda: "saved" in screen.view.status.text(), timeout=WAIT)
    row = claim_row(counter, number)
    assert row.defect_category == "hardware_zip" and "Zip pull" in row.notes
    assert row.status is WarrantyStatus.OPEN


def test_claims_model_passes_qt_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = ClaimsTableModel(lines=[
        ClaimLine("W-TOR1-000001-3", "Feb 9, 2025", "Timberland 6-inch Premium Boot, size 10",
                  "Ana Côté", "Submitted to a manager"),
        ClaimLine("W-TOR1-000002-1", "Feb 10, 2025", "Blundstone 500, size 9", "—", "Open"),
    ])
    qtmodeltester.check(model)
    assert model.row_of("W-TOR1-000002-1") == 1 and model.columnCount() == 5
    model.set_rows([])
    qtmodeltester.check(model)


def test_an_approved_repair_is_completed_when_the_shoe_comes_back(
        make_context, counter, demo_template, qtbot: QtBot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    order, _ = add_sale(counter, demo_template)
    boss = open_screen(qtbot, make_context(Role.MANAGER))
    start = boss.view.start
    start.order_number.setText(order)
    start.last_name.setText("Cote")
    start.find_order.click()
    qtbot.waitUntil(lambda: start.lines.count() == 1, timeout=WAIT)
    qtbot.keyClick(start.lines, Qt.Key.Key_Return)  # Enter on the pair opens the claim
    on_page(qtbot, boss, "inspection")
    number = inspect_and_submit(qtbot, boss, tmp_path)
    boss.view.ticket.back.click()
    on_page(qtbot, boss, "start")
    boss.presenter.open_claim(number)  # a manager opening a submitted claim decides it
    on_page(qtbot, boss, "queue")
    queue = boss.view.queue
    qtbot.waitUntil(lambda: number in queue.summary.text(), timeout=WAIT)
    queue.outcome_buttons[Resolution.REPAIR].setChecked(True)
    queue.approve.click()
    assert "allows refund or replacement, not repair" in queue.error.text()
    queue.override.setChecked(True)
    queue.approve.click()
    approve_with_pin(qtbot, boss, demo_template, "Customer prefers a resole")
    on_page(qtbot, boss, "ticket")
    assert claim_row(counter, number).status is WarrantyStatus.APPROVED
    assert boss.view.ticket.repair_done.isVisible()
    boss.view.ticket.repair_done.click()
    qtbot.waitUntil(lambda: "completed" in boss.view.status.text(), timeout=WAIT)
    assert claim_row(counter, number).status is WarrantyStatus.COMPLETED
    assert jobs(counter, number) == ["warranty_ticket", "warranty_ticket"]


def fully_shown(label: QLabel) -> bool:
    """Every wrapped line of `label` is on screen: none cut by its own height or by a scrolling
    parent, and no word wider than the label (which would be clipped at its edge)."""
    bold = QFont(label.font())
    bold.setBold(True)  # the headings in it are bold: measure the wider face
    metrics = QFontMetrics(bold)
    words = re.sub(r"<[^>]+>", " ", label.text()).split()
    return (label.isVisible()
            and label.visibleRegion().boundingRect() == label.rect()
            and label.heightForWidth(label.width()) <= label.height()
            and all(metrics.horizontalAdvance(w) <= label.contentsRect().width() for w in words))


def test_the_manager_sees_the_whole_claim_and_its_photo_large(
        make_context, counter, demo_template, qtbot: QtBot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    number = submitted_claim(qtbot, make_context, counter, demo_template, tmp_path, "Cote")
    boss = open_screen(qtbot, make_context(Role.MANAGER), claim=number)
    on_page(qtbot, boss, "queue")
    queue = boss.view.queue
    qtbot.waitUntil(lambda: number in queue.summary.text() and bool(queue.photos.buttons),
                    timeout=WAIT)
    inspector = demo_employee(demo_template, Role.CASHIER).name
    policy = counter.run(boss.context.actor, lambda s, a: warranty_decisions.claim_options(
        s, a, number))
    assert f"Inspected by {escape(inspector)};" in queue.summary.text()
    for sentence in policy.reasons:  # e.g. "... day 30 of the 75-day window from purchase ..."
        assert escape(sentence) in queue.policy.text()
    for label in (queue.summary, queue.policy):
        assert "\u2026" not in label.text() and "..." not in label.text()
        # The layout settles on a later event-loop turn than the text arrives: wait for it.
        qtbot.waitUntil(lambda label=label: fully_shown(label), timeout=WAIT)

    (thumbnail,) = queue.photos.buttons
    assert not thumbnail.icon().isNull() and thumbnail.accessibleName() == (
        "Photo sole.png: open it large")
    thumbnail.click()
    viewer = boss.view.photo_viewer
    assert viewer is not None
    qtbot.waitExposed(viewer)
    shown_size = viewer.picture.pixmap().size()  # the 64 x 48 photo, enlarged to the window
    assert max(shown_size.width(), shown_size.height()) >= 600
    assert shown_size.width() <= viewer.picture.width()
    assert shown_size.height() <= viewer.picture.height()
    assert viewer.width() >= boss.window().width()
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: boss.view.photo_viewer is None, timeout=WAIT)
    assert boss.view.pages.currentWidget() is queue  # Escape closed the photo, not the queue
