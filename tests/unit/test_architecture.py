"""The dependency direction holds: import-linter contracts, and the domain uses the standard library only."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "storepos"


def test_import_linter_contracts_hold() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
         "sys.exit(lint_imports_command())", "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 10 kept, 0 broken." in result.stdout


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_domain_imports_only_the_standard_library() -> None:
    allowed = set(sys.stdlib_module_names) | {"storepos", "__future__"}
    for path in (SRC / "domain").rglob("*.py"):
        outside = _imported_modules(path) - allowed
        assert not outside, f"{path.relative_to(ROOT)} imports {sorted(outside)}"
    for path in (SRC / "domain").rglob("*.py"):  # and, inside storepos, only the domain itself
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("storepos."):
                assert node.module.startswith("storepos.domain"), f"{path.name} imports {node.module}"


def test_nothing_outside_ui_and_app_imports_pyside6() -> None:
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        if rel.parts[0] == "ui" or rel.as_posix() == "app.py":
            continue
        assert "PySide6" not in _imported_modules(path), f"{rel} imports PySide6"
