"""What `tomllib.loads` made of each policy file, kept between runs: `policy evaluate` is started in
loops by scripts (issue 15), and tomllib's import (with typing) and parsing were a tenth of a run.

Only the TOML step is kept: every check of `loader.parse_policy` still runs on the tables, so a
policy reads exactly as from its file. An entry is used only for the same path with the very same
text and the same Python (tomllib's version); a changed file, a new Python or an unreadable cache
file means the file is parsed again. The tables are stored with `marshal` (no code is run on
reading); a file holding a TOML date or time is not kept. Writing is best effort: a read-only or
missing cache folder only means parsing every run. The files are the source of truth.

One cache file per policy file, so a run reads only the entries of the files it loads: one file for
every path ever read grew with each checkout and test folder (41 entries, 146 kB, after an hour
of tests here), and every run read them all. An entry not written for PRUNE_AFTER_DAYS is removed
when another is written (a file still in use is parsed once more and kept again).
"""

from __future__ import annotations

import itertools
import marshal
import os
import sys
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_FORMAT = 2
_SUFFIX = ".marshal"
PRUNE_AFTER_DAYS = 30
_WRITES = itertools.count()  # each write its own temporary file, whichever thread or process


class ParsedToml:
    """The tables of policy files by path and text, one file each in the folder `cache_folder`."""

    def __init__(self, cache_folder: str) -> None:
        self.cache_folder = cache_folder

    def file_for(self, path: str) -> str:
        """The cache file of the policy file at `path`: its whole path in one name (its last 180
        characters; two paths that end alike share a file, each read again when the other wrote it)."""
        name = path.replace("/", "%").replace("\\", "%").replace(":", "%")[-180:]
        return os.path.join(self.cache_folder, name + _SUFFIX)

    def get(self, path: str, text: str) -> dict[str, Any] | None:
        """The tables tomllib made of `text` at `path`, if kept; None otherwise."""
        try:
            with open(self.file_for(path), "rb") as file:
                kept = marshal.load(file)
        except (OSError, EOFError, ValueError, TypeError):
            return None
        if (type(kept) is tuple and len(kept) == 5 and kept[0] == _FORMAT and kept[1] == sys.version
                and kept[2] == path and kept[3] == text and type(kept[4]) is dict):
            return kept[4]
        return None  # another Python, another path with the same checksum, a changed file

    def put(self, path: str, text: str, tables: dict[str, Any]) -> None:
        """Keep `tables` (tomllib's answer for `text` at `path`) for the next runs."""
        try:
            content = marshal.dumps((_FORMAT, sys.version, path, text, tables))
        except ValueError:  # a TOML date or time: parsed every run
            return
        target = self.file_for(path)
        temporary = f"{target}.{os.getpid()}-{next(_WRITES)}.tmp"
        try:
            os.makedirs(self.cache_folder, exist_ok=True)
            with open(temporary, "wb") as file:
                file.write(content)
            os.replace(temporary, target)  # another run reads the old file or the new, whole
        except OSError:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            return
        self._prune(keep=target)

    def _prune(self, keep: str) -> None:
        """Remove the entries not written for PRUNE_AFTER_DAYS (and temporary files left by a crash)."""
        oldest = time.time() - PRUNE_AFTER_DAYS * 86400
        try:
            entries = list(os.scandir(self.cache_folder))
        except OSError:
            return
        for entry in entries:
            if entry.path == keep or not (entry.name.endswith(_SUFFIX) or entry.name.endswith(".tmp")):
                continue
            try:
                if entry.stat().st_mtime < oldest:
                    os.unlink(entry.path)
            except OSError:
                pass
