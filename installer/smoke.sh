#!/usr/bin/env bash
# Installs the Linux package and runs the INSTALLED app twice, offscreen, on a fresh data folder:
#   run 1: `storepos --self-test` (demo store made on first start, sign in with a demo PIN, one
#          return through the returns service, its receipt through the print queue to a file)
#   run 2: the same with the install folder READ ONLY (a read-only bind mount as root, else
#          chmod -R a-w), on the data folder of run 1 (an ordinary second start)
# and checks that nothing was written into the install folder (no __pycache__, no new file), and
# that the windowed launcher `storepos-app` answers --help as `storepos app` in French.
#
#   bash installer/smoke.sh [DEB]        (default: the newest build/storepos_*.deb)
#
# As root the package is installed with dpkg -i (and removed again at the end: the user's data
# folder must survive that); otherwise it is unpacked with dpkg-deb -x into a temporary root.
# STOREPOS_SMOKE_EXTRACT=1 unpacks even as root. STOREPOS_SMOKE_KEEP=1 leaves it installed.
set -euo pipefail
cd "$(dirname "$0")/.."
DEB=${1:-$(ls -t build/storepos_*.deb 2>/dev/null | head -1)}
[ -f "$DEB" ] || { echo "smoke: no package (run bash installer/build.sh first)" >&2; exit 2; }
started=$(date +%s)
WORK=$(mktemp -d /tmp/storepos-smoke.XXXXXX)
chmod 755 "$WORK"
HOME_DIR=$WORK/home  # the user's data folder (STOREPOS_HOME)
MOUNTED=""
INSTALLED=""

cleanup() {
  [ -n "$MOUNTED" ] && umount "$MOUNTED" 2>/dev/null || true
  [ -d "$WORK/root" ] && chmod -R u+w "$WORK/root" 2>/dev/null || true
  if [ -n "$INSTALLED" ] && [ "${STOREPOS_SMOKE_KEEP:-}" != 1 ]; then
    dpkg -r storepos >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ "$(id -u)" = 0 ] && [ "${STOREPOS_SMOKE_EXTRACT:-}" != 1 ]; then
  dpkg -i "$DEB" >/dev/null
  INSTALLED=1
  TREE=/opt/storepos
  APP=/usr/bin/storepos
  echo "smoke: installed $DEB with dpkg -i ($(dpkg-query -W -f '${Version}' storepos))"
else
  dpkg-deb -x "$DEB" "$WORK/root"
  TREE=$WORK/root/opt/storepos
  APP=$TREE/storepos  # /usr/bin/storepos of the package points at /opt/storepos
  echo "smoke: unpacked $DEB into $WORK/root"
fi
[ -x "$APP" ] || { echo "smoke: $APP is missing from the package" >&2; exit 1; }

as_user=()  # run 2 as root without a read-only mount: as nobody, who cannot write the tree
run_app() {  # run_app N RECEIPT: the installed app's self-test, its one line on stdout
  local n=$1 receipt=$2 out rc=0
  out=$(env -i PATH=/usr/bin:/bin HOME="$WORK" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
        STOREPOS_HOME="$HOME_DIR" "${as_user[@]}" "$APP" --self-test --receipt-file "$receipt" 2>"$WORK/err$n") || rc=$?
  if [ $rc -ne 0 ] || [[ "$out" != "self-test ok:"* ]]; then
    echo "smoke: run $n FAILED (exit $rc): $out" >&2
    cat "$WORK/err$n" >&2
    exit 1
  fi
  echo "smoke: run $n: $out"
  local number
  number=$(sed -n 's/.* return \([^ ]*\) of order.*/\1/p' <<<"$out")
  grep -aq -- "$number" "$receipt" || { echo "smoke: the receipt in $receipt does not name $number" >&2; exit 1; }
}

no_writes_in_tree() {  # the app must never write into its install folder
  local written
  written=$(find "$TREE" \( -newer "$WORK/marker" -o -name __pycache__ \) -print | head -5)
  if [ -n "$written" ]; then
    echo "smoke: the app wrote into its install folder:" >&2
    echo "$written" >&2
    exit 1
  fi
}

mkdir -p "$HOME_DIR"
touch "$WORK/marker"
sleep 1  # find -newer compares whole seconds on some file systems
t0=$(date +%s)
run_app 1 "$WORK/receipt1.bin"
echo "smoke: run 1 took $(( $(date +%s) - t0 )) s (first start: the demo store is made)"
no_writes_in_tree

# The windowed launcher (what a desktop's menu opens) is `storepos app`, in the till's language.
APP_WINDOW=$TREE/storepos-app
[ -x "$APP_WINDOW" ] || { echo "smoke: $APP_WINDOW is missing from the package" >&2; exit 1; }
app_help=$(env -i PATH=/usr/bin:/bin HOME="$WORK" LANG=C.UTF-8 STOREPOS_LANG=fr_CA \
           STOREPOS_HOME="$HOME_DIR" "$APP_WINDOW" --help 2>&1) \
  || { echo "smoke: storepos-app --help FAILED: $app_help" >&2; exit 1; }
if [[ "$app_help" != "utilisation : storepos app "* ]] || [[ "$app_help" != *"--self-test"* ]]; then
  echo "smoke: storepos-app --help is not the app command's help in French:" >&2
  echo "$app_help" >&2
  exit 1
fi
echo "smoke: storepos-app --help in fr_CA: $(head -1 <<<"$app_help")"
no_writes_in_tree

# Run 2: the install folder read only.
if [ "$(id -u)" = 0 ]; then
  if mount --bind "$TREE" "$TREE" 2>/dev/null; then
    MOUNTED=$TREE
    mount -o remount,bind,ro "$TREE"
    how="read-only bind mount"
  else  # no mount in this container: run as nobody, for whom the root-owned tree is read only
    chown -R nobody "$WORK" "$HOME_DIR"
    as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
    how="run as nobody (tree owned by root, not writable)"
  fi
else
  chmod -R a-w "$TREE"
  how="chmod -R a-w"
fi
if "${as_user[@]}" touch "$TREE/.write-probe" 2>/dev/null; then
  echo "smoke: the install folder is still writable; cannot test a read-only install" >&2
  exit 1
fi
t0=$(date +%s)
run_app 2 "$WORK/receipt2.bin"
echo "smoke: run 2 took $(( $(date +%s) - t0 )) s (install folder read only: $how)"
no_writes_in_tree
[ -n "$MOUNTED" ] && { umount "$MOUNTED"; MOUNTED=""; }

if [ -n "$INSTALLED" ] && [ "${STOREPOS_SMOKE_KEEP:-}" != 1 ]; then
  dpkg -r storepos >/dev/null
  INSTALLED=""
  [ ! -e /opt/storepos/storepos ] || { echo "smoke: dpkg -r left /opt/storepos/storepos" >&2; exit 1; }
  [ -s "$HOME_DIR/store.db" ] || { echo "smoke: removing the package took the user's data" >&2; exit 1; }
  echo "smoke: dpkg -r storepos: the program is gone, the data folder stays ($(du -sh "$HOME_DIR" | cut -f1))"
fi
echo "smoke: ok in $(( $(date +%s) - started )) s"
