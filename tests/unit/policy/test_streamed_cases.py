"""`policy evaluate` reads an array's cases one by one as its JSON is scanned (issue 15: a thousand
cases' JSON objects held at once were 3 MB of fresh memory). Its answer must stay what reading the
whole text first gave: the same cases, and for a bad input the same message, a JSON error before
any case's own (even when the refused case comes first)."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from storepos.commands.policy import _json_value, _read_cases, _Refused
from storepos.domain.policy import InvalidCase, parse_case
from storepos.services.base.policy_book import library

GOOD = {
    "policy": "softmoc", "today": "2025-02-01", "store": {"kind": "retail"},
    "order": {"channel": "online", "fulfillment": "ship_to_home", "placed_on": "2025-01-05",
              "received_on": "2025-01-09", "shipping_charged": "9.95", "dispatched": True},
    "items": [{"id": "L1", "price": "140.00", "paid": "140.00", "tags": []}],
    "request": {"type": "return", "reason": "change_of_mind", "items": ["L1"]},
}
VARIANTS = [GOOD, {**GOOD, "policy": "nosuch"}, {**GOOD, "today": "2025-13-01"},
            {**GOOD, "policy": "softstar"}, 5, "text", [], {**GOOD, "items": []}]


def _whole_first(text: str) -> tuple[str, object]:
    """The answer as the command gave it before: the whole text read as JSON, then each case."""
    try:
        raw = _json_value(text, "input")
    except ValueError as exc:
        return "refused", str(exc)
    single = not isinstance(raw, list)
    cases = []
    for index, raw_case in enumerate([raw] if single else raw):
        label = "case" if single else f"case {index + 1}"
        try:
            case = parse_case(raw_case)
            library().get(case.policy)
        except InvalidCase as exc:
            return "refused", f"{label}: {exc}"
        except KeyError:
            return "refused", f"{label}: policy: unknown policy {case.policy!r} (known: " \
                f"{', '.join(library().names())})"
        cases.append(case)
    return "read", (cases, single)


def _streamed(text: str) -> tuple[str, object]:
    try:
        cases, single = _read_cases(text, "input", None)
    except (ValueError, _Refused) as exc:
        return "refused", str(exc)
    return "read", ([case for _policy, case in cases], single)


_SPACE = st.sampled_from(["", " ", "\n", "\t ", "\r\n  "])


@st.composite
def _texts(draw: st.DrawFn) -> str:
    """An array of good and bad cases with any spacing, sometimes damaged somewhere (a cut, a
    character dropped or added), or a single value."""
    values = draw(st.lists(st.sampled_from(VARIANTS), max_size=5))
    if draw(st.booleans()) and values:
        text = json.dumps(values[0])
    else:
        gaps = [draw(_SPACE) for _ in range(len(values) * 2 + 2)]
        body = "".join(f"{gaps[2 * i]}{json.dumps(v)}{gaps[2 * i + 1]}" + ("," if i < len(values) - 1 else "")
                       for i, v in enumerate(values))
        text = f"{gaps[-2]}[{body}]{gaps[-1]}"
    damage = draw(st.sampled_from(["none", "none", "cut", "drop", "add"]))
    at = draw(st.integers(min_value=0, max_value=len(text)))
    if damage == "cut":
        text = text[:at]
    elif damage == "drop":
        text = text[:at] + text[at + 1:]
    elif damage == "add":
        text = text[:at] + draw(st.sampled_from([",", "]", "[", "}", "x", "1", '"'])) + text[at:]
    return text


@settings(max_examples=400, deadline=None)
@given(text=_texts())
def test_cases_read_one_by_one_give_the_answer_of_the_whole_text_read_first(text: str) -> None:
    assert _streamed(text) == _whole_first(text)


def test_a_refused_first_case_gives_way_to_bad_json_further_on() -> None:
    text = json.dumps([{**GOOD, "policy": "nosuch"}, GOOD])[:-1] + ",}"
    kind, message = _streamed(text)
    assert kind == "refused" and "is not valid JSON" in str(message)
    assert (kind, message) == _whole_first(text)


def test_each_case_is_let_go_once_read() -> None:
    """The generator hands each element over and keeps none: the JSON object of case 1 is gone
    (no reference left but the reader's) before case 3 is scanned."""
    import sys

    from storepos.commands.policy import _array_elements

    seen = []
    elements = _array_elements(json.dumps([GOOD, GOOD, GOOD]))
    first = next(elements)
    seen.append(sys.getrefcount(first))
    next(elements)
    seen.append(sys.getrefcount(first))
    assert seen[1] == seen[0] - 1  # the generator's own reference went when it moved on
