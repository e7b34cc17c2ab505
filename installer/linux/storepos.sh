#!/bin/sh
# /usr/bin/storepos: the installed bundle's own executable. Data stays in the user's data folder
# ($STOREPOS_HOME, else $XDG_DATA_HOME/storepos, else ~/.local/share/storepos), never in /opt.
exec /opt/storepos/storepos "$@"
