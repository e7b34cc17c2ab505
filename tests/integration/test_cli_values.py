"""A flag's value typed wrong is refused in a plain sentence in STOREPOS_LANG ("'abc' is not a port
number (1 to 65535)"), never with argparse's "invalid int value: 'abc'" that names Python's type;
exit status 2 as before. Through the same `main` the `storepos` command calls, in English and in
fr_CA. The values Python's converters take but no flag should (nan, inf, port 0, --workers 0,
--limit 0, a negative --orders) are refused too, and right values still parse to what the commands
use. Every converter that can fail, on every parser of the tree, is one of storepos.commands.values
(a `type=int` added later fails here) and has its case below.
"""

from __future__ import annotations

import argparse
import re
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from storepos.cli import build_parser, main
from storepos.commands import values
from storepos.i18n import current_locale, set_language

# Python's types and argparse's own wording of a failed converter: jargon for a head-office clerk.
_PYTHON_WORDS = re.compile(r"\b(int|float|UUID|uuid|fromisoformat|date\.|invalid|invalide|valeur)\b")
SECONDS_EN = "is not a number of seconds like 30 or 2.5 (more than 0, a day at most)"
SECONDS_FR = "n'est pas un nombre de secondes comme 30 ou 2.5 (plus de 0, un jour au plus)"
# (command, its other arguments, flag, wrong value, English, French): one per converter that can fail.
CASES = [
    ("central serve", ["--db", "x"], "--port", "abc",
     "'abc' is not a port number (1 to 65535)", "'abc' n'est pas un numéro de port (1 à 65535)"),
    ("central serve", ["--db", "x"], "--workers", "0",
     "'0' is not a whole number of 1 or more", "'0' n'est pas un nombre entier de 1 ou plus"),
    ("central smtp set", ["--db", "x", "--host", "mail.example", "--from", "a@b.example"],
     "--port", "65536",
     "'65536' is not a port number (1 to 65535)", "'65536' n'est pas un numéro de port (1 à 65535)"),
    ("central notify", ["--db", "x"], "--every", "x", f"'x' {SECONDS_EN}", f"'x' {SECONDS_FR}"),
    ("sync", [], "--interval", "0", f"'0' {SECONDS_EN}", f"'0' {SECONDS_FR}"),
    ("demo", ["--db", "x"], "--orders", "-1",
     "'-1' is not a whole number of 0 or more", "'-1' n'est pas un nombre entier de 0 ou plus"),
    ("demo", ["--db", "x"], "--seed", "1.5",
     "'1.5' is not a whole number", "'1.5' n'est pas un nombre entier"),
    ("demo", ["--db", "x"], "--today", "2025-13-01",
     "'2025-13-01' is not a date like 2025-02-01", "'2025-13-01' n'est pas une date comme 2025-02-01"),
    ("print jobs", ["--db", "x"], "--limit", "abc",
     "'abc' is not a whole number of 1 or more", "'abc' n'est pas un nombre entier de 1 ou plus"),
    ("print reprint", ["--db", "x"], "JOB", "zz",
     "'zz' is not a print job's id (as `storepos print jobs` shows them)",
     "'zz' n'est pas un identifiant de tâche d'impression (tel que l'affiche `storepos print jobs`)"),
]
LOSSLESS = (type(None), str, Path)  # what a flag's type may be without being one of ours


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    before = current_locale()
    yield
    set_language(before)


def refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2, argv
    err = capsys.readouterr().err
    assert err.startswith(("usage: storepos ", "utilisation : storepos ")), err
    return err.splitlines()[-1]


def typed(command: str, others: list[str], flag: str, value: str, *, glued: bool = False
          ) -> list[str]:
    """The command line; `glued`: --flag=VALUE (argparse takes "-inf" for an option otherwise)."""
    given = [value] if flag.isupper() else [f"{flag}={value}"] if glued else [flag, value]
    return [*command.split(), *given, *others]  # JOB, upper case, is a positional


def converters() -> Iterator[tuple[str, argparse.Action]]:
    """("central serve", its --port action), ...: every argument of the whole parser tree."""
    def walk(parser: argparse.ArgumentParser, path: list[str]) -> Iterator[tuple[str, argparse.Action]]:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    yield from walk(sub, [*path, name])
            else:
                yield " ".join(path), action
    return walk(build_parser(), [])


def flag_of(action: argparse.Action) -> str:
    return action.option_strings[-1] if action.option_strings else str(action.metavar)


@pytest.mark.parametrize(("command", "others", "flag", "value", "english", "french"), CASES,
                         ids=[f"{c[0]} {c[2]}" for c in CASES])
def test_a_value_typed_wrong_is_a_plain_sentence_in_english_and_french(
        command: str, others: list[str], flag: str, value: str, english: str, french: str,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    argv = typed(command, others, flag, value)
    monkeypatch.delenv("STOREPOS_LANG", raising=False)
    said = refused(argv, capsys)
    assert said == f"storepos {command}: error: argument {flag}: {english}"
    monkeypatch.setenv("STOREPOS_LANG", "fr_CA")
    dit = refused(argv, capsys)
    assert dit == f"storepos {command} : erreur : argument {flag} : {french}"
    assert not _PYTHON_WORDS.search(said) and not _PYTHON_WORDS.search(dit), (said, dit)


def test_every_converter_that_can_fail_is_ours_and_has_its_case() -> None:
    ours, foreign = set(), []
    for command, action in converters():
        if action.type is None or action.type in LOSSLESS:
            continue
        if getattr(action.type, "__module__", None) == values.__name__:
            ours.add((command, flag_of(action)))
        else:
            foreign.append(f"storepos {command} {flag_of(action)}: type={action.type!r}")
    assert not foreign, ("converters that name Python's types when they fail (use "
                         "storepos.commands.values):\n" + "\n".join(foreign))
    assert ours == {(c[0], c[2]) for c in CASES}


# What Python's int(), float() and date.fromisoformat() read, and what no flag should take.
ATTACKS = [
    ("central serve", ["--db", "x"], "--port", ["0", "-1", "65536", "8443.0", "", " ", "1e3",
                                                 "9" * 5000]),
    ("central serve", ["--db", "x"], "--workers", ["0", "-2", "1.0", "two"]),
    ("central notify", ["--db", "x", "--once"], "--every",
     ["0", "-0", "-30", "nan", "NaN", "inf", "-inf", "1e309", "86400.5", "30s", "2,5"]),
    ("sync", ["--once"], "--interval", ["0", "-1", "nan", "infinity", "1e300"]),
    ("demo", ["--db", "x"], "--orders", ["-1", "1e3", "1000.5", "mille"]),
    ("demo", ["--db", "x"], "--today", ["2025-02-30", "01/02/2025", "2025-2-1", "today", ""]),
    ("print jobs", ["--db", "x"], "--limit", ["0", "-5", "all"]),
    ("print reprint", ["--db", "x"], "JOB", ["1", "../../etc/passwd", "123e4567-e89b-12d3-a456",
                                             "g23e4567-e89b-12d3-a456-426614174000"]),
]


@pytest.mark.parametrize(("command", "others", "flag", "wrong"), ATTACKS,
                         ids=[f"{a[0]} {a[2]}" for a in ATTACKS])
def test_values_pythons_converters_read_but_no_flag_takes_are_refused(
        command: str, others: list[str], flag: str, wrong: list[str],
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STOREPOS_LANG", "fr_CA")
    for value in wrong:
        said = refused(typed(command, others, flag, value, glued=True), capsys)
        assert said.startswith(f"storepos {command} : erreur : argument {flag} : {value!r} n'est pas "), said
        assert not _PYTHON_WORDS.search(said), said


def parsed(command: str, *argv: str) -> argparse.Namespace:
    words = command.split()
    return build_parser(only=words[0]).parse_args([*words, *argv])


def test_right_values_still_parse_to_what_the_commands_use() -> None:
    job = uuid.uuid4()
    assert parsed("print jobs", "--limit", "5").limit == 5
    assert parsed("print jobs").limit == 30
    assert parsed("print reprint", str(job)).job == job
    assert parsed("print reprint", str(job).upper().replace("-", "")).job == job
    today = parsed("demo", "--today", "2025-02-01", "--orders", "0", "--seed", "-7")
    assert (today.today, today.orders, today.seed) == (date(2025, 2, 1), 0, -7)
    assert (parsed("demo").orders, parsed("demo").today) == (1_000, None)
    served = parsed("central serve", "--db", "x", "--port", "65535", "--workers", "3")
    assert (served.port, served.workers) == (65_535, 3)
    assert parsed("central serve", "--db", "x", "--port", "1").port == 1
    assert (parsed("central serve", "--db", "x").port, parsed("central serve", "--db", "x").workers) \
        == (8443, 1)
    smtp = parsed("central smtp set", "--db", "x", "--host", "h", "--port", "587", "--from", "a@b.c")
    assert smtp.port == 587
    assert parsed("central notify", "--db", "x", "--every", "2.5").every == 2.5
    assert parsed("sync", "--interval", "86400").interval == 86_400.0
    assert parsed("sync").interval == 30.0
