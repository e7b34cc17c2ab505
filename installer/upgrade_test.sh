#!/usr/bin/env bash
# Upgrade keeps the till's data, and uninstalling leaves it:
#   1. install build A (the package of this checkout) and make a return with `storepos --self-test`
#   2. build B: the same code plus one dummy till migration injected into the bundle at build time
#      (STOREPOS_EXTRA_MIGRATION; never committed into src/), version A+upgradetest1
#   3. install B over A (dpkg -i as root; else the unpacked tree is replaced by B's), start it
#      twice: A's return is still there, the new migration ran exactly once and is the head
#   4. uninstall (dpkg -r, or remove the tree): the user's data folder is still there, intact
#
#   bash installer/upgrade_test.sh [DEB_A]     (default: the newest build/storepos_*.deb;
#                                               build B goes to build/upgrade-b/, a few minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
DEB_A=${1:-$(ls -t build/storepos_*.deb 2>/dev/null | grep -v upgradetest | head -1)}
[ -f "$DEB_A" ] || { echo "upgrade: no package A (run bash installer/build.sh first)" >&2; exit 2; }
WORK=$(mktemp -d /tmp/storepos-upgrade.XXXXXX)
HOME_DIR=$WORK/home
mkdir -p "$HOME_DIR"
ROOTED=""
[ "$(id -u)" = 0 ] && [ "${STOREPOS_SMOKE_EXTRACT:-}" != 1 ] && ROOTED=1
cleanup() {
  [ -n "$ROOTED" ] && dpkg -r storepos >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

install() {  # install DEB: as a package (root) or unpacked over the last one
  if [ -n "$ROOTED" ]; then
    dpkg -i "$1" >/dev/null
    APP=/usr/bin/storepos
  else
    rm -rf "$WORK/root"
    dpkg-deb -x "$1" "$WORK/root"
    APP=$WORK/root/opt/storepos/storepos
  fi
  echo "upgrade: installed $(basename "$1")"
}

app() {
  env -i PATH=/usr/bin:/bin HOME="$WORK" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
    STOREPOS_HOME="$HOME_DIR" "$APP" "$@"
}

db() {  # one SQL query on the user's till database (the system's python3, not the bundle)
  python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print(*c.execute(sys.argv[2]).fetchone())' \
    "$HOME_DIR/store.db" "$1"
}

# 1. build A, a return
install "$DEB_A"
line=$(app --self-test)
echo "upgrade: A: $line"
RETURN=$(sed -n 's/.* return \([^ ]*\) of order.*/\1/p' <<<"$line")
HEAD_A=$(db "SELECT version_num FROM alembic_version")
echo "upgrade: A's database is at migration $HEAD_A"

# 2. build B: one more till migration, on top of A's head
PROBE=0099_upgrade_probe
cat > "$WORK/$PROBE.py" <<EOF
"""Upgrade test only (installer/upgrade_test.sh): a migration build B carries and A did not."""

import sqlalchemy as sa
from alembic import op

revision = "$PROBE"
down_revision = "$HEAD_A"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("upgrade_probe", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("ran_at", sa.String(40), nullable=False))
    op.execute("INSERT INTO upgrade_probe (ran_at) VALUES (datetime('now'))")


def downgrade() -> None:
    op.drop_table("upgrade_probe")
EOF
VERSION_A=$(dpkg-deb -f "$DEB_A" Version)
DEB_B=$(STOREPOS_EXTRA_MIGRATION="$WORK/$PROBE.py" STOREPOS_DEB_VERSION="$VERSION_A+upgradetest1" \
        STOREPOS_BUILD_DIR=build/upgrade-b bash installer/build.sh | tail -1)
echo "upgrade: built B: $DEB_B"

# 3. B over A, started twice
install "$DEB_B"
for n in 1 2; do
  line=$(app --self-test)
  echo "upgrade: B start $n: $line"
done
fail() { echo "upgrade: FAILED: $*" >&2; exit 1; }
[ "$(db "SELECT version_num FROM alembic_version")" = "$PROBE" ] || fail "the database is not at $PROBE"
[ "$(db "SELECT count(*) FROM upgrade_probe")" = 1 ] || fail "the new migration did not run exactly once"
[ "$(db "SELECT count(*) FROM returns WHERE return_number = '$RETURN'")" = 1 ] || fail "return $RETURN is gone"
echo "upgrade: after B: A's return $RETURN is there, $PROBE ran once ($(db "SELECT count(*) FROM returns") returns in all)"

# 4. uninstall
if [ -n "$ROOTED" ]; then
  dpkg -r storepos >/dev/null
  [ ! -e /opt/storepos/storepos ] || fail "dpkg -r left /opt/storepos"
else
  rm -rf "$WORK/root"
fi
[ "$(db "SELECT count(*) FROM returns WHERE return_number = '$RETURN'")" = 1 ] || fail "uninstalling took the data"
echo "upgrade: uninstalled; the data folder stays ($(ls "$HOME_DIR" | tr '\n' ' '))"
echo "upgrade: ok"
