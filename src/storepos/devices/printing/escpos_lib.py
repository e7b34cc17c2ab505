"""The one place python-escpos is imported, on first use, with its import-time side effects tamed.

Importing escpos calls `logging.basicConfig()` (a handler on the root logger), makes a temporary
folder for its capabilities pickle, and takes 0.3-0.4 s. Here the pickle goes to a cache folder that
is kept (so later imports take about 0.1 s) and the root logger is left as it was.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

_lock = threading.Lock()
_modules: dict[str, ModuleType] = {}


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "storepos" / "escpos"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    except OSError:
        return Path(tempfile.gettempdir())


def escpos() -> dict[str, ModuleType]:
    """{"escpos": ..., "printer": ..., "capabilities": ..., "constants": ...}, imported once."""
    if _modules:
        return _modules
    with _lock:
        if _modules:
            return _modules
        os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(_cache_dir()))
        root = logging.getLogger()
        handlers = list(root.handlers)
        try:
            import escpos.capabilities as capabilities
            import escpos.constants as constants
            import escpos.escpos as core
            import escpos.printer as printer
        finally:
            for handler in list(root.handlers):
                if handler not in handlers:
                    root.removeHandler(handler)
        _modules.update(escpos=core, printer=printer, capabilities=capabilities,
                        constants=constants)
    return _modules


_profiles: dict[tuple[str, tuple[tuple[str, Any], ...]], Any] = {}


def profile_for(profile_name: str, dots: int, features: dict[str, bool]) -> Any:
    """A python-escpos profile for a printer definition: the named profile's data, with the
    definition's width and features (a generic 58 mm mechanism does print QR and CODE128)."""
    key = (profile_name, (("dots", dots), *sorted(features.items())))
    cached = _profiles.get(key)
    if cached is not None:
        return cached
    caps = escpos()["capabilities"]
    base = caps.get_profile_class(profile_name).profile_data
    data = dict(base)
    data["features"] = {**base.get("features", {}), **features}
    media = dict(base.get("media", {}))
    media["width"] = {**media.get("width", {}), "pixels": dots}
    data["media"] = media
    name = f"Storepos{caps.clean(profile_name)}Profile"
    cls = type(name, (caps.Profile,), {"profile_data": data})
    profile = cls(features=data["features"])
    _profiles[key] = profile
    return profile
