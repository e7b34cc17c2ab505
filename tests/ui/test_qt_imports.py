"""The quicker PySide6 feature check gives PySide6's own answer for every module (issue 15)."""

from __future__ import annotations

import sys

from storepos.ui.qt_imports import quicker_feature_check


def test_the_quicker_check_answers_as_pyside6s_own() -> None:
    assert quicker_feature_check() is True  # PySide6 6.x has the hook
    assert quicker_feature_check() is True  # and a second call changes nothing
    import storepos.domain.money
    import storepos.ui.shell.main_window  # noqa: F401

    check = sys.modules["shibokensupport.feature"]._mod_uses_pyside
    upstream = check.upstream
    modules = [m for name, m in sorted(sys.modules.items())
               if name.startswith(("storepos", "sqlalchemy", "json", "PySide6", "shiboken6"))]
    assert len(modules) > 50
    answers = {m.__name__: check(m) for m in modules}
    assert answers == {m.__name__: upstream(m) for m in modules}
    assert answers["storepos.ui.shell.main_window"] is True  # it imports PySide6
    assert answers["storepos.domain.money"] is False
