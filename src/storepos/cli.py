"""`storepos ...`: the command line. Never imports Qt; each command module is imported only when run.

With no sub-command (or only the app's options, `storepos --choose`), `storepos` opens the counter
app (imported lazily, so the rest stays headless).

What the commands say to staff is worded in `STOREPOS_LANG` (``fr_CA``: French), English when it
is unset. What scripts read stays as it is in every language: JSON, ids, codes and exit statuses.
"""

from __future__ import annotations

import os
import sys

from storepos.i18n import N_, _, set_language

TYPE_CHECKING = False  # typing is not imported: `policy evaluate` is started in loops (issue 15)
if TYPE_CHECKING:  # argparse is imported when a parser is built: `policy evaluate` builds none
    import argparse
    from collections.abc import Sequence

# sub-command -> module in storepos.commands that defines `add_arguments(parser)` and `run(args)`,
# and what it does in words (translated when the parser is built, in STOREPOS_LANG).
COMMANDS: dict[str, tuple[str, str]] = {
    "policy": ("policy", N_("evaluate return-policy cases, list and explain the policies")),
    "demo": ("demo", N_("make a demo chain of stores, staff and orders in a local database")),
    "printer": ("printer", N_("list the printer models and this till's printers; test a printer")),
    "print": ("print_", N_("print demo documents, see the print queue, reprint a job")),
    "setup": ("setup", N_("enrol this till with head office's central service (a one-time code)")),
    "sync": ("sync", N_("push this till's changes to the central database and pull what changed")),
    "orders": ("orders", N_("the support desk's answer: an order, its lines, each line's return decision")),
    "report": ("report", N_("this till's day: the X report, or the Z report of a closed day")),
    "audit": ("audit", N_("check this till's audit chain: any edited, deleted or reordered row")),
    "central": ("central", N_("head office: the central schema, stores, till enrolment, the service")),
    "app": ("app", N_("open the counter app (the default when no command is given)")),
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with `only` the one sub-command being run (its module alone is
    imported, and the others' parsers are not even built: `storepos policy evaluate` is run in
    loops by scripts, and every argparse parser costs)."""
    import importlib

    from storepos.i18n.argparse_words import ArgumentParser, speak_argparse

    speak_argparse()  # "usage: ", "options", its errors: in the reader's language too
    parser = ArgumentParser(prog="storepos", description=_("storepos point of sale"))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_mark) in COMMANDS.items():
        if only is not None and only != name:
            continue
        help_text = _(help_mark)
        sub = subparsers.add_parser(name, help=help_text, description=help_text)
        if only is None or only == name:  # import only the command being run
            module = importlib.import_module(f"storepos.commands.{module_name}")
            module.add_arguments(sub)
            sub.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    language = os.environ.get("STOREPOS_LANG", "").strip()
    if language:
        set_language(language)
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0].startswith("-") and args_list[0] not in ("-h", "--help")):
        # `storepos --choose`, `storepos --db PATH`, `storepos --self-test`: options of the app
        args_list = ["app", *args_list]
    quick = _policy_evaluate_args(args_list)
    if quick is not None:
        return _policy_evaluate(*quick, whole_process=argv is None)
    first = args_list[0]
    parser = build_parser(only=first if first in COMMANDS else None)
    args = parser.parse_args(args_list)
    module = getattr(args, "_module", None)
    if module is None:
        parser.print_help()
        return 2
    return int(module.run(args) or 0)


def app_main(argv: Sequence[str] | None = None) -> int:
    """`storepos-app` (what a desktop's menu or dock opens): `storepos app` with the same options,
    its help and errors in STOREPOS_LANG like every command's."""
    return main(["app", *(sys.argv[1:] if argv is None else argv)])


def _policy_evaluate(file: str, policy: str | None, *, whole_process: bool) -> int:
    """`policy evaluate`, run by scripts in loops: its costs beyond the work itself are cut.

    The cyclic garbage collector is off while it runs: a thousand cases make some 100,000 objects
    and no cycles (reference counting frees them), and the input is bounded (MAX_INPUT_BYTES), so
    its passes over the growing heap only cost time. When it is the whole process (the `storepos`
    command, its own standard output), its answer flushed is its last act: the interpreter's
    teardown (a final collection, every module freed) is skipped with os._exit."""
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        from storepos.commands.policy import evaluate_command

        code = evaluate_command(file, policy)
    finally:
        if collecting:
            gc.enable()
    own_streams = sys.stdout is sys.__stdout__ and sys.stderr is sys.__stderr__
    if whole_process and own_streams:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # a closed pipe: the interpreter's own exit reports it, as it always has
            return code
        os._exit(code)
    return code


def _policy_evaluate_args(args: list[str]) -> tuple[str, str | None] | None:
    """(FILE, --policy NAME) of a plain `policy evaluate FILE [--policy NAME]`, read without argparse
    (importing and building it is a good part of a run that scripts repeat in loops); None for
    anything else (help, an error, another command, an unusual spelling): argparse answers those."""
    if args[:2] != ["policy", "evaluate"]:
        return None
    rest, file, policy = args[2:], None, None
    while rest:
        word = rest.pop(0)
        if word == "--policy" and rest and policy is None and not rest[0].startswith("-"):
            policy = rest.pop(0)
        elif word.startswith("--policy=") and policy is None and len(word) > len("--policy="):
            policy = word[len("--policy="):]
        elif file is None and (word == "-" or not word.startswith("-")):
            file = word
        else:
            return None
    return None if file is None else (file, policy)


if __name__ == "__main__":
    raise SystemExit(main())
