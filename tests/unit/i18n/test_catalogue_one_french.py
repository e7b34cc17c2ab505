"""A message in several parts of the fr_CA catalogue has one French: the parts are merged at load
and the last one wins, so two different translations would make a label change with the file
order (the return ID was "No de retour" on slips, "Numéro de retour" on screens)."""

from __future__ import annotations

from babel.messages.pofile import read_po

from storepos.i18n import _, pgettext, speaking
from storepos.i18n.catalogues import LOCALE_DIR

FRENCH = LOCALE_DIR / "fr_CA" / "LC_MESSAGES"


def test_a_message_in_several_parts_has_one_french() -> None:
    seen: dict[tuple[str | None, str], dict[str, str]] = {}
    for part in sorted(FRENCH.glob("*.po")):
        with part.open("rb") as handle:
            for message in read_po(handle, locale="fr_CA"):
                if message.id:
                    key = (message.context, str(message.id if isinstance(message.id, str) else message.id[0]))
                    seen.setdefault(key, {})[part.name] = str(message.string)
    differing = [f"  {key[1]!r}: {parts}" for key, parts in seen.items() if len(set(parts.values())) > 1]
    assert not differing, "Translated differently in different parts:\n" + "\n".join(differing)


def test_key_terms_in_french() -> None:
    with speaking("fr_CA"):
        assert _("Return ID") == "No de retour"
        assert _("Store credit") == "Crédit en magasin"
        assert _("Money order") == "Mandat-poste"
        assert _("Print jobs") == "Tâches d'impression"


def test_one_apostrophe_in_the_french() -> None:
    """Straight apostrophes in every part (screens_back.po had the curly one, so "d’identité" on
    one screen and "d'identité" on the next); the English msgids keep theirs."""
    curly = []
    for part in sorted(FRENCH.glob("*.po")):
        with part.open("rb") as handle:
            for message in read_po(handle, locale="fr_CA"):
                forms = message.string if isinstance(message.string, tuple) else (message.string,)
                curly += [f"  {part.name}: {form!r}" for form in forms if form and "\u2019" in form]
    assert not curly, "Curly apostrophes in the French:\n" + "\n".join(curly)
    with speaking("fr_CA"):
        assert pgettext("hand-over checkbox", "Photo ID checked") == "Pièce d'identité vérifiée"
