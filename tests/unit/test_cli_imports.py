"""`storepos policy evaluate` stays a small headless program: it runs on servers with no display,
in loops of scripts (issue 15). What it imports is checked in a fresh process, through the same
`main` the `storepos` command calls; and its JSON writer gives json.dumps's bytes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from storepos.commands.pretty_json import dumps_indented
from storepos.domain.money import ZERO

HEAVY = ("PySide6", "shiboken6", "sqlalchemy", "alembic", "fastapi", "starlette", "pydantic",
         "uvicorn", "httpx", "escpos", "reportlab", "psycopg")

CASE = {
    "policy": "softmoc", "today": "2025-02-01", "store": {"kind": "retail"},
    "order": {"channel": "online", "fulfillment": "ship_to_home", "placed_on": "2025-01-05",
              "received_on": "2025-01-09", "shipping_charged": "9.95", "dispatched": True},
    "items": [{"id": "L1", "price": "140.00", "paid": "140.00", "tags": []},
              {"id": "L2", "price": "89.00", "paid": "89.00", "tags": ["final_sale"]}],
    "request": {"type": "return", "reason": "change_of_mind", "items": ["L1", "L2"],
                "condition": {"worn": False, "original_box": True, "packaging_intact": True,
                              "proof_of_purchase": True, "original_card": True}},
}

_RUN = """
import io, json, sys
sys.argv = ["storepos", *sys.argv[1:]]
out, sys.stdout = sys.stdout, io.StringIO()
from storepos.cli import main
code = main()
answer, sys.stdout = sys.stdout.getvalue(), out
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(HEAVY)))
print(json.dumps({"code": code, "answer": answer, "heavy": heavy}))
"""


def _run(*argv: str) -> dict[str, object]:
    code = f"HEAVY = {json.dumps(json.dumps(HEAVY))}\n" + _RUN
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_policy_evaluate_imports_no_qt_database_or_web_library(tmp_path: Path) -> None:
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps([CASE] * 50), encoding="utf-8")
    result = _run("policy", "evaluate", str(cases))
    assert result["code"] == 0
    decisions = json.loads(str(result["answer"]))
    assert len(decisions) == 50 and decisions[0]["items"]["L1"]["refund_amount"] == "140.00"
    assert result["heavy"] == []


def test_a_refused_case_imports_none_of_them_either(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**CASE, "policy": "nosuch"}), encoding="utf-8")
    result = _run("policy", "evaluate", str(bad))
    assert result["code"] == 2 and result["answer"] == "" and result["heavy"] == []


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(value=_JSON, ensure_ascii=st.booleans())
def test_the_writer_gives_json_dumps_bytes(value: object, ensure_ascii: bool) -> None:
    assert dumps_indented(value, ensure_ascii=ensure_ascii) == json.dumps(
        value, ensure_ascii=ensure_ascii, indent=2)


def test_what_the_writer_does_not_know_is_left_to_json_dumps() -> None:
    from decimal import Decimal

    import pytest

    for value in ({"a": [1.5, float("nan")]}, {1: "one", None: [True]}, [(1, 2)]):
        assert dumps_indented(value) == json.dumps(value, indent=2)
    with pytest.raises(TypeError, match="Decimal"):
        dumps_indented({"amount": Decimal("1.00")})


_TEXT = st.text() | st.sampled_from(["SoftMoc", "L1", "Returns & Exchanges", "caf\u00e9 \u2028"])
_AMOUNT = st.decimals(min_value=-1000, max_value=10**10, places=2, allow_nan=False, allow_infinity=False) | \
    st.sampled_from([Decimal("0.00"), Decimal("-0.00")]) | st.builds(lambda: ZERO)  # the writer knows ZERO


def _reasons() -> st.SearchStrategy[tuple[object, ...]]:
    from storepos.domain.policy.reasons import Explanation, Why

    return st.lists(st.builds(Explanation, st.sampled_from(list(Why)), _TEXT, _TEXT), max_size=4).map(tuple)


def _decisions() -> st.SearchStrategy[object]:
    from storepos.domain.policy import Decision, ItemDecision
    from storepos.domain.vocabulary import Resolution

    allowed = st.lists(st.sampled_from(list(Resolution)), max_size=3, unique=True).map(tuple)
    item = st.builds(ItemDecision, allowed, _AMOUNT, _AMOUNT, _reasons())

    def sharing(items: dict[str, ItemDecision], share: bool) -> dict[str, ItemDecision]:
        if not share or not items:  # else every item holds the first's reasons (as the engine gives them)
            return items
        first = next(iter(items.values())).reasons
        return {key: d.replace(reasons=first) for key, d in items.items()}

    items = st.builds(sharing, st.dictionaries(_TEXT, item, max_size=3), st.booleans())
    return st.builds(Decision, _TEXT, items, _AMOUNT, st.booleans())


def _words(reason: object) -> str:
    """Stands in for the wording: the reason's own texts, so each item's sentences differ."""
    return f"{reason.why}: {reason.clause} / {reason.policy}"  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None)
@given(data=st.data(), ascii_only=st.booleans(), single=st.booleans())
def test_decisions_are_written_as_json_dumps_writes_their_json(data: st.DataObject, ascii_only: bool,
                                                             single: bool) -> None:
    """The writer straight from the records (issue 15) gives json.dumps's bytes of their to_json:
    any text, escapes, surrogates, empty lists and item tables, reasons shared by items, one
    decision or a list of them."""
    from storepos.commands.policy import _write_decisions

    decisions = data.draw(st.lists(_decisions(), max_size=4))
    value = decisions[0] if single and decisions else decisions
    expected = ([d.to_json(_words) for d in decisions]  # type: ignore[attr-defined]
                if type(value) is list else value.to_json(_words))  # type: ignore[attr-defined]
    chunks: list[str] = []
    _write_decisions(value, _words, ascii_only, chunks.append)  # type: ignore[arg-type]
    written = "".join(chunks)
    assert written == json.dumps(expected, ensure_ascii=ascii_only, indent=2)


_JSON_TEXT = st.one_of(
    _JSON.map(json.dumps),
    st.builds(lambda v, before, after: before + json.dumps(v, indent=1) + after, _JSON,
              st.sampled_from(["", " ", "\n\t ", "\ufeff", "\x0c"]),
              st.sampled_from(["", "\n", " \r\n", "x", ",", "]", " 1"])),
    st.text(alphabet='[]{}":,0123456789.-eE tnrufals\\', max_size=30),
    st.sampled_from(["1.10", "[1e400, -0.0, 12345678901234567890123456789012345678901234567]",
                     "NaN", "[Infinity, -Infinity]", '{"a": 1, "a": 2}', '"\\ud800"', "[" * 5000]))


@settings(max_examples=500, deadline=None)
@given(text=_JSON_TEXT)
def test_cases_are_read_as_json_loads_reads_them(text: str) -> None:
    """The C scanner read directly (issue 15: no json or re imported) gives json.loads's answer
    (Decimal for every number with a point, long integers as Decimal), or leaves the text to it."""
    from decimal import Decimal

    from storepos.commands.policy import _loads, _number

    def outcome(read: object) -> object:
        try:
            return ("value", repr(read(text)))  # type: ignore[operator]
        except (ValueError, RecursionError) as exc:
            return ("error", type(exc), str(exc))

    expected = outcome(lambda t: json.loads(t, parse_float=Decimal, parse_int=_number))
    assert outcome(_loads) == expected


def test_surrogates_huge_numbers_and_other_keys_still_give_json_dumps_bytes() -> None:
    for value in ({"a": "\ud800"}, [2**64, -(2**70)], {"\u00e9": "\u2028\x7f\x00\x1f"}, {"k": {}, "l": []}):
        assert dumps_indented(value, ensure_ascii=False) == json.dumps(value, ensure_ascii=False, indent=2)


def test_policy_evaluate_is_read_without_argparse_only_when_plain() -> None:
    from storepos.cli import _policy_evaluate_args as quick

    assert quick(["policy", "evaluate", "cases.json"]) == ("cases.json", None)
    assert quick(["policy", "evaluate", "-"]) == ("-", None)
    assert quick(["policy", "evaluate", "--policy", "softmoc", "c.json"]) == ("c.json", "softmoc")
    assert quick(["policy", "evaluate", "c.json", "--policy=softmoc"]) == ("c.json", "softmoc")
    for argv in (["policy", "evaluate"], ["policy", "evaluate", "-h"], ["policy", "evaluate", "a", "b"],
                 ["policy", "evaluate", "a", "--policy"], ["policy", "evaluate", "a", "--pol", "x"],
                 ["policy", "evaluate", "a", "--policy", "x", "--policy", "y"],
                 ["policy", "evaluate", "--", "a"], ["policy", "evaluate", "a", "--policy="],
                 ["policy", "list"], ["orders", "evaluate", "a"]):
        assert quick(argv) is None, argv  # argparse answers (its help, its error, the other command)


def test_plain_and_argparse_spellings_give_the_same_answer(tmp_path: Path) -> None:
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps([CASE, {**CASE, "policy": "itsmysoft"}]), encoding="utf-8")
    plain = _run("policy", "evaluate", "--policy", "softmoc", str(cases))
    argparsed = _run("policy", "evaluate", "--pol", "softmoc", str(cases))  # a prefix: argparse reads it
    assert plain["code"] == argparsed["code"] == 0 and plain["answer"] == argparsed["answer"]
    assert json.loads(str(plain["answer"]))[1]["policy"] == "softmoc"


def test_policy_evaluate_builds_no_parser_and_reads_no_catalogue(tmp_path: Path) -> None:
    """English, the contract's language, is the catalogue's source: no gettext machinery is loaded
    for it, and a plain `policy evaluate` imports no argparse (issue 15: start-up)."""
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps([CASE]), encoding="utf-8")
    code = ("import sys, io, json\nsys.argv = ['storepos', 'policy', 'evaluate', sys.argv[1]]\n"
            "out, sys.stdout = sys.stdout, io.StringIO()\nfrom storepos.cli import main\nmain()\n"
            "sys.stdout = out\nprint(json.dumps(sorted({'argparse', 'gettext', 'locale', 'calendar', 'babel'}"
            " & set(sys.modules))))")
    done = subprocess.run([sys.executable, "-c", code, str(cases)],
                          capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []


def test_a_run_with_kept_policy_tables_imports_only_what_it_needs(tmp_path: Path) -> None:
    """Issue 15: what `policy evaluate` does not need is not imported (each of these cost one to
    thirteen milliseconds of a run's start): once the policy files' tables are kept, not even the
    TOML parser (and typing with it)."""
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps([CASE]), encoding="utf-8")
    unwanted = ["argparse", "ast", "contextlib", "dataclasses", "datetime", "inspect", "json.decoder",
                "orjson", "pathlib", "re", "tomllib", "typing", "urllib", "uuid"]
    code = ("import sys, io\nsys.argv = ['storepos', 'policy', 'evaluate', sys.argv[1]]\n"  # no json here
            "out, sys.stdout = sys.stdout, io.StringIO()\nfrom storepos.cli import main\nmain()\n"
            f"sys.stdout = out\nprint(' '.join(sorted(set({unwanted!r}) & set(sys.modules))))")
    env = {**os.environ, "STOREPOS_HOME": str(tmp_path / "home")}
    runs = [(subprocess.run([sys.executable, "-c", code, str(cases)], capture_output=True,
                             text=True, check=True, env=env).stdout.split()) for _ in range(2)]
    assert runs[1] == []
    # The first run parses the files and keeps their tables: tomllib, with what it imports.
    assert set(runs[0]) <= {"tomllib", "typing", "datetime", "contextlib", "re"}


def test_the_whole_process_answers_and_fails_as_before(tmp_path: Path) -> None:
    """Run as the command (its own standard output: the answer flushed, then os._exit), the bytes
    and exit status are those of the same run inside a process that goes on."""
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps([CASE] * 20 + [{**CASE, "policy": "itsmysoft"}]), encoding="utf-8")
    bad.write_text(json.dumps([CASE, {**CASE, "today": "2025-13-01"}]), encoding="utf-8")
    for path, status in ((good, 0), (bad, 2)):
        whole = subprocess.run([sys.executable, "-m", "storepos", "policy", "evaluate", str(path)],
                               capture_output=True, text=True, check=False)
        inside = _run("policy", "evaluate", str(path))
        assert whole.returncode == inside["code"] == status
        assert whole.stdout == inside["answer"]
        assert (whole.stderr != "") == (status == 2)
