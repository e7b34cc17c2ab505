"""Hypothesis strategies for malformed policy input, and the checks every answer must pass.

Case files: a valid case with one field replaced by random JSON text (huge and tiny numbers, amounts
written every way, dates, surrogates, deep nesting, random structures), then its bytes changed
(byte order marks, UTF-16/32, a stray non-UTF-8 byte, cut short). Policy files: the test policy with
one value replaced by random TOML, or a random line added, then the same byte changes.
Shared by the property tests and benchmarks/policy_malformed_count.py (which counts instead of failing).
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from storepos.domain.policy import PolicyFileError, evaluate, load_policy_file, parse_case
from storepos.wording.policy import reason_text
from tests.unit.policy.cases import make_case
from tests.unit.policy.malformed import POLICY, Run, run_inprocess

Text = st.SearchStrategy[str]

# --- pieces ----------------------------------------------------------------------------------

_ANY_CHAR = st.one_of(
    st.characters(exclude_categories=()),  # every code point, controls included
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, exclude_categories=()),  # lone surrogates
    st.sampled_from("\n\r\t\"\\\u2028\ufeff\x00"),
)
ANY_TEXT = st.text(alphabet=_ANY_CHAR, max_size=12)
WORDS = st.sampled_from([
    "softmoc", "softstar", "itsmysoft", "shoeoftheweek", "retail", "outlet", "online", "store",
    "ship_to_home", "ship_to_store", "in_store", "return", "warranty", "cancel", "change_of_mind",
    "wrong_size", "wrong_item", "defective", "final_sale", "sale", "bundle", "L1", "L2", "purchase",
    "receipt", "refund", "exchange",
    "store_credit", "replacement", "repair", "unworn", "misuse", "wear_and_tear", "unconfirmed",
])
_DIGITS = st.integers(min_value=1, max_value=6000)
NUMBER_TEXT: Text = st.one_of(
    st.sampled_from(["0", "-0", "1", "-1", "0.001", "1e30", "1E+2", "1e400", "1e-400", "-1e400",
                     "9999999999.99", "10000000000.00", "9223372036854775808", "0.5", "140.00",
                     "1e9999999999"]),
    st.integers().map(str),
    _DIGITS.map(lambda n: "9" * n),
    _DIGITS.map(lambda n: "0." + "0" * n + "1"),
    st.integers(min_value=-10**6, max_value=10**6).map(lambda e: f"1e{e}"),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
)
AMOUNT_LIKE: Text = st.one_of(
    NUMBER_TEXT, st.from_regex(r"[-+ ]?[0-9_]{0,12}(\.[0-9]{0,4})?([eE][-+]?[0-9]{1,3})? ?", fullmatch=True),
    st.sampled_from(["NaN", "sNaN", "Infinity", "-Infinity", "0x10", "１４０.００", "1,40", ""]),
)
DATE_LIKE: Text = st.one_of(
    st.dates().map(date.isoformat),
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
    st.sampled_from(["9999-12-31", "0001-01-01", "0000-01-01", "2025-02-29", "２０２５-０２-０１",
                     "2025-02-01T00:00"]),
)


def deep(opening: str, inner: str, closing: str) -> Text:
    return st.integers(min_value=1, max_value=120_000).map(lambda n: opening * n + inner + closing * n)


# --- case files ------------------------------------------------------------------------------

JSON_SCALAR: Text = st.one_of(
    st.sampled_from(["null", "true", "false", "NaN", "Infinity", "-Infinity", "[]", "{}"]),
    NUMBER_TEXT,
    st.builds(lambda s, ascii_: json.dumps(s, ensure_ascii=ascii_), st.one_of(ANY_TEXT, WORDS, AMOUNT_LIKE,
                                                                             DATE_LIKE), st.booleans()),
)
JSON_TEXT: Text = st.one_of(
    st.recursive(JSON_SCALAR, lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: "[" + ",".join(xs) + "]"),
        st.lists(st.tuples(st.one_of(WORDS, ANY_TEXT).map(json.dumps), inner), max_size=4)
        .map(lambda kv: "{" + ",".join(f"{k}:{v}" for k, v in kv) + "}"),
    ), max_leaves=8),
    deep("[", "1", "]"), deep('{"a":', "1", "}"), deep("[", "", ""),
)
CASE_FIELDS = [
    "policy", "today", "store", "store.kind", "order", "order.channel", "order.fulfillment",
    "order.placed_on", "order.received_on", "order.shipping_charged", "order.dispatched", "items", "items.0",
    "items.0.id", "items.0.price", "items.0.paid", "items.0.tags", "request", "request.type",
    "request.reason",
    "request.items", "request.items.0", "request.condition", "request.condition.worn", "request.inspection",
    "note",
]
AMOUNT_FIELDS = ["items.0.price", "items.0.paid", "order.shipping_charged"]
BASES = [
    make_case("softmoc", today="2025-02-01"),
    make_case("shoeoftheweek", today="2025-01-20", tags=["sale"], price="140.00", paid="99.99"),
    make_case("softmoc", today="2025-06-01", type_="warranty", reason="defective",
              inspection={"defect_confirmed": True}),
    make_case("itsmysoft", received=None, dispatched=False, type_="cancel"),
]


def with_field(base: dict[str, Any], path: str, text: str) -> str:
    """The case as JSON text, the field at `path` written as `text` (added if it is missing)."""
    data = json.loads(json.dumps(base))
    target: Any = data
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    marker = "@@FIELD@@"
    target[int(keys[-1]) if keys[-1].isdigit() else keys[-1]] = marker
    return json.dumps(data, ensure_ascii=False).replace(f'"{marker}"', text)


@st.composite
def encoded(draw: st.DrawFn, text: str) -> bytes:
    """The text's bytes, as a careless or hostile sender might produce them."""
    how = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "bom", "utf-16", "utf-16-be", "utf-32",
                                "stray-byte", "cut"]))
    data = text.encode("utf-8", "surrogatepass")  # a raw lone surrogate becomes bytes no UTF-8 reader takes
    if how == "bom":
        return codecs.BOM_UTF8 + data
    if how in ("utf-16", "utf-16-be", "utf-32"):
        return text.encode(how, "surrogatepass")
    if how == "stray-byte" and data:
        at = draw(st.integers(min_value=0, max_value=len(data) - 1))
        return data[:at] + draw(st.sampled_from([b"\xff", b"\xe9", b"\xc0\x80", b"\xed\xa0\x80"])) + data[at:]
    if how == "cut" and data:
        return data[:draw(st.integers(min_value=0, max_value=len(data) - 1))]
    return data


@st.composite
def malformed_cases(draw: st.DrawFn) -> bytes:
    base = draw(st.sampled_from(BASES))
    text = with_field(base, draw(st.sampled_from(CASE_FIELDS)), draw(JSON_TEXT))
    if draw(st.booleans()):
        text = "[" + json.dumps(base) + "," + text + "]"  # the bad case second in an array
    return draw(encoded(text))


@st.composite
def out_of_range_amounts(draw: st.DrawFn) -> tuple[str, bytes]:
    """An amount field given a number too large for any till or with more than two decimals."""
    field = draw(st.sampled_from(AMOUNT_FIELDS))
    digits = draw(st.integers(min_value=11, max_value=6000))
    number = draw(st.sampled_from([
        "1" + "0" * (digits - 1), "9" * digits + ".5", f"1e{digits}", f"0.{'0' * (digits - 9)}1",
        f"1e-{digits - 8}", "1.005", "10000000000"]))
    as_string = draw(st.booleans())
    text = with_field(draw(st.sampled_from(BASES[:3])), field, json.dumps(number) if as_string else number)
    return field, text.encode()


_FIELD = r"(--policy|[a-z_]+(\[\d+\])?(\.([A-Za-z0-9_]+|'.*'|\".*\")(\[\d+\])?)*)"
_CASE_LINE = re.compile(rf"storepos policy: case( \d+)?: ({_FIELD}: )?\S.*")
_FILE_LINE = re.compile(r"storepos policy: (standard input|\S+) (is|has) .+")


def check_case_answer(run: Run) -> None:
    """A decision (exit 0), or exit 2 with one line naming the case and field, or the file."""
    assert run.crash is None, run.crash
    assert run.code in (0, 2), (run.code, run.err[:500])
    if run.code == 0:
        assert run.err == ""
        answer = json.loads(run.out)
        for decision in answer if isinstance(answer, list) else [answer]:
            assert decision["items"] and all(d["reasons"] for d in decision["items"].values())
        return
    assert run.out == ""
    lines = run.err.splitlines()
    assert len(lines) == 1 and len(lines[0]) <= 400, run.err[:600]
    assert _CASE_LINE.fullmatch(lines[0]) or _FILE_LINE.fullmatch(lines[0]), lines[0]


def evaluate_case_bytes(data: bytes) -> Run:
    return run_inprocess(["policy", "evaluate", "-"], stdin=data)


# --- policy files ----------------------------------------------------------------------------

_TOML_STRING: Text = st.one_of(
    ANY_TEXT.map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'),
    st.sampled_from(['"\\ud800"', '"\\U0010ffff"', '"\\U00110000"', "'''x\ny'''", '"""a\nb"""', "'lit'"]),
    WORDS.map(lambda w: f'"{w}"'),
)
TOML_SCALAR: Text = st.one_of(
    st.sampled_from(["true", "false", "inf", "-inf", "nan", "1e400", "1.5", "0x7fffffffffffffff", "1_000",
                     "1979-05-27", "1979-05-27T07:32:00Z", "07:32:00", "9223372036854775808", "-1"]),
    st.integers().map(str), _DIGITS.map(lambda n: "9" * n), _TOML_STRING,
    AMOUNT_LIKE.map(lambda s: json.dumps(s, ensure_ascii=True)),
)
TOML_VALUE: Text = st.one_of(
    st.recursive(TOML_SCALAR, lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(st.sampled_from(["from", "days", "years", "months", "after_days", "allow",
                                            "clause", "requires", "windows", "x"]), inner), max_size=4,
                 unique_by=lambda kv: kv[0])
        .map(lambda kv: "{ " + ", ".join(f"{k} = {v}" for k, v in kv) + " }"),
    ), max_leaves=8),
    deep("[", "1", "]"), deep("{ a = ", "1", " }"), deep("[", "", ""),
)
_VALUE_SITES = [m.span(1) for m in re.finditer(r"= (.+)$", POLICY, re.MULTILINE)]
_VALUE_SITES += [m.span(1) for m in re.finditer(r"(?:days|years|from|allow) = ([^,}]+)", POLICY)]


@st.composite
def malformed_policies(draw: st.DrawFn) -> bytes:
    how = draw(st.sampled_from(["value", "value", "value", "line", "header"]))
    lines = POLICY.splitlines(keepends=True)
    if how == "value":
        start, end = draw(st.sampled_from(_VALUE_SITES))
        text = POLICY[:start] + draw(TOML_VALUE) + POLICY[end:]
    elif how == "line":
        at = draw(st.integers(min_value=0, max_value=len(lines)))
        key = draw(st.one_of(st.sampled_from(["outcomes", "store_restrictions", "days", "notes", "settings",
                                              "requires", "excluded_tags", "infer_discount", "x"]),
                             ANY_TEXT.map(json.dumps)))
        text = "".join(lines[:at]) + f"{key} = {draw(TOML_VALUE)}\n" + "".join(lines[at:])
    else:
        at = draw(st.sampled_from([i for i, line in enumerate(lines) if line.startswith("[")]))
        lines[at] = draw(st.sampled_from(["[[return]]\n", "[return.outcomes]\n", "[[return.outcomes]]\n",
                                          "[[cancel]]\n", "[settings.x]\n", "[ fault ]\n", "[a.b.c]\n"]))
        text = "".join(lines)
    return draw(encoded(text))


# Cases every policy that loads must decide without failing: ordinary days and the calendar's ends.
_DAYS = [("2025-02-01", "2025-01-05", "2025-01-09"), ("9999-12-31", "9999-12-01", "9999-12-02"),
         ("9999-12-31", "0001-01-01", "0001-01-01")]
PROBES = [parse_case(make_case("softmoc", today=t, placed=p, received=r, type_=k, reason=why,
                               inspection={"defect_confirmed": True}))
          for t, p, r in _DAYS
          for k, why in [("return", "change_of_mind"), ("return", "wrong_item"), ("warranty", "defective")]]
PROBES += [parse_case(make_case("softmoc", today="9999-12-31", placed="9999-12-31", received=None,
                                dispatched=False, type_="cancel"))]


@dataclass(frozen=True)
class Loaded:
    ok: bool
    message: str


def check_policy_file(path: Path) -> Loaded:
    """Loads and decides every probe, or is refused with one line naming the file: nothing else."""
    try:
        policy = load_policy_file(path)
    except PolicyFileError as exc:
        message = str(exc)
        assert message.startswith(str(path)), message[:500]
        assert len(message.splitlines()) == 1 and len(message) <= 400, message[:600]
        return Loaded(False, message)
    for case in PROBES:
        evaluate(policy, case).to_json(reason_text)
    return Loaded(True, "")
