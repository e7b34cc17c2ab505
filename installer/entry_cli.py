"""The bundle's `storepos` executable: the same entry point as the `storepos` console script."""

from storepos.cli import main

raise SystemExit(main())
