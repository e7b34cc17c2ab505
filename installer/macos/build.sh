#!/usr/bin/env bash
# Builds the macOS app and disk image: build/dist/storepos.app and build/storepos-<version>.dmg
#
# Run on macOS 12+ (on the architecture you ship: an Apple silicon Mac makes an arm64 app, an
# Intel Mac an x86_64 one), with Python 3.11+ from python.org or Homebrew:
#   bash installer/macos/build.sh
# Then smoke-test the app inside (a fresh data folder, no window):
#   QT_QPA_PLATFORM=offscreen STOREPOS_HOME=$(mktemp -d) build/dist/storepos.app/Contents/MacOS/storepos --self-test
# Signing: the app is signed ad hoc (runs on the Mac that built it; Gatekeeper asks elsewhere).
# For other Macs set STOREPOS_SIGN_IDENTITY="Developer ID Application: ..." and notarize the .dmg
# with `xcrun notarytool submit build/storepos-<version>.dmg --wait` then `xcrun stapler staple`.
set -euo pipefail
{
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-python3}
VENV=build/venv-mac
"$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install -q '.[installer]'
"$VENV/bin/pip" install -q --no-deps --force-reinstall .
"$VENV/bin/python" installer/make_icon.py build/icon
# A full iconset from the 256 px drawing, when the system tools are there (else make_icon's .icns).
if command -v iconutil >/dev/null && command -v sips >/dev/null; then
  set_dir=build/icon/storepos.iconset
  rm -rf "$set_dir" && mkdir -p "$set_dir"
  for size in 16 32 64 128 256; do
    sips -z $size $size build/icon/storepos.png --out "$set_dir/icon_${size}x${size}.png" >/dev/null
  done
  cp "$set_dir/icon_32x32.png" "$set_dir/icon_16x16@2x.png"
  cp "$set_dir/icon_64x64.png" "$set_dir/icon_32x32@2x.png"
  cp "$set_dir/icon_256x256.png" "$set_dir/icon_128x128@2x.png"
  rm "$set_dir/icon_64x64.png"
  iconutil -c icns "$set_dir" -o build/icon/storepos.icns
fi
rm -rf build/dist/storepos build/dist/storepos.app
"$VENV/bin/pyinstaller" --noconfirm --clean --distpath build/dist --workpath build/work-mac installer/storepos.spec
APP=build/dist/storepos.app
codesign --force --deep --sign "${STOREPOS_SIGN_IDENTITY:--}" ${STOREPOS_SIGN_IDENTITY:+--options runtime} "$APP"
VERSION=$("$VENV/bin/python" -c 'from importlib.metadata import version; print(version("storepos"))')
STAGE=build/dmg
rm -rf "$STAGE" && mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"  # drag the app onto it to install
DMG=build/storepos-$VERSION.dmg
hdiutil create -volname "storepos $VERSION" -srcfolder "$STAGE" -ov -format UDZO "$DMG" >/dev/null
echo "$DMG"
exit 0
}
