"""A policy in words, for `storepos policy show` and the counter's help screen."""

from __future__ import annotations

from storepos.domain.policy import wording as w
from storepos.domain.policy.rules import Policy, Section

_SECTION_TITLES = {
    "return": "Change of mind and wrong size",
    "wrong_item": "Wrong item sent by the retailer",
    "fault": "Faulty items (inspected by staff)",
}


def describe_policy(policy: Policy) -> str:
    lines = [f"{policy.title} ({policy.name})", f"Source: {policy.source}", ""]
    for key, section in policy.sections().items():
        lines.append(f"{_SECTION_TITLES[key]}:")
        lines.extend(f"  - {text}" for text in _describe_section(section))
        lines.append("")
    cancel = policy.cancel
    lines.append("Cancellations:")
    if cancel.allow_before_dispatch:
        fee = f", less a {cancel.fee_percent.normalize():f}% restocking fee" if cancel.fee_percent else ""
        allowed = w.resolutions(cancel.allow_before_dispatch).lower()
        lines.append(f"  - Before dispatch: {allowed}{fee} ({cancel.clause}).")
    else:
        lines.append(f"  - Not possible ({cancel.clause}).")
    lines.append("  - Once dispatched or received: not cancellable; a return applies.")
    lines.append("")
    lines.append(f"Shipping: never refunded ({policy.shipping_clause}).")
    if policy.settings:
        lines.append("")
        lines.append("Settings: " + ", ".join(f"{k} = {v}" for k, v in policy.settings.items()))
    if policy.notes:
        lines.append("")
        lines.append("Notes:")
        lines.extend(f"  - {note}" for note in policy.notes)
    return "\n".join(lines)


def _describe_section(section: Section) -> list[str]:
    out = []
    for restriction in section.store_restrictions:
        kinds = w.join_words(w.FULFILLMENT_WORDS[f] for f in restriction.fulfillments)
        store_kind = w.STORE_KIND_WORDS[restriction.store_kind]
        out.append(f"Not at {store_kind} for {kinds} orders ({restriction.clause}).")
    if section.excluded_tags:
        tags = w.join_words((w.TAG_WORDS[t] for t in section.excluded_tags), last="and")
        extra = " (an item paid below its list price counts as discounted)" if section.infer_discount else ""
        out.append(f"Excluded: {tags} items{extra} ({section.exclusion_clause}).")
    if section.requires:
        needs = w.join_words((w.REQUIREMENT_WORDS[r] for r in section.requires), last="and")
        out.append(f"Always needs {needs}.")
    if section.denied_findings:
        findings = "; ".join(w.FINDING_WORDS[f].lower() for f in section.denied_findings)
        out.append(f"Denied when: {findings}.")
    for outcome in section.outcomes:
        windows = " and ".join(w.window_phrase(x) for x in outcome.windows) or "no time limit"
        needs = ""
        if outcome.requires:
            needs = "; needs " + w.join_words((w.REQUIREMENT_WORDS[r] for r in outcome.requires), last="and")
        out.append(f"{w.resolutions(outcome.allow)}: {windows}{needs} ({outcome.clause}).")
    if section.restocking_fee_percent:
        out.append(f"Restocking fee: {section.restocking_fee_percent.normalize():f}% of the price paid, "
                   f"rounded half up to the cent ({section.fee_clause}).")
    if not section.outcomes:
        out.append("No returns of this kind.")
    return out
