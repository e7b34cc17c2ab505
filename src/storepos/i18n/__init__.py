"""Every word a person reads, in their language: gettext catalogues, English as the source.

Write text for people as ``_("Return by {date}").format(date=...)``; plurals as
``ngettext("{n} item", "{n} items", n).format(n=n)``; words that are chosen before their language
is known (a table of labels at import time) as ``N_("Refund")`` and translate them where shown with
``_(label)`` (a plural pair: ``N_plural(one, many)``, said with ``ngettext``). Never glue sentences
from pieces: a translator must see the whole sentence.

The language is per context: the counter app sets the signed-in employee's with
:func:`set_language`; a receipt for a customer who speaks another language is made inside
``with speaking("fr_CA"):``. Threads start in the app's language (:func:`set_language`), not in the
``speaking`` block of the thread that started them: a print job carries its own locale.

Catalogues: ``storepos/locale/<locale>/LC_MESSAGES/*.po``, one file per part of the product (they
are merged at load, one domain). ``.mo`` files are compiled at build and install time (hatch_build.py)
and, in a checkout whose ``.po`` is newer than its ``.mo``, read from the ``.po`` directly.
Money, numbers and dates: :mod:`storepos.i18n.formats` (Babel, CLDR data).
"""

from __future__ import annotations

from contextvars import ContextVar, Token

from storepos.i18n.catalogues import SOURCE_LANGUAGE, translations_for

__all__ = [
    "N_",
    "SOURCE_LANGUAGE",
    "N_plural",
    "_",
    "current_locale",
    "gettext",
    "language_of",
    "ngettext",
    "pgettext",
    "set_language",
    "speaking",
]

_app_locale = "en_CA"
_locale: ContextVar[str | None] = ContextVar("storepos_locale", default=None)


def language_of(locale: str) -> str:
    """"fr_CA" -> "fr"; "en-US" -> "en"."""
    return locale.replace("-", "_").split("_")[0].lower()


def current_locale() -> str:
    """The locale text is worded in right now (a ``speaking`` block, else the app's)."""
    return _locale.get() or _app_locale


def set_language(locale: str) -> None:
    """The app's locale: the signed-in employee's choice, else the store's."""
    global _app_locale
    _app_locale = locale.replace("-", "_")


class speaking:  # noqa: N801  (used as a function: ``with speaking("fr_CA"):``)
    """Word everything inside in ``locale`` (None: leave the current one); ``as`` gives the locale.

    A class rather than @contextmanager: contextlib is not imported (`policy evaluate` is started
    in loops, issue 15)."""

    __slots__ = ("_locale", "_token")

    def __init__(self, locale: str | None) -> None:
        self._locale = locale
        self._token: Token[str | None] | None = None

    def __enter__(self) -> str:
        if self._locale is None:
            return current_locale()
        self._token = _locale.set(self._locale.replace("-", "_"))
        return self._locale

    def __exit__(self, *exc: object) -> None:
        if self._token is not None:
            _locale.reset(self._token)
            self._token = None


def gettext(message: str) -> str:
    return translations_for(current_locale()).gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations_for(current_locale()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """For one English word that two places translate differently ("Return" the verb, the noun)."""
    return translations_for(current_locale()).pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802  (gettext's own name for it)
    """Marks ``message`` for the catalogue without translating it yet."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802  (N_'s, for plurals)
    """Marks a plural pair for the catalogue without translating it yet (say it with ``ngettext``)."""
    return singular, plural
