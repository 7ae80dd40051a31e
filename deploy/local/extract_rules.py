#!/usr/bin/env python3
"""Writes the Prometheus rule file held in a PrometheusRule manifest (everything under its
top-level `spec:`, dedented) to stdout or to a file.

  python3 deploy/local/extract_rules.py [deploy/k8s/base/prometheusrule.yaml] [OUT]

Used by deploy/local/run.sh and the deploy tests, so the Kubernetes and local Prometheus run
the same rules. Standard library only: the manifest keeps `spec:` as its last top-level key.
"""

import sys
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1] / "k8s" / "base" / "prometheusrule.yaml"


def extract(text):
    lines = text.splitlines()
    try:
        start = lines.index("spec:") + 1
    except ValueError:
        raise SystemExit("no top-level 'spec:' line in the PrometheusRule manifest")
    out = []
    for line in lines[start:]:
        if line and not line.startswith("  "):
            raise SystemExit(f"'spec:' must be the last top-level key; found: {line}")
        out.append(line[2:])
    return "# generated from deploy/k8s/base/prometheusrule.yaml; do not edit\n" + \
        "\n".join(out).strip("\n") + "\n"


def main(argv):
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT
    rules = extract(source.read_text())
    if len(argv) > 2:
        Path(argv[2]).write_text(rules)
    else:
        sys.stdout.write(rules)


if __name__ == "__main__":
    main(sys.argv)
