"""`storepos policy evaluate|list|show`: the return-policy engine from the command line.

Headless and quick: imports the pure engine only (no Qt, no database).
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from storepos.domain.policy import InvalidCase, PolicyFileError, evaluate, parse_case
from storepos.domain.policy.explain import describe_policy
from storepos.services.base.policy_book import library


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    ev = sub.add_parser("evaluate", help="decide one case or a JSON array of cases")
    ev.add_argument("file", metavar="FILE", help="a JSON file, or - for standard input")
    ev.add_argument("--policy", metavar="NAME", help="use this policy instead of each case's own")
    sub.add_parser("list", help="the policies this installation knows")
    show = sub.add_parser("show", help="a policy's rules in words")
    show.add_argument("name", metavar="NAME")


def run(args: argparse.Namespace) -> int:
    if args.action == "list":
        return _list()
    if args.action == "show":
        return _show(args.name)
    return _evaluate(args.file, args.policy)


def _fail(message: str) -> int:
    print(f"storepos policy: {message}", file=sys.stderr)
    return 2


def _list() -> int:
    lib = library()
    for name in lib.names():
        try:
            policy = lib.get(name)
        except PolicyFileError as exc:
            print(f"{name:<16} (cannot be loaded: {exc})")
            continue
        print(f"{name:<16} {policy.title}")
    return 0


def _show(name: str) -> int:
    try:
        policy = library().get(name)
    except KeyError:
        return _fail(f"unknown policy {name!r} (known: {', '.join(library().names())})")
    except PolicyFileError as exc:
        return _fail(str(exc))
    print(describe_policy(policy))
    return 0


def _read(file: str) -> Any:
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"cannot read {file}: {exc.strerror}") from None
    try:
        # parse_float=Decimal keeps 140.10 exact if a caller sends numbers instead of strings.
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise ValueError(f"{file} is not valid JSON: {exc.msg} at {where}") from None


def _evaluate(file: str, policy_override: str | None) -> int:
    try:
        raw = _read(file)
    except ValueError as exc:
        return _fail(str(exc))
    single = not isinstance(raw, list)
    raw_cases = [raw] if single else raw
    lib = library()
    decisions = []
    for index, raw_case in enumerate(raw_cases, start=1):
        label = "case" if single else f"case {index}"
        try:
            case = parse_case(raw_case, policy_override=policy_override)
            policy = lib.get(case.policy)
        except InvalidCase as exc:
            return _fail(f"{label}: {exc}")
        except KeyError:
            field = "--policy" if policy_override is not None else "policy"
            known = ", ".join(lib.names())
            return _fail(f"{label}: {field}: unknown policy {case.policy!r} (known: {known})")
        except PolicyFileError as exc:
            return _fail(f"{label}: policy file is malformed: {exc}")
        decisions.append(evaluate(policy, case).to_json())
    out = decisions[0] if single else decisions
    sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    return 0
