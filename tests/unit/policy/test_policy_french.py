"""The policy speaks French: every sentence, word and clause of the shipped policies has its Québec
French in policy.po, and a real evaluation of each policy worded in fr_CA holds no English sentence.

The reasons are real: the 124 contract cases of tests/data/policy_english (every kind of sentence
and every clause), each also as the till would ask it, knowing what paid the order (a card, PayPal,
a gift card with a card, an unpaid "pay offline" order), so the refund's destination is said too.
"""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from storepos.domain.policy import PaidWith, PolicyLibrary, evaluate, parse_case
from storepos.domain.policy.reasons import Explanation, Why
from storepos.domain.vocabulary import TenderKind
from storepos.i18n import speaking
from storepos.paths import resources_dir
from storepos.wording import policy as wording
from storepos.wording.policy import Figures, reason_text
from storepos.wording.policy_show import describe_policy

ROOT = Path(__file__).resolve().parents[3]
WORDING = (ROOT / "src" / "storepos" / "wording" / "policy.py",
           ROOT / "src" / "storepos" / "wording" / "policy_show.py")
PART = ROOT / "src" / "storepos" / "locale" / "fr_CA" / "LC_MESSAGES" / "policy.po"
CASES = ROOT / "tests" / "data" / "policy_english" / "cases.json"
SHIPPED = PolicyLibrary(resources_dir() / "policies")  # not a developer's own policies folder
POLICIES = ("softmoc", "softstar", "itsmysoft", "shoeoftheweek")
FRENCH = "fr_CA"
TENDERS = (
    (),  # the CLI's case: the till does not know what paid
    (PaidWith(TenderKind.CARD, "VISA ••••4242"),),
    (PaidWith(TenderKind.PAYPAL, "PayPal"),),
    (PaidWith(TenderKind.GIFT_CARD, "Gift card"), PaidWith(TenderKind.CARD, "MC ••••4417")),
    (PaidWith(TenderKind.CASH, "Cash"), PaidWith(TenderKind.PAY_OFFLINE, "Pay offline")),
    (PaidWith(TenderKind.PAY_OFFLINE, "Pay offline"),),
)
SAME_IN_FRENCH = {"PayPal", "Source"}  # a brand; a word French shares


def catalogue() -> dict[tuple[str | None, str], object]:
    with PART.open("rb") as handle:
        catalog = read_po(handle)
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m.string for m in catalog if m.id}


def source_messages() -> list[tuple[str | None, str | tuple[str, ...]]]:
    return [(context, message) for path in WORDING
            for _line, message, _comments, context in extract_from_file("python", str(path))]


def reasons_of(policy: str) -> list[Explanation]:
    """Every reason the engine gives for the contract cases under `policy`, with each tender mix."""
    raw_cases = json.loads(CASES.read_text(encoding="utf-8"))
    out: list[Explanation] = []
    for raw in raw_cases:
        case = parse_case(raw, policy_override=policy)
        for paid_with in TENDERS:
            decision = evaluate(SHIPPED.get(policy), case.replace(paid_with=paid_with))
            for item in decision.items.values():
                out.extend(r for r in item.reasons if r not in out)
    return out


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def english_chunks() -> set[str]:
    """The literal English of every msgid (the text between its fields) and of every clause."""
    texts: list[str] = []
    for _context, message in source_messages():
        texts.extend([message] if isinstance(message, str) else message)
    for _name, policy in SHIPPED.survey():
        assert not isinstance(policy, Exception), policy
        texts.extend(wording.policy_texts(policy))
    chunks = set()
    for text in texts:
        for literal, *_ in string.Formatter().parse(text):
            chunk = literal.strip(" .,:;()")
            if len(chunk) >= 4 and chunk not in SAME_IN_FRENCH:
                chunks.add(chunk)
    return chunks


def test_every_message_of_the_wording_has_french() -> None:
    french = catalogue()
    missing = []
    for context, message in source_messages():
        key = (context, message if isinstance(message, str) else message[0])
        translation = french.get(key)
        forms = [translation] if isinstance(translation, str) else list(translation or ())
        if not forms or not all(forms):
            missing.append(key)
    assert not missing, f"no French in {PART.name} for: {missing}"


def test_the_french_keeps_every_field_and_ends_with_its_citation() -> None:
    for (_context, message), translation in catalogue().items():
        for form in [translation] if isinstance(translation, str) else list(translation):  # type: ignore[call-overload]
            allowed = fields(message) | ({"resolutions"} if "Resolutions" in fields(message) else set())
            assert fields(form) <= allowed, (message, form)
            if message.endswith(" {cite}."):  # short receipts cut the citation off the end
                assert form.endswith(" {cite}.") and form.count("{cite}") == 1, (message, form)


def test_every_clause_of_every_shipped_policy_has_french() -> None:
    """A new clause in a policy file without its French fails here: add it to policy.po."""
    french = catalogue()
    untranslated = []
    for name, policy in SHIPPED.survey():
        assert not isinstance(policy, Exception), policy
        for clause in wording.policy_texts(policy):
            translation = french.get((None, clause))
            if not translation or translation == clause:
                untranslated.append(f"{name}: {clause}")
    assert not untranslated, "\n".join(untranslated)


# A chain's own policy (a data file, no code) that cancels nothing and takes nothing back for a
# wrong item: the two reasons no shipped preset gives.
STRICT = """
name = "strict"
title = "Strict Shoes"
source = "a test"
[return]
clause = "returns"
[[return.outcomes]]
allow = ["refund"]
windows = [{ from = "purchase", days = 7 }]
clause = "refund within 7 days"
[wrong_item]
clause = "no returns of items sent in error"
[fault]
clause = "faults"
[cancel]
allow_before_dispatch = []
clause = "no cancellations"
[shipping]
clause = "shipping kept"
"""


def test_every_reason_code_is_given_by_the_engine_and_worded_in_both_languages(tmp_path: Path) -> None:
    seen: dict[Why, list[Explanation]] = {}
    for policy in POLICIES:
        for reason in reasons_of(policy):
            seen.setdefault(reason.why, []).append(reason)
    (tmp_path / "strict.toml").write_text(STRICT, encoding="utf-8")
    strict = PolicyLibrary(tmp_path).get("strict")
    for raw in json.loads(CASES.read_text(encoding="utf-8")):
        for item in evaluate(strict, parse_case(raw, policy_override="strict")).items.values():
            for reason in item.reasons:
                seen.setdefault(reason.why, []).append(reason)
    assert set(seen) == set(Why), f"no case gives {sorted(set(Why) - set(seen))}"
    for why, reasons in seen.items():
        for reason in reasons:
            english = reason_text(reason, Figures("CAD"))
            with speaking(FRENCH):
                french = reason_text(reason, Figures("CAD"))
            assert english and french and english != french, (why, english)
            assert "{" not in english + french, (why, english, french)


@pytest.mark.parametrize("policy", POLICIES)
def test_a_french_evaluation_holds_no_english_sentence(policy: str) -> None:
    chunks = english_chunks()
    worded = []
    with speaking(FRENCH):
        for reason in reasons_of(policy):
            worded.append(reason_text(reason, Figures("CAD")))
            worded.append(reason_text(reason))  # the contract's figures: ISO dates, plain amounts
    text = "\n".join(worded).replace(SHIPPED.get(policy).title, "")  # a brand: "Shoe of the Week"
    english = sorted(c for c in chunks if re.search(rf"(?<!\w){re.escape(c)}(?!\w)", text))
    assert not english, f"English left in the French reasons of {policy}: {english}"
    french_date = r"\d{1,2}\u00a0[a-zéû]+\.?\u00a020\d\d"  # "5 janv. 2025", kept on one line
    assert "\u00a0$" in text and re.search(french_date, text), text[:300]  # CLDR's French


def test_french_amounts_and_dates_follow_the_readers_locale() -> None:
    raw = json.loads((ROOT / "tests" / "data" / "policy_examples" / "shoeoftheweek-fee-day3.case.json")
                     .read_text(encoding="utf-8"))
    case = parse_case(raw)
    (item,) = evaluate(SHIPPED.get(case.policy), case).items.values()
    with speaking(FRENCH):
        said = [reason_text(r, Figures("AUD")) for r in item.reasons]
    fee = next(s for s in said if "remise en stock" in s)
    assert "20\u00a0%" in fee and "\u00a0$" in fee and "," in fee, fee  # "20 %", "24,00 $ AU"
    assert any("suivant la réception du" in s for s in said), said


def test_plural_days_in_french() -> None:
    with speaking(FRENCH):
        assert wording.window_length(1, 0) == "1 jour"
        assert wording.window_length(0, 12) == "1 an"
        assert wording.window_length(5, 18) == "1 an et 6 mois et 5 jours"
    assert wording.window_length(1, 12) == "1 year and 1 day"


def test_the_item_screens_tags_are_worded_in_the_screens_language() -> None:
    from storepos.services.items.api import tag_words

    with speaking(FRENCH):
        assert tag_words(("sale", "final_sale", "made_in_canada")) == (
            "Vente finale", "En solde", "Made in canada")  # a chain's own tag: by its name


@pytest.mark.parametrize("policy", POLICIES)
def test_policy_show_in_french_holds_no_english(policy: str) -> None:
    with speaking(FRENCH):
        text = describe_policy(SHIPPED.get(policy)).replace(SHIPPED.get(policy).title, "")
    english = sorted(c for c in english_chunks() if re.search(rf"(?<!\w){re.escape(c)}(?!\w)", text))
    assert not english, f"English left in `policy show {policy}` in French: {english}"


AROUND_THE_REASONS = ("services/returns/complete.py", "services/returns/eligibility.py",
                      "services/warranty/decisions.py")


@pytest.mark.parametrize("module", AROUND_THE_REASONS)
def test_the_sentences_said_with_the_reasons_have_french(module: str) -> None:
    """What these modules say beside the policy's reasons (a refusal, a line already returned) has
    French in the merged fr_CA catalogue (whichever part holds it)."""
    from storepos.i18n.catalogues import translations_for

    french = translations_for(FRENCH)
    missing = []
    for _line, message, _comments, context in extract_from_file(
            "python", str(ROOT / "src" / "storepos" / module)):
        singular, plural = (message, None) if isinstance(message, str) else message[:2]
        if plural is not None:
            said = french.ngettext(singular, plural, 1)
        elif context:
            said = french.pgettext(context, singular)
        else:
            said = french.gettext(singular)
        if said == singular:
            missing.append(singular)
    assert not missing, missing
