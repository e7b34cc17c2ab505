"""The returns' words a person reads (resolutions, lists of them), in the language of the moment.

The domain names resolutions by code (`Resolution`); it is worded here, above the domain.
"""

from __future__ import annotations

from collections.abc import Iterable

from storepos.domain.vocabulary import Resolution
from storepos.i18n import N_, _

RESOLUTION_WORDS = {
    Resolution.REFUND: N_("refund"),
    Resolution.EXCHANGE: N_("exchange"),
    Resolution.STORE_CREDIT: N_("store credit"),
    Resolution.REPLACEMENT: N_("replacement"),
    Resolution.REPAIR: N_("repair"),
}


def resolution_word(resolution: Resolution) -> str:
    return _(RESOLUTION_WORDS.get(resolution, str(resolution)))


def either(words: Iterable[str]) -> str:
    """"refund, exchange or store credit": a list whose last two are joined by "or"."""
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return _("{first} or {last}").format(first=_(", ").join(items[:-1]), last=items[-1])


def resolutions(allowed: Iterable[Resolution]) -> str:
    return either(resolution_word(r) for r in allowed)
