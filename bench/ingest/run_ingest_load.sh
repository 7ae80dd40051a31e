#!/usr/bin/env bash
# Push API load test on loopback (bench/README.md "## Ingest"): `stormwatch ingest` with an
# embedded Kafka broker, wrk posting NDJSON batches of 1,000 unique mentions, then the same
# load against null_http_server (a trivial 200 handler) as the baseline.
# Usage: bench/ingest/run_ingest_load.sh BUILD_DIR [DURATION_S] [CONNECTIONS]
set -euo pipefail
build="${1:?build dir}"
duration="${2:-20}"
connections="${3:-16}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
trap 'kill ${ingest_pid:-} ${null_pid:-} 2>/dev/null || true; rm -rf "$work"' EXIT
echo "load-test-token" > "$work/token"
cat > "$work/ingest.yaml" <<YAML
kafka: {embedded: true, embedded_partitions: 4}
http: {listen: ""}
ingest:
  listen: 127.0.0.1:18080
  dedup: {dir: $work/dedup}
  state_dir: $work/state
  sources: [{name: load, type: push, secret: {secret_file: $work/token}}]
YAML
"$build/pipeline/cli/stormwatch" ingest --config "$work/ingest.yaml" > "$work/ingest.log" 2>&1 &
ingest_pid=$!
for _ in $(seq 100); do curl -sf http://127.0.0.1:18080/readyz >/dev/null && break; sleep 0.1; done
lscpu | grep 'Model name'
echo "== push API (stormwatch ingest, embedded Kafka, RocksDB dedup)"
wrk -t2 -c"$connections" -d"${duration}s" -s "$root/bench/ingest/push_load.lua" \
  http://127.0.0.1:18080/v1/mentions | tail -n 3
kill "$ingest_pid"; wait "$ingest_pid" 2>/dev/null || true
"$build/bench/ingest/null_http_server" 18099 > /dev/null &
null_pid=$!
sleep 0.5
echo "== baseline (trivial 200 handler, same HTTP stack, same load)"
wrk -t2 -c"$connections" -d"${duration}s" -s "$root/bench/ingest/push_load.lua" \
  http://127.0.0.1:18099/v1/mentions | tail -n 3
