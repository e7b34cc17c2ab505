"""storepos central audit verify names the first broken link in STOREPOS_LANG by its kind; the
English is the stored evidence's (central/audit_chain.py), unchanged."""

from __future__ import annotations

from storepos.central.audit_chain import CHANGED, LINK_DIFFERS, problem
from storepos.commands.central import central_break_words
from storepos.domain.audit_chain import GENESIS, Break
from storepos.i18n import speaking


def test_each_kind_in_english_as_stored_and_in_french() -> None:
    missing = problem("c" * 64, "d", None, 7, "d")
    order = problem("c" * 64, "d", GENESIS, 7, "d")
    assert missing is not None and order is not None
    breaks = [Break("T01", 7, *missing), Break("T01", 7, *order), Break("T01", 7, "edited", CHANGED),
              Break("T01", 7, "edited", LINK_DIFFERS)]
    with speaking("en_CA"):
        assert [central_break_words(b) for b in breaks] == [b.sentence("event") for b in breaks]
    with speaking("fr_CA"):
        said = [central_break_words(b) for b in breaks]
    assert said == [
        "Caisse T01, événement 7 : manquant : l'événement 6 qui le précède n'est jamais arrivé",
        "Caisse T01, événement 7 : hors séquence : il ne suit pas l'événement 6 (un événement "
        "antérieur a été modifié, supprimé ou déplacé à la caisse)",
        "Caisse T01, événement 7 : modifié : il a été modifié après avoir été écrit (son contenu "
        "ne correspond pas à son empreinte)",
        "Caisse T01, événement 7 : modifié : le lien conservé diffère de celui que porte son "
        "contenu"]
