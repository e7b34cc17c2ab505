"""A quicker answer to PySide6's question about each module imported after it.

PySide6 (6.4 on) hooks `__import__`: every module imported once Qt is loaded is checked for the
word "PySide6" (does it use `from __feature__ import ...`?) by `inspect.getsource`, which reads
it through linecache and the tokenizer. The counter app imports some 300 modules after Qt
(SQLAlchemy, the models, the services), and that reading cost about 0.1 s of CPU before sign-in
was ready. The same question is answered here by a plain read of the source file's bytes: the
same answer for every source module (ASCII in any encoding Python reads), the upstream check for
anything else (no file, compiled only). Without PySide6's hook (another version) nothing changes.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

MARK = "_storepos_quick"


def quicker_feature_check() -> bool:
    """Install the quicker check (idempotent); False when PySide6 has no such hook to speed up."""
    import PySide6  # noqa: F401  (loads shiboken, which installs the hook)

    feature: Any = sys.modules.get("shibokensupport.feature")
    upstream = getattr(feature, "_mod_uses_pyside", None)
    if upstream is None:
        return False
    if getattr(upstream, MARK, False):
        return True

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(upstream(module))
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(upstream(module))

    uses_pyside.__dict__.update({MARK: True, "upstream": upstream})  # "upstream": for the test
    feature._mod_uses_pyside = uses_pyside
    return True
