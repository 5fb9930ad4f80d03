#!/bin/sh
# Installs the Debian/Ubuntu packages named on the command line that are missing, as root or
# through sudo, whichever the machine has. It never calls a package manager the machine does
# not have: without apt-get and dpkg-query it prints what to install instead ($BREW_HINT for
# Homebrew, $DNF_HINT for Fedora, both set by the Makefile) and exits 0, leaving the check to
# scripts/check_system.py.
#
#   scripts/system-packages.sh [--browser] [--npm] PACKAGE...
#
#   --browser  add Debian's chromium unless a browser is already there ($CHROME_PATH,
#              google-chrome, chromium: the order tests/browser_support.py looks in)
#   --npm      add npm (without its recommends) unless the machine has npm
set -eu

packages=""
extra=""
for arg in "$@"; do
	case $arg in
	--browser)
		if [ -n "${CHROME_PATH:-}" ] && [ -x "$CHROME_PATH" ]; then :
		elif command -v google-chrome >/dev/null 2>&1 || command -v chromium >/dev/null 2>&1; then :
		else packages="$packages chromium"; fi ;;
	--npm) command -v npm >/dev/null 2>&1 || extra="npm" ;;
	*) packages="$packages $arg" ;;
	esac
done

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
	echo "This machine has no apt-get, so make installs no system packages. Install them yourself:"
	echo "  Homebrew: ${BREW_HINT:-}"
	echo "  Fedora:   ${DNF_HINT:-}"
	echo "Without them, 'ATLAS_PDF=0 make site' still builds the site (no PDF)."
	exit 0
fi

missing=""
for p in $packages $extra; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	as_root=""
elif command -v sudo >/dev/null 2>&1; then
	as_root="sudo"
else
	echo "Missing system packages:$missing. Neither root nor sudo here: ask an administrator for" >&2
	echo "  apt-get install$missing" >&2
	exit 1
fi
echo "Installing system packages:$missing"
$as_root apt-get update -q
main=""
for p in $missing; do [ "$p" = "$extra" ] || main="$main $p"; done
# shellcheck disable=SC2086  # word splitting of the package lists is intended
[ -z "$main" ] || $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $main
# shellcheck disable=SC2086
[ -z "$extra" ] || $as_root env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y -q --no-install-recommends $extra
