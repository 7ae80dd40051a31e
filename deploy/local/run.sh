#!/usr/bin/env bash
# Starts a local stormwatch with its monitoring, all from Debian packages and the built
# binary: a dev broker (embedded Kafka), `stormwatch run`, Prometheus (prometheus.yml + the
# Kubernetes alert rules) and Alertmanager (alertmanager.yml). Stops everything it started
# on Ctrl-C / SIGTERM.
#
#   deploy/local/run.sh [--demo]      # --demo publishes the built-in outage scenario
#
# Environment (defaults in brackets):
#   STORMWATCH_BIN      [build/release/pipeline/cli/stormwatch]
#   LOCAL_DIR           work dir for configs, data and logs [$TMPDIR/stormwatch-local]
#   STORMWATCH_PORT     /metrics, /healthz, /readyz of stormwatch [9464]
#   PROMETHEUS_PORT     [9090]      ALERTMANAGER_PORT [9093]
#   SCRAPE_INTERVAL     Prometheus scrape and rule interval [15s]
#   PARTITIONS          partitions per topic of the dev broker [4]
# Needs: apt-get install prometheus prometheus-alertmanager (scripts/apt-packages.d/deploy.txt).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

demo=0
for arg in "$@"; do
  case "$arg" in
    --demo) demo=1 ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "run.sh: unknown argument '$arg' (expected --demo)" >&2; exit 2 ;;
  esac
done

bin="${STORMWATCH_BIN:-$root/build/release/pipeline/cli/stormwatch}"
dir="${LOCAL_DIR:-${TMPDIR:-/tmp}/stormwatch-local}"
sw_port="${STORMWATCH_PORT:-9464}"
prom_port="${PROMETHEUS_PORT:-9090}"
am_port="${ALERTMANAGER_PORT:-9093}"
interval="${SCRAPE_INTERVAL:-15s}"
partitions="${PARTITIONS:-4}"

[ -x "$bin" ] || { echo "run.sh: no stormwatch binary at $bin (build it or set STORMWATCH_BIN)" >&2; exit 2; }
for tool in prometheus prometheus-alertmanager; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool not found (apt-get install $tool)" >&2; exit 2; }
done

mkdir -p "$dir"/prometheus-data "$dir"/alertmanager-data "$dir"/state
pids=()
stop_all() {  # newest first, each given 20 s to leave (stormwatch leaves its group first)
  trap - EXIT INT TERM
  local i pid n
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid="${pids[$i]}"
    kill -TERM "$pid" 2>/dev/null || continue
    for ((n = 0; n < 100; n++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
trap stop_all EXIT
trap 'exit 0' INT TERM

wait_for() {  # wait_for WHAT SECONDS COMMAND...
  local what="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then echo "run.sh: timed out waiting for $what" >&2; exit 1; fi
    sleep 0.2
  done
}

# Kafka: the embedded dev broker.
rm -f "$dir/bootstrap.txt"
"$bin" dev-broker --partitions "$partitions" --bootstrap-file "$dir/bootstrap.txt" \
  >"$dir/dev-broker.log" 2>&1 &
pids+=($!)
wait_for "the dev broker" 30 test -s "$dir/bootstrap.txt"
brokers="$(cat "$dir/bootstrap.txt")"

# stormwatch: operate + alert in one process.
cat >"$dir/stormwatch.yaml" <<EOF
# written by deploy/local/run.sh
kafka:
  brokers: "$brokers"
runtime:
  state_dir: "$dir/state"
sinks:
  - {type: jsonl, path: "$dir/alerts.jsonl"}
http:
  listen: "127.0.0.1:$sw_port"
EOF
"$bin" run --config "$dir/stormwatch.yaml" >"$dir/stormwatch.log" 2>&1 &
pids+=($!)

# Prometheus with the same rules as the Kubernetes PrometheusRule.
python3 "$here/extract_rules.py" "$root/deploy/k8s/base/prometheusrule.yaml" \
  "$dir/stormwatch.rules.yml"
sed -e "s/127.0.0.1:9464/127.0.0.1:$sw_port/" -e "s/127.0.0.1:9093/127.0.0.1:$am_port/" \
  -e "s/\(scrape_interval\|evaluation_interval\): 15s/\1: $interval/" \
  "$here/prometheus.yml" >"$dir/prometheus.yml"
prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/prometheus-data" \
  --web.listen-address="127.0.0.1:$prom_port" >"$dir/prometheus.log" 2>&1 &
pids+=($!)

prometheus-alertmanager --config.file="$here/alertmanager.yml" \
  --storage.path="$dir/alertmanager-data" --web.listen-address="127.0.0.1:$am_port" \
  --cluster.listen-address= >"$dir/alertmanager.log" 2>&1 &
pids+=($!)

wait_for "stormwatch /readyz" 60 curl -sf "http://127.0.0.1:$sw_port/readyz"
wait_for "Prometheus" 60 curl -sf "http://127.0.0.1:$prom_port/-/ready"
wait_for "Alertmanager" 60 curl -sf "http://127.0.0.1:$am_port/-/ready"
echo "stormwatch   http://127.0.0.1:$sw_port/metrics  (kafka $brokers)"
echo "prometheus   http://127.0.0.1:$prom_port"
echo "alertmanager http://127.0.0.1:$am_port"
echo "logs and data in $dir; Ctrl-C stops everything"

if ((demo)); then
  # Publish once Prometheus has scraped stormwatch, so rate() sees the counters rise.
  wait_for "Prometheus to scrape stormwatch" 60 bash -c \
    "curl -sf 'http://127.0.0.1:$prom_port/api/v1/query?query=up' | grep -q '\"1\"\]'"
  "$bin" demo --write-scenario "$dir/scenario.jsonl" >/dev/null
  "$bin" publish --brokers "$brokers" --input "$dir/scenario.jsonl"
  echo "alerts: $dir/alerts.jsonl"
fi

# Run until a process dies or we are told to stop.
while :; do
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "run.sh: a process ($pid) exited; see the logs in $dir" >&2
      exit 1
    fi
  done
  sleep 1
done
