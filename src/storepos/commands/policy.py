"""`storepos policy evaluate|list|show`: the return-policy engine from the command line.

Headless and quick: imports the pure engine only (no Qt, no database, no web framework; a test
holds it to that), and writes its answer as json.dumps(indent=2) would, quicker (`_write_decisions`).
"""

from __future__ import annotations

import codecs
import io
import os
import sys
from decimal import Decimal

from storepos.domain.money import ZERO
from storepos.domain.policy import Decision, InvalidCase, PolicyFileError, evaluate, parse_case
from storepos.domain.policy.model import money_text
from storepos.domain.policy.shown import one_line, shown
from storepos.domain.policy.text_input import NotUtf8, decode_utf8
from storepos.i18n import SOURCE_LANGUAGE, _, speaking
from storepos.services.base.policy_book import library
from storepos.wording.policy import CONTRACT, ReasonWords

TYPE_CHECKING = False  # typing is not imported at run time
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Iterable
    from typing import Any

    from storepos.domain.policy import Case, Policy
    from storepos.domain.policy.reasons import Explanation
    from storepos.domain.vocabulary import Resolution

# One run reads at most this much (some 16,000 cases of 650 bytes); more is refused before it is
# held in memory.
MAX_INPUT_BYTES = 10 * 1024 * 1024


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    ev = sub.add_parser("evaluate", help=_("decide one case or a JSON array of cases"))
    ev.add_argument("file", metavar="FILE", help=_("a JSON file, or - for standard input"))
    ev.add_argument("--policy", metavar="NAME", help=_("use this policy instead of each case's own"))
    sub.add_parser("list", help=_("the policies this installation knows"))
    show = sub.add_parser("show", help=_("a policy's rules in words"))
    show.add_argument("name", metavar="NAME")
    show.add_argument("--locale", default=None, metavar="LOCALE",
                      help=_("say them in this language, e.g. fr_CA (default: the till's)"))


def run(args: argparse.Namespace) -> int:
    if args.action == "evaluate":
        return evaluate_command(args.file, args.policy)
    _tolerant_streams()
    if args.action == "list":
        return _list()
    return _show(args.name, args.locale)


def evaluate_command(file: str, policy: str | None) -> int:
    """`storepos policy evaluate FILE [--policy NAME]` (the command line reads these by hand)."""
    _tolerant_streams()
    return _evaluate(file, policy)


def _tolerant_streams() -> None:
    # A terminal or pipe that is not UTF-8 (PYTHONIOENCODING=ascii, a Latin-1 locale) must not turn a
    # policy title or an item id into a traceback: what it cannot show is written as an escape.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def _fail(message: str) -> int:
    print(f"storepos policy: {one_line(message)}", file=sys.stderr)
    return 2


def _list() -> int:
    """Every policy file: the good ones by title, each broken one with its file, line and reason."""
    for name, loaded in library().survey():
        if isinstance(loaded, PolicyFileError):
            print(one_line(f"{name:<16} broken: {loaded}"))
        else:
            print(one_line(f"{name:<16} {loaded.title}"))
    return 0


def _show(name: str, locale: str | None) -> int:
    try:
        policy = library().get(name)
    except KeyError:
        return _fail(f"unknown policy {shown(name)} (known: {', '.join(library().names())})")
    except PolicyFileError as exc:
        return _fail(str(exc))
    from storepos.wording.policy_show import describe_policy

    with speaking(locale):
        print(describe_policy(policy))
    return 0


def _read_bytes(file: str, label: str) -> bytes:
    """The input, read no further than MAX_INPUT_BYTES: a larger one is refused, not held in memory."""
    try:
        if file == "-":
            data = _stdin_bytes(MAX_INPUT_BYTES + 1)
        else:
            size = os.stat(file).st_size
            if os.path.isfile(file) and size > MAX_INPUT_BYTES:
                raise ValueError(f"{label} is {size:,} bytes, over the limit of {MAX_INPUT_BYTES:,} bytes "
                                 "for one run; split it into smaller files")
            with open(file, "rb") as stream:
                data = stream.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise ValueError(f"cannot read {label}: {exc.strerror or exc}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise ValueError(f"{label} is over the limit of {MAX_INPUT_BYTES:,} bytes for one run; "
                         "split it into smaller files")
    return data


def _stdin_bytes(most: int) -> bytes:
    if sys.stdin is None:  # started with standard input closed
        raise ValueError("standard input is closed")
    source = getattr(sys.stdin, "buffer", None)
    if source is None:  # replaced by a text stream: its characters, as UTF-8
        return str(sys.stdin.read(most)).encode("utf-8", "surrogatepass")
    return bytes(source.read(most))


def _number(text: str) -> int | Decimal:
    """A long JSON integer (int() refuses 4,300 digits and more) is kept as Decimal: refused by its field."""
    return int(text) if len(text) <= 40 else Decimal(text)


def _read_text(file: str, label: str) -> str:
    try:
        return decode_utf8(_read_bytes(file, label))
    except NotUtf8 as exc:
        raise ValueError(f"{label} {exc.problem}") from None


def _json_value(text: str, label: str) -> Any:
    """The whole text as JSON, or ValueError saying in words what is wrong with it and where."""
    try:
        return _loads(text)
    except RecursionError:
        raise ValueError(f"{label} has arrays or objects nested too deeply (thousands inside each other); "
                         "a case is a few levels deep") from None
    except ValueError as exc:
        import json

        if not isinstance(exc, json.JSONDecodeError):
            raise
        where = f"line {exc.lineno} column {exc.colno}"
        raise ValueError(f"{label} is not valid JSON: {exc.msg} at {where}") from None


class _Scanning:
    """What json's C scanner reads from its decoder: json.loads(parse_float=Decimal, parse_int=_number)."""

    strict = True
    object_hook = object_pairs_hook = None
    parse_float = Decimal  # keeps 140.10 exact if a caller sends numbers instead of strings
    parse_int = staticmethod(_number)
    parse_constant = staticmethod({"-Infinity": float("-inf"), "Infinity": float("inf"),
                                   "NaN": float("nan")}.__getitem__)  # json.decoder's _CONSTANTS


_JSON_SPACE = " \t\n\r"


def _loads(text: str) -> Any:
    """`json.loads(text, parse_float=Decimal, parse_int=_number)`: by json's own C scanner when it
    reads the whole text, without importing json (and re with it: 4 ms of a run's start); anything
    else (an error, a text it does not take whole) goes to json.loads itself, for its own answer
    or message."""
    try:
        from _json import make_scanner
    except ImportError:  # an interpreter without json's C part
        pass
    else:
        scan: Any = make_scanner(_Scanning())  # type: ignore[arg-type]  # what it reads of a decoder
        start = len(text) - len(text.lstrip(_JSON_SPACE))
        try:
            value, end = scan(text, start)
        except (StopIteration, ValueError, RecursionError, SystemError):  # json.loads says what is wrong
            # (SystemError: the C scanner names an error with json.decoder's JSONDecodeError, which
            # it takes from sys.modules; not imported, it returns no exception at all.)
            pass
        else:
            if not text[end:].strip(_JSON_SPACE):
                return value
    import json

    return json.loads(text, parse_float=Decimal, parse_int=_number)


class _Refused(Exception):
    """A case the command cannot decide: its message says which and why."""


class _ScanStopped(Exception):
    """The array could not be read element by element: json.loads reads it whole, or says why not."""


def _array_elements(text: str) -> Any:
    """A JSON array's elements one at a time, each scanned only when the one before is done with
    (json's C scanner, as `_loads`), or None when the text is not an array; `_ScanStopped` where
    the scanner stops (bad JSON: `_json_value` then says what is wrong)."""
    start = len(text) - len(text.lstrip(_JSON_SPACE))
    if text[start:start + 1] != "[":
        return None
    try:
        from _json import make_scanner
    except ImportError:  # an interpreter without json's C part
        return None
    return _elements(text, start + 1, make_scanner(_Scanning()))  # type: ignore[arg-type]


def _elements(text: str, at: int, scan: Any) -> Any:
    end = len(text)
    while at < end and text[at] in _JSON_SPACE:
        at += 1
    if text[at:at + 1] == "]":
        at += 1
    else:
        while True:
            try:
                value, at = scan(text, at)
            except (StopIteration, ValueError, RecursionError, SystemError):  # as in _loads
                raise _ScanStopped from None
            yield value
            del value  # let go of it before the next is scanned
            while at < end and text[at] in _JSON_SPACE:
                at += 1
            mark = text[at:at + 1]
            at += 1
            if mark == "]":
                break
            if mark != ",":
                raise _ScanStopped
            while at < end and text[at] in _JSON_SPACE:
                at += 1
    if text[at:].strip(_JSON_SPACE):
        raise _ScanStopped


def _read_cases(text: str, label: str, policy_override: str | None) -> tuple[list[tuple[Policy, Case]], bool]:
    """Every case with its policy, and whether the input was one case rather than an array.

    An array's cases are read as its JSON is scanned, each element let go once it is a `Case`:
    held all at once, a thousand cases' JSON objects are 3 MB of fresh memory, faulted in a page at
    a time (some 3 us each here: issue 15), where read one by one they use the same memory again.
    What is wrong is said as before, JSON first: a case refused while the rest is still unread is
    reported only once the whole text is known to be JSON."""
    elements = _array_elements(text)
    if elements is not None:
        try:
            return _decided_cases(elements, False, text, label, policy_override), False
        except _ScanStopped:
            pass  # bad JSON (said by _json_value just below), or read whole as json.loads reads it
    raw = _json_value(text, label)
    single = not isinstance(raw, list)
    return _decided_cases(iter([raw] if single else raw), single, text, label, policy_override), single


def _decided_cases(raw_cases: Any, single: bool, text: str, label: str,
                   policy_override: str | None) -> list[tuple[Policy, Case]]:
    lib = library()
    cases: list[tuple[Policy, Case]] = []
    for index, raw_case in enumerate(raw_cases):
        try:
            case = parse_case(raw_case, policy_override=policy_override)
            cases.append((lib.get(case.policy), case))
            continue
        except InvalidCase as exc:
            problem = str(exc)
        except KeyError:
            field = "--policy" if policy_override is not None else "policy"
            problem = f"{field}: unknown policy {shown(case.policy)} (known: {', '.join(lib.names())})"
        except PolicyFileError as exc:
            field = "--policy" if policy_override is not None else "policy"
            problem = f"{field}: the policy file is broken: {exc}"
        _json_value(text, label)  # bad JSON further on is said first, as when it was read whole
        raise _Refused(f"{'case' if single else f'case {index + 1}'}: {problem}")
    return cases


def _evaluate(file: str, policy_override: str | None) -> int:
    label = "standard input" if file == "-" else file
    try:
        cases, single = _read_cases(_read_text(file, label), label, policy_override)
    except (ValueError, _Refused) as exc:
        return _fail(str(exc))
    # All cases read first (a bad one is refused before anything is written), then decided and
    # written _BATCH at a time: done case by case, the steps took a third longer (the processor's
    # caches holding one step's code and data rather than three); all at once, the thousand
    # decisions are a megabyte of fresh pages (issue 15). The contract's sentences are English,
    # the catalogue's source, whatever the till speaks.
    with speaking(SOURCE_LANGUAGE):
        words = ReasonWords(CONTRACT)
        # JSON's own \u escapes where standard output is not UTF-8, so the answer stays valid JSON.
        ascii_only = codecs.lookup(getattr(sys.stdout, "encoding", None) or "utf-8").name != "utf-8"
        decided = evaluate(*cases[0]) if single else _decided(cases)
        _write_decisions(decided, words.sentence, ascii_only, sys.stdout.write)
    sys.stdout.write("\n")
    return 0


def _decided(cases: list[tuple[Policy, Case]]) -> Any:
    """The cases' decisions, made _BATCH at a time as they are written, each batch let go once written."""
    for start in range(0, len(cases), _BATCH):
        yield from [evaluate(policy, case) for policy, case in cases[start:start + _BATCH]]


_BATCH = 50
_CHUNK = 100  # pieces (items, mostly): some 40 kB of text, below malloc's threshold for a mapping of its own


class _Quoted(dict[str, str]):
    """Strings as JSON, each escaped once: a thousand decisions repeat their amounts, resolutions
    and item ids, and a new string for each costs its memory (issue 15)."""

    def __init__(self, quote: Callable[[str], str]) -> None:
        super().__init__()
        self.quote = quote

    def __missing__(self, text: str) -> str:
        quoted = self[text] = self.quote(text)
        return quoted


def _write_decisions(value: Decision | Iterable[Decision], word: Callable[[Explanation], str],
                     ascii_only: bool, write: Callable[[str], object]) -> None:
    """Write `json.dumps(to_json, ensure_ascii=ascii_only, indent=2)`'s text, where `to_json` is
    each decision's `Decision.to_json(word)` (one decision, or a list of them): straight from the
    records, by their known shape (no dict per decision and item first: a thousand decisions are
    some 3,500 of them), each string escaped by json's own C function, without importing json (and
    re) or orjson (13 ms of a run's start). A few thousand pieces at a time, not one text of a
    megabyte (and its encoded copy): each chunk's memory is used again by the next, where a
    megabyte is fresh pages. tests/unit/test_cli_imports.py holds it to json.dumps's bytes."""
    try:  # json's C functions, without importing json (and re)
        from _json import encode_basestring, encode_basestring_ascii
    except ImportError:
        from json.encoder import encode_basestring, encode_basestring_ascii
    encode = encode_basestring_ascii if ascii_only else encode_basestring
    parts: list[str] = []
    if type(value) is Decision:
        _Decisions(_layout("\n"), word, encode).add(value, parts)
    else:
        decisions, separator = _Decisions(_layout("\n  "), word, encode), "[\n  "
        for decision in value:  # type: ignore[union-attr]
            parts.append(separator)
            decisions.add(decision, parts)
            separator = ",\n  "
            if len(parts) >= _CHUNK:
                write("".join(parts))
                parts.clear()
        parts.append("[]" if separator == "[\n  " else "\n]")  # none at all: an empty list
    write("".join(parts))


def _layout(newline: str) -> tuple[str, ...]:
    """The fixed text between a decision's values, its braces at `newline` (a line break, an indent)."""
    one = newline + "  "
    two, three, four = one + "  ", one + "    ", one + "      "
    return ("{" + one + '"policy": ', "," + one + '"items": ', "{" + two, "," + two, one + "}",
            ': {' + three + '"allowed": ', "[" + four, "," + four, three + "]",
            "," + three + '"restocking_fee": ', "," + three + '"refund_amount": ',
            "," + three + '"reasons": ', two + "}", "," + one + '"shipping_refund": ',
            "," + one + '"needs_manager": ', newline + "}")


class _Decisions:
    """Writes decisions at one indent: the fixed text between their values, and the texts they repeat."""

    def __init__(self, layout: tuple[str, ...], word: Callable[[Explanation], str],
                 encode: Callable[[str], str]) -> None:
        self.layout, self.word, self.encode = layout, word, encode
        # Ids, policy names, amounts and resolutions come back all the time: each escaped once.
        # A sentence is mostly its case's own (its days): escaped as it comes.
        self.quote = quote = _Quoted(encode).__getitem__
        self.zero = quote(money_text(ZERO))  # what most items' fee (and refused items' refund) say
        self.allowed: dict[tuple[Resolution, ...], str] = {}  # each list of resolutions, written

    def add(self, decision: Decision, parts: list[str]) -> None:
        """The decision's JSON added to `parts`: an item in one piece, each item's fixed text and
        values in one f-string (most of the writing: a thousand decisions have 2,500 items)."""
        (start, items_key, items_start, next_item, items_end, allowed_key, list_start, next_in_list,
         list_end, fee_key, refund_key, reasons_key, item_end, shipping_key, manager_key, end) = self.layout
        quote, encode, word, zero, allowed_texts = self.quote, self.encode, self.word, self.zero, self.allowed
        add = parts.append
        add(f"{start}{quote(decision.policy)}{items_key}")
        items = decision.items
        if items:
            # The engine gives a case's items one tuple of reasons when they share them: worded once.
            worded: dict[int, str] = {}
            separator = items_start
            for key, item in items.items():
                allowed = item.allowed
                allowed_text = allowed_texts.get(allowed)
                if allowed_text is None:
                    allowed_text = allowed_texts[allowed] = (  # _value_: .value is a property
                        f"{list_start}{next_in_list.join([quote(r._value_) for r in allowed])}{list_end}"
                        if allowed else "[]")
                reasons = item.reasons
                said = worded.get(id(reasons))  # the tuple is held by the item: its id stays its own
                if said is None:
                    said = worded[id(reasons)] = (
                        f"{list_start}{next_in_list.join([encode(word(r)) for r in reasons])}{list_end}"
                        if reasons else "[]")
                fee, refund = item.restocking_fee, item.refund_amount
                add(f"{separator}{quote(key)}{allowed_key}{allowed_text}"
                    f"{fee_key}{zero if fee is ZERO else quote(money_text(fee))}"
                    f"{refund_key}{zero if refund is ZERO else quote(money_text(refund))}"
                    f"{reasons_key}{said}{item_end}")
                separator = next_item
            add(items_end)
        else:
            add("{}")
        refund = decision.shipping_refund
        add(f"{shipping_key}{zero if refund is ZERO else quote(money_text(refund))}{manager_key}"
            f"{'true' if decision.needs_manager else 'false'}{end}")
