"""The bundle's `storepos-app` executable (windowed on Windows and macOS): `storepos-app` of a pip install."""

from storepos.app import main

raise SystemExit(main())
