"""The app names a missing system library and its package before Qt starts, instead of Qt's
plugin error (a stock Linux desktop image lacks libxcb-cursor0 and a few others)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from storepos import desktop_libraries as dl
from storepos.commands import app as app_command


def test_an_x11_desktop_needs_the_xcb_libraries() -> None:
    absent = {"libxcb-cursor.so.0", "libxcb-icccm4.so.4", "libxcb-keysyms.so.1", "libxcb-icccm.so.4"}
    missing = dl.missing_libraries({"DISPLAY": ":0"}, loads=lambda so: so not in absent,
                                   platform="linux")
    assert missing == {"libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
                       "libxcb-keysyms.so.1": "libxcb-keysyms1"}
    text = dl.missing_libraries_message(missing)
    assert "libxcb-cursor.so.0" in text
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in text


@pytest.mark.parametrize("environ", [{"QT_QPA_PLATFORM": "offscreen"}, {"WAYLAND_DISPLAY": "wayland-0"},
                                     {"QT_QPA_PLATFORM": "wayland"}])
def test_other_platforms_do_not_need_xcb(environ: dict[str, str]) -> None:
    missing = dl.missing_libraries(environ, loads=lambda so: "xcb" not in so, platform="linux")
    assert missing == {}


def test_every_platform_needs_the_gui_libraries() -> None:
    missing = dl.missing_libraries({"QT_QPA_PLATFORM": "offscreen"},
                                   loads=lambda so: so != "libEGL.so.1", platform="linux")
    assert missing == {"libEGL.so.1": "libegl1"}


def test_windows_and_macos_wheels_carry_their_own() -> None:
    assert dl.missing_libraries({}, loads=lambda so: False, platform="win32") == {}


def test_the_real_loader_tells_a_present_library_from_a_made_up_one() -> None:
    present = {"linux": "libc.so.6", "darwin": "libSystem.dylib", "win32": "kernel32"}
    assert dl._loads(present.get(dl.sys.platform, "libc.so.6"))
    assert not dl._loads("libstorepos-no-such-library.so.9")


def test_storepos_says_which_library_is_missing_and_does_not_start_qt(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    monkeypatch.setattr(dl.sys, "platform", "linux")
    monkeypatch.setitem(dl.GUI_LIBRARIES, "libstorepos-no-such-library.so.9", "storepos-test-package")
    opened: list[Path] = []
    monkeypatch.setattr("storepos.app.open_app", opened.append)
    assert app_command.run(argparse.Namespace(db=tmp_path / "till.db")) == 2
    assert opened == []
    err = capsys.readouterr().err
    assert "libstorepos-no-such-library.so.9" in err
    assert "sudo apt-get install storepos-test-package" in err
