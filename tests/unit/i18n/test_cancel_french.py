"""The order cancellation's words in Québec French (cancel.po): every sentence the feature says
is in the catalogue with the same named placeholders, and the dialog's presenter words a plan in
French with CLDR money."""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path

from babel.messages.pofile import read_po

from storepos.domain.vocabulary import TenderKind
from storepos.i18n import _, formats, speaking
from storepos.services.orders.cancel import CancelLine, CancelPlan
from storepos.services.returns.types import TenderMove
from storepos.ui.orders.cancel_presenter import worded

ROOT = Path(__file__).resolve().parents[3]
PART = ROOT / "src/storepos/locale/fr_CA/LC_MESSAGES/cancel.po"
# Phrases shared across features (the role refusals' "cancel orders") live in another part.
OTHER_PARTS = sorted(set(PART.parent.glob("*.po")) - {PART})
SOURCES = ["src/storepos/services/orders/cancel.py", "src/storepos/ui/orders/cancel_presenter.py",
           "src/storepos/ui/orders/cancel_dialog.py", "src/storepos/ui/orders/cancel_screen.py"]


def test_every_sentence_is_translated_with_its_placeholders(tmp_path: Path) -> None:
    pot = tmp_path / "cancel.pot"
    done = subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract",
                           "--no-location", "-k", "_", "-k", "N_", "-o", str(pot), *SOURCES],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    with pot.open("rb") as source, PART.open("rb") as french:
        wanted = [m.id for m in read_po(source) if m.id]
        catalogue = {m.id: m.string for m in read_po(french) if m.id}
    for part in OTHER_PARTS:
        with part.open("rb") as other:
            catalogue.update({m.id: m.string for m in read_po(other) if m.id and m.id not in catalogue})
    assert len(wanted) > 40
    for msgid in wanted:
        assert catalogue.get(msgid), f"not translated: {msgid!r}"
        names = set(re.findall(r"\{\w+\}", msgid))
        assert set(re.findall(r"\{\w+\}", str(catalogue[msgid]))) == names, msgid


def test_the_dialog_words_a_plan_in_french() -> None:
    plan = CancelPlan(
        order_id=uuid.uuid4(), order_number="SW40917", customer="Bouchard",
        policy="Shoe of the Week", currency="CAD",
        lines=(CancelLine(1, "Birkenstock Arizona, taille 37", 1, Decimal("149.99"),
                          Decimal("30.00"), Decimal("119.99"), ("…",)),),
        refunds=(TenderMove(TenderKind.CARD, Decimal("119.99"), "VISA ••••4242"),),
        unpaid_not_refunded=Decimal("0.00"), shipping_not_refunded=Decimal("9.95"),
        needs_manager=False)
    with speaking("fr_CA"):
        shown = worded(plan, lambda value, currency: formats.money(value, currency))
        assert _("Keep the order") == "Garder la commande"
    assert shown.heading == "Annuler la commande SW40917 de Bouchard?"
    assert shown.totals[1] == ("Frais d'annulation (Shoe of the Week)", "-30,00\xa0$")
    assert shown.refund_to == (("VISA ••••4242", "119,99\xa0$"),)
    assert shown.note == "La livraison (9,95\xa0$) n'est pas remboursée."
