#!/usr/bin/env python3
"""dashboards/*.json: generated from dashboards/generate.py, well-formed for Grafana (a
`datasource` variable that every panel uses, unique ids, panels on the 24-column grid), and
every PromQL expression parses with promtool (Debian package `prometheus`).
"""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import catalogue  # noqa: E402

sys.path.insert(0, str(catalogue.DASHBOARDS))
import generate  # noqa: E402


def check_structure(path, d, failures):
    where = path.name
    for key in ("uid", "title", "panels", "templating", "schemaVersion"):
        if key not in d:
            failures.append(f"{where}: missing '{key}'")
    variables = {v.get("name"): v for v in d.get("templating", {}).get("list", [])}
    ds_var = variables.get("datasource")
    if not ds_var or ds_var.get("type") != "datasource" or ds_var.get("query") != "prometheus":
        failures.append(f"{where}: needs a 'datasource' variable of type datasource/prometheus")
    ids = set()
    panels = [p for p in d.get("panels", [])]
    if sum(1 for p in panels if p.get("type") != "row") < 3:
        failures.append(f"{where}: fewer than 3 panels")
    for p in panels:
        title = p.get("title", "?")
        if p.get("id") in ids:
            failures.append(f"{where}: panel id {p.get('id')} used twice")
        ids.add(p.get("id"))
        grid = p.get("gridPos", {})
        if grid.get("x", 0) + grid.get("w", 0) > 24 or grid.get("w", 0) <= 0:
            failures.append(f"{where} / {title}: gridPos {grid} outside the 24-column grid")
        if p.get("type") == "row":
            continue
        if not p.get("description"):
            failures.append(f"{where} / {title}: no description")
        if p.get("datasource", {}).get("uid") != "${datasource}":
            failures.append(f"{where} / {title}: panel datasource must be ${{datasource}}")
        targets = p.get("targets", [])
        if not targets:
            failures.append(f"{where} / {title}: no queries")
        for t in targets:
            if t.get("datasource", {}).get("uid") != "${datasource}":
                failures.append(f"{where} / {title}: query datasource must be ${{datasource}}")
            if 'job=~"$job"' not in t.get("expr", ""):
                failures.append(f"{where} / {title}: query does not filter on job=~\"$job\"")


def promql_of(where, text):
    """The PromQL to parse for a query: label_values(selector, label) -> selector."""
    text = text.strip()
    if text.startswith("label_values("):
        inner = text[len("label_values("):-1]
        text = inner.rsplit(",", 1)[0] if "," in inner else inner
    return catalogue.to_plain_promql(text)


def check_promql(queries, failures):
    promtool = shutil.which("promtool")
    if not promtool:
        failures.append("promtool not found (apt-get install prometheus; see "
                        "scripts/apt-packages.d/deploy.txt)")
        return
    with tempfile.TemporaryDirectory(prefix="stormwatch-promql-") as tmp:
        # One group per query so that promtool names the failing one; JSON is valid YAML.
        groups = [{"name": f"q{i}", "rules": [{"record": f"stormwatch_check:q{i}",
                                               "expr": promql_of(w, q)}]}
                  for i, (w, q) in enumerate(queries)]
        rules = Path(tmp) / "dashboards.rules.json"
        rules.write_text(json.dumps({"groups": groups}, indent=1))
        proc = subprocess.run([promtool, "check", "rules", str(rules)], capture_output=True,
                              text=True, timeout=60)
        if proc.returncode != 0:
            out = proc.stdout + proc.stderr
            failures.append("promtool rejected a dashboard query:\n" + out)
            for i, (w, q) in enumerate(queries):
                if f"q{i}" in out:
                    failures.append(f"  q{i} = {w}: {q}")
        else:
            print(f"promtool: {len(queries)} dashboard queries parse")


def main():
    failures = []
    rendered = generate.render()
    for name, text in rendered.items():
        committed = catalogue.DASHBOARDS / name
        if not committed.exists() or committed.read_text() != text:
            failures.append(f"dashboards/{name} differs from dashboards/generate.py's output "
                            "(run python3 dashboards/generate.py and commit)")
    dashboards = catalogue.load_dashboards()
    names = {p.name for p, _ in dashboards}
    if not {"crisis-overview.json", "pipeline-health.json"} <= names:
        failures.append(f"expected crisis-overview.json and pipeline-health.json, got {names}")
    uids = [d.get("uid") for _, d in dashboards]
    if len(uids) != len(set(uids)):
        failures.append(f"dashboard uids not unique: {uids}")
    queries = []
    for path, d in dashboards:
        check_structure(path, d, failures)
        queries += list(catalogue.dashboard_queries(d))
    check_promql(queries, failures)

    # The panels still waiting for a metric must be valid too, for the day they appear:
    # render with every name generate.py mentions treated as catalogued.
    waiting = set(catalogue.METRIC_IN_EXPR_RE.findall(Path(generate.__file__).read_text()))
    saved = set(generate.AVAILABLE)
    generate.AVAILABLE |= waiting
    try:
        full = {name: json.loads(text) for name, text in generate.render().items()}
    finally:
        generate.AVAILABLE.clear()
        generate.AVAILABLE |= saved
    full_queries = []
    for name, d in full.items():
        check_structure(Path(f"{name} (all panels)"), d, failures)
        full_queries += list(catalogue.dashboard_queries(d))
    print(f"with every waiting panel enabled: {len(full_queries)} queries")
    check_promql(full_queries, failures)
    provisioning = catalogue.DASHBOARDS / "provisioning" / "dashboards.yaml"
    if "providers:" not in provisioning.read_text():
        failures.append(f"{provisioning}: no providers")
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    print(f"{len(dashboards)} dashboards, {len(queries)} queries: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
