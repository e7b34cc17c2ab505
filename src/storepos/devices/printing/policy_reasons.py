"""The policy's reasons on a printed item: kept as codes with the print job, worded when laid out.

A builder stores each reason as codes (`encode`); the layout words them in the document's own
language (`sentences`), so the customer's French copy of an English counter's return says them in
French, and a reprint says them again from the same facts. A job stored before the codes existed,
or one whose codes this version cannot read, prints the sentences it was built with.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from storepos.devices.printing import documents as d
from storepos.domain.policy.reasons import Explanation, explanation_from_json, explanation_to_json
from storepos.i18n import speaking
from storepos.wording.policy import Figures, reason_text


def encode(reasons: Iterable[Explanation]) -> tuple[str, ...]:
    return tuple(json.dumps(explanation_to_json(r), ensure_ascii=False, separators=(",", ":"))
                 for r in reasons)


def sentences(item: d.Item, locale: str, currency: str) -> tuple[str, ...]:
    """The item's reasons in `locale`, each whole with the clause it comes from (as the screen
    says it; the layout wraps them at words on any paper width)."""
    if not item.policy_codes:
        return item.policy_reasons
    try:
        reasons = [explanation_from_json(json.loads(code)) for code in item.policy_codes]
    except (ValueError, KeyError, TypeError):
        return item.policy_reasons
    with speaking(locale):
        worded = tuple(reason_text(r, Figures(currency)) for r in reasons)
    return worded + item.policy_reasons[len(worded):]  # lines after the codes' (an approval) as they are
