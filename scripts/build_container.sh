#!/usr/bin/env bash
# `make container`: build the application image (Containerfile) with Debian's buildah, as
# root or rootless, without a daemon.
#
# When BASE is not given, the base is made here from Debian's own packages (debootstrap:
# bookworm, minbase, python3 3.11 and venv) and imported as localhost/maillage-base:bookworm,
# so that the build needs no container registry, only Debian's mirror and PyPI. A machine
# that reaches a registry can pass the official image instead:
#   BASE=docker.io/library/python:3.11-slim-bookworm scripts/build_container.sh
# Storage "vfs" and isolation "chroot" work inside a container or VM without overlayfs or
# user namespaces (override with STORAGE_DRIVER / ISOLATION).
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=${IMAGE:-localhost/maillage:latest}
STORAGE_DRIVER=${STORAGE_DRIVER:-vfs}
ISOLATION=${ISOLATION:-chroot}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
WORK=${WORK:-var/container}
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
buildah=(buildah --storage-driver "$STORAGE_DRIVER")

need() {
  command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || {
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$2"
  }
}
need buildah buildah

start=$(date +%s)
if [ -z "${BASE:-}" ]; then
  BASE=localhost/maillage-base:bookworm
  if ! "${buildah[@]}" inspect --type image "$BASE" >/dev/null 2>&1; then
    need debootstrap debootstrap
    rootfs="$WORK/rootfs"
    $SUDO rm -rf "$rootfs"
    mkdir -p "$WORK"
    echo "=== Base: Debian bookworm from $MIRROR (debootstrap)"
    $SUDO debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
      bookworm "$rootfs" "$MIRROR"
    # A machine whose traffic goes through a TLS-inspecting proxy trusts that proxy's
    # authority (/usr/local/share/ca-certificates): so must this local base, for pip to
    # reach PyPI during the build. The official image never gets them.
    if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
      $SUDO cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
      $SUDO chroot "$rootfs" update-ca-certificates >/dev/null
      printf '[global]\ncert = /etc/ssl/certs/ca-certificates.crt\n' | $SUDO tee "$rootfs/etc/pip.conf" >/dev/null
    fi
    $SUDO rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    $SUDO tar -C "$rootfs" -cf "$WORK/rootfs.tar" .
    container=$("${buildah[@]}" from scratch)
    "${buildah[@]}" add "$container" "$WORK/rootfs.tar" /
    "${buildah[@]}" config --env LANG=C.UTF-8 --cmd /bin/bash "$container"
    "${buildah[@]}" commit --quiet --rm "$container" "$BASE" >/dev/null
    $SUDO rm -rf "$rootfs" "$WORK/rootfs.tar"
    echo "=== Base made in $(( $(date +%s) - start )) s"
  fi
fi

echo "=== Image $IMAGE from $BASE"
"${buildah[@]}" bud --isolation "$ISOLATION" --format docker --layers=false \
  --build-arg BASE="$BASE" -f Containerfile -t "$IMAGE" .
echo "=== Built in $(( $(date +%s) - start )) s"
"${buildah[@]}" images "$IMAGE"
# The image starts Maillage: Django's system checks pass in it, as its user, with the
# production settings (a key and an address for this check only).
check=$("${buildah[@]}" from "$IMAGE")
trap '"${buildah[@]}" rm "$check" >/dev/null 2>&1 || true' EXIT
"${buildah[@]}" run --isolation "$ISOLATION" --env SECRET_KEY=check-only \
  --env SITE_URL=http://check.invalid --env ALLOWED_HOSTS=localhost "$check" -- \
  python manage.py check --fail-level ERROR
echo "=== The image passes Django's checks"
