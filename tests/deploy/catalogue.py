"""Reads docs/metrics.md (the metrics catalogue) and the metric names that dashboards/*.json
use. Shared by the deploy tests; standard library only.

Catalogue format: `## section` headings, each followed by one Markdown table with the columns
name | type | unit | labels | meaning. A section whose heading contains "planned" lists
metrics that are not exported yet; dashboards must not use them.
"""

import json
import re
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parents[2]
CATALOGUE = SOURCE_DIR / "docs" / "metrics.md"
DASHBOARDS = SOURCE_DIR / "dashboards"
COLUMNS = ["name", "type", "unit", "labels", "meaning"]
TYPES = {"counter", "gauge", "histogram", "summary"}
NAME_RE = re.compile(r"^stormwatch_[a-z0-9_]+$")
METRIC_IN_EXPR_RE = re.compile(r"\bstormwatch_[a-zA-Z0-9_]+")


class CatalogueError(Exception):
    pass


def parse_catalogue(path=CATALOGUE):
    """Returns {name: entry}; entry has name, type, unit, labels (sorted list), meaning,
    section, planned. Raises CatalogueError on a malformed table or a duplicate name."""
    entries = {}
    section = None
    header_seen = False
    for lineno, raw in enumerate(Path(path).read_text().splitlines(), 1):
        line = raw.strip()
        if line.startswith("## "):
            section = line[3:].strip()
            header_seen = False
            continue
        if not line.startswith("|"):
            header_seen = False if not line else header_seen
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        where = f"{path}:{lineno}"
        if not header_seen:
            if [c.lower() for c in cells] != COLUMNS:
                raise CatalogueError(f"{where}: table header must be | {' | '.join(COLUMNS)} |,"
                                     f" got {line}")
            header_seen = True
            continue
        if all(set(c) <= set("-: ") for c in cells):
            continue  # the |---| separator row
        if section is None:
            raise CatalogueError(f"{where}: table row before any '## component' heading")
        if len(cells) != len(COLUMNS):
            raise CatalogueError(f"{where}: expected {len(COLUMNS)} cells, got {len(cells)}")
        name, mtype, unit, labels, meaning = cells
        name = name.strip("`")
        if not NAME_RE.match(name):
            raise CatalogueError(f"{where}: '{name}' is not a stormwatch_* metric name")
        if mtype not in TYPES:
            raise CatalogueError(f"{where}: type of {name} must be one of {sorted(TYPES)}")
        if mtype == "counter" and not name.endswith("_total"):
            raise CatalogueError(f"{where}: counter {name} must end in _total")
        if not meaning:
            raise CatalogueError(f"{where}: {name} has no meaning")
        if name in entries:
            raise CatalogueError(f"{where}: {name} is listed twice")
        entries[name] = {
            "name": name, "type": mtype, "unit": unit, "meaning": meaning,
            "labels": sorted(l.strip().strip("`") for l in labels.split(",") if l.strip()),
            "section": section, "planned": "planned" in section.lower(),
        }
    if not entries:
        raise CatalogueError(f"{path}: no metric tables found")
    return entries


def dashboard_files():
    return sorted(DASHBOARDS.glob("*.json"))


def dashboard_queries(dashboard):
    """Yields (where, text) for every PromQL expression and template-variable query."""
    title = dashboard.get("title", "?")

    def panels(items):
        for panel in items:
            yield panel
            yield from panels(panel.get("panels", []))

    for panel in panels(dashboard.get("panels", [])):
        for target in panel.get("targets", []):
            if target.get("expr"):
                yield f"{title} / {panel.get('title', '?')} / {target.get('refId', '?')}", \
                    target["expr"]
    for var in dashboard.get("templating", {}).get("list", []):
        query = var.get("query")
        if isinstance(query, dict):
            query = query.get("query")
        if var.get("type") == "query" and query:
            yield f"{title} / variable {var.get('name')}", query


def metric_names_in(text, catalogue):
    """stormwatch_* names in a PromQL text, with histogram _bucket/_sum/_count folded."""
    names = set()
    for name in METRIC_IN_EXPR_RE.findall(text):
        for suffix in ("_bucket", "_sum", "_count"):
            base = name[: -len(suffix)]
            if name.endswith(suffix) and catalogue.get(base, {}).get("type") in (
                    "histogram", "summary"):
                name = base
        names.add(name)
    return names


# Grafana's built-in and dashboard variables, replaced by plain values so that a query can be
# parsed by promtool and sent to a real Prometheus.
GRAFANA_SUBSTITUTIONS = [
    ("$__rate_interval", "1m"), ("${__rate_interval}", "1m"),
    ("$__interval", "30s"), ("${__interval}", "30s"),
    ("$__range", "1h"), ("${__range}", "1h"),
    ("${job:regex}", ".*"), ("${job}", ".*"), ("$job", ".*"),
    ("${sink:regex}", ".*"), ("${sink}", ".*"), ("$sink", ".*"),
    ("${brand:regex}", ".*"), ("${brand}", ".*"), ("$brand", ".*"),
]


def to_plain_promql(expr):
    for var, value in GRAFANA_SUBSTITUTIONS:
        expr = expr.replace(var, value)
    if "$" in expr:
        raise CatalogueError(f"unknown Grafana variable left in query: {expr}")
    return expr


def load_dashboards():
    return [(path, json.loads(path.read_text())) for path in dashboard_files()]
