#!/usr/bin/env bash
# Lays out the kubectl-baton plugin (run by Maven in cli's package phase, so `make cli` and every `mvn verify`
# get it): DIST/kubectl-baton (the launcher) and DIST/lib/ (the jars), its AppCDS archive, the archive
# DIST/kubectl-baton.tar.gz (sorted, fixed times and owners: the same files give the same bytes) and the Krew
# manifest DIST/baton.yaml carrying the archive's sha256.
# Usage: package.sh DIST CLI_JAR LIB_DIR VERSION
set -euo pipefail
dist=$1 jar=$2 libs=$3 version=$4
here=$(cd "$(dirname "$0")" && pwd)

rm -rf "$dist"
mkdir -p "$dist/lib"
cp "$libs"/*.jar "$dist/lib/"
cp "$jar" "$dist/lib/"
# The class path is listed, not a wildcard: the CDS archive holds it, and a wildcard's order is the file system's.
jars=$(cd "$dist/lib" && find . -name '*.jar' -printf '%f\n' | LC_ALL=C sort | tr '\n' ' ')
sed "s|@JARS@|${jars% }|" "$here/kubectl-baton" > "$dist/kubectl-baton"
chmod 755 "$dist/kubectl-baton"

if [ "${BATON_CLI_CDS:-on}" != off ]; then
  BATON_CLI_CDS=build "$dist/kubectl-baton" || echo "kubectl-baton: no CDS archive (the JVM could not make one); it starts slower" >&2
fi

# The archive Krew installs: launcher and jars (the CDS archive is per directory; the first run makes it).
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
mkdir "$staging/kubectl-baton"
cp -r "$dist/kubectl-baton" "$dist/lib" "$staging/kubectl-baton/"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$staging" -cf - kubectl-baton | gzip -n > "$dist/kubectl-baton.tar.gz"
sha=$(sha256sum "$dist/kubectl-baton.tar.gz" | cut -d' ' -f1)
uri=${BATON_CLI_URI:-https://example.invalid/baton/v$version/kubectl-baton.tar.gz}
sed -e "s|@VERSION@|v${version%-SNAPSHOT}|" -e "s|@SHA256@|$sha|" -e "s|@URI@|$uri|" "$here/baton.yaml" > "$dist/baton.yaml"
