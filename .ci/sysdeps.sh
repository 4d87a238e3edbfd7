#!/bin/sh
# Installs the Debian packages named as arguments when some are missing: with apt-get when
# running as root, otherwise by printing the one line the user should run. Other systems
# (macOS, Windows, non-Debian Linux) get Qt's libraries from the wheel and are left alone.
command -v dpkg-query >/dev/null 2>&1 || exit 0
missing=""
for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system libraries Qt needs:$missing"
    export DEBIAN_FRONTEND=noninteractive
    if apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null; then
        exit 0
    fi
    echo "warning: apt-get could not install:$missing (Qt may fail to start)" >&2
else
    echo "warning: Qt needs system libraries that are missing. Run: sudo apt-get install -y$missing" >&2
fi
exit 0
