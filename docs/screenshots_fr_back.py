"""The back-office screens in Québec French, at 1024x768: pickups, warranty claims (the store's
claims, the managers' queue, a claim ticket), gift cards and store credit, printers, print jobs and
their preview, sync problems, and the manager approval dialog over them.

    QT_QPA_PLATFORM=offscreen python docs/screenshots_fr_back.py [--out docs/screenshots/fr]

Each feature's own screenshots script stages its demo data and grabs its screens; this runs each of
them once, in its own process, with the app's language set to fr_CA before anything is drawn
(`storepos.i18n.set_language`), and the pictures going to docs/screenshots/fr/ under the same names.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = (  # the features whose screens are in the screens_back catalogue part
    "screenshots_pickups_warranty.py",
    "screenshots_giftcards_printing.py",
    "screenshots_printers.py",
    "screenshots_sync_problems.py",
)
# Runs one feature script as its own __main__, in French.
IN_FRENCH = (
    "import runpy, sys\n"
    "sys.path.insert(0, {docs!r})\n"
    "from storepos.i18n import set_language\n"
    "set_language('fr_CA')\n"
    "runpy.run_path({script!r}, run_name='__main__')\n"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "screenshots" / "fr")
    args = parser.parse_args(argv)
    env = dict(os.environ, STOREPOS_SHOTS_OUT=str(args.out), STOREPOS_SHOTS_SIZE="1024x768")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    for script in SCRIPTS:
        code = IN_FRENCH.format(docs=str(HERE), script=str(HERE / script))
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
    print(f"French screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
