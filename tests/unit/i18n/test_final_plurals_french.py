"""The last counts that read '(s)' in French, each in its plural form: storepos sync's summary
line, and a return's or exchange's counts (covered, needed, can still come back, back)."""

from __future__ import annotations

from storepos.commands.sync import summary_words
from storepos.i18n import ngettext, speaking
from storepos.sync.service import SyncReport


def test_the_sync_summary_in_english_and_french() -> None:
    one = SyncReport(pushed=1, duplicates=0, quarantined=2, flagged=1, pulled=1, seconds=0.5)
    many = SyncReport(pushed=5, duplicates=2, quarantined=0, flagged=3, pulled=7, seconds=1.25)
    with speaking("en_CA"):
        assert summary_words("http://central", many) == (
            "http://central: pushed 5, already there 2, quarantined 0, flagged 3; pulled 7 rows "
            "in 1.25 s.")
        assert summary_words("http://central", one).endswith("; pulled 1 row in 0.50 s.")
    with speaking("fr_CA"):
        assert summary_words("http://central", one) == (
            "http://central : 1 envoyé, 0 déjà reçu, 2 mis en quarantaine, 1 signalé; "
            "1 ligne reçue en 0.50 s.")
        assert summary_words("http://central", many) == (
            "http://central : 5 envoyés, 2 déjà reçus, 0 mis en quarantaine, 3 signalés; "
            "7 lignes reçues en 1.25 s.")


def test_a_returns_counts_in_french() -> None:
    back = "{returned} of {quantity} back"
    needed = "{item} is out of stock at this store ({on_hand} on hand, {needed} needed)."
    with speaking("fr_CA"):
        assert ngettext(back, back, 1).format(returned=1, quantity=2) == "1 sur 2 retourné"
        assert ngettext(back, back, 2).format(returned=2, quantity=3) == "2 sur 3 retournés"
        assert ngettext(needed, needed, 2).format(item="Botte", on_hand=1, needed=2) == (
            "Botte est en rupture de stock dans ce magasin (1 en stock, 2 nécessaires).")
    with speaking("en_CA"):
        assert ngettext(back, back, 1).format(returned=1, quantity=2) == "1 of 2 back"
