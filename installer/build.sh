#!/usr/bin/env bash
# Builds the Linux package of the counter app from a clean checkout:
#   build/venv/                  a venv with storepos INSTALLED (pip install '.[installer]', not -e)
#   build/dist/storepos/         the PyInstaller one-folder bundle (installer/storepos.spec)
#   build/storepos_<ver>_<arch>.deb   files under /opt/storepos, /usr/bin/storepos, desktop entry, icon
# The path of the .deb is the last line printed.
#
# For installer/upgrade_test.sh: STOREPOS_EXTRA_MIGRATION=FILE adds one more till migration to the
# bundle ("build B"), STOREPOS_DEB_VERSION overrides the package version (default: the project's),
# STOREPOS_BUILD_DIR puts bundle and package elsewhere than build/ (the venv stays build/venv).
set -euo pipefail
{  # read whole before it runs: editing or rebuilding the checkout meanwhile cannot change it
cd "$(dirname "$0")/.."
started=$(date +%s)
BUILD=${STOREPOS_BUILD_DIR:-build}
VENV=${STOREPOS_BUILD_VENV:-build/venv}
python3 -m venv "$VENV"
"$VENV/bin/pip" install -q '.[installer]'
# The same version number rebuilt: put this checkout's code in place, not the last build's.
"$VENV/bin/pip" install -q --no-deps --force-reinstall .
"$VENV/bin/python" installer/make_icon.py "$BUILD/icon"

rm -rf "$BUILD/dist/storepos"
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$BUILD/dist" --workpath "$BUILD/work" installer/storepos.spec

VERSION=${STOREPOS_DEB_VERSION:-$("$VENV/bin/python" -c 'from importlib.metadata import version; print(version("storepos"))')}
ARCH=$(dpkg --print-architecture)
ROOT=$BUILD/deb-root
rm -rf "$ROOT"
mkdir -p "$ROOT/DEBIAN" "$ROOT/opt" "$ROOT/usr/bin" "$ROOT/usr/share/applications" \
  "$ROOT/usr/share/icons/hicolor/256x256/apps"
cp -a "$BUILD/dist/storepos" "$ROOT/opt/storepos"
install -m 0755 installer/linux/storepos.sh "$ROOT/usr/bin/storepos"
install -m 0644 installer/linux/storepos.desktop "$ROOT/usr/share/applications/storepos.desktop"
install -m 0644 "$BUILD/icon/storepos.png" "$ROOT/usr/share/icons/hicolor/256x256/apps/storepos.png"
# The install folder is read only for everyone but root; the app never writes there.
chmod -R u+rwX,go+rX,go-w "$ROOT/opt/storepos"
SIZE_KB=$(du -sk --exclude=DEBIAN "$ROOT" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE_KB@/$SIZE_KB/" \
  installer/linux/control.in > "$ROOT/DEBIAN/control"
DEB=$BUILD/storepos_${VERSION}_${ARCH}.deb
# zstd: seconds where xz took minutes for 240 MB, and a tenth larger (dpkg 1.21.18+: Debian 12, Ubuntu 22.04)
fakeroot dpkg-deb --build -Zzstd "$ROOT" "$DEB" >/dev/null
echo "bundle: $(du -sh "$BUILD/dist/storepos" | cut -f1) in $BUILD/dist/storepos; package: $(du -h "$DEB" | cut -f1); built in $(( $(date +%s) - started )) s"
echo "$DEB"
exit 0
}
