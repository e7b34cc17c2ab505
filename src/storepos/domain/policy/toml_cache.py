"""What `tomllib.loads` made of each policy file, kept between runs: `policy evaluate` is started in
loops by scripts (issue 15), and tomllib's import (with typing) and parsing were a tenth of a run.

Only the TOML step is kept: every check of `loader.parse_policy` still runs on the tables, so a
policy reads exactly as from its file. An entry is used only for the same path with the very same
text and the same Python (tomllib's version); a changed file, a new Python or an unreadable cache
file means the file is parsed again. The tables are stored with `marshal` (no code is run on
reading); a file holding a TOML date or time is not kept. Writing is best effort: a read-only or
missing cache folder only means parsing every run. The files are the source of truth.
"""

from __future__ import annotations

import itertools
import marshal
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_FORMAT = 1
_WRITES = itertools.count()  # each write its own temporary file, whichever thread or process


class ParsedToml:
    """The tables of policy files by path and text, in the file `cache_file`."""

    def __init__(self, cache_file: str) -> None:
        self.cache_file = cache_file
        self._entries: dict[str, tuple[str, dict[str, Any]]] | None = None

    def _read(self) -> dict[str, tuple[str, dict[str, Any]]]:
        if self._entries is None:
            self._entries = {}
            try:
                with open(self.cache_file, "rb") as file:
                    kept = marshal.load(file)
            except (OSError, EOFError, ValueError, TypeError):
                return self._entries
            if (type(kept) is tuple and len(kept) == 3 and kept[0] == _FORMAT and kept[1] == sys.version
                    and type(kept[2]) is dict):
                self._entries = {path: entry for path, entry in kept[2].items()
                                 if type(path) is str and type(entry) is tuple and len(entry) == 2
                                 and type(entry[0]) is str and type(entry[1]) is dict}
        return self._entries

    def get(self, path: str, text: str) -> dict[str, Any] | None:
        """The tables tomllib made of `text` at `path`, if kept; None otherwise."""
        entry = self._read().get(path)
        return entry[1] if entry is not None and entry[0] == text else None

    def put(self, path: str, text: str, tables: dict[str, Any]) -> None:
        """Keep `tables` (tomllib's answer for `text` at `path`) for the next runs."""
        entries = self._read()
        try:
            marshal.dumps(tables)
        except ValueError:  # a TOML date or time: parsed every run
            return
        entries[path] = (text, tables)
        temporary = f"{self.cache_file}.{os.getpid()}-{next(_WRITES)}.tmp"
        try:
            os.makedirs(os.path.dirname(self.cache_file) or ".", exist_ok=True)
            with open(temporary, "wb") as file:
                marshal.dump((_FORMAT, sys.version, entries), file)
            os.replace(temporary, self.cache_file)  # another run reads the old file or the new, whole
        except OSError:
            try:
                os.unlink(temporary)
            except OSError:
                pass
