"""A slip's policy reasons travel as codes with the print job and are worded in the slip's own
language when it is laid out: a French copy of an English counter's return says them in French, a
reprint says them again from the same facts, and a job whose codes cannot be read (an older app,
an edited row) prints the words it was built with. A card number hidden in a code is refused like
one anywhere else on a document."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest

from storepos.devices.printing import documents as d
from storepos.devices.printing import policy_reasons
from storepos.devices.printing.codec import from_json, to_json
from storepos.devices.printing.definitions import get_model
from storepos.devices.printing.demo import demo_header
from storepos.devices.printing.escpos_decode import decode
from storepos.devices.printing.escpos_render import render
from storepos.devices.printing.receipts import layout_document
from storepos.domain.policy import PaidWith, evaluate, parse_case
from storepos.domain.policy.reasons import Explanation
from storepos.domain.vocabulary import Reason, Resolution, TenderKind
from storepos.services.base.policy_book import get_policy
from storepos.services.returns.receipts import _item
from storepos.services.returns.types import SummaryLine
from tests.unit.policy.cases import make_case

MODEL = get_model("tm-t88")
VISA = PaidWith(TenderKind.CARD, "VISA ••••4242")


def reasons(day: int = 85, paid_with: tuple[PaidWith, ...] = (VISA,)) -> tuple[Explanation, ...]:
    case = parse_case(make_case("softmoc", day=day)).replace(paid_with=paid_with)
    return evaluate(get_policy("softmoc"), case).items["L1"].reasons


def summary_line(explained: tuple[Explanation, ...]) -> SummaryLine:
    return SummaryLine(1, "Blundstone 500", "0600001", "Brown", "9", 1, Reason.CHANGE_OF_MIND,
                       Resolution.STORE_CREDIT, Decimal("140.00"), Decimal("0.00"), ("(screen)",),
                       ("(screen)",), "Marc Second", "long-time customer", None, explained)


def printed(document: object) -> str:
    stored = from_json(to_json(document))  # as the print queue keeps it
    return decode(render(layout_document(stored, MODEL), MODEL),
                  {MODEL.code_page_table: MODEL.code_page}).text


def receipt(header: d.Header, item: d.Item) -> d.RefundReceipt:
    return d.RefundReceipt(header, return_id="R-T01-000123", order_number="SM-100234", items=(item,),
                           tenders=(d.TenderLine("card", Decimal("140.00"), card_brand="VISA",
                                                 card_last4="4242"),))


def test_the_builder_keeps_the_codes_and_words_them_in_the_stores_language() -> None:
    item = _item(summary_line(reasons()), demo_header("fr_CA"))
    assert len(item.policy_codes) == 3
    assert item.policy_reasons[0].startswith("Échange ou crédit en magasin possible")
    # After the codes, the manager's approval, worded in the document's language too.
    approval = item.policy_reasons[-1]
    assert approval.startswith("Approuvé par Marc Second") and approval.endswith("long-time customer")


def test_a_french_copy_of_an_english_counters_return_says_the_reasons_in_french() -> None:
    english_item = _item(summary_line(reasons()), demo_header("en_CA"))
    text = printed(receipt(demo_header("fr_CA"), english_item))  # the customer's copy in French
    assert "Remboursement impossible" in text and "jour 85" in text
    assert "5\u00a0janv.\u00a02025" in text  # CLDR's French date, kept on one line
    assert "Refund not possible" not in text and "window" not in text
    assert "Approved by Marc Second" in text  # the approval line prints as it was written


def test_codes_that_cannot_be_read_print_the_words_the_slip_was_built_with() -> None:
    item = _item(summary_line(reasons()), demo_header("en_CA"))
    for codes in (("not json",), (json.dumps({"why": "no_such_reason"}),),
                  (json.dumps({"why": "allowed", "policy": "X", "clause": "",
                               "params": {"allow": ["teleport"]}}),)):
        text = printed(receipt(demo_header("fr_CA"), replace(item, policy_codes=codes)))
        assert "Exchange or store credit allowed" in text, codes


def test_a_card_number_hidden_in_a_code_is_refused() -> None:
    leaked = reasons(day=10, paid_with=(PaidWith(TenderKind.CARD, "VISA 4111111111111111"),))
    assert any("4111111111111111" in code for code in policy_reasons.encode(leaked))
    with pytest.raises(d.DocumentError):
        d.Item("Boot", policy_codes=policy_reasons.encode(leaked))
