"""Every `storepos ... --help` in STOREPOS_LANG: `storepos --help`, each command's and each nested
step's (the parser tree walked, so a step added later is checked too), through the same `main`
the `storepos` command calls. In fr_CA no English word of the help texts or of argparse's frame
is left; what scripts type stays as it is (flags, metavars, step names, choices). A command line
typed wrong is refused in French, exit status 2, a flag's value typed wrong too (in a sentence of
storepos.commands.values, every such flag of the tree); with no STOREPOS_LANG everything is English.

The English words are those of the English help pages' texts and argparse's messages that no
French translation of the catalogue uses (a word both languages write, "options", "audit", is no
evidence). What is stripped before looking: the usage block, each argument's invocation
(`--db URL`, `STEP`, a step's name), choices `{A4,Letter}`, `code` and "quoted" literals,
METAVARS, --flags, and tokens with ':' '/' '_' '.' '$' or a digit (file:PATH, fr_CA, central.db).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from babel.messages.pofile import read_po

from storepos.cli import build_parser, main
from storepos.i18n import argparse_words, current_locale, set_language, speaking
from storepos.i18n.catalogues import LOCALE_DIR

_WORD = re.compile(r"[^\W\d_]{3,}")  # words of three letters or more ("de", "la" tell nothing)
_INVOCATION = re.compile(r"^ {2,4}\S+(?: \S+)*?(?: {2,}|$)")  # "  --db URL  " / "    init  "
_LITERAL = re.compile(r"\{[^{}]*\}|`[^`]*`|\"[^\"]*\"")  # not '...': French elides with "'"
_CODE = re.compile(r"\S*[:/_.$\d=]\S*|(?<!\w)--?\w[\w-]*|\b[A-Z][A-Z0-9|-]+\b")


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    before = current_locale()
    yield
    set_language(before)


def parsers() -> Iterator[tuple[list[str], argparse.ArgumentParser, list[argparse.Action]]]:
    """([] for storepos, ["central", "store", "add"], ...), each parser and its steps' entries:
    the whole tree, walked."""
    def walk(parser: argparse.ArgumentParser, path: list[str]
             ) -> Iterator[tuple[list[str], argparse.ArgumentParser, list[argparse.Action]]]:
        steps = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        yield path, parser, [entry for a in steps for entry in a._get_subactions()]
        for action in steps:
            for name, sub in action.choices.items():
                yield from walk(sub, [*path, name])
    return walk(build_parser(), [])


def typed_values() -> Iterator[tuple[list[str], argparse.Action]]:
    """(["print", "jobs"], its --limit), ...: every argument of the tree whose value is converted by
    one of storepos.commands.values (refused in a sentence of ours when typed wrong)."""
    for path, parser, _steps in parsers():
        for action in parser._actions:
            if getattr(action.type, "__module__", None) == "storepos.commands.values":
                yield path, action


def typed_wrong(path: list[str], action: argparse.Action) -> list[str]:
    """The command line with "zz" as the value: no whole number, port, seconds, date or job id."""
    return [*path, *action.option_strings[-1:], "zz"]


def help_paths() -> list[list[str]]:
    return [path for path, _parser, _steps in parsers()]


def shown_help(path: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exited:
        main([*path, "--help"])
    assert exited.value.code == 0, path
    return capsys.readouterr().out


def words_for_people(text: str, *, page: bool) -> set[str]:
    """The words of a help page (or of a message), without what is typed or shown as code."""
    if page:
        text = text.split("\n\n", 1)[1] if "\n\n" in text else ""  # the usage block: names, flags
        text = "\n".join(_INVOCATION.sub("", line) for line in text.splitlines())
    text = _CODE.sub(" ", _LITERAL.sub(" ", text))
    return {w.lower() for w in _WORD.findall(text)}


def _english_texts() -> list[str]:
    """The help texts and descriptions of every parser, built in English, argparse's words and our
    refusals of a value typed wrong (storepos.commands.values)."""
    texts = [*argparse_words.HELP_WORDS, *argparse_words.ERRORS]
    with speaking("en_CA"):
        for _path, parser, steps in parsers():
            texts += [parser.description or "", *(a.help or "" for a in [*parser._actions, *steps])]
        for _path, action in typed_values():
            assert callable(action.type)
            with pytest.raises(argparse.ArgumentTypeError) as refused:
                action.type("zz")
            texts.append(str(refused.value))
    return texts


@pytest.fixture(scope="module")
def english_words() -> set[str]:
    english: set[str] = set()
    for text in _english_texts():
        english |= words_for_people(text.replace("%(prog)s", " "), page=False)
    french: set[str] = set()
    for part in (LOCALE_DIR / "fr_CA" / "LC_MESSAGES").glob("*.po"):
        with part.open("rb") as handle:
            for message in read_po(handle, locale="fr_CA"):
                for text in message.string if isinstance(message.string, tuple) else (
                        message.string,):
                    french |= words_for_people(text or "", page=False)
    return english - french


def test_every_help_page_in_french_holds_no_english_word(
        english_words: set[str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert {"the", "store", "till", "show", "exit", "positional", "following"} <= english_words
    paths = help_paths()
    names = {" ".join(p) for p in paths}
    assert len(paths) >= 59 and {"", "central", "central store add", "print jobs", "report day",
                                 "central cancellation release", "policy evaluate"} <= names
    monkeypatch.setenv("STOREPOS_LANG", "fr_CA")
    leaks, pages = [], {}
    for path in paths:
        page = shown_help(path, capsys)
        pages[" ".join(path)] = page
        assert page.startswith(f"utilisation : storepos {' '.join(path)}".rstrip()), page
        assert "\noptions :\n" in page and "afficher ce message d'aide et quitter" in page, page
        left = sorted(words_for_people(page, page=True) & english_words)
        if left:
            leaks.append(f"storepos {' '.join(path)} --help: {', '.join(left)}")
    assert not leaks, "English left in the French help:\n" + "\n".join(leaks)
    assert "arguments positionnels :" in pages["central"]
    assert "VÉRIFIEZ D'ABORD AUPRÈS DU MAGASIN" in " ".join(pages["central cancellation release"].split())


def test_the_check_finds_the_english_of_the_english_pages(
        english_words: set[str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The same look at the English pages finds their English (the check has teeth), and leaves
    alone what is typed: flags, metavars, step names, choices."""
    monkeypatch.delenv("STOREPOS_LANG", raising=False)
    page = shown_help(["central", "store", "add"], capsys)
    found = words_for_people(page, page=True) & english_words
    assert {"the", "store", "name", "offline", "address", "opening"} <= found
    assert not {"db", "url", "timezone", "email"} & words_for_people(page, page=True)
    printed = shown_help(["print", "demo"], capsys)
    assert not {"refund", "exchange", "pickup", "gift"} & words_for_people(printed, page=True)


def test_a_command_typed_wrong_is_refused_in_french(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STOREPOS_LANG", "fr_CA")

    def refused(*argv: str) -> list[str]:
        with pytest.raises(SystemExit) as exited:
            main(list(argv))
        assert exited.value.code == 2
        return capsys.readouterr().err.splitlines()

    missing = refused("central", "store", "add")
    assert missing[0].startswith("utilisation : storepos central store add [-h] --db URL")
    assert missing[-1] == ("storepos central store add : erreur : les arguments suivants sont "
                           "obligatoires : --db, --code, --name, --locale, --currency, --timezone, "
                           "--policy")
    assert refused("print", "jobs", "--limit", "beaucoup")[-1] == (
        "storepos print jobs : erreur : argument --limit : 'beaucoup' n'est pas un nombre entier "
        "de 1 ou plus")
    assert refused("central", "orders", "import", "--db", "x", "--format", "csv", "f.json")[-1] \
        .startswith("storepos central orders import : erreur : argument --format : choix "
                    "invalide : 'csv'")
    assert refused("report", "day", "--nope")[-1] == (
        "storepos : erreur : arguments non reconnus : --nope")  # the top parser finds it
    step = refused("central", "magasin")[-1]
    assert step.startswith("storepos central : erreur : argument STEP : choix invalide : 'magasin'")


def test_every_value_typed_wrong_is_refused_with_no_english_word(
        english_words: set[str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each flag whose value has a form (a port, seconds, a date, a job id), the tree walked: the
    French refusal holds no English word (nor argparse's "valeur int invalide"); the same look at
    the English one finds its English."""
    typed = list(typed_values())
    assert len(typed) >= 10 and {"--port", "--today", "JOB"} <= {
        a.option_strings[-1] if a.option_strings else a.metavar for _p, a in typed}

    def refusal(argv: list[str]) -> str:
        with pytest.raises(SystemExit) as exited:
            main(argv)
        assert exited.value.code == 2
        return capsys.readouterr().err.splitlines()[-1]

    monkeypatch.setenv("STOREPOS_LANG", "fr_CA")
    leaks = []
    for path, action in typed:
        said = refusal(typed_wrong(path, action))
        flag = action.option_strings[-1] if action.option_strings else action.metavar
        frame = f"storepos {' '.join(path)} : erreur : argument {flag} : 'zz' n'est pas "
        assert said.startswith(frame) and "invalide" not in said, said
        left = words_for_people(said.removeprefix(frame), page=False) & english_words
        if left:
            leaks.append(f"{said}: {', '.join(sorted(left))}")
    assert not leaks, "English left in the French refusals:\n" + "\n".join(leaks)
    monkeypatch.delenv("STOREPOS_LANG")
    set_language("en_CA")
    english = refusal(["print", "jobs", "--limit", "zz"])
    assert english.startswith("storepos print jobs: error: argument --limit: 'zz' is not a whole ")
    assert {"not", "whole", "number", "more"} <= words_for_people(english, page=False) & english_words


def test_the_storepos_command_itself_speaks_french_and_english() -> None:
    """The installed command's way in (python -m storepos, its own process and environment)."""
    env = {k: v for k, v in os.environ.items() if k != "STOREPOS_LANG"}
    french = subprocess.run([sys.executable, "-m", "storepos", "central", "store", "add"],
                            capture_output=True, text=True, env={**env, "STOREPOS_LANG": "fr_CA"})
    assert french.returncode == 2
    assert french.stderr.splitlines()[-1].startswith(
        "storepos central store add : erreur : les arguments suivants sont obligatoires : --db")
    english = subprocess.run([sys.executable, "-m", "storepos", "central", "--help"],
                             capture_output=True, text=True, env=env)
    assert english.returncode == 0 and english.stdout.startswith("usage: storepos central")
    assert "\noptions:\n" in english.stdout and "show this help message and exit" in english.stdout
    assert "head office: the central schema" in english.stdout


def test_english_stays_english_after_a_french_run(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """argparse is pointed at storepos.i18n for the whole process: it follows the language of the
    moment, so an English run after a French one (tests, a long-lived process) is English."""
    monkeypatch.setenv("STOREPOS_LANG", "fr_CA")
    assert shown_help(["report", "day"], capsys).startswith("utilisation : ")
    set_language("en_CA")
    monkeypatch.delenv("STOREPOS_LANG")
    english = shown_help(["report", "day"], capsys)
    assert english.startswith("usage: storepos report day")
    assert "the X report of today, or the Z report of a closed day" in english
    assert "\noptions:\n" in english and "show this help message and exit" in english
    with pytest.raises(SystemExit):
        main(["central", "store", "add"])
    assert capsys.readouterr().err.splitlines()[-1].startswith(
        "storepos central store add: error: the following arguments are required: --db")


def test_the_storepos_app_command_speaks_french_with_the_app_command_s_options() -> None:
    """`storepos-app` (what a desktop's menu opens), through its installed entry point in its own
    process: the help of `storepos app`, whole (--choose, --self-test), in STOREPOS_LANG."""
    env = {k: v for k, v in os.environ.items() if k != "STOREPOS_LANG"}
    by_entry_point = ("import sys\nfrom importlib.metadata import entry_points\n"
                      "(app,) = entry_points(group='gui_scripts', name='storepos-app')\n"
                      "raise SystemExit(app.load()())")

    def app_help(**language: str) -> str:
        shown = subprocess.run([sys.executable, "-c", by_entry_point, "--help"],
                               capture_output=True, text=True, env={**env, **language})
        assert shown.returncode == 0, shown.stderr
        return shown.stdout

    french = app_help(STOREPOS_LANG="fr_CA")
    assert french.startswith("utilisation : storepos app [-h] [--db PATH] [--choose]"), french
    assert "\noptions :\n" in french and "afficher ce message d'aide et quitter" in french
    assert "ouvrir l'application de caisse" in french and "--self-test" in french
    english = app_help()
    assert english.startswith("usage: storepos app [-h] [--db PATH] [--choose]"), english
    assert "open the counter app" in english and "show this help message and exit" in english
