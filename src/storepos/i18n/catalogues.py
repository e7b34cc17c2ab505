"""Loads the compiled catalogues: every ``.po`` part of a locale merged into one translation.

A ``.mo`` is used when it is at least as new as its ``.po`` (an installed app has only the ``.mo``);
otherwise the ``.po`` is read with Babel, so an engineer's edit shows without a build step.
"""

from __future__ import annotations

import io
import os
from functools import cache

TYPE_CHECKING = False
if TYPE_CHECKING:  # gettext (and its locale module) is imported when a catalogue is read; typing never
    import gettext as _gettext
    from pathlib import Path
    from typing import Protocol

    class Translations(Protocol):
        def gettext(self, message: str) -> str: ...
        def ngettext(self, msgid1: str, msgid2: str, n: int) -> str: ...
        def pgettext(self, context: str, message: str) -> str: ...

SOURCE_LANGUAGE = "en"
DOMAIN = "storepos"
_LOCALE_FOLDER = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(__file__))), "locale")


def __getattr__(name: str) -> Path:
    """LOCALE_DIR, made when first asked for: English (the source) reads no catalogue, and the
    `policy evaluate` path imports no pathlib (issue 15)."""
    if name == "LOCALE_DIR":
        return _locale_dir()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _locale_dir() -> Path:
    from pathlib import Path

    return Path(_LOCALE_FOLDER)


class SourceText:
    """The source language's words as written, as gettext.NullTranslations says them, with no
    catalogue looked for or read (`policy evaluate`'s contract is worded in it)."""

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return msgid1 if n == 1 else msgid2

    def pgettext(self, context: str, message: str) -> str:
        return message


_SOURCE = SourceText()


def catalogue_locales() -> list[str]:
    """The locales that have a catalogue (English, the source, needs none)."""
    locale_dir = _locale_dir()
    if not locale_dir.is_dir():
        return []
    return sorted(p.name for p in locale_dir.iterdir() if (p / "LC_MESSAGES").is_dir())


def _candidates(locale: str) -> list[str]:
    """fr_CA -> [fr_CA, fr]: a Québec store takes the French catalogue if no fr_CA one exists."""
    locale = locale.replace("-", "_")
    language = locale.split("_")[0]
    return [locale] if locale == language else [locale, language]


def _part_files(folder: Path) -> list[tuple[Path | None, Path | None]]:
    """(po, mo) pairs of a LC_MESSAGES folder, by part name."""
    parts: dict[str, list[Path | None]] = {}
    for path in sorted(folder.glob("*.po")) + sorted(folder.glob("*.mo")):
        slot = parts.setdefault(path.stem, [None, None])
        slot[0 if path.suffix == ".po" else 1] = path
    return [(po, mo) for po, mo in parts.values()]


def _load_part(po: Path | None, mo: Path | None) -> _gettext.GNUTranslations:
    import gettext as _gettext

    if mo is not None and (po is None or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    assert po is not None
    # A checkout whose .po was edited after the last build: compile in memory.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


@cache
def translations_for(locale: str) -> Translations:
    """The merged catalogue of ``locale``; English text passes through unchanged."""
    if locale == SOURCE_LANGUAGE:
        return _SOURCE
    for candidate in _candidates(locale):
        folder = _locale_dir() / candidate / "LC_MESSAGES"
        if not folder.is_dir():
            continue
        parts = [_load_part(po, mo) for po, mo in _part_files(folder)]
        if not parts:
            continue
        merged = parts[0]
        for part in parts[1:]:
            # Same domain, one catalogue: a later part adds its messages (and plural rule).
            merged._catalog.update(part._catalog)  # type: ignore[attr-defined]
        return merged
    return _SOURCE  # no catalogue: the source words, as gettext.NullTranslations says them
