"""The return policy's reasons and words, in the reader's language.

    reason_text(explanation, Figures("CAD"))   # "Refund allowed: day 27 of the 75-day window ..."
    with speaking(SOURCE_LANGUAGE):
        reason_text(explanation, CONTRACT)       # the `storepos policy evaluate` contract's sentence

Each `Why` has whole sentences with named fields such as {day} (English is the msgid, so the English
catalogue and the contract text are one); lists inside a sentence (resolutions, tags, windows) are
joined by the catalogue's own "or" and "and". Clause names come from the policy files and are
translated as data (`clause_words`; `policy_texts` lists them for the catalogue's test).
`Figures` says how amounts, percentages and dates are written: the contract's plain "140.00",
"20%", "2025-01-05", or the reader's locale (CLDR, through storepos.i18n.formats).
"""

from __future__ import annotations

from functools import cache, lru_cache

from storepos.domain.dates import date
from storepos.domain.policy.model import PaidWith
from storepos.domain.policy.reasons import Explanation, Why, WindowCount
from storepos.domain.policy.rules import Anchor, Policy, Requirement
from storepos.domain.record import Frozen
from storepos.domain.vocabulary import Fulfillment, Resolution, StoreKind, Tag, TenderKind
from storepos.i18n import _, current_locale, ngettext, pgettext

TYPE_CHECKING = False
if TYPE_CHECKING:  # not imported at run time: `policy evaluate` is started in loops (issue 15)
    from collections.abc import Callable, Iterable, Mapping
    from decimal import Decimal
    from typing import Any


class Figures(Frozen):
    """How numbers inside a reason are written. No currency: as the contract writes them."""

    __slots__ = ("currency",)
    currency: str | None

    def __init__(self, currency: str | None = None) -> None:
        object.__setattr__(self, "currency", currency)

    def money(self, value: Decimal) -> str:
        if self.currency is None:
            return str(value)
        from storepos.i18n import formats

        return formats.money(value, self.currency)

    def percent(self, value: Decimal) -> str:
        """`value` in percent (20 for 20 %)."""
        if self.currency is None:
            return f"{value.normalize():f}%"
        from babel.numbers import format_percent

        # Not formats.percent: a 12.5 % fee must not print as 13 %.
        return format_percent(value / 100, locale=current_locale(), decimal_quantization=False)

    def day(self, value: date) -> str:
        if self.currency is None:
            return value.isoformat()
        from storepos.i18n import formats

        # Kept on one line when a slip or a label wraps the sentence ("9 janv. 2025").
        return formats.day(value).replace(" ", "\u00a0")


CONTRACT = Figures()


# -- lists and words ------------------------------------------------------------------------------

@cache
def _connectors(locale: str) -> dict[str, str]:
    return {"or": _("{first} or {last}"), "and": _("{first} and {last}")}


def join_words(words: Iterable[str], last: str = "or") -> str:
    """"refund, exchange or store credit": the catalogue's "or" (or "and") before the last."""
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    template = _connectors(current_locale())[last]
    return template.format(first=", ".join(items[:-1]), last=items[-1])


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@cache
def _resolution_words(locale: str) -> dict[Resolution, str]:
    return {
        Resolution.REFUND: pgettext("resolution", "refund"),
        Resolution.EXCHANGE: pgettext("resolution", "exchange"),
        Resolution.STORE_CREDIT: pgettext("resolution", "store credit"),
        Resolution.REPLACEMENT: pgettext("resolution", "replacement"),
        Resolution.REPAIR: pgettext("resolution", "repair"),
    }


def resolution_word(resolution: Resolution) -> str:
    """"refund", "store credit": in the middle of a sentence."""
    return _resolution_words(current_locale())[resolution]


@cache
def _resolutions(locale: str, allow: tuple[Resolution, ...]) -> str:
    return join_words(_resolution_words(locale)[r] for r in allow)


def resolutions(allow: tuple[Resolution, ...]) -> str:
    """"refund, exchange or store credit" (cached: the same few tuples come back for every item)."""
    return _resolutions(current_locale(), allow)


@cache
def _tag_words(locale: str) -> dict[Tag, str]:
    # How an item of this kind is named inside "A {tags} item cannot be returned".
    return {
        Tag.FINAL_SALE: pgettext("item kind", "final-sale"),
        Tag.CLEARANCE: pgettext("item kind", "clearance"),
        Tag.SALE: pgettext("item kind", "sale"),
        Tag.DISCOUNTED: pgettext("item kind", "discounted"),
        Tag.SECOND_PAIR_PROMO: pgettext("item kind", "2nd-pair-half-price"),
        Tag.BUNDLE: pgettext("item kind", "bundle"),
        Tag.ONE_OF_A_KIND: pgettext("item kind", "one-of-a-kind"),
        Tag.ACCESSORY: pgettext("item kind", "accessory"),
    }


def tag_word(tag: Tag) -> str:
    return _tag_words(current_locale())[tag]


@cache
def _tag_labels(locale: str) -> dict[Tag, str]:
    # A tag on its own, as a cashier says it (the item screen's chips).
    return {
        Tag.FINAL_SALE: pgettext("tag label", "Final sale"),
        Tag.CLEARANCE: pgettext("tag label", "Clearance"),
        Tag.SALE: pgettext("tag label", "On sale"),
        Tag.DISCOUNTED: pgettext("tag label", "Discounted"),
        Tag.SECOND_PAIR_PROMO: pgettext("tag label", "Second-pair promotion"),
        Tag.BUNDLE: pgettext("tag label", "Part of a bundle"),
        Tag.ONE_OF_A_KIND: pgettext("tag label", "One of a kind"),
        Tag.ACCESSORY: pgettext("tag label", "Accessory"),
    }


def tag_label(tag: Tag) -> str:
    """"Final sale", "On sale": a tag shown on its own."""
    return _tag_labels(current_locale())[tag]


@cache
def _requirement_words(locale: str) -> dict[Requirement, str]:
    # What staff must see, inside "it needs {needs}, which was not shown".
    return {
        Requirement.UNWORN: pgettext("needs", "the item unworn"),
        Requirement.ORIGINAL_BOX: pgettext("needs", "the original shoe box"),
        Requirement.PACKAGING_INTACT: pgettext("needs", "the original packaging intact"),
        Requirement.PROOF_OF_PURCHASE: pgettext("needs", "proof of purchase (invoice or receipt)"),
        Requirement.ORIGINAL_CARD: pgettext("needs", "the original card used for the purchase"),
    }


@cache
def _tender_words(locale: str) -> dict[TenderKind, str]:
    # Tenders in the middle of a sentence ("Refund to the original PayPal payment"); cards by label.
    return {
        TenderKind.PAYPAL: pgettext("tender", "PayPal"),
        TenderKind.GIFT_CARD: pgettext("tender", "gift card"),
        TenderKind.STORE_CREDIT: pgettext("tender", "store credit"),
        TenderKind.CASH: pgettext("tender", "cash"),
        TenderKind.CHEQUE: pgettext("tender", "cheque"),
        TenderKind.MONEY_ORDER: pgettext("tender", "money order"),
        TenderKind.PAY_OFFLINE: pgettext("tender", "pay offline"),
    }


def tender_words(tender: PaidWith) -> str:
    return tender.label if tender.is_card else _tender_words(current_locale())[tender.kind]


def _names(tenders: Iterable[PaidWith]) -> list[str]:
    return list(dict.fromkeys(tender_words(t) for t in tenders))  # two gift cards: named once


def requirement_words(requirement: Requirement, paid_with: tuple[PaidWith, ...] = ()) -> str:
    """What staff must see; the original card is named when the till knows the tenders."""
    words = _requirement_words(current_locale())
    cards = _names(t for t in paid_with if t.is_card)
    if requirement is not Requirement.ORIGINAL_CARD or not cards:
        return words[requirement]
    card_words = join_words(cards, last="and")
    others = _names(t for t in paid_with if not t.is_card and t.paid)
    if others:  # split tender: the card's part goes back to the card, so it must be shown
        return _("the card that paid part of it ({cards}; {others} paid the rest)").format(
            cards=card_words, others=join_words(others, last="and"))
    return _("the original card used for the purchase ({cards})").format(cards=card_words)


def _needs(missing: tuple[Requirement, ...], paid_with: tuple[PaidWith, ...]) -> str:
    return join_words((requirement_words(m, paid_with) for m in missing), last="and")


def refund_destination(paid_with: Iterable[PaidWith]) -> str:
    """Where a refund goes, without a citation ("Refund to the original PayPal payment")."""
    names = _names(t for t in paid_with if t.paid)
    if not names:
        return _("Nothing goes back: the order was never paid (pay offline)")
    if len(names) == 1:
        return _("Refund to the original {tender} payment").format(tender=names[0])
    return _("Refund to the original payments: {tenders}").format(tenders=join_words(names, last="and"))


def card_check_hint(paid_with: Iterable[PaidWith]) -> str:
    """Under the counter's "Original card" box: the card to ask for, or where a refund goes."""
    tenders = tuple(paid_with)
    cards = _names(t for t in tenders if t.is_card)
    if cards:
        return ", ".join(cards)
    if not tenders:
        return _("No payment on record")
    return _("Paid without a card. {destination}.").format(destination=refund_destination(tenders))


def window_length(days: int, months: int) -> str:
    """"75 days", "1 year", "1 year and 6 months"."""
    return _window_length(current_locale(), days, months)


@lru_cache(maxsize=256)
def _window_length(locale: str, days: int, months: int) -> str:
    parts = []
    years, rest = divmod(months, 12)
    if years:
        parts.append(ngettext("{n} year", "{n} years", years).format(n=years))
    if rest:
        parts.append(ngettext("{n} month", "{n} months", rest).format(n=rest))
    if days or not parts:
        parts.append(ngettext("{n} day", "{n} days", days).format(n=days))
    text = parts[0]
    for part in parts[1:]:
        text = _connectors(locale)["and"].format(first=text, last=part)
    return text


# -- clauses: the policy files' own words, translated as data ------------------------------------

def clause_words(clause: str) -> str:
    """A clause as the policy file names it, in the reader's language (policy.po holds them)."""
    return _(clause) if clause else clause


def policy_texts(policy: Policy) -> list[str]:
    """Every text of a policy file that a reason cites or `policy show` says: each must have its
    translation."""
    texts = [policy.source, *policy.notes, policy.cancel.clause, policy.shipping_clause]
    for section in policy.sections().values():
        texts += [section.clause, section.exclusion_clause, section.fee_clause]
        texts += [r.clause for r in section.store_restrictions]
        texts += [o.clause for o in section.outcomes]
    return list(dict.fromkeys(t for t in texts if t))


@lru_cache(maxsize=1024)
def _cite(locale: str, policy: str, clause: str) -> str:
    """"(SoftMoc: Returns & Exchanges Conditions)" (cached: a few clauses come back all the time)."""
    if clause:
        return _("({policy}: {clause})").format(policy=policy, clause=clause_words(clause))
    return _("({policy} policy)").format(policy=policy)


# -- the sentences, one per Why -------------------------------------------------------------------
# Each sentence's template is looked up once per language (the contract words thousands of reasons
# a run); `_sentences` holds the literal msgids, so the catalogue's extraction finds them.

@cache
def _sentences(locale: str) -> dict[str, str]:
    return {
        "allowed_anytime": _("{Resolutions} allowed {cite}."),
        "allowed": _("{Resolutions} allowed: {windows} {cite}."),
        "window_passed": _("{Resolutions} not possible: {windows} {cite}."),
        "needs": _("{Resolutions} not possible: it needs {needs}, which was not shown {cite}."),
        "claim_needs": _("This claim needs {needs}, which was not shown {cite}."),
        "home_at_retail": _("Ship-to-home orders cannot be returned at a retail store {cite}."),
        "home_at_outlet": _("Ship-to-home orders cannot be returned at an outlet store {cite}."),
        "pickup_at_retail": _("Ship-to-store (pickup) orders cannot be returned at a retail store {cite}."),
        "pickup_at_outlet": _("Ship-to-store (pickup) orders cannot be returned at an outlet store {cite}."),
        "counter_at_retail": _("In-store orders cannot be returned at a retail store {cite}."),
        "counter_at_outlet": _("In-store orders cannot be returned at an outlet store {cite}."),
        "tags_priced_change_of_mind": _(
            "A {tags} (paid {paid} against a list price of {price}) item cannot be returned for change "
            "of mind {cite}."),
        "tags_priced": _("A {tags} (paid {paid} against a list price of {price}) item cannot be returned "
                         "{cite}."),
        "tags_change_of_mind": _("A {tags} item cannot be returned for change of mind {cite}."),
        "tags": _("A {tags} item cannot be returned {cite}."),
        "wear_and_tear": _("Wear and tear is not a manufacturing defect {cite}."),
        "misuse": _("Damage from misuse is not covered {cite}."),
        "unconfirmed": _("Staff did not confirm a manufacturing defect {cite}."),
        "never_paid": _("Nothing goes back: the order was never paid (pay offline) {cite}."),
        "refund_to": _("Refund to the original {tender} payment {cite}."),
        "refund_to_each": _("Refund to the original payments: {tenders} {cite}."),
        "restocking_fee": _("A {percent} restocking fee of {fee} is charged on the {paid} paid {cite}."),
        "shipping_kept": _("Shipping ({amount}) is not refunded {cite}."),
        "cancel_allowed": _("{Resolutions} allowed: the order has not been dispatched yet {cite}."),
        "not_received": _("The order has not been received yet (no delivery or pickup date): it cannot be "
                          "returned, only cancelled {cite}."),
        "no_inspection": _("A faulty-item claim is decided on the staff inspection: record whether the "
                           "defect is confirmed and any wear and tear or misuse {cite}."),
        "no_resolution": _("No resolution applies to this request {cite}."),
        "cancel_received": _("The order has already been received, so it cannot be cancelled; a return "
                             "applies {cite}."),
        "cancel_dispatched": _("The order has left the warehouse, so it can no longer be cancelled; it can "
                               "be returned once received {cite}."),
        "cancel_not_allowed": _("Orders cannot be cancelled under this policy {cite}."),
    }


@lru_cache(maxsize=256)
def _window_template(locale: str, purchase: bool, holds: bool, months: bool, days: int) -> str:
    if months:
        if holds and purchase:
            return _("day {day} is within the {length} window from purchase on {start} (through {through})")
        if holds:
            return _("day {day} is within the {length} window from receipt on {start} (through {through})")
        if purchase:
            return _("day {day} is past the {length} window from purchase on {start} (through {through})")
        return _("day {day} is past the {length} window from receipt on {start} (through {through})")
    if holds and purchase:
        return ngettext("day {day} of the {days}-day window from purchase on {start}",
                        "day {day} of the {days}-day window from purchase on {start}", days)
    if holds:
        return ngettext("day {day} of the {days}-day window from receipt on {start}",
                        "day {day} of the {days}-day window from receipt on {start}", days)
    if purchase:
        return ngettext("day {day} is past the {days}-day window from purchase on {start}",
                        "day {day} is past the {days}-day window from purchase on {start}", days)
    return ngettext("day {day} is past the {days}-day window from receipt on {start}",
                    "day {day} is past the {days}-day window from receipt on {start}", days)


def _windows(say: ReasonWords, counts: tuple[WindowCount, ...]) -> str:
    """Each window as counted ("day 27 of the 75-day window from purchase on 2025-01-05"), joined."""
    phrases = []
    day = say.day
    for count in counts:
        template = _window_template(say.locale, count.anchor is _PURCHASE, count.holds,
                                    count.months > 0, count.days)
        if count.months:
            phrases.append(template.format(
                day=count.day, length=_window_length(say.locale, count.days, count.months),
                start=day(count.start), through=day(count.through)))
        else:
            phrases.append(template.format(day=count.day, days=count.days, start=day(count.start)))
    return phrases[0] if len(phrases) == 1 else join_words(phrases, last="and")


_PURCHASE = Anchor.PURCHASE


@lru_cache(maxsize=256)
def _resolved(locale: str, allow: tuple[Resolution, ...]) -> tuple[str, str]:
    words = _resolutions(locale, allow)
    return words, capital(words)


def _with_resolutions(say: ReasonWords, key: str, p: Mapping[str, Any], cite: str, **fields: str) -> str:
    words, capitalised = _resolved(say.locale, p["allow"])
    return say.sentences[key].format(resolutions=words, Resolutions=capitalised, cite=cite, **fields)


@lru_cache(maxsize=512)
def _with_one_window(locale: str, key: str, purchase: bool, holds: bool, days: int) -> str:
    """A sentence and its one window in one template (the common case: one format, not two)."""
    window = _window_template(locale, purchase, holds, False, days)
    return _sentences(locale)[key].replace("{windows}", window)


def _counted(key: str, p: Mapping[str, Any], say: ReasonWords, cite: str) -> str:
    counts = p["windows"]
    if len(counts) == 1 and not counts[0].months:  # most: one window counted in days
        count = counts[0]
        shape = (key, p["allow"], count.anchor is _PURCHASE, count.holds, count.days, cite)
        filled = say.one_window.get(shape)
        if filled is None:
            filled = say.one_window[shape] = _one_window_filled(say.locale, *shape)
        if filled.__class__ is tuple:  # the sentence around its day and its start, in that order
            head, between, tail = filled
            return f"{head}{count.day}{between}{say.day(count.start)}{tail}"
        return filled.format(day=count.day, start=say.day(count.start))  # type: ignore[union-attr]
    words, capitalised = _resolved(say.locale, p["allow"])
    return say.sentences[key].format(resolutions=words, Resolutions=capitalised,
                                     windows=_windows(say, counts), cite=cite)


# Where the day and the start go in a filled sentence (characters no policy text holds; checked).
_DAY_MARK, _START_MARK = "\x00\ufdd0day\x00", "\x00\ufdd0start\x00"


def _one_window_filled(locale: str, key: str, allow: tuple[Resolution, ...], purchase: bool, holds: bool,
                       days: int, cite: str) -> tuple[str, str, str] | str:
    """The sentence with one window, all but its day and start filled in: a run's thousands of
    window reasons come in a few dozen shapes (issue 15). As the text before the day, between the
    day and the start, and after the start (no template parsed again for each reason); or, where
    the day does not come before the start, a template of the two."""
    words, capitalised = _resolved(locale, allow)
    template = _with_one_window(locale, key, purchase, holds, days)
    filled = template.format(resolutions=words, Resolutions=capitalised, cite=cite, days=days,
                             day=_DAY_MARK, start=_START_MARK)
    head, _, rest = filled.partition(_DAY_MARK)
    between, _, tail = rest.partition(_START_MARK)
    if filled.count(_DAY_MARK) == filled.count(_START_MARK) == 1 and rest.count(_START_MARK) == 1:
        return head, between, tail
    return template.format(resolutions=_braced(words), Resolutions=_braced(capitalised), cite=_braced(cite),
                           days=days, day="{day}", start="{start}")


def _braced(text: str) -> str:
    """Text put into a template that is formatted again: its own braces doubled, kept as they are."""
    return text.replace("{", "{{").replace("}", "}}")


def _allowed(p: Mapping[str, Any], say: ReasonWords, cite: str) -> str:
    if not p["windows"]:
        words, capitalised = _resolved(say.locale, p["allow"])
        return say.sentences["allowed_anytime"].format(resolutions=words, Resolutions=capitalised,
                                                        cite=cite)
    return _counted("allowed", p, say, cite)


def _window_passed(p: Mapping[str, Any], say: ReasonWords, cite: str) -> str:
    return _counted("window_passed", p, say, cite)


def _outcome_needs(p: Mapping[str, Any], say: ReasonWords, cite: str) -> str:
    return _with_resolutions(say, "needs", p, cite, needs=_needs(p["needs"], p["paid_with"]))


def _claim_needs(p: Mapping[str, Any], say: ReasonWords, cite: str) -> str:
    return say.sentences["claim_needs"].format(needs=_needs(p["needs"], p["paid_with"]), cite=cite)


_RESTRICTED = {
    (Fulfillment.SHIP_TO_HOME, StoreKind.RETAIL): "home_at_retail",
    (Fulfillment.SHIP_TO_HOME, StoreKind.OUTLET): "home_at_outlet",
    (Fulfillment.SHIP_TO_STORE, StoreKind.RETAIL): "pickup_at_retail",
    (Fulfillment.SHIP_TO_STORE, StoreKind.OUTLET): "pickup_at_outlet",
    (Fulfillment.IN_STORE, StoreKind.RETAIL): "counter_at_retail",
    (Fulfillment.IN_STORE, StoreKind.OUTLET): "counter_at_outlet",
}


def _store_restricted(p: Mapping[str, Any], say: ReasonWords, cite: str) -> str:
    return say.sentences[_RESTRICTED[p["fulfillment"], p["store_kind"]]].format(cite=cite)


def _tags_excluded(p: Mapping[str, Any], say: ReasonWords, cite: str) -> str:
    tags = join_words((tag_word(t) for t in p["tags"]), last="and")
    key = "tags_change_of_mind" if p["change_of_mind"] else "tags"
    if "paid" in p:  # a discount the engine inferred from the prices: say so
        return say.sentences[key.replace("tags", "tags_priced")].format(
            tags=tags, paid=say.figures.money(p["paid"]), price=say.figures.money(p["price"]), cite=cite)
    return say.sentences[key].format(tags=tags, cite=cite)


def _finding(p: Mapping[str, Any], say: ReasonWords, cite: str) -> str:
    return say.sentences[str(p["finding"])].format(cite=cite)


def _refund_to(p: Mapping[str, Any], say: ReasonWords, cite: str) -> str:
    names = _names(t for t in p["paid_with"] if t.paid)
    if not names:
        return say.sentences["never_paid"].format(cite=cite)
    if len(names) == 1:
        return say.sentences["refund_to"].format(tender=names[0], cite=cite)
    return say.sentences["refund_to_each"].format(tenders=join_words(names, last="and"), cite=cite)


def _restocking_fee(p: Mapping[str, Any], say: ReasonWords, cite: str) -> str:
    figures = say.figures
    return say.sentences["restocking_fee"].format(
        percent=figures.percent(p["percent"]), fee=figures.money(p["fee"]), paid=figures.money(p["paid"]),
        cite=cite)


def _shipping_kept(p: Mapping[str, Any], say: ReasonWords, cite: str) -> str:
    return say.sentences["shipping_kept"].format(amount=say.figures.money(p["amount"]), cite=cite)


def _cancel_allowed(p: Mapping[str, Any], say: ReasonWords, cite: str) -> str:
    return _with_resolutions(say, "cancel_allowed", p, cite)


def _fixed(key: str) -> Callable[[Mapping[str, Any], ReasonWords, str], str]:
    return lambda _p, say, cite: say.sentences[key].format(cite=cite)


_WORDED: dict[Why, Callable[[Mapping[str, Any], ReasonWords, str], str]] = {
    Why.NOT_RECEIVED: _fixed("not_received"),
    Why.STORE_RESTRICTED: _store_restricted,
    Why.TAGS_EXCLUDED: _tags_excluded,
    Why.NO_INSPECTION: _fixed("no_inspection"),
    Why.FINDING: _finding,
    Why.CLAIM_NEEDS: _claim_needs,
    Why.ALLOWED: _allowed,
    Why.WINDOW_PASSED: _window_passed,
    Why.NEEDS: _outcome_needs,
    Why.REFUND_TO: _refund_to,
    Why.RESTOCKING_FEE: _restocking_fee,
    Why.SHIPPING_KEPT: _shipping_kept,
    Why.NO_RESOLUTION: _fixed("no_resolution"),
    Why.CANCEL_RECEIVED: _fixed("cancel_received"),
    Why.CANCEL_DISPATCHED: _fixed("cancel_dispatched"),
    Why.CANCEL_NOT_ALLOWED: _fixed("cancel_not_allowed"),
    Why.CANCEL_ALLOWED: _cancel_allowed,
}


# The reasons that count their case's days in windows: a run of the contract says a thousand of them,
# hardly two alike (issue 15).
_COUNTED = frozenset({Why.ALLOWED, Why.WINDOW_PASSED})


class ReasonWords:
    """Words reasons in the current language with `figures`: made once, it words any number of them
    (the contract's thousands) without looking its language and templates up again, and says a
    reason it has said before (the items of one order share most of theirs) without wording it again."""

    def __init__(self, figures: Figures = CONTRACT) -> None:
        self.locale = current_locale()
        self.sentences = _sentences(self.locale)
        self.figures = figures
        self.day = date.isoformat if figures.currency is None else figures.day  # the contract's: ISO
        self._said: dict[tuple[Any, ...], str] = {}
        # `_counted`'s sentences by shape, all but the day and start filled in
        self.one_window: dict[tuple[Any, ...], tuple[str, str, str] | str] = {}
        # The very reason said before (the engine gives the items of a case the same objects):
        # by identity, without building and hashing its key; the reason is held, so its id stays its.
        self._said_of: dict[int, tuple[Explanation, str]] = {}

    def __call__(self, reason: Explanation) -> str:
        known = self._said_of.get(id(reason))
        if known is not None and known[0] is reason:
            return known[1]
        said = self.sentence(reason)
        self._said_of[id(reason)] = (reason, said)
        return said

    def sentence(self, reason: Explanation) -> str:
        """The reason's sentence, without holding the reason itself (as calling does, to know it by
        its identity): `policy evaluate` words each tuple of reasons once and lets the reasons go."""
        why, params = reason.why, reason.params
        if why in _COUNTED:  # its case's own days: said once, kept by shape in `_counted`, not whole
            return _WORDED[why](params, self, _cite(self.locale, reason.policy, reason.clause))
        key = (why, reason.policy, reason.clause, *params.values())
        said = self._said.get(key)
        if said is None:
            cite = _cite(self.locale, reason.policy, reason.clause)
            said = self._said[key] = _WORDED[why](params, self, cite)
        return said


def reason_text(reason: Explanation, figures: Figures = CONTRACT) -> str:
    """The reason as one sentence in the current language, citing its clause."""
    return ReasonWords(figures)(reason)


def reasons_text(reasons: Iterable[Explanation], figures: Figures = CONTRACT) -> tuple[str, ...]:
    words = ReasonWords(figures)
    return tuple(words(r) for r in reasons)
