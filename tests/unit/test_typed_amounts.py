"""An amount typed by a person is read exactly or refused in words, never cleaned into something
else ("1e3" once issued a 13.00 card): domain.amounts.parse_typed_amount and ledger.check_amount."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storepos.domain.amounts import MAX_TYPED_AMOUNT, AmountError, parse_typed_amount
from storepos.domain.ledger import LedgerError, check_amount
from storepos.i18n.formats import decimal_separator, money
from storepos.ui.widgets.typed_amount import amount_refusal, read_amount

D = Decimal


@pytest.mark.parametrize(("typed", "value"), [
    ("12.50", "12.50"), ("12", "12.00"), ("$12.50", "12.50"), ("12.50 $", "12.50"),
    (" $ 1,234.50 ", "1234.50"), ("12.5", "12.50"), (".50", "0.50"), ("1,000,000", None),
    ("999,999.99", "999999.99"), ("0", "0.00"),
])
def test_amounts_as_people_type_them(typed: str, value: str | None) -> None:
    if value is None:
        with pytest.raises(AmountError, match="too large"):
            parse_typed_amount(typed)
    else:
        assert parse_typed_amount(typed) == D(value)


@pytest.mark.parametrize(("typed", "words"), [
    ("1e3", "not an amount"), ("1E3", "not an amount"), ("12,34,5", "groups of three"),
    ("1,2345", "groups of three"), ("NaN", "not an amount"), ("Infinity", "not an amount"),
    ("inf", "not an amount"), ("-5", "minus"), ("\u22125", "minus"), ("$-5", "minus"),
    ("5-", "minus"), ("+5", "not an amount"), ("12.345", "two decimals"), ("1.2.3", "not an amount"),
    ("1_000", "not an amount"), ("0x10", "not an amount"), ("１２", "not an amount"),
    ("١٢", "not an amount"), ("12 50", "not an amount"), ("1 234,50", "not an amount"),
    ("99999999999999.99", "too large"), ("", "Type the amount"), ("   ", "Type the amount"),
    ("$", "not an amount"), (".", "not an amount"), ("12$50", "not an amount"),
    ("9" * 5000, "not an amount"), ("4111.1111.1111.1111", "not an amount"),
])
def test_what_is_not_an_amount_is_refused_in_words(typed: str, words: str) -> None:
    with pytest.raises(AmountError, match=words) as refused:
        parse_typed_amount(typed)
    assert len(typed.strip()) < 3 or typed.strip() not in refused.value.message  # not repeated


@pytest.mark.parametrize(("typed", "value"), [
    ("1 234,50 $", "1234.50"), ("1\u00a0234,50\u00a0$", "1234.50"), ("25,00", "25.00"),
    ("25,5", "25.50"), ("25.50", "25.50"), ("1.000,50", "1000.50"), ("1\u202f000", "1000.00"),
])
def test_a_decimal_comma_store_reads_its_own_way(typed: str, value: str) -> None:
    assert parse_typed_amount(typed, ",") == D(value)


def test_a_decimal_comma_store_still_refuses() -> None:
    for typed in ["1e3", "12,345", "1 23,5", "-5", "NaN"]:
        with pytest.raises(AmountError):
            parse_typed_amount(typed, ",")


CENTS = st.integers(0, int(MAX_TYPED_AMOUNT * 100)).map(lambda c: D(c) / 100)


@settings(max_examples=500)
@given(CENTS, st.sampled_from([("en_CA", "CAD"), ("en_US", "USD"), ("fr_CA", "CAD"),
                               ("de_DE", "EUR")]))
def test_what_the_till_prints_reads_back_exactly(value: Decimal, place: tuple[str, str]) -> None:
    locale, currency = place
    assert parse_typed_amount(money(value, currency, locale), decimal_separator(locale)) == value


@settings(max_examples=1000)
@given(st.text(max_size=60), st.sampled_from(["en_CA", "fr_CA"]))
def test_any_text_is_an_amount_or_refused_in_words(typed: str, locale: str) -> None:
    try:
        value = parse_typed_amount(typed, decimal_separator(locale))
    except AmountError as refused:
        assert refused.message.endswith(".")
        return
    assert D(0) <= value <= MAX_TYPED_AMOUNT and value == value.quantize(D("0.01"))
    assert not any(c.isalpha() for c in typed)


@pytest.mark.parametrize("typed", ["1e3", "12,34,5", "NaN", "-5", "12.345", "1000000"])
def test_the_ledger_refuses_typed_text_that_is_not_an_amount(typed: str) -> None:
    with pytest.raises(LedgerError):
        check_amount(typed)


def test_the_ledger_refuses_an_absurd_decimal_too() -> None:
    with pytest.raises(LedgerError, match="too large"):
        check_amount(D("99999999999999.99"))
    assert check_amount(D("999999.99")) == D("999999.99")


def test_a_locale_name_is_not_a_decimal_mark() -> None:
    """The old signature took the locale: passing one now is refused, never read as a dot."""
    with pytest.raises(ValueError, match="decimal_mark"):
        parse_typed_amount("25,00", "fr_CA")


@pytest.mark.parametrize(("typed", "english", "french"), [
    ("1e3", "not an amount", "pas un montant"), ("", "Type the amount", "Tapez le montant"),
    ("-5", "minus", "sans le signe moins"), ("1 23,5", "groups of three", "groupes de trois"),
    ("12.345", "two decimals", "deux décimales"), ("99999999", "too large", "trop élevé"),
])
def test_a_refusal_is_a_code_worded_in_the_readers_language(typed: str, english: str,
                                                             french: str) -> None:
    from storepos.i18n import speaking

    with pytest.raises(AmountError) as refused:
        read_amount(typed, "fr_CA")
    assert english in refused.value.message  # the domain's own sentence stays English
    with speaking("fr_CA"):
        assert french in amount_refusal(refused.value)
    with speaking("en_CA"):
        assert english in amount_refusal(refused.value)
