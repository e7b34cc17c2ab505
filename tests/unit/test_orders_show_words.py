"""`storepos orders show` in words: the support desk's answer in the reader's language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from storepos.i18n import speaking
from storepos.services.orders.support import (
    ALREADY_RETURNED,
    NOT_RETURNABLE,
    RETURNABLE,
    LineAnswer,
    OrderAnswer,
    in_words,
)

ANSWER = OrderAnswer("10000002", date(2026, 9, 22), "TOR", "softmoc", date(2026, 12, 5), (
    LineAnswer(1, "Skechers GOwalk, Black, 10", 1, 1, RETURNABLE, ("refund", "store_credit"),
               ("Because.",), Decimal("79.99"), Decimal("5.00")),
    LineAnswer(2, "Socks", 2, 0, ALREADY_RETURNED, (), (), Decimal("0.00"), Decimal("0.00")),
    LineAnswer(3, "Boots", 2, 2, NOT_RETURNABLE, (), (), Decimal("0.00"), Decimal("0.00")),
))


def test_the_answer_in_french() -> None:
    with speaking("fr_CA"):
        said = in_words(ANSWER)
    assert said[0].startswith("Commande 10000002, passée le 22 sept. 2026; décidée selon la "
                              "politique softmoc au magasin TOR le ")
    assert said[1] == ("  1. Skechers GOwalk, Black, 10, 1 unité : retournable : 1 sur 1 "
                       "(remboursement ou crédit en magasin), 79,99 remboursé après 5,00 de frais "
                       "de remise en stock.")
    assert said[2] == "     - Because."
    assert said[3] == "  2. Socks, 2 unités : déjà retourné : les 2 unités sont déjà revenues."
    assert said[4] == "  3. Boots, 2 unités : non retournable (2 sur 2 non retournés)."


def test_the_answer_in_english() -> None:
    said = in_words(ANSWER)
    assert said[1] == ("  1. Skechers GOwalk, Black, 10, 1 unit: returnable: 1 of 1 (refund or "
                       "store credit), 79.99 back after a 5.00 restocking fee.")
    assert said[3] == "  2. Socks, 2 units: already returned: all 2 units came back earlier."
