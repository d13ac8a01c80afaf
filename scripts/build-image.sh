#!/usr/bin/env bash
# Builds the container image gatewarden:<version> (the root pom's version) without any container registry:
#   1. the CLI jar (./gatewarden builds it when missing or stale);
#   2. a Debian runtime made by mmdebstrap from Debian's packages (openjdk-17-jre-headless, ca-certificates), with
#      the user nonroot (uid/gid 65532); its root file system is cached in target/image/ and reused unless
#      --rebuild-base;
#   3. an OCI image layout assembled here (two layers: the runtime, then the jar and the `gatewarden` entrypoint),
#      written as one archive that is both an OCI archive and a Docker archive (index.json + manifest.json):
#      `podman load -i`, `docker load -i` and `skopeo copy oci-archive:` all read it.
# Layers, config and archive are reproducible for one commit and one set of Debian packages: times are the commit
# time (SOURCE_DATE_EPOCH), entries sorted, owners numeric.
#
# Usage: scripts/build-image.sh [--rebuild-base]     (as root, or where mmdebstrap can run in unshare mode)
# Needs: mmdebstrap (apt-get install -y mmdebstrap), JDK 17 and Maven (for the jar), GNU tar, gzip, sha256sum.
# Prints the archive's path and the image reference on the last line: "<archive> gatewarden:<version>".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/target/image"
rebuild_base=false
for arg in "$@"; do
  case "$arg" in
    --rebuild-base) rebuild_base=true ;;
    -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-image: unknown argument $arg (see --help)" >&2; exit 1 ;;
  esac
done
for tool in mmdebstrap tar gzip sha256sum java; do
  command -v "$tool" >/dev/null || { echo "build-image: $tool is missing (apt-get install -y $tool)" >&2; exit 1; }
done

version="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$root/pom.xml" | head -n 1)"
[[ "$version" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || { echo "build-image: no usable version in pom.xml" >&2; exit 1; }
image="gatewarden:$version"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)}"
created="$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)"
mkdir -p "$out"
work="$(mktemp -d "$out/work.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# 1. The CLI jar.
"$root/gatewarden" --version >/dev/null
jar="$root/cli/target/gatewarden.jar"

# 2. The Debian runtime. The apt sources are the host's (the same Debian mirror this machine installs from).
. /etc/os-release
suite="${VERSION_CODENAME:?build-image: /etc/os-release names no Debian codename}"
base="$out/base-$suite"
if $rebuild_base || [ ! -f "$base/.complete" ]; then
  # a failed mmdebstrap run may leave /proc or /dev mounted in its folder: never delete through a mount point
  if grep -qF " $base" /proc/mounts; then
    echo "build-image: file systems are still mounted under $base*; unmount them first (see /proc/mounts)" >&2
    exit 1
  fi
  rm -rf "$base" "$base.partial"
  sources=()
  for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
    [ -s "$f" ] && grep -q '^[^#]' "$f" && sources+=("$f")
  done
  echo "build-image: building the Debian $suite runtime with mmdebstrap (a few minutes)..." >&2
  # man pages and docs are left out, but update-alternatives needs the man1 folder that java's entry points at
  mmdebstrap --variant=essential --format=directory --include=openjdk-17-jre-headless,ca-certificates \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
    --customize-hook='echo "nonroot:x:65532:65532:nonroot:/home/nonroot:/usr/sbin/nologin" >> "$1/etc/passwd"' \
    --customize-hook='echo "nonroot:x:65532:" >> "$1/etc/group"' \
    --customize-hook='echo "nonroot:!:0::::::" >> "$1/etc/shadow"' \
    --customize-hook='install -d -o 65532 -g 65532 -m 0750 "$1/home/nonroot" "$1/var/lib/gatewarden"' \
    --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/* "$1"/var/cache/ldconfig/aux-cache' \
    --customize-hook=': > "$1/etc/resolv.conf"; echo gatewarden > "$1/etc/hostname"' \
    "$suite" "$base.partial" "${sources[@]}" >"$work/mmdebstrap.log" 2>&1 \
    || { tail -n 30 "$work/mmdebstrap.log" >&2; echo "build-image: mmdebstrap failed" >&2; exit 1; }
  mv "$base.partial" "$base"
  touch "$base/.complete"
fi

# 3. The application layer: the jar and the entrypoint.
app="$work/app"
install -d "$app/opt/gatewarden" "$app/usr/local/bin" "$app/etc/gatewarden"   # /etc/gatewarden: the config mount
install -m 0644 "$jar" "$app/opt/gatewarden/gatewarden.jar"
cat >"$app/usr/local/bin/gatewarden" <<'EOF'
#!/bin/sh
# The image's entrypoint: the Gatewarden CLI on Debian's Java 17. No performance-data file is written (the root
# file system is read-only); GATEWARDEN_JAVA_OPTS adds JVM options.
exec java -XX:-UsePerfData -XX:MaxRAMPercentage=75 ${GATEWARDEN_JAVA_OPTS:-} -jar /opt/gatewarden/gatewarden.jar "$@"
EOF
chmod 0755 "$app/usr/local/bin/gatewarden"

# A layer: the folder's tree, sorted, times clamped to SOURCE_DATE_EPOCH, numeric owners as they are on disk.
# Device nodes are left out: /dev is the container runtime's (and rootless runtimes cannot create them).
layer() {
  tar --sort=name --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" --clamp-mtime --format=posix \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
    --exclude=./.complete --exclude='./dev/*' -C "$1" -cf "$2" .
}
layer "$base" "$work/base.tar"
chown -R 0:0 "$app"
layer "$app" "$work/app.tar"

# 4. The OCI layout: gzip-compressed layers named by digest, a config, a manifest, an index.
blobs="$work/layout/blobs/sha256"
mkdir -p "$blobs"
sha() { sha256sum "$1" | cut -d' ' -f1; }
size() { stat -c %s "$1"; }
diff_ids=()
layers_json=()
docker_layers=()
for layer in "$work/base.tar" "$work/app.tar"; do
  diff_ids+=("\"sha256:$(sha "$layer")\"")
  gzip -n -6 -c "$layer" >"$work/layer.gz"
  d="$(sha "$work/layer.gz")"
  mv "$work/layer.gz" "$blobs/$d"
  layers_json+=("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$d\",\"size\":$(size "$blobs/$d")}")
  docker_layers+=("\"blobs/sha256/$d\"")
done
join() { local IFS=,; echo "$*"; }
cat >"$work/config.json" <<EOF
{"architecture":"amd64","os":"linux","created":"$created","config":{"User":"65532:65532","Entrypoint":["/usr/local/bin/gatewarden"],"Cmd":["--help"],"WorkingDir":"/var/lib/gatewarden","Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","HOME=/home/nonroot","LANG=C.UTF-8"],"Labels":{"org.opencontainers.image.title":"gatewarden","org.opencontainers.image.version":"$version","org.opencontainers.image.base.name":"debian:$suite (mmdebstrap, openjdk-17-jre-headless)"}},"rootfs":{"type":"layers","diff_ids":[$(join "${diff_ids[@]}")]},"history":[{"created":"$created","created_by":"mmdebstrap --variant=essential --include=openjdk-17-jre-headless,ca-certificates $suite"},{"created":"$created","created_by":"scripts/build-image.sh: /opt/gatewarden/gatewarden.jar, /usr/local/bin/gatewarden"}]}
EOF
cfg="$(sha "$work/config.json")"
mv "$work/config.json" "$blobs/$cfg"
cat >"$work/manifest.json" <<EOF
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:$cfg","size":$(size "$blobs/$cfg")},"layers":[$(join "${layers_json[@]}")],"annotations":{"org.opencontainers.image.version":"$version","org.opencontainers.image.created":"$created"}}
EOF
man="$(sha "$work/manifest.json")"
mv "$work/manifest.json" "$blobs/$man"
cat >"$work/layout/index.json" <<EOF
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:$man","size":$(size "$blobs/$man"),"annotations":{"org.opencontainers.image.ref.name":"$version","io.containerd.image.name":"docker.io/library/$image"}}]}
EOF
echo '{"imageLayoutVersion":"1.0.0"}' >"$work/layout/oci-layout"
cat >"$work/layout/manifest.json" <<EOF
[{"Config":"blobs/sha256/$cfg","RepoTags":["$image"],"Layers":[$(join "${docker_layers[@]}")]}]
EOF
archive="$out/gatewarden-$version.tar"
tar --sort=name --numeric-owner --owner=0 --group=0 --mtime="@$SOURCE_DATE_EPOCH" -C "$work/layout" -cf "$archive.partial" .
mv "$archive.partial" "$archive"
echo "build-image: $image (manifest sha256:$man, $(( $(size "$archive") / 1048576 )) MiB)" >&2
echo "$archive $image"
