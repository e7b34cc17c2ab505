"""Malformed input for `storepos policy`: the reporter's kinds, rebuilt one by one, and a way to run them.

`CASES` are case files (`policy evaluate`), `POLICY_FILES` are policy files (the loader, `policy list`,
`show` and `evaluate --policy`). Each names what the one-line answer must start with after
"storepos policy: ". `run_inprocess` runs the real command in this process, with a standard output
that, like a pipe, cannot take a lone surrogate, and reports any exception that escaped as a crash:
what a user would have seen as a traceback.
"""

from __future__ import annotations

import codecs
import io
import json
import sys
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storepos.cli import main
from tests.unit.policy.cases import make_case

DEEP = 100_000  # the reporter's nesting depth


@dataclass(frozen=True)
class Bad:
    id: str
    data: bytes
    expect: str  # the answer's start after "storepos policy: "; {file} stands for the input's path


class Crashed(Exception):
    """An exception escaped the command: the user saw a traceback."""

    def __init__(self, trace: str) -> None:
        super().__init__(trace)
        self.kind = trace.strip().splitlines()[-1].split(":")[0]


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    crash: str | None  # the traceback, when an exception escaped the command

    def lines(self) -> list[str]:
        return self.err.splitlines()


def run_inprocess(argv: Sequence[str], stdin: bytes = b"") -> Run:
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    # As a pipe or a file: UTF-8, strict, so writing a lone surrogate fails as it does for real.
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", errors="strict", write_through=True)
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", errors="backslashreplace", write_through=True)
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"), out, err
    crash = None
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    except Exception:  # noqa: BLE001 - any exception escaping is the traceback a user would see
        code, crash = -1, traceback.format_exc()
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    return Run(code, out_bytes.getvalue().decode("utf-8", "replace"),
               err_bytes.getvalue().decode("utf-8", "replace"), crash)


def check_refusal(run: Run, expect: str, max_length: int = 400) -> None:
    """Exit 2, nothing on standard output, one short line on standard error starting as expected."""
    assert run.crash is None, run.crash
    assert run.code == 2, (run.code, run.out[:300], run.err[:300])
    assert run.out == ""
    lines = run.lines()
    assert len(lines) == 1, run.err[:600]
    assert lines[0].startswith("storepos policy: " + expect), lines[0][:600]
    assert len(lines[0]) <= max_length, lines[0][:600]
    assert "Traceback" not in run.err


# --- case files ------------------------------------------------------------------------------

def case(**changes: Any) -> dict[str, Any]:
    changes.setdefault("today", "2025-02-01")
    return make_case("softmoc", **changes)


def edit(path: str, value: Any, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The base case with the field at `path` (dots; list positions as numbers) set, or deleted."""
    data = base if base is not None else case()
    target: Any = data
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    last = keys[-1]
    if value is KeyError:
        del target[last]
    elif last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return data


def raw(path: str, text: str, base: dict[str, Any] | None = None) -> bytes:
    """The case as JSON with the field at `path` written as `text`, verbatim (numbers, nesting...)."""
    marker = "@@RAW@@"
    return json.dumps(edit(path, marker, base)).replace(f'"{marker}"', text).encode()


def js(data: Any) -> bytes:
    return json.dumps(data).encode()


def nested(depth: int, inner: str = "1") -> str:
    return "[" * depth + inner + "]" * depth


HUGE = "1" + "0" * 5000
GOOD = js(case())
SURROGATE_UTF8 = b"\xed\xa0\x80"  # U+D800 as if it were UTF-8: no valid UTF-8 holds it

CASES: list[Bad] = [
    # Amounts: huge, tiny, not numbers, not amounts.
    Bad("price-1e30-string", js(edit("items.0.price", "1e30")), "case: items[0].price: "),
    Bad("price-5000-digit-string", js(edit("items.0.price", HUGE)), "case: items[0].price: "),
    Bad("price-1e30-number", raw("items.0.price", "1e30"), "case: items[0].price: "),
    Bad("price-5000-digit-integer", raw("items.0.price", HUGE), "case: items[0].price: "),
    Bad("price-5000-digit-fraction", raw("items.0.price", "0." + "0" * 4999 + "1"), "case: items[0].price: "),
    Bad("price-1e400-number", raw("items.0.price", "1e400"), "case: items[0].price: "),
    Bad("price-1e-400-string", js(edit("items.0.price", "1e-400")), "case: items[0].price: "),
    Bad("price-NaN-string", js(edit("items.0.price", "NaN")), "case: items[0].price: "),
    Bad("price-NaN-constant", raw("items.0.price", "NaN"), "case: items[0].price: "),
    Bad("price-Infinity-string", js(edit("items.0.price", "Infinity")), "case: items[0].price: "),
    Bad("price-hex", js(edit("items.0.price", "0x10")), "case: items[0].price: "),
    Bad("price-negative", js(edit("items.0.price", "-140.00")), "case: items[0].price: "),
    Bad("paid-three-decimals", js(edit("items.0.paid", "140.001")), "case: items[0].paid: "),
    Bad("paid-sNaN", js(edit("items.0.paid", "sNaN")), "case: items[0].paid: "),
    Bad("paid-true", js(edit("items.0.paid", True)), "case: items[0].paid: "),
    Bad("paid-null", js(edit("items.0.paid", None)), "case: items[0].paid: "),
    Bad("paid-as-list", js(edit("items.0.paid", ["140.00"])), "case: items[0].paid: "),
    Bad("paid-as-object", js(edit("items.0.paid", {"amount": "140.00"})), "case: items[0].paid: "),
    Bad("paid-full-width-digits", js(edit("items.0.paid", "１４０.００")), "case: items[0].paid: "),
    Bad("paid-underscores", js(edit("items.0.paid", "1_40.00")), "case: items[0].paid: "),
    Bad("shipping-over-the-largest-amount", js(edit("order.shipping_charged", "99999999999999999999.00")),
        "case: order.shipping_charged: "),
    # Items given as lists or objects, ids that are not ids.
    Bad("items-as-object", js(edit("items", {"L1": {"price": "1.00"}})), "case: items: "),
    Bad("item-as-list", js(edit("items.0", ["L1", "140.00"])), "case: items[0]: "),
    Bad("item-null", js(edit("items.0", None)), "case: items[0]: "),
    Bad("item-id-as-list", js(edit("items.0.id", ["L1"])), "case: items[0].id: "),
    Bad("item-id-as-object", js(edit("items.0.id", {"id": "L1"})), "case: items[0].id: "),
    Bad("item-id-number", js(edit("items.0.id", 12)), "case: items[0].id: "),
    Bad("item-id-100k-characters", js(edit("items.0.id", "L" * 100_000)), "case: items[0].id: "),
    Bad("tags-as-string", js(edit("items.0.tags", "sale")), "case: items[0].tags: "),
    Bad("tag-as-list", js(edit("items.0.tags", [["sale"]])), "case: items[0].tags[0]: "),
    Bad("tag-as-object", js(edit("items.0.tags", [{"sale": True}])), "case: items[0].tags[0]: "),
    Bad("requested-item-as-list", js(edit("request.items", [["L1"]])), "case: request.items[0]: "),
    Bad("requested-item-as-object", js(edit("request.items", [{"id": "L1"}])), "case: request.items[0]: "),
    Bad("requested-items-as-string", js(edit("request.items", "L1")), "case: request.items: "),
    Bad("requested-items-as-object", js(edit("request.items", {"L1": 1})), "case: request.items: "),
    # Deep nesting.
    Bad("nesting-100k-whole-file", nested(DEEP).encode(), "{file} "),
    Bad("nesting-100k-in-unknown-field", raw("note", nested(DEEP)), "{file} "),
    Bad("nesting-100k-objects-in-condition", raw("request.condition", '{"a":' * DEEP + "1" + "}" * DEEP),
        "{file} "),
    Bad("nesting-500-as-item", raw("items.0", nested(500)), "case: items[0]: "),
    # Text: surrogates, byte order marks, not UTF-8.
    Bad("lone-surrogate-item-id", GOOD.replace(b'"L1"', b'"\\ud800"'), "case: items[0].id: "),
    Bad("lone-low-surrogate-item-id", GOOD.replace(b'"L1"', b'"L\\udc801"'), "case: items[0].id: "),
    Bad("lone-surrogate-policy", js(edit("policy", "\udc80")), "case: policy: "),
    Bad("surrogate-as-utf8-bytes", GOOD.replace(b'"L1"', b'"L' + SURROGATE_UTF8 + b'"'), "{file} "),
    Bad("utf16-le-with-bom", codecs.BOM_UTF16_LE + GOOD.decode().encode("utf-16-le"), "{file} "),
    Bad("utf16-be-with-bom", codecs.BOM_UTF16_BE + GOOD.decode().encode("utf-16-be"), "{file} "),
    Bad("utf32-le-with-bom", codecs.BOM_UTF32_LE + GOOD.decode().encode("utf-32-le"), "{file} "),
    Bad("latin1-byte", GOOD.replace(b'"L1"', b'"L\xe9"'), "{file} "),
    Bad("nul-bytes", b"\x00" * 64, "{file} "),
    Bad("empty-file", b"", "{file} "),
    Bad("only-whitespace", b" \n\t\n", "{file} "),
    Bad("not-json", b"{not json", "{file} "),
    Bad("trailing-garbage", GOOD + b" x", "{file} "),
    # The whole case is not an object.
    Bad("top-level-number", b"1e999", "case: "),
    Bad("top-level-string", b'"softmoc"', "case: "),
    Bad("top-level-null", b"null", "case: "),
    Bad("array-of-numbers", b"[1, 2]", "case 1: "),
    Bad("second-case-has-huge-number", b"[" + GOOD + b"," + js(edit("items.0.price", "1e30")) + b"]",
        "case 2: items[0].price: "),
    # Dates.
    Bad("today-month-99", js(edit("today", "9999-99-99")), "case: today: "),
    Bad("today-full-width-digits", js(edit("today", "２０２５-０２-０１")), "case: today: "),
    Bad("today-as-number", js(edit("today", 20250201)), "case: today: "),
    Bad("today-with-time", js(edit("today", "2025-02-01T00:00")), "case: today: "),
    Bad("placed-year-zero", js(edit("order.placed_on", "0000-01-01")), "case: order.placed_on: "),
    Bad("received-as-number", js(edit("order.received_on", 5)), "case: order.received_on: "),
    Bad("today-before-placed", js(edit("today", "2024-01-01")), "case: today: "),
    # Objects and choices of the wrong kind.
    Bad("order-as-list", js(edit("order", [1])), "case: order: "),
    Bad("store-as-string", js(edit("store", "retail")), "case: store: "),
    Bad("store-kind-number", js(edit("store.kind", 5)), "case: store.kind: "),
    Bad("request-type-null", js(edit("request.type", None)), "case: request.type: "),
    Bad("request-type-as-list", js(edit("request.type", ["return"])), "case: request.type: "),
    Bad("request-reason-as-object", js(edit("request.reason", {"x": 1})), "case: request.reason: "),
    Bad("request-reason-5000-digits", raw("request.reason", HUGE), "case: request.reason: "),
    Bad("condition-as-list", js(edit("request.condition", [True])), "case: request.condition: "),
    Bad("condition-flag-as-string", js(edit("request.condition.worn", "false")),
        "case: request.condition.worn: "),
    Bad("condition-key-with-newline", js(edit("request.condition", {"a\nb": True})),
        "case: request.condition."),
    Bad("inspection-as-string", js(edit("request.inspection", "yes")), "case: request.inspection: "),
    Bad("inspection-flag-as-number", js(edit("request.inspection", {"misuse": 1})),
        "case: request.inspection.misuse: "),
    Bad("dispatched-as-string", js(edit("order.dispatched", "true")), "case: order.dispatched: "),
    Bad("policy-as-number", js(edit("policy", 5)), "case: policy: "),
    Bad("policy-empty", js(edit("policy", "")), "case: policy: "),
    Bad("policy-a-path", js(edit("policy", "../../etc/passwd")), "case: policy: "),
    Bad("policy-100k-characters", js(edit("policy", "p" * 100_000)), "case: policy: "),
    Bad("policy-with-newline", js(edit("policy", "softmoc\nsoftmoc")), "case: policy: "),
]

# Odd but valid: each must be decided (exit 0), not refused and not crash.
EXTREMES: list[Bad] = [
    Bad("year-9999", js(make_case("softmoc", placed="9999-12-01", received="9999-12-02",
                                   today="9999-12-31")), ""),
    Bad("year-9999-warranty", js(make_case("softmoc", placed="9999-06-01", received="9999-06-02",
                                            today="9999-12-31", type_="warranty", reason="defective",
                                            inspection={"defect_confirmed": True})), ""),
    Bad("year-9999-shoeoftheweek", js(make_case("shoeoftheweek", placed="9999-12-30", received="9999-12-31",
                                                 today="9999-12-31")), ""),
    Bad("year-1-to-9999", js(make_case("softstar", placed="0001-01-01", received="0001-01-01",
                                        today="9999-12-31")), ""),
    Bad("largest-amount", js(case(price="9999999999.99")), ""),
    Bad("utf8-bom", codecs.BOM_UTF8 + GOOD, ""),
    Bad("unicode-item-id", GOOD.replace(b'"L1"', '"L\u00e9\U0001f600"'.encode()), ""),
    Bad("surrogate-pair-escape", GOOD.replace(b'"L1"', b'"\\ud83d\\ude00"'), ""),
]


def write_case(tmp_path: Path, bad: Bad) -> Path:
    path = tmp_path / f"{bad.id}.json"
    path.write_bytes(bad.data)
    return path


# --- policy files ----------------------------------------------------------------------------

POLICY = """\
name = "mychain"
title = "My Chain"
source = "written for the tests"

[settings]
return_days = 30

[return]
clause = "Returns"
outcomes = [{ allow = ["refund"], windows = [{ from = "purchase", days = "return_days" }], clause = "R30" }]

[wrong_item]
clause = "Wrong item"
outcomes = [{ allow = ["exchange"], windows = [{ from = "receipt", days = 30 }], clause = "W30" }]

[fault]
clause = "Faulty"
denied_findings = ["misuse"]
outcomes = [{ allow = ["repair"], windows = [{ from = "purchase", years = 1 }], clause = "F1" }]

[cancel]
allow_before_dispatch = ["refund"]
fee_percent = "0"
clause = "Cancel"

[shipping]
clause = "Shipping"
"""

RETURN_OUTCOMES = ('outcomes = [{ allow = ["refund"], windows = [{ from = "purchase", '
                   'days = "return_days" }], '
                   'clause = "R30" }]')
RETURN_WINDOW = '{ from = "purchase", days = "return_days" }'
FAULT_WINDOW = '{ from = "purchase", years = 1 }'


def policy(old: str, new: str) -> bytes:
    assert old in POLICY, old
    return POLICY.replace(old, new, 1).encode()


def line_of(needle: str, text: bytes) -> int:
    lines = text.decode("utf-8", "replace").splitlines()
    return next(i + 1 for i, line in enumerate(lines) if needle in line)


P = "{file}"
_OUT = RETURN_OUTCOMES
POLICY_FILES: list[Bad] = [
    Bad("outcomes-as-integers", policy(_OUT, "outcomes = [1, 2]"), f"{P}:10: return.outcomes[0]: "),
    Bad("outcomes-as-strings", policy(_OUT, 'outcomes = ["refund"]'), f"{P}:10: return.outcomes[0]: "),
    Bad("outcomes-as-lists", policy(_OUT, 'outcomes = [["refund"]]'), f"{P}:10: return.outcomes[0]: "),
    Bad("outcomes-as-table", policy(_OUT, "outcomes = { allow = 1 }"), f"{P}:10: return.outcomes: "),
    Bad("store-restrictions-as-string",
        policy('clause = "Returns"', 'clause = "Returns"\nstore_restrictions = "x"'),
        f"{P}:10: return.store_restrictions: "),
    Bad("store-restrictions-as-integers",
        policy('clause = "Returns"', 'clause = "Returns"\nstore_restrictions = [1]'),
        f"{P}:10: return.store_restrictions[0]: "),
    Bad("window-as-list", policy(RETURN_WINDOW, "[1]"), f"{P}:10: return.outcomes[0].windows[0]: "),
    Bad("days-2-to-the-63", policy("return_days = 30", "return_days = 9223372036854775808"),
        f"{P}:6: settings.return_days: "),
    Bad("days-2-to-the-63-in-window",
        policy(RETURN_WINDOW, '{ from = "purchase", days = 9223372036854775808 }'),
        f"{P}:10: return.outcomes[0].windows[0].days: "),
    Bad("days-5000-digits", policy("return_days = 30", f"return_days = {HUGE}"), f"{P}:6: "),
    Bad("years-2-to-the-62", policy(FAULT_WINDOW, '{ from = "purchase", years = 4611686018427387904 }'),
        f"{P}:19: fault.outcomes[0].windows[0].years: "),
    Bad("months-true", policy(FAULT_WINDOW, '{ from = "purchase", months = true }'),
        f"{P}:19: fault.outcomes[0].windows[0].months: "),
    Bad("after-days-1e20",
        policy(FAULT_WINDOW, '{ from = "purchase", years = 1, after_days = 100000000000000000000 }'),
        f"{P}:19: fault.outcomes[0].windows[0].after_days: "),
    Bad("fee-percent-exponent", policy('fee_percent = "0"', 'fee_percent = "1e2"'),
        f"{P}:23: cancel.fee_percent: "),
    Bad("fee-percent-tiny", policy('fee_percent = "0"', 'fee_percent = "0.' + "0" * 40 + '1"'),
        f"{P}:23: cancel.fee_percent: "),
    Bad("fee-percent-inf", policy('fee_percent = "0"', "fee_percent = inf"), f"{P}:23: cancel.fee_percent: "),
    Bad("fee-percent-nan", policy('fee_percent = "0"', "fee_percent = nan"), f"{P}:23: cancel.fee_percent: "),
    Bad("utf16-le-with-bom", codecs.BOM_UTF16_LE + POLICY.encode("utf-16-le"), f"{P}: "),
    Bad("utf16-be-no-bom", POLICY.encode("utf-16-be"), f"{P}"),
    Bad("latin1-title", POLICY.replace("My Chain", "My Cha\u00e9n").encode("latin-1"), f"{P}:2: "),
    Bad("surrogate-as-utf8-bytes", POLICY.replace("My Chain", "My @").encode().replace(b"@", SURROGATE_UTF8),
        f"{P}:2: "),
    Bad("surrogate-escape", policy('"My Chain"', '"My \\ud800"'), f"{P}:2: "),
    Bad("nesting-100k-arrays",
        policy('source = "written for the tests"',
               'source = "written for the tests"\nnotes = ' + nested(DEEP, '"x"')),
        f"{P}"),
    Bad("nesting-100k-inline-tables", policy("[settings]", "deep = " + "{ a = " * DEEP + "1" + " }" * DEEP
                                             + "\n[settings]"), f"{P}"),
    Bad("return-as-array-of-tables", policy("[return]", "[[return]]"), f"{P}:8: return: "),
    Bad("allow-integer", policy('allow = ["refund"]', "allow = [1]"), f"{P}:10: return.outcomes[0].allow: "),
    Bad("allow-string", policy('allow = ["refund"]', 'allow = "refund"'),
        f"{P}:10: return.outcomes[0].allow: "),
    Bad("allow-empty", policy('allow = ["refund"]', "allow = []"), f"{P}:10: return.outcomes[0].allow: "),
    Bad("denied-findings-as-table", policy('denied_findings = ["misuse"]', "denied_findings = { x = 1 }"),
        f"{P}:18: fault.denied_findings: "),
    Bad("name-number", policy('name = "mychain"', "name = 5"), f"{P}:1: name: "),
    Bad("notes-numbers",
        policy('source = "written for the tests"', 'source = "written for the tests"\nnotes = [1]'),
        f"{P}:4: notes: "),
    Bad("empty-file", b"", f"{P}: name: "),
    Bad("nul-bytes", b"\x00" * 64, f"{P}:1: "),
    Bad("syntax-error", policy('title = "My Chain"', 'title = "My Chain'), f"{P}:2: "),
    Bad("key-with-newline", policy('clause = "Cancel"', 'clause = "Cancel"\n"a\\nb" = 1'),
        f"{P}:21: cancel."),  # a quoted key is placed at its table
    Bad("key-100k-characters", policy('clause = "Cancel"', 'clause = "Cancel"\n' + "k" * 100_000 + " = 1"),
        f"{P}:21: cancel."),  # a quoted key is placed at its table
    Bad("window-days-date", policy(RETURN_WINDOW, '{ from = "purchase", days = 1979-05-27 }'),
        f"{P}:10: return.outcomes[0].windows[0].days: "),
]

# Odd but valid policy files: each must load.
POLICY_EXTREMES: list[Bad] = [
    Bad("utf8-bom", codecs.BOM_UTF8 + POLICY.encode(), ""),
    Bad("hundred-years", policy(FAULT_WINDOW, '{ from = "purchase", years = 100 }'), ""),
    Bad("fee-two-decimals", policy('fee_percent = "0"', 'fee_percent = "12.50"'), ""),
]


def write_policy(folder: Path, data: bytes, name: str = "mychain") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_bytes(data)
    return path
