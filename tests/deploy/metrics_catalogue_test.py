#!/usr/bin/env python3
"""docs/metrics.md against what a running `stormwatch run` exports, and the dashboards
against both.

Starts a dev broker and `stormwatch run`, publishes the demo scenario (labelled series only
appear after their first use), scrapes /metrics and asserts:
  - every catalogue metric outside a 'planned' section is exported, with that type;
  - every exported stormwatch_* family is in the catalogue, outside 'planned';
  - the label names of every exported series are the catalogue's labels;
  - every stormwatch_* name that dashboards/*.json use is in the catalogue and exported.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import catalogue  # noqa: E402
import stack  # noqa: E402


def exported_types_and_labels(exposition):
    types, labels = {}, {}
    for line in exposition.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(None, 3)
            types[name] = kind.strip()
    for line in exposition.splitlines():
        if not line or line.startswith("#"):
            continue
        name, _, rest = line.partition("{")
        label_names = set()
        if rest:
            body = rest.rsplit("}", 1)[0]
            # Label values are quoted; names are the text before each '="'.
            for part in body.split('",'):
                if "=" in part:
                    label_names.add(part.split("=", 1)[0].strip().lstrip(","))
        name = name.split(" ", 1)[0]
        for suffix in ("_bucket", "_sum", "_count"):
            if name.endswith(suffix) and types.get(name[: -len(suffix)]) in ("histogram",
                                                                              "summary"):
                name = name[: -len(suffix)]
        label_names.discard("le")
        label_names.discard("quantile")
        labels.setdefault(name, set()).update(label_names)
    return types, labels


def main():
    entries = catalogue.parse_catalogue()
    live = {n: e for n, e in entries.items() if not e["planned"]}
    planned = {n for n, e in entries.items() if e["planned"]}
    failures = []

    with stack.stormwatch_stack() as s:
        # Some gauges are set periodically (consumer lag from librdkafka statistics) and
        # alerts reach the sinks a moment later: scrape until every catalogued metric is
        # there, or 30 s have passed.
        def scrape():
            text = stack.http_get(s["metrics_url"])
            names = {n for n in stack.exported_names(text) if n.startswith("stormwatch_")}
            return text, names

        deadline = time.monotonic() + 30
        exposition, exported = scrape()
        while not set(live) <= exported and time.monotonic() < deadline:
            time.sleep(0.5)
            exposition, exported = scrape()
    types, labels = exported_types_and_labels(exposition)

    for name in sorted(set(live) - exported):
        failures.append(f"{name}: in docs/metrics.md ({live[name]['section']}) but not exported "
                        "by `stormwatch run` (move it under a 'planned' heading or export it)")
    for name in sorted(exported - set(entries)):
        failures.append(f"{name}: exported but missing from docs/metrics.md (add a row to the "
                        "component's table)")
    for name in sorted(exported & planned):
        failures.append(f"{name}: exported but listed under '{entries[name]['section']}' "
                        "(move the row to its component's table)")
    for name in sorted(set(live) & exported):
        entry = entries[name]
        if types.get(name) and types[name] != entry["type"]:
            failures.append(f"{name}: catalogue says {entry['type']}, exported as {types[name]}")
        got = sorted(labels.get(name, set()))
        if name in labels and got != entry["labels"]:
            failures.append(f"{name}: catalogue labels {entry['labels']}, exported labels {got}")

    dashboards = catalogue.load_dashboards()
    if not dashboards:
        failures.append("dashboards/: no *.json dashboards found")
    used = {}
    for path, dashboard in dashboards:
        for where, text in catalogue.dashboard_queries(dashboard):
            for name in catalogue.metric_names_in(text, entries):
                used.setdefault(name, []).append(f"{path.name}: {where}")
    for name, places in sorted(used.items()):
        if name not in entries:
            failures.append(f"{name}: used by a dashboard ({places[0]}) but not in the catalogue")
        elif entries[name]["planned"]:
            failures.append(f"{name}: used by a dashboard ({places[0]}) but still 'planned'")
        elif name not in exported:
            failures.append(f"{name}: used by a dashboard ({places[0]}) but not exported")

    print(f"catalogue: {len(live)} exported metrics, {len(planned)} planned; "
          f"/metrics: {len(exported)} stormwatch_* families; dashboards use {len(used)} names")
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        print("--- /metrics (first 6000 characters) ---\n" + exposition[:6000])
        return 1
    print("metrics catalogue, /metrics and dashboards agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
