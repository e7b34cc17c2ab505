"""What the command line's flags take (whole numbers, ports, seconds, dates, print job ids), each
refused in a plain sentence in the reader's language when typed wrong.

Given ``type=int``, argparse refuses "abc" naming the converter, a Python type: "invalid int value:
'abc'" ("valeur int invalide"). These converters raise :class:`argparse.ArgumentTypeError`
instead, whose words argparse shows as they are: "argument --port: 'abc' is not a port number (1 to
65535)", exit status 2 as before. Use them as a flag's ``type=``; ``Path`` never fails and stays.
tests/integration/test_cli_values.py walks every parser and fails on a converter that can fail
and is not one of these. `add_central_db` is the `--db URL` head office's commands all take.
"""

from __future__ import annotations

import argparse
import math
import uuid
from collections.abc import Callable
from datetime import date

from storepos.i18n import _

PORTS = range(1, 65536)
# Between passes of a loop (sync, customers' e-mails): more than a day is no schedule, and far
# beyond it threading's waits overflow (a traceback instead of a refusal).
LONGEST_WAIT_S = 86_400.0


def whole_number(*, at_least: int | None = None) -> Callable[[str], int]:
    """A whole number ("12"), or with `at_least` one of at least that (a count, a limit)."""

    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if at_least is None:
            if value is None:
                raise argparse.ArgumentTypeError(
                    _("{value!r} is not a whole number").format(value=text))
        elif value is None or value < at_least:
            raise argparse.ArgumentTypeError(
                _("{value!r} is not a whole number of {least} or more").format(
                    value=text, least=at_least))
        return value

    return convert


def port(text: str) -> int:
    """A TCP port: a whole number from 1 to 65535."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value not in PORTS:
        raise argparse.ArgumentTypeError(
            _("{value!r} is not a port number (1 to 65535)").format(value=text))
    return value


def seconds(text: str) -> float:
    """A wait between passes, in seconds: more than 0 and a day at most ("30", "2.5"); not "nan"
    or "inf", which float() reads."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value <= LONGEST_WAIT_S:  # nan compares false: refused too
        raise argparse.ArgumentTypeError(
            _("{value!r} is not a number of seconds like 30 or 2.5 (more than 0, a day at most)")
            .format(value=text))
    return value


def day(text: str) -> date:
    """A date as ISO 8601 writes it, 2025-02-01 (what date.fromisoformat reads)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value!r} is not a date like 2025-02-01").format(value=text)) from None


def print_job_id(text: str) -> uuid.UUID:
    """A print job's id, as `storepos print jobs` shows it (a UUID)."""
    try:
        return uuid.UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value!r} is not a print job's id (as `storepos print jobs` shows them)")
            .format(value=text)) from None


def add_central_db(parser: argparse.ArgumentParser) -> None:
    """`--db URL` (required): the central database a head-office command works on."""
    parser.add_argument("--db", required=True, metavar="URL",
                        help=_("the central database: a URL, or an SQLite file's path"))
