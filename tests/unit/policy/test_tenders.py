"""What paid the order, when the till knows it: SoftMoc's "original credit card used for the
purchase" is asked for only when a card paid, and a refund goes back to the original payment.

The CLI's cases never name tenders: there the caller's `original_card` decides, as the contract
says (test_softmoc.py covers that side).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from storepos.domain.policy import PaidWith, evaluate, parse_case
from storepos.domain.refunds import short_reason
from storepos.domain.vocabulary import Resolution
from storepos.domain.vocabulary import TenderKind as T
from storepos.services.base.policy_book import get_policy
from storepos.wording.policy import card_check_hint, reasons_text
from tests.unit.policy.cases import make_case, without

VISA = PaidWith(T.CARD, "VISA ••••4242")
ALL = (Resolution.REFUND, Resolution.EXCHANGE, Resolution.STORE_CREDIT)
NO_CARD = {
    T.PAYPAL: "Refund to the original PayPal payment",
    T.GIFT_CARD: "Refund to the original gift card payment",
    T.STORE_CREDIT: "Refund to the original store credit payment",
    T.CASH: "Refund to the original cash payment",
    T.CHEQUE: "Refund to the original cheque payment",
    T.MONEY_ORDER: "Refund to the original money order payment",
}


@dataclass(frozen=True)
class Said:
    """An item's decision with its reasons in words (English, as the contract says them)."""

    allowed: tuple[Resolution, ...]
    reasons: tuple[str, ...]


def decide(*paid_with: PaidWith, card_shown: bool = False, policy: str = "softmoc",
           **case: object) -> Said:
    """Day 10 of a SoftMoc online order, everything shown but (by default) the card."""
    condition = None if card_shown else without("original_card")
    parsed = parse_case(make_case(policy, day=10, condition=condition, **case))  # type: ignore[arg-type]
    parsed = parsed.replace(paid_with=paid_with)
    decision = evaluate(get_policy(parsed.policy), parsed).items["L1"]
    return Said(decision.allowed, reasons_text(decision.reasons))


@pytest.mark.parametrize("kind", list(NO_CARD), ids=lambda k: k.value)
def test_no_card_paid_refunds_to_the_original_payment_without_asking_for_a_card(kind: T) -> None:
    decision = decide(PaidWith(kind, kind.value))
    assert decision.allowed == ALL
    assert f"{NO_CARD[kind]} (SoftMoc: " in "\n".join(decision.reasons)
    said = " ".join(decision.reasons).replace("gift card", "gift-voucher")  # the tender's own name
    assert "card" not in said.lower()


def test_paypal_reasons_never_mention_a_card() -> None:
    """Thompson's PayPal order: no "original card" condition, the refund goes back to PayPal."""
    decision = decide(PaidWith(T.PAYPAL, "PayPal"))
    assert decision.allowed == ALL
    assert "card" not in " ".join(decision.reasons).lower()
    assert short_reason(decision.reasons[1]) == "Refund to the original PayPal payment."


@pytest.mark.parametrize("kind", [T.CARD, T.INTERAC], ids=lambda k: k.value)
def test_a_card_that_paid_is_asked_for_by_name(kind: T) -> None:
    card = PaidWith(kind, "Interac ••••1285" if kind is T.INTERAC else VISA.label)
    decision = decide(card)
    assert decision.allowed == (Resolution.EXCHANGE, Resolution.STORE_CREDIT)
    refused = next(r for r in decision.reasons if r.startswith("Refund not possible"))
    assert f"the original card used for the purchase ({card.label}), which was not shown" in refused

    shown = decide(card, card_shown=True)
    assert shown.allowed == ALL
    assert f"Refund to the original {card.label} payment (SoftMoc: " in "\n".join(shown.reasons)


def test_split_tender_needs_the_card_for_its_part_and_names_each_tender() -> None:
    gift = PaidWith(T.GIFT_CARD, "Gift card")
    decision = decide(VISA, gift)
    assert decision.allowed == (Resolution.EXCHANGE, Resolution.STORE_CREDIT)
    refused = next(r for r in decision.reasons if r.startswith("Refund not possible"))
    assert ("it needs the card that paid part of it (VISA ••••4242; gift card paid the rest), "
            "which was not shown") in refused

    shown = decide(gift, VISA, card_shown=True)
    assert shown.allowed == ALL
    assert any(r.startswith("Refund to the original payments: gift card and VISA ••••4242 (")
               for r in shown.reasons)


def test_pay_offline_part_gets_nothing_back_and_is_not_named() -> None:
    offline = PaidWith(T.PAY_OFFLINE, "Pay offline")
    both = decide(VISA, offline, card_shown=True)
    assert any(r.startswith("Refund to the original VISA ••••4242 payment (") for r in both.reasons)
    alone = decide(offline)
    assert any(r.startswith("Nothing goes back: the order was never paid (pay offline) (")
               for r in alone.reasons)


def test_cancelling_says_where_the_refund_goes() -> None:
    decision = decide(PaidWith(T.PAYPAL, "PayPal"), type_="cancel", received=None,
                      dispatched=False)
    assert decision.allowed == (Resolution.REFUND,)
    assert any(r.startswith("Refund to the original PayPal payment (") for r in decision.reasons)


def test_the_cli_case_knows_no_tenders_so_the_caller_says_whether_the_card_was_shown() -> None:
    parsed = parse_case(make_case("softmoc", day=10, condition=without("original_card")))
    assert parsed.paid_with == ()
    decision = evaluate(get_policy("softmoc"), parsed).items["L1"]
    assert decision.allowed == (Resolution.EXCHANGE, Resolution.STORE_CREDIT)
    assert not any("original" in r and "payment" in r for r in reasons_text(decision.reasons))


@pytest.mark.parametrize(("paid_with", "hint"), [
    ((PaidWith(T.PAYPAL, "PayPal"),), "Paid without a card. Refund to the original PayPal payment."),
    ((VISA, PaidWith(T.GIFT_CARD, "Gift card")), "VISA ••••4242"),
    ((), "No payment on record"),
])
def test_the_side_panels_hint_uses_the_lines_words(paid_with: tuple[PaidWith, ...],
                                                    hint: str) -> None:
    assert card_check_hint(paid_with) == hint
    if paid_with and not any(p.is_card for p in paid_with):
        said = [short_reason(r) for r in decide(*paid_with).reasons]
        assert hint.removeprefix("Paid without a card. ") in said
