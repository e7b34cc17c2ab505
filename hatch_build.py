"""Build hook: compiles the gettext catalogues (.po -> .mo) into the package at build and install.

Hatchling runs it for wheels and editable installs alike, so an installed till reads compiled
catalogues and never parses a .po at start-up. The .mo files are build output (git-ignored),
shipped through the wheel target's ``artifacts``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogues(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        locale_dir = Path(self.root) / "src" / "storepos" / "locale"
        for po in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=po.parent.parent.name)
            with po.with_suffix(".mo").open("wb") as handle:
                write_mo(handle, catalog)
