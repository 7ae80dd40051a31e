#!/usr/bin/env bash
# The alert rules of deploy/k8s/base/prometheusrule.yaml: they parse (promtool check
# rules), pass their unit tests (promtool test rules deploy/k8s/tests/rules_test.yaml), use
# only metrics from docs/metrics.md outside 'planned'; and deploy/local's prometheus.yml and
# alertmanager.yml are valid (promtool check config, amtool check-config).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
for tool in promtool amtool python3; do
  command -v "$tool" >/dev/null || { echo "FAILED: $tool not found (scripts/apt-packages.d/deploy.txt)"; exit 1; }
done
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

python3 "$root/deploy/local/extract_rules.py" "$root/deploy/k8s/base/prometheusrule.yaml" \
  "$tmp/stormwatch.rules.yml"
promtool check rules "$tmp/stormwatch.rules.yml"
cp "$root/deploy/k8s/tests/rules_test.yaml" "$tmp/"
(cd "$tmp" && promtool test rules rules_test.yaml)

# Every rule must have a test case that fires.
python3 - "$tmp/stormwatch.rules.yml" "$tmp/rules_test.yaml" "$root/tests/deploy" <<'PY'
import re, sys
sys.path.insert(0, sys.argv[3])
import catalogue
rules = open(sys.argv[1]).read()
tests = open(sys.argv[2]).read()
alerts = re.findall(r"^\s*- alert: (\S+)", rules, re.M)
missing = [a for a in alerts if not re.search(rf"alertname: {a}\n\s*exp_alerts:\n\s*- exp_labels", tests)]
entries = catalogue.parse_catalogue()
used = catalogue.metric_names_in(rules, entries)
unknown = sorted(n for n in used if n not in entries or entries[n]["planned"])
if len(alerts) < 5 or missing or unknown:
    print(f"FAILED: rules {alerts}; without a firing test case: {missing}; "
          f"metrics not in the catalogue (or planned): {unknown}")
    sys.exit(1)
print(f"{len(alerts)} rules, each with a firing test case; metrics used: {sorted(used)}")
PY

cp "$root/deploy/local/prometheus.yml" "$tmp/prometheus.yml"
promtool check config "$tmp/prometheus.yml"
amtool check-config "$root/deploy/local/alertmanager.yml"
echo "prometheus rules and local configs: ok"
