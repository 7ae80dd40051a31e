#!/usr/bin/env bash
# Renders every overlay in deploy/k8s/overlays (and its kafka/ kustomization of Strimzi
# topics and user) with `kubectl kustomize` and validates the
# output offline (deploy/k8s/validate/validate.mjs: Kubernetes, KEDA and Prometheus
# Operator schemas, unknown fields, and stormwatch's deployment rules); the ConfigMap's
# stormwatch.yaml must pass stormwatch's own config parser. Installs its npm
# packages (and kubectl if missing) through deploy/k8s/validate/setup.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
validate="$root/deploy/k8s/validate"
bin="${STORMWATCH_BIN:?STORMWATCH_BIN must name the stormwatch binary (ctest sets it)}"
kubectl="$(bash "$validate/setup.sh" | tail -n 1)"
echo "kubectl: $kubectl ($("$kubectl" version --client 2>/dev/null | head -n 1))"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

overlays=("$root"/deploy/k8s/overlays/*/)
[ ${#overlays[@]} -ge 2 ] || { echo "FAILED: expected dev and prod overlays"; exit 1; }
status=0
for dir in "${overlays[@]}"; do
  name="$(basename "$dir")"
  # The overlay, then its Strimzi objects (another namespace: a kustomization of its own).
  if ! "$kubectl" kustomize "$dir" >"$tmp/$name.yaml" 2>"$tmp/$name.err" ||
     ! { echo "---"; "$kubectl" kustomize "$dir/kafka"; } >>"$tmp/$name.yaml" 2>"$tmp/$name.err"; then
    echo "FAILED: kubectl kustomize $dir (or $dir/kafka):"; cat "$tmp/$name.err"; status=1; continue
  fi
  node "$validate/validate.mjs" "$name" "$tmp/$name.yaml" "$tmp/$name.config.yaml" || status=1
  # The ConfigMap's stormwatch.yaml through stormwatch's own parser (replay loads and
  # validates the whole config, then replays an empty input).
  : >"$tmp/empty.jsonl"
  if ! "$bin" replay --config "$tmp/$name.config.yaml" --input "$tmp/empty.jsonl" \
      --output "$tmp/$name.alerts.jsonl" >"$tmp/$name.replay.log" 2>&1; then
    echo "FAILED: $name: stormwatch rejects the ConfigMap's stormwatch.yaml:"
    cat "$tmp/$name.replay.log"; status=1
  else
    echo "$name: stormwatch accepts the ConfigMap's stormwatch.yaml"
  fi
done
# The overlays must not collide: distinct namespaces.
ns="$(for dir in "${overlays[@]}"; do sed -n 's/^namespace: //p' "$dir/kustomization.yaml"; done | sort | uniq -d)"
if [ -n "$ns" ]; then echo "FAILED: overlays share namespace $ns"; status=1; fi
[ $status -eq 0 ] && echo "all ${#overlays[@]} overlays render and validate"
exit $status
