"""The bundle's `storepos-app` executable (windowed on Windows and macOS): `storepos-app` of a pip install."""

from storepos.cli import app_main

raise SystemExit(app_main())
