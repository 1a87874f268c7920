#!/usr/bin/env bash
# Installs what the test suite needs beyond npm: Debian's prometheus (promtool and the e2e server),
# supervisor and systemd (systemd-analyze) for the bare-metal tests, podman with runc for make image-test, chromium for
# the landing page's browser test (test/e2e/landing.test.ts drives it with playwright-core; no browser is downloaded),
# openssl, curl and apache2-utils (htpasswd -B) for the WEB_CONFIG_FILE tests (TLS, client certificates, basic auth).
set -euo pipefail
need=()
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v supervisord >/dev/null 2>&1 || need+=(supervisor)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
command -v podman >/dev/null 2>&1 || need+=(podman)
command -v runc >/dev/null 2>&1 || need+=(runc)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v htpasswd >/dev/null 2>&1 || need+=(apache2-utils)
# The manifest test builds k8s/ with kubectl's kustomize (components need kustomize 4+): Debian's kubectl is too old.
command -v kubectl >/dev/null 2>&1 || echo "warning: kubectl is missing: the manifest test (test/packaging/k8s.test.ts) needs kubectl 1.21 or newer" >&2
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing: ${need[*]}; run as root or install them: apt-get install --no-install-recommends ${need[*]}" >&2
    exit 1
  fi
  echo "installing Debian packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
