"""Where shipped data and the user's data live. Standard library only, cheap to import."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

# Worked out as strings (os.path): pathlib, with urllib.parse and ipaddress behind it, is imported
# only when a Path is asked for; `storepos policy evaluate` is started in loops (issue 15).
_PACKAGE_DIR = os.path.dirname(os.path.realpath(__file__))


def shipped_folder(name: str) -> str:
    """`resources` or `printers`: inside the installed wheel, or at the top of a source checkout."""
    packaged = os.path.join(_PACKAGE_DIR, name)
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(_PACKAGE_DIR)), name)  # editable: src/storepos


def shipped_dir(name: str) -> Path:
    from pathlib import Path

    return Path(shipped_folder(name))


def resources_dir() -> Path:
    return shipped_dir("resources")


def printers_dir() -> Path:
    return shipped_dir("printers")


def _home() -> str:
    return os.path.expanduser("~")


def user_data_folder() -> str:
    """The per-user folder for the local database and settings (STOREPOS_HOME overrides it)."""
    override = os.environ.get("STOREPOS_HOME")
    if override:
        return override
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA", os.path.join(_home(), "AppData", "Local"))
    elif sys.platform == "darwin":
        base = os.path.join(_home(), "Library", "Application Support")
    else:
        base = os.environ.get("XDG_DATA_HOME", os.path.join(_home(), ".local", "share"))
    return os.path.join(base, "storepos")


def user_data_dir() -> Path:
    from pathlib import Path

    return Path(user_data_folder())


def user_cache_folder() -> str:
    """The per-user folder for what can be made again (STOREPOS_HOME: its `cache` folder)."""
    override = os.environ.get("STOREPOS_HOME")
    if override:
        return os.path.join(override, "cache")
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA", os.path.join(_home(), "AppData", "Local"))
        return os.path.join(base, "storepos", "cache")
    if sys.platform == "darwin":
        return os.path.join(_home(), "Library", "Caches", "storepos")
    return os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.join(_home(), ".cache")), "storepos")


def user_cache_dir() -> Path:
    from pathlib import Path

    return Path(user_cache_folder())


def default_database_path() -> Path:
    return user_data_dir() / "store.db"


def embedded_central_path(db_path: Path) -> Path:
    """The embedded central database beside a till's (a single store, or the demo)."""
    return db_path.with_name("central.db")
