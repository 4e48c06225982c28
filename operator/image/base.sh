#!/usr/bin/env bash
# Builds the operator image's base without Docker or a registry, and prints the path of a tar that
# jib-maven-plugin reads as `tar://PATH` (the `docker save` layout Jib expects: manifest.json naming
# the config and layer blobs, here beside the OCI layout's index.json).
#
# Two layers:
#   1. Debian minbase, the very layer of the real node's step-bash image (controller-tests/cluster/
#      realnode/images.sh: debootstrap + umoci, cached there), so a node that runs bash steps already
#      holds it and pulls only what is below;
#   2. a Java runtime made by jlink from this machine's JDK 17 with only the modules in jre-modules,
#      at /opt/java, and the operator's user (UID and GID 185, no home, no shell).
# The tar is cached in $BATON_CACHE/operator-base-<hash of the inputs>/ (this script, jre-modules,
# the JDK's release file, the realnode images archive): a warm run prints it at once; changing an
# input builds a fresh one. Needs root (debootstrap, umoci keeping file owners), like the real node.
#
# Environment: BATON_CACHE (default ~/.cache/baton); BATON_IMAGE_JDK (default: the JDK of javac on
# PATH; it must have jmods/, e.g. Debian's openjdk-17-jdk-headless).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
realnode="$here/../../controller-tests/cluster/realnode"
# shellcheck source=../../controller-tests/cluster/realnode/images.env
source "$realnode/images.env"
# shellcheck source=image.env
source "$here/image.env"
cache=${BATON_CACHE:-$HOME/.cache/baton}

log() { echo "[operator-base] $*" >&2; }

jdk=${BATON_IMAGE_JDK:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
[ -d "$jdk/jmods" ] || { log "$jdk has no jmods/: install openjdk-17-jdk-headless or set BATON_IMAGE_JDK"; exit 1; }
grep -q '^JAVA_VERSION="17' "$jdk/release" || { log "$jdk is not a JDK 17 (the operator's release)"; exit 1; }
modules=$(grep -v '^#' "$here/jre-modules" | paste -sd, -)

# The step-bash image's archive; builds it if missing (minutes, cached like the cluster's binaries).
archive=$("$realnode/images.sh")
inputs=$({ cat "$0" "$here/jre-modules" "$here/image.env" "$jdk/release"; echo "$archive"; } | sha256sum | cut -c1-12)
out="$cache/operator-base-$inputs"
base_tar="$out/base.tar"
if [ -f "$base_tar" ]; then
  echo "$base_tar"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || { log "building the base image needs root"; exit 1; }
mkdir -p "$cache"
exec 9>"$cache/operator-base.lock"
flock 9
if [ -f "$base_tar" ]; then
  echo "$base_tar"
  exit 0
fi

start=$(date +%s)
work=$(mktemp -d "$cache/operator-base-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
layout="$work/oci"
mkdir -p "$layout"
tar -xf "$archive" -C "$layout"

# Only the base's tag stays in the layout; gc then drops the other images' blobs.
umoci tag --image "$layout:$REALNODE_BASH_IMAGE" "$BATON_IMAGE_BASE_TAG"
for tag in $(umoci ls --layout "$layout"); do
  [ "$tag" = "$BATON_IMAGE_BASE_TAG" ] || umoci rm --image "$layout:$tag"
done

log "jlink $modules"
bundle="$work/bundle"
umoci unpack --image "$layout:$BATON_IMAGE_BASE_TAG" "$bundle" >/dev/null
rootfs="$bundle/rootfs"
# Debug symbols, headers and man pages serve no operator; the modules file stays uncompressed (the
# layer is gzipped anyway, and an uncompressed one starts faster).
"$jdk/bin/jlink" --module-path "$jdk/jmods" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages --output "$rootfs/opt/java"
# Debian's JDK links lib/security/cacerts to /etc/ssl/certs/java/cacerts, which minbase lacks: ship
# the JDK's own trust store as a file.
if [ -L "$rootfs/opt/java/lib/security/cacerts" ]; then
  rm "$rootfs/opt/java/lib/security/cacerts"
  cp "$(readlink -f "$jdk/lib/security/cacerts")" "$rootfs/opt/java/lib/security/cacerts"
fi
echo "$BATON_IMAGE_USER:x:$BATON_IMAGE_UID:$BATON_IMAGE_UID:Baton operator:/nonexistent:/usr/sbin/nologin" >>"$rootfs/etc/passwd"
echo "$BATON_IMAGE_USER:x:$BATON_IMAGE_UID:" >>"$rootfs/etc/group"
"$rootfs/opt/java/bin/java" -version 2>&1 | head -n1 >&2
umoci repack --image "$layout:$BATON_IMAGE_BASE_TAG" "$bundle"
umoci config --image "$layout:$BATON_IMAGE_BASE_TAG" --os linux --architecture amd64 --clear=config.cmd \
  --config.env PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --config.env JAVA_HOME=/opt/java --config.user "$BATON_IMAGE_UID:$BATON_IMAGE_UID"
umoci gc --layout "$layout"

# manifest.json for Jib: the config blob and the layer blobs, in order, read from the OCI manifest
# (umoci writes compact JSON: the config's digest comes first, then the layers').
blob() { echo "$layout/blobs/sha256/${1#sha256:}"; }
index_manifest=$(grep -o '"digest":"sha256:[0-9a-f]*"' "$layout/index.json" | cut -d'"' -f4)
manifest=$(blob "$index_manifest")
config=$(sed -n 's/.*"config":{[^}]*"digest":"\(sha256:[0-9a-f]*\)".*/\1/p' "$manifest")
layer_digests=$(grep -o '"layers":\[.*\]' "$manifest" | grep -o 'sha256:[0-9a-f]*')
layers=$(sed 's|^sha256:|"blobs/sha256/|; s|$|"|' <<<"$layer_digests" | paste -sd, -)
[ -n "$config" ] && [ -n "$layers" ] || { log "cannot read the manifest $manifest"; exit 1; }
echo "[{\"Config\":\"blobs/sha256/${config#sha256:}\",\"RepoTags\":[\"$BATON_IMAGE_BASE_TAG\"],\"Layers\":[$layers]}]" >"$layout/manifest.json"

mkdir -p "$out"
# Entries named without "./" (Jib refuses to extract a "./" entry as outside its destination).
tar -C "$layout" -cf "$base_tar.tmp" manifest.json index.json oci-layout blobs
mv "$base_tar.tmp" "$base_tar"
# Bases of earlier inputs are stale.
find "$cache" -maxdepth 1 -name 'operator-base-*' ! -name 'operator-base-build.*' ! -name '*.lock' \
  ! -path "$out" -exec rm -rf {} +
log "built the base ($(du -h "$base_tar" | cut -f1): minbase layer + JRE layer $(du -h "$(blob "$(tail -n1 <<<"$layer_digests")")" | cut -f1)) in $(($(date +%s) - start))s: $base_tar"
echo "$base_tar"
