"""The translators' template: every message marked in the source, as ``storepos.pot``.

    python -m storepos.i18n.extract                 # writes src/storepos/locale/storepos.pot
    python -m storepos.i18n.extract -o FILE.pot

Babel reads the source files ``babel.cfg`` names (at the repository's root) with the keywords below;
a translator updates a part with ``pybabel update -i storepos.pot -D <part> ...`` or by hand, and
``tests/unit/i18n/test_catalogue_complete.py`` fails on any message fr_CA lacks. Run from a checkout.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from storepos.i18n.catalogues import LOCALE_DIR

KEYWORDS: dict[str, Any] = {
    "_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None,
    "N_plural": (1, 2),
}
PACKAGE_DIR = LOCALE_DIR.parent
REPO_ROOT = PACKAGE_DIR.parent.parent  # src/storepos -> the checkout
TEMPLATE = LOCALE_DIR / "storepos.pot"


def extract_messages(config: Path | None = None) -> Any:
    """A Babel ``Catalog`` of every message marked under src/storepos, each with where it is."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    config = config or REPO_ROOT / "babel.cfg"
    with config.open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(  # type: ignore[no-untyped-call]
            handle, filename=str(config))
    catalog = Catalog(project="storepos", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(REPO_ROOT), method_map, options_map, keywords=KEYWORDS,
            comment_tags=("Translators:",), strip_comment_tags=True):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments,
                    context=context)
    return catalog


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m storepos.i18n.extract",
                                     description="Write the translators' template (.pot).")
    parser.add_argument("-o", "--output", type=Path, default=TEMPLATE)
    args = parser.parse_args(argv)
    from babel.messages.pofile import write_po

    catalog = extract_messages()
    with args.output.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_by_file=True)
    print(f"{len(catalog)} messages in {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
