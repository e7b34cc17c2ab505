"""Amounts the ledger refuses (domain/ledger.check_amount: a code, the field and the most) said
in the reader's language where the services check them; the English message, code and params
kept."""

from __future__ import annotations

from decimal import Decimal

import pytest

from storepos.domain.ledger import NOT_MONEY, NOT_POSITIVE, TOO_LARGE, LedgerError
from storepos.i18n import speaking
from storepos.services.base.amount_words import checked_amount


def refused(locale: str, amount: object, what: str) -> LedgerError:
    with speaking(locale), pytest.raises(LedgerError) as caught:
        checked_amount(amount, what=what)
    return caught.value


def test_each_field_in_french() -> None:
    zero = refused("fr_CA", Decimal("0"), "A payment")
    assert zero.message == "Un paiement doit être supérieur à zéro."
    assert (zero.code, zero.params) == (NOT_POSITIVE, {"what": "A payment"})
    big = refused("fr_CA", Decimal("1000000"), "The store credit")
    assert big.code == TOO_LARGE
    assert big.message == ("Le crédit en magasin est trop élevé : un mouvement est d'au plus "
                           "999\u00a0999,99.")
    assert refused("fr_CA", 1.5, "A gift card's value").message == (
        "La valeur d'une carte-cadeau doit être une somme d'argent comme 25,00.")
    assert refused("fr_CA", Decimal("0.00"), "The amount").message == (
        "Le montant doit être supérieur à zéro.")


def test_english_unchanged() -> None:
    zero = refused("en_CA", Decimal("0"), "A gift card's value")
    assert zero.message == "A gift card's value must be more than zero."
    assert refused("en_CA", 1.5, "The amount").code == NOT_MONEY
    assert refused("en_CA", Decimal("1000000"), "A payment").message == (
        "A payment is too large: one movement is at most 999,999.99.")
