"""Before Qt starts: the system libraries its window needs, named in words when one is missing.

Qt's own answer to a missing library is a plugin error ("could not load the Qt platform plugin
xcb") that names neither the library nor the package. A stock Linux desktop image lacks a few of
the xcb helper libraries that Qt 6 needs (libxcb-cursor0 first of all), so the app looks for them
itself and says which `apt-get install` brings them. Standard library only: this runs before
PySide6 is imported.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

# Libraries every Qt GUI loads (QtGui links them), with the Debian/Ubuntu package of each.
GUI_LIBRARIES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libdbus-1.so.3": "libdbus-1-3",
}

# Libraries of Qt's xcb platform plugin (X11 desktops), from `ldd libQt6XcbQpa.so.6`.
XCB_LIBRARIES = {
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def uses_xcb(environ: Mapping[str, str]) -> bool:
    """Whether Qt will draw through X11: asked for by name, or the default where no Wayland runs."""
    platform = environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if platform:
        return platform == "xcb" or platform.startswith("xcb;")
    return not environ.get("WAYLAND_DISPLAY")


def missing_libraries(environ: Mapping[str, str] | None = None,
                      loads: Callable[[str], bool] = _loads,
                      platform: str | None = None) -> dict[str, str]:
    """The libraries Qt needs here and cannot load, each with the package that brings it."""
    if not (platform or sys.platform).startswith("linux"):
        return {}  # Windows and macOS wheels carry what they need
    wanted = dict(GUI_LIBRARIES)
    if uses_xcb(os.environ if environ is None else environ):
        wanted.update(XCB_LIBRARIES)
    return {soname: package for soname, package in wanted.items() if not loads(soname)}


def missing_libraries_message(missing: Mapping[str, str]) -> str:
    packages = " ".join(sorted(set(missing.values())))
    return ("The counter app cannot open its window: this computer lacks "
            f"{', '.join(missing)}, which Qt needs to draw on the screen.\n"
            "On Debian or Ubuntu, install them with:\n"
            f"    sudo apt-get install {packages}\n"
            "then start storepos again.")
