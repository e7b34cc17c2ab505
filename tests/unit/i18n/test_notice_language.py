"""A customer's e-mail is written in the store's language from the catalogue (emails.po), whatever
language the service itself runs in; a language with no catalogue gets the English source."""

from __future__ import annotations

from datetime import date

from storepos.central.notices.mail import ARRIVED, HOLD_ENDING, NoticeFacts, compose, written_date
from storepos.i18n import speaking


def facts(locale: str, kind: str = ARRIVED) -> NoticeFacts:
    return NoticeFacts("n1", kind, "a@example.com", "Éloïse", "#2002", "P-000777",
                       date(2026, 7, 1), "SoftMoc Laval", "1600 boul. Le Corbusier", "10 h à 21 h",
                       locale, "laval@softmoc.example")


def test_the_store_language_not_the_service_language() -> None:
    with speaking("en_CA"):  # head office's service runs in English
        french = compose(facts("fr_CA", HOLD_ENDING))
    assert french["Content-Language"] == "fr-CA"
    assert french["Subject"] == ("Rappel\u00a0: votre commande 2002 vous attend à SoftMoc Laval "
                                 "jusqu'au 1er juillet 2026")
    with speaking("fr_CA"):
        english = compose(facts("en_US"))
    assert english["Content-Language"] == "en"
    assert english["Subject"] == "Your order 2002 has arrived at SoftMoc Laval"
    assert "until July 1, 2026." in english.get_body(("plain",)).get_content()


def test_a_language_with_no_catalogue_is_written_in_english() -> None:
    german = compose(facts("de_DE"))
    assert german["Content-Language"] == "en"
    assert german["Subject"] == "Your order 2002 has arrived at SoftMoc Laval"


def test_dates_are_written_out_the_locales_way() -> None:
    assert written_date(date(2026, 6, 1), "fr_CA") == "1er juin 2026"
    assert written_date(date(2026, 6, 14), "fr_CA") == "14 juin 2026"
    assert written_date(date(2026, 6, 1), "en_CA") == "June 1, 2026"
