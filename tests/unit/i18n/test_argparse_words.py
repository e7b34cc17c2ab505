"""argparse's own words ("usage: ", "options", its errors) have their Québec French: every message
the running Python's argparse.py hands to gettext (read with Babel, as translators' tools read it)
is listed in storepos/i18n/argparse_words.py, so the catalogue's extraction sees it and
test_catalogue_complete.py asks for its French. A newer Python that adds a message fails here,
naming it. The French keeps argparse's %-placeholders, and argparse speaks it once pointed at
storepos.i18n (a real parser, its real help and error)."""

from __future__ import annotations

import argparse
import io
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po

from storepos.i18n import argparse_words as words
from storepos.i18n import speaking
from storepos.i18n.catalogues import LOCALE_DIR

FRENCH = LOCALE_DIR / "fr_CA" / "LC_MESSAGES"
# %(prog)s, %s, %r: what argparse fills in ("20% restocking" is no placeholder: no name, no s/r/d).
_PERCENT = re.compile(r"%(?:\([A-Za-z_]+\))?[srd]")


def gettext_messages(source: bytes) -> set[str | tuple[str, str]]:
    """The messages a module hands to ``_()`` and ``ngettext()``, as Babel extracts them."""
    found: set[str | tuple[str, str]] = set()
    for _line, _function, message, _comments in extract_python(
            io.BytesIO(source), {"_": None, "ngettext": (1, 2)}, [], {}):
        if isinstance(message, tuple):
            one, many = message[0], message[1]
            if one and many:
                found.add((one, many))
        elif message:  # _(variable) gives None
            found.add(message)
    return found


def listed() -> set[str | tuple[str, str]]:
    return {*words.HELP_WORDS, *words.ERRORS, *words.BUILD_ERRORS, *words.PLURALS}


def unlisted(source: bytes) -> list[str]:
    return sorted(repr(m) for m in gettext_messages(source) - listed())


def _french_parts() -> list[tuple[str, Any]]:
    messages = []
    for part in sorted(FRENCH.glob("*.po")):
        with part.open("rb") as handle:
            messages += [(part.name, m) for m in read_po(handle, locale="fr_CA") if m.id]
    return messages


def test_every_message_of_this_pythons_argparse_is_listed() -> None:
    source = Path(argparse.__file__).read_bytes()
    found = gettext_messages(source)
    assert {"usage: ", "options", "%(prog)s: error: %(message)s\n",
            "the following arguments are required: %s"} <= found  # the extraction has teeth
    assert not unlisted(source), ("argparse.py words these through gettext and "
                                  "storepos/i18n/argparse_words.py does not list them:\n"
                                  + "\n".join(unlisted(source)))


def test_the_catalogues_extraction_sees_the_list_plurals_included() -> None:
    """What translators get (python -m storepos.i18n.extract) holds argparse's words, its plural
    pairs as plurals (N_plural is one of the extraction's keywords)."""
    from storepos.i18n.extract import extract_messages

    extracted = {m.id if isinstance(m.id, str) else tuple(m.id) for m in extract_messages() if m.id}
    assert listed() <= extracted
    assert ("expected %s argument", "expected %s arguments") in extracted


def test_a_message_a_newer_argparse_adds_is_named() -> None:
    newer = (b"from gettext import gettext as _, ngettext\n"
             b"msg = _('usage: ')\n"
             b"hint = _('did you mean %(closest)s?')\n"
             b"many = ngettext('%d thing', '%d things', n)\n")
    assert unlisted(newer) == ["'did you mean %(closest)s?'", "('%d thing', '%d things')"]


def test_every_listed_message_has_french_keeping_its_placeholders() -> None:
    french = {}
    for _part, message in _french_parts():
        french[message.id] = message.string
    problems = []
    for message in listed():
        ids = message if isinstance(message, tuple) else (message,)
        translated = french.get(message)
        if translated is None:
            problems.append(f"  {message!r}: no French")
            continue
        forms = translated if isinstance(translated, tuple) else (translated,)
        wanted = Counter(_PERCENT.findall(ids[-1]))
        problems += [f"  {message!r}: {form!r}" for form in forms
                     if not form or Counter(_PERCENT.findall(form)) != wanted]
    assert not problems, "argparse's words without their French or placeholders:\n" + "\n".join(problems)


def test_every_percent_placeholder_in_the_catalogue_is_kept() -> None:
    """Any part: a msgstr argparse (or anyone) formats with % must fill the same names."""
    wrong = []
    for part, message in _french_parts():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = Counter(_PERCENT.findall(ids[-1]))
        wrong += [f"  {part}: {message.id!r} -> {form!r}" for form in forms
                  if form and Counter(_PERCENT.findall(form)) != wanted]
    assert not wrong, "%-placeholders differ from the English:\n" + "\n".join(wrong)


def _parser(kind: type[argparse.ArgumentParser] = words.ArgumentParser) -> argparse.ArgumentParser:
    parser = kind(prog="storepos demo", description="-")
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--orders", type=int, required=True)
    parser.add_argument("--size", choices=("A4", "Letter"))
    return parser


def _error(parser: argparse.ArgumentParser, argv: list[str],
           capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exited:
        parser.parse_args(argv)
    assert exited.value.code == 2
    return capsys.readouterr().err.splitlines()[-1]


def test_argparse_speaks_french_through_storepos_i18n(capsys: pytest.CaptureFixture[str]) -> None:
    words.speak_argparse()
    with speaking("fr_CA"):
        shown = _parser().format_help()
        missing = _error(_parser(), [], capsys)
        typed = _error(_parser(), ["f", "--orders", "many"], capsys)
        chosen = _error(_parser(), ["f", "--orders", "1", "--size", "A5"], capsys)
        extra = _error(_parser(), ["f", "--orders", "1", "--nope"], capsys)
    assert shown.startswith("utilisation : storepos demo [-h] --orders ORDERS")
    # The headings with the space French puts before ':', on every Python (3.11 glued ':' itself).
    assert "\narguments positionnels :\n" in shown and "\noptions :\n" in shown
    assert "-h, --help" in shown and "afficher ce message d'aide et quitter" in shown
    assert missing == ("storepos demo : erreur : les arguments suivants sont obligatoires : "
                       "FILE, --orders")
    assert typed == "storepos demo : erreur : argument --orders : valeur int invalide : 'many'"
    assert chosen.startswith("storepos demo : erreur : argument --size : choix invalide : 'A5'")
    assert extra == "storepos demo : erreur : arguments non reconnus : --nope"


def test_english_is_argparse_as_it_was(capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Pointed at storepos.i18n, argparse in English says exactly what plain argparse says with
    gettext's own functions (no catalogue: its English)."""
    import gettext

    monkeypatch.setattr(argparse, "_", gettext.gettext)
    monkeypatch.setattr(argparse, "ngettext", gettext.ngettext)
    stock_help = _parser(argparse.ArgumentParser).format_help()
    stock_error = _error(_parser(argparse.ArgumentParser), [], capsys)
    words.speak_argparse()  # undone by monkeypatch with the rest
    assert argparse._ is not gettext.gettext  # type: ignore[attr-defined]
    with speaking("en_CA"):
        ours = _parser().format_help()
        error = _error(_parser(), [], capsys)
    assert ours == stock_help and error == stock_error
    assert ours.startswith("usage: storepos demo") and "\noptions:\n" in ours
    assert error == "storepos demo: error: the following arguments are required: FILE, --orders"
