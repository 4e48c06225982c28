#!/usr/bin/env bash
# Builds the operator's OCI image with Maven (jib-maven-plugin; no Docker) on the base that base.sh
# makes, and writes it to a tar or pushes it to a registry. The Makefile's image targets call this.
#
#   usage: image.sh tar [IMAGE]     operator/target/jib-image.tar, named IMAGE (default
#                                   baton/operator:<version>); load it with `docker load -i` or `podman load -i`
#          image.sh push IMAGE      push to IMAGE's registry (credentials: Docker's config or a credential
#                                   helper, as Jib finds them); INSECURE=true allows a plain-HTTP registry
#          image.sh local           push to the local cluster's registry (controller-tests/cluster/
#                                   registry.sh) as <registry>/baton/operator:dev, which its real node pulls
#          image.sh local-flags     print the Maven flags that make a `mvn verify` of the whole build push
#                                   there too (the operator's image-push profile), nothing when no local
#                                   registry runs; `make test` uses them so the real-node tests find the image
#
# `tar` prints the image's size (the tar holds the compressed layers, as a registry does); a push its digest.
# Environment: MVN (default mvn -B -q), BATON_CACHE, BATON_CLUSTER (which cluster's registry).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=image.env
source "$here/image.env"
read -r -a mvn <<<"${MVN:-mvn -B -q}"

log() { echo "[image] $*" >&2; }

local_image() {
  local registry
  registry=$("$repo/controller-tests/cluster/registry.sh" address) || return 1
  echo "$registry/$BATON_IMAGE_REPOSITORY:$BATON_IMAGE_LOCAL_TAG"
}

# Builds (or reuses) the base and runs Jib's GOAL on a freshly packaged operator.
jib() {
  local goal=$1 image=$2 base start
  shift 2
  base=$("$here/base.sh")
  start=$(date +%s)
  (cd "$repo" && "${mvn[@]}" -pl operator -am package -DskipTests "jib:$goal" \
    "-Dbaton.image.base=tar://$base" "-Dbaton.image=$image" "$@")
  log "$goal of $image took $(($(date +%s) - start))s"
}

pushed() {
  log "pushed $1@$(cat "$repo/operator/target/jib-image.digest"); \`make image\` reports the size of the same layers"
}

case ${1:-} in
  tar)
    # The parent pom's first <version> is the project's.
    image=${2:-$BATON_IMAGE_REPOSITORY:$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$repo/pom.xml" | head -n1)}
    jib buildTar "$image"
    tar="$repo/operator/target/jib-image.tar"
    log "image $image: $(du -h "$tar" | cut -f1) ($(stat -c %s "$tar") bytes, compressed layers) in $tar"
    log "load it with: docker load -i $tar (or podman load -i $tar)"
    ;;
  push)
    [ -n "${2:-}" ] || { echo "usage: $0 push IMAGE" >&2; exit 2; }
    flags=()
    [ "${INSECURE:-false}" = true ] && flags+=(-Djib.allowInsecureRegistries=true -Djib.sendCredentialsOverHttp=false)
    jib build "$2" "${flags[@]}"
    pushed "$2"
    ;;
  local)
    image=$(local_image) || { log "no local registry runs: start the cluster with BATON_REAL_NODE=true (make realnode-test does)"; exit 1; }
    jib build "$image" -Djib.allowInsecureRegistries=true
    pushed "$image"
    ;;
  local-flags)
    image=$(local_image 2>/dev/null) || exit 0
    echo "-Dbaton.image.push=$image -Dbaton.image.base=tar://$("$here/base.sh") -Djib.allowInsecureRegistries=true"
    ;;
  *) sed -n '5,15p' "$0" >&2; exit 2 ;;
esac
