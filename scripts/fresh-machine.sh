#!/usr/bin/env bash
# Proves the README's two commands on a fresh Debian 12 machine: builds a bare bookworm root
# (minbase plus Python 3, venv, make and git: what a new machine of this kind starts with), clones
# a branch of this repository into an empty folder inside it and runs `make site`, then
# `make test`, timing both. Not part of `make test`: it needs root, debootstrap and a network
# that reaches Debian's and the language registries, and takes about half an hour.
#
#   sudo scripts/fresh-machine.sh [--user] [--branch NAME] [--root DIR] [--keep]
#
#   --user    run as a normal user with passwordless sudo and a browser preinstalled as
#             `google-chrome` (as on GitHub's ubuntu runners) instead of as root
#   --branch  the branch to clone (default: the current one)
#   --root    where the machine is made (default: /work/fresh-root; its base is cached in
#             DIR.base and copied afresh for every run)
#   --keep    leave the machine in place afterwards (the logs always stay in DIR.logs)
set -euo pipefail

REPO=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
BRANCH=$(git -C "$REPO" rev-parse --abbrev-ref HEAD)
ROOT=/work/fresh-root
AS_USER=0
KEEP=0
BASE_ONLY=0
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# What a new machine of this kind has of what the two commands could need.
IMAGE_PACKAGES=python3,python3-venv,make,git,ca-certificates

while [ $# -gt 0 ]; do
	case $1 in
	--user) AS_USER=1 ;;
	--branch) BRANCH=$2; shift ;;
	--root) ROOT=$2; shift ;;
	--keep) KEEP=1 ;;
	--base-only) BASE_ONLY=1 ;;
	*) echo "unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
[ "$(id -u)" = 0 ] || { echo "run as root (debootstrap and chroot need it)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "install debootstrap first" >&2; exit 2; }

BASE=$ROOT.base
LOGS=$ROOT.logs
mkdir -p "$LOGS"
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$LOGS/summary.txt"; }

if [ ! -e "$BASE/.complete" ]; then
	log "debootstrap bookworm ($IMAGE_PACKAGES) into $BASE"
	rm -rf "$BASE"
	debootstrap --variant=minbase --include="$IMAGE_PACKAGES" bookworm "$BASE" "$MIRROR" \
		>"$LOGS/debootstrap.log" 2>&1
	cat >"$BASE/etc/apt/sources.list" <<-EOF
		deb $MIRROR bookworm main
		deb $MIRROR bookworm-updates main
		deb ${MIRROR%/debian}/debian-security bookworm-security main
	EOF
	touch "$BASE/.complete"
fi
log "base: $(du -sh "$BASE" | cut -f1), $(chroot "$BASE" dpkg-query -W | wc -l) packages"
[ "$BASE_ONLY" = 1 ] && exit 0

unmount() {
	for m in dev/shm dev/pts dev sys proc; do
		mountpoint -q "$ROOT/$m" && umount -l "$ROOT/$m"
	done
	return 0
}
trap 'unmount; [ "$KEEP" = 1 ] || rm -rf "$ROOT"' EXIT

unmount
rm -rf "$ROOT"
cp -a "$BASE" "$ROOT"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
echo "127.0.1.1 $(hostname)" >>"$ROOT/etc/hosts" # so that sudo finds its own host name
# The image trusts this network's certificate authorities: copy them in (nothing else).
if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
	cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/"
	chroot "$ROOT" update-ca-certificates >/dev/null 2>&1
fi
[ -f /etc/pip.conf ] && cp /etc/pip.conf "$ROOT/etc/pip.conf"
mount -t proc proc "$ROOT/proc"
mount --rbind /sys "$ROOT/sys"
mount --bind /dev "$ROOT/dev"
mount --bind /dev/pts "$ROOT/dev/pts"
mount -t tmpfs -o size=2g tmpfs "$ROOT/dev/shm"

BUNDLE=/etc/ssl/certs/ca-certificates.crt
in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	LANG=C.UTF-8 CI=true SSL_CERT_FILE=$BUNDLE PIP_CERT=$BUNDLE REQUESTS_CA_BUNDLE=$BUNDLE \
	NODE_EXTRA_CA_CERTS=$BUNDLE CURL_CA_BUNDLE=$BUNDLE GIT_SSL_CAINFO=$BUNDLE "$@"; }

git -C "$REPO" bundle create "$ROOT/tmp/atlas.bundle" "$BRANCH" 2>/dev/null
HOME_DIR=/root
RUN=(/bin/bash -c)
if [ "$AS_USER" = 1 ]; then
	# GitHub's runner: a normal user with passwordless sudo, Google Chrome already there.
	log "setting up a runner user with sudo and a browser named google-chrome"
	in_root /bin/bash -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q sudo chromium' >"$LOGS/runner-setup.log" 2>&1
	in_root /bin/bash -c 'mv /usr/bin/chromium /usr/bin/google-chrome &&
		useradd -m -s /bin/bash runner &&
		echo "runner ALL=(ALL) NOPASSWD:ALL" >/etc/sudoers.d/runner'
	HOME_DIR=/home/runner
	RUN=(/usr/sbin/runuser -u runner -- /bin/bash -c)
fi
chmod 644 "$ROOT/tmp/atlas.bundle"

log "machine ready; branch $BRANCH at $(git -C "$REPO" rev-parse --short "$BRANCH"); user $([ "$AS_USER" = 1 ] && echo runner || echo root)"
step() {
	local name=$1 cmd=$2 start end rc=0
	start=$(date +%s)
	in_root "${RUN[@]}" "export HOME=$HOME_DIR; cd $HOME_DIR && $cmd" >"$LOGS/$name.log" 2>&1 || rc=$?
	end=$(date +%s)
	log "$name: exit $rc in $((end - start)) s"
	return $rc
}
step clone "git clone -q --branch $BRANCH /tmp/atlas.bundle atlas && ls -A atlas | wc -l"
rc=0
step make-site "cd atlas && make site && find site -name '*.html' | wc -l && ls site/pdf" || rc=1
tail -n 4 "$LOGS/make-site.log" | tee -a "$LOGS/summary.txt"
step make-test "cd atlas && make test" || rc=1
grep -E '^=+ .*(passed|failed|error).* =+$' "$LOGS/make-test.log" | tail -n 1 | tee -a "$LOGS/summary.txt"
exit $rc
