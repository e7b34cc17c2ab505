"""Every message a person reads has its Québec French: the source's messages (extracted with Babel,
as translators get them: ``python -m storepos.i18n.extract``) against every part of the fr_CA
catalogue, merged. A message with no translation, an empty or fuzzy one, a placeholder renamed or
lost in the French, or a part that does not parse fails here, each one named."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import PoFileError, read_po

from storepos.i18n.catalogues import LOCALE_DIR
from storepos.i18n.extract import extract_messages

FRENCH = LOCALE_DIR / "fr_CA" / "LC_MESSAGES"
# {name}, {n}, {amount:>6}: the names a translation must keep ("{{" is a literal brace).
_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?:[!:][^{}]*)?\}")


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def _key(message: Any) -> tuple[str | None, str]:
    singular = message.id[0] if isinstance(message.id, tuple) else message.id
    return message.context, singular


def _where(message: Any) -> str:
    return ", ".join(f"{path}:{line}" for path, line in message.locations[:2])


@pytest.fixture(scope="module")
def source() -> Any:
    return extract_messages()


@pytest.fixture(scope="module")
def french() -> dict[tuple[str | None, str], tuple[Any, Path]]:
    merged: dict[tuple[str | None, str], tuple[Any, Path]] = {}
    for part in sorted(FRENCH.glob("*.po")):
        with part.open("rb") as handle:
            catalog = read_po(handle, locale="fr_CA", abort_invalid=True)
        for message in catalog:
            if message.id:
                merged[_key(message)] = (message, part)
    return merged


def test_every_part_parses_and_says_its_plural_rule() -> None:
    problems = []
    for part in sorted(FRENCH.glob("*.po")):
        try:
            with part.open("rb") as handle:
                catalog = read_po(handle, locale="fr_CA", abort_invalid=True)
        except (PoFileError, ValueError, UnicodeDecodeError) as exc:
            problems.append(f"{part.name}: {exc}")
            continue
        if catalog.plural_forms != "nplurals=2; plural=(n > 1);":
            problems.append(f"{part.name}: Plural-Forms is {catalog.plural_forms!r}")
    assert not problems, "\n".join(problems)


def test_the_source_has_messages_to_translate(source: Any) -> None:
    ids = {_key(m)[1] for m in source if m.id}
    # One from each kind of place: a printed slip, a PDF, a typed amount's refusal.
    assert {"TOTAL REFUNDED", "How to send it back", "Type the amount first."} <= ids


def test_every_message_has_its_french(source: Any, french: dict[Any, Any]) -> None:
    missing = []
    for message in source:
        if not message.id:
            continue
        found = french.get(_key(message))
        if found is None:
            missing.append(f"  {message.id!r} ({_where(message)}): no French")
            continue
        translated, part = found
        strings = translated.string if isinstance(translated.string, tuple) else (translated.string,)
        if translated.fuzzy:
            missing.append(f"  {message.id!r} ({part.name}): fuzzy")
        elif not all(strings):
            missing.append(f"  {message.id!r} ({part.name}): empty")
    assert not missing, f"{len(missing)} message(s) without Québec French:\n" + "\n".join(missing)


def test_every_translation_keeps_the_placeholders(french: dict[Any, Any]) -> None:
    wrong = []
    for (_context, _singular), (message, part) in sorted(french.items(), key=lambda kv: str(kv[0])):
        if isinstance(message.id, tuple):
            names = placeholders(message.id[0]) | placeholders(message.id[1])
            forms = [placeholders(text) for text in message.string]
            # French "1 article" may word the one without {n}; together the forms keep them all,
            # and none invents a name the code does not pass.
            if set().union(*forms) != names or any(form - names for form in forms):
                wrong.append(f"  {message.id!r} ({part.name}): {forms} for {names}")
        elif placeholders(message.string) != placeholders(message.id):
            wrong.append(f"  {message.id!r} ({part.name}): {sorted(placeholders(message.string))}"
                         f" for {sorted(placeholders(message.id))}")
    assert not wrong, "placeholders differ from the English:\n" + "\n".join(wrong)


def test_the_placeholder_check_sees_a_renamed_name() -> None:
    assert placeholders("Return by {date}") != placeholders("À retourner le {jour}")
    assert placeholders("{amount:>6} bytes, {{literal}}") == {"amount"}
