"""argparse's own words ("usage: ", "options", "the following arguments are required: %s") in the
reader's language, as the command line's help texts are.

argparse words them with its module globals ``_`` and ``ngettext`` (gettext's, which find no
catalogue: English). :func:`speak_argparse` points them at :mod:`storepos.i18n`, so they follow
the current locale like every other message. Their msgids are listed below exactly as argparse
spells them, in every Python from 3.11 on (each version adds or drops a few), so that the
catalogue's extraction sees them and the catalogue test asks for their French;
``tests/unit/i18n/test_argparse_words.py`` checks this list against the running argparse.py.

Imported only where a parser is built: `storepos policy evaluate` imports no argparse (issue 15).
"""

from __future__ import annotations

import argparse
from typing import Any

from storepos.i18n import N_, N_plural, gettext, ngettext

# What staff read: the help's frame, and the errors of a command line typed wrong.
HELP_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("subcommands"),
    N_("%(heading)s:"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_(" (default: %(default)s)"),
)
ERRORS = (
    N_("%(prog)s: error: %(message)s\n"),
    N_("%(prog)s: warning: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("unexpected option string: %s"),
    N_('argument "-" with mode %r'),
    N_("can't open '%(filename)s': %(error)s"),
    N_("command '%(parser_name)s' is deprecated"),
    N_("option '%(option)s' is deprecated"),
    N_("argument '%(argument_name)s' is deprecated"),
)
# A parser built wrong (a programmer's mistake, raised as an exception): argparse before 3.14
# words these through gettext too.
BUILD_ERRORS = (
    N_("%r is not callable"),
    N_("'required' is an invalid argument for positionals"),
    N_(".__call__() not defined"),
    N_("cannot have multiple subparser arguments"),
    N_("cannot merge actions - two groups are named %r"),
    N_("conflicting subparser: %s"),
    N_("conflicting subparser alias: %s"),
    N_("dest= is required for options like %r"),
    N_("invalid conflict_resolution value: %r"),
    N_("invalid option string %(option)r: must start with a character %(prefix_chars)r"),
    N_("mutually exclusive arguments must be optional"),
)
PLURALS = (
    N_plural("expected %s argument", "expected %s arguments"),
    N_plural("conflicting option string: %s", "conflicting option strings: %s"),
)

# Python 3.13 words a section's heading with gettext ("%(heading)s:"); before, the colon was glued.
# Asked of argparse itself, not of the version number: a patch release may carry the change.
_HEADINGS_WORDED = "%(heading)s:" in argparse.HelpFormatter._Section.format_help.__code__.co_consts


def speak_argparse() -> None:
    """argparse says its words through storepos.i18n from now on (in the current locale, English
    included: the source words as argparse spells them)."""
    setattr(argparse, "_", gettext)  # noqa: B010  (typeshed does not declare argparse._)
    setattr(argparse, "ngettext", ngettext)  # noqa: B010


class HelpFormatter(argparse.HelpFormatter):
    """The help's section headings as the reader's language writes a heading: "options :" in
    French on every Python (3.13 asks gettext for "%(heading)s:" itself; 3.11 and 3.12 glue ":")."""

    def start_section(self, heading: str | None) -> None:
        if heading and not _HEADINGS_WORDED:
            worded = gettext("%(heading)s:") % {"heading": heading}
            heading = worded.removesuffix(":")  # argparse adds it back
        super().start_section(heading)


class ArgumentParser(argparse.ArgumentParser):
    """argparse's parser with :class:`HelpFormatter`; its sub-commands' parsers are of this class
    too (argparse makes them with ``type(self)``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)
