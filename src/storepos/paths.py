"""Where shipped data and the user's data live. Standard library only, cheap to import."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def shipped_dir(name: str) -> Path:
    """`resources` or `printers`: inside the installed wheel, or at the top of a source checkout."""
    packaged = _PACKAGE_DIR / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent.parent / name  # editable install: src/storepos -> repository root


def resources_dir() -> Path:
    return shipped_dir("resources")


def printers_dir() -> Path:
    return shipped_dir("printers")


def user_data_dir() -> Path:
    """The per-user folder for the local database and settings (STOREPOS_HOME overrides it)."""
    override = os.environ.get("STOREPOS_HOME")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "storepos"


def user_cache_dir() -> Path:
    """The per-user folder for what can be made again (STOREPOS_HOME: its `cache` folder)."""
    override = os.environ.get("STOREPOS_HOME")
    if override:
        return Path(override) / "cache"
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
        return base / "storepos" / "cache"
    if sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "storepos"


def default_database_path() -> Path:
    return user_data_dir() / "store.db"


def embedded_central_path(db_path: Path) -> Path:
    """The embedded central database beside a till's (a single store, or the demo)."""
    return db_path.with_name("central.db")
