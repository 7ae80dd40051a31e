#!/usr/bin/env bash
# Installs what the offline Kubernetes checks need, idempotently, into this folder
# (gitignored): the npm packages pinned in package-lock.json (node_modules/), and kubectl
# when none is on PATH. Prints the kubectl to use on its last line.
#
# kubectl: any kubectl on PATH with `kubectl kustomize`; otherwise Debian 12's
# kubernetes-client (kubectl 1.20, kustomize 2.0.3; the overlays are written for it) is
# unpacked into .tools/ with `apt-get download` + `dpkg -x`, so that it never conflicts
# with another kubectl package. KUBECTL_FROM_DEBIAN=1 takes that path even when kubectl is
# on PATH (to check that the overlays still render with kustomize 2.0.3).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

if ! command -v node >/dev/null; then
  echo "validate/setup.sh: node not found (apt-get install nodejs)" >&2; exit 1
fi
if ! command -v npm >/dev/null; then
  echo "validate/setup.sh: installing Debian's npm" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null
fi
stamp="node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

if [ "${KUBECTL_FROM_DEBIAN:-0}" != 1 ] && command -v kubectl >/dev/null &&
  kubectl kustomize --help >/dev/null 2>&1; then
  command -v kubectl
  exit 0
fi
local_kubectl="$here/.tools/usr/bin/kubectl"
if [ ! -x "$local_kubectl" ]; then
  echo "validate/setup.sh: unpacking Debian's kubernetes-client into $here/.tools" >&2
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && apt-get download kubernetes-client >/dev/null 2>&1) || {
    apt-get update -qq >/dev/null && (cd "$tmp" && apt-get download kubernetes-client >/dev/null)
  }
  dpkg -x "$tmp"/kubernetes-client_*.deb "$here/.tools"
fi
echo "$local_kubectl"
