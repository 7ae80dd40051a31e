#!/usr/bin/env python3
"""Writes the Grafana dashboards in this folder (crisis-overview.json, pipeline-health.json).

The JSON files are checked in; edit this script and run `python3 dashboards/generate.py`,
never the JSON by hand. tests/deploy/dashboards_test.py fails when the two disagree, parses
every expression with promtool, and metrics_catalogue_test.py checks that every metric name
used here is in docs/metrics.md and exported. Use only names from docs/metrics.md outside
its 'planned' sections.

Variables: `datasource` (any Prometheus) and `job` (the scrape jobs that export
stormwatch_build_info). Every query filters on job=~"$job".

Panels for metrics that are not exported yet are written here already, each with the
metric names it `needs`; a panel (or a query of one) appears only once every name it needs
is in docs/metrics.md outside a 'planned' section. So after adding a metric's row, run this
script and the panel shows up (the dashboards test tells you when the JSON is stale).
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CATALOGUE = HERE.parent / "docs" / "metrics.md"


def catalogued_metrics(path=CATALOGUE):
    """Metric names in docs/metrics.md tables outside sections whose heading says 'planned'."""
    names, planned = set(), False
    for line in path.read_text().splitlines():
        if line.startswith("## "):
            planned = "planned" in line.lower()
        elif line.startswith("| stormwatch_") and not planned:
            names.add(line.split("|")[1].strip())
    return names


AVAILABLE = catalogued_metrics()


def have(*names):
    return all(n in AVAILABLE for n in names)
DS = {"type": "prometheus", "uid": "${datasource}"}
J = 'job=~"$job"'
B = 'brand=~"$brand"'


def target(expr, legend="", ref="A", instant=False, needs=()):
    """A query; `needs` lists metric names that must be catalogued for it to appear."""
    if not have(*needs):
        return None
    t = {"datasource": DS, "expr": expr, "legendFormat": legend or "__auto", "refId": ref}
    if instant:
        t["instant"] = True
        t["range"] = False
    return t


class Layout:
    """Places panels left to right on Grafana's 24-column grid and numbers them."""

    def __init__(self):
        self.panels, self.x, self.y, self.row_h, self.next_id = [], 0, 0, 0, 1

    pending_row = None

    def row(self, title):
        """Starts a row; it is written with its first panel (no empty rows)."""
        self.pending_row = title

    def _emit_row(self):
        if self.x:
            self.y += self.row_h
        self.panels.append({"type": "row", "title": self.pending_row, "id": self.next_id,
                            "collapsed": False, "panels": [],
                            "gridPos": {"x": 0, "y": self.y, "w": 24, "h": 1}})
        self.next_id += 1
        self.x, self.y, self.row_h = 0, self.y + 1, 0
        self.pending_row = None

    def add(self, panel_type, title, description, targets, w=12, h=8, unit=None, extra=None,
            needs=()):
        """Adds a panel unless a metric it `needs` is not catalogued yet (or no query is left)."""
        targets = [t for t in targets if t is not None]
        if not targets or not have(*needs):
            return
        if self.pending_row:
            self._emit_row()
        if self.x + w > 24:
            self.x, self.y, self.row_h = 0, self.y + self.row_h, 0
        refs = "ABCDEFGH"
        for i, t in enumerate(targets):
            t["refId"] = refs[i]
        panel = {
            "type": panel_type, "title": title, "description": description, "id": self.next_id,
            "datasource": DS, "gridPos": {"x": self.x, "y": self.y, "w": w, "h": h},
            "targets": targets,
            "fieldConfig": {"defaults": {"unit": unit or "short"}, "overrides": []},
            "options": {},
        }
        if panel_type == "timeseries":
            panel["options"] = {"legend": {"displayMode": "table", "placement": "bottom",
                                           "calcs": ["lastNotNull", "max"]},
                                "tooltip": {"mode": "multi", "sort": "desc"}}
        if extra:
            panel.update(extra)
        self.panels.append(panel)
        self.next_id += 1
        self.x += w
        self.row_h = max(self.row_h, h)


def dashboard(uid, title, description, tags, layout, time_from="now-6h", extra_variables=()):
    extra_variables = list(extra_variables)
    return {
        "uid": uid, "title": title, "description": description, "tags": tags,
        "editable": True, "graphTooltip": 1, "schemaVersion": 39, "version": 1,
        "refresh": "30s", "time": {"from": time_from, "to": "now"}, "timezone": "browser",
        "annotations": {"list": []}, "links": [
            {"type": "dashboards", "tags": ["stormwatch"], "asDropdown": False,
             "title": "stormwatch", "includeVars": True, "keepTime": True}],
        "templating": {"list": [
            {"name": "datasource", "label": "Prometheus", "type": "datasource",
             "query": "prometheus", "current": {}, "hide": 0, "refresh": 1},
            {"name": "job", "label": "Job", "type": "query", "datasource": DS,
             "query": {"query": "label_values(stormwatch_build_info, job)", "refId": "job"},
             "definition": "label_values(stormwatch_build_info, job)",
             "refresh": 2, "multi": True, "includeAll": True, "allValue": ".*",
             "current": {"text": "All", "value": "$__all"}, "sort": 1, "hide": 0},
        ] + extra_variables},
        "panels": layout.panels,
    }


def crisis_overview():
    l = Layout()
    l.row("Incidents")
    l.add("stat", "Critical alerts firing (range)",
          "Alert updates with severity CRITICAL and state FIRING in the selected time range.",
          [target(f'sum(increase(stormwatch_alerts_emitted_total{{{J}, severity="CRITICAL", '
                  f'state="FIRING"}}[$__range]))', "critical", instant=True)],
          w=6, h=6, extra={"options": {"colorMode": "background", "graphMode": "none",
                                       "reduceOptions": {"calcs": ["lastNotNull"]}},
                           "fieldConfig": {"defaults": {"unit": "short", "thresholds": {
                               "mode": "absolute", "steps": [
                                   {"color": "green", "value": None},
                                   {"color": "red", "value": 1}]}}, "overrides": []}})
    l.add("stat", "Response-SLA breaches (range)",
          "RESPONSE_SLA alerts fired in the selected time range: mentions that needed an "
          "answer and were still unanswered at their deadline.",
          [target(f'sum(increase(stormwatch_alerts_emitted_total{{{J}, kind="RESPONSE_SLA", '
                  f'state="FIRING"}}[$__range]))', "SLA breaches", instant=True)],
          w=6, h=6, extra={"options": {"colorMode": "background", "graphMode": "none",
                                       "reduceOptions": {"calcs": ["lastNotNull"]}},
                           "fieldConfig": {"defaults": {"unit": "short", "thresholds": {
                               "mode": "absolute", "steps": [
                                   {"color": "green", "value": None},
                                   {"color": "orange", "value": 1}]}}, "overrides": []}})
    l.add("bargauge", "Alerts fired by kind and severity (range)",
          "FIRING alert updates in the selected range, per detector kind and severity. An "
          "escalating incident (watch -> warning -> crisis) counts once per stage.",
          [target(f'sum by (kind, severity) (increase(stormwatch_alerts_emitted_total{{{J}, '
                  f'state="FIRING"}}[$__range]))', "{{kind}} {{severity}}", instant=True)],
          w=12, h=6, extra={"options": {"displayMode": "gradient", "orientation": "horizontal",
                                        "reduceOptions": {"calcs": ["lastNotNull"]}}})
    l.add("bargauge", "Active incidents by kind and severity",
          "Open incidents now, per detector kind and severity (one incident escalates in "
          "place: watch -> warning -> crisis).",
          [target(f'sum by (kind, severity) (stormwatch_incidents_active{{{J}}})',
                  "{{kind}} {{severity}}", instant=True)],
          w=24, h=6, needs=["stormwatch_incidents_active"],
          extra={"options": {"displayMode": "gradient", "orientation": "horizontal",
                             "reduceOptions": {"calcs": ["lastNotNull"]}}})
    l.row("Brands")
    l.add("timeseries", "Mentions per brand against the expected band",
          "Mentions per hour per brand, with the lower and upper bound the spike detector "
          "expects for this hour of the week.",
          [target(f'sum by (brand) (increase(stormwatch_brand_mentions_total{{{J}, {B}}}[1h]))',
                  "{{brand}}", needs=["stormwatch_brand_mentions_total"]),
           target(f'max by (brand, bound) (stormwatch_brand_expected_mentions{{{J}, {B}}})',
                  "{{brand}} expected {{bound}}", needs=["stormwatch_brand_expected_mentions"])],
          w=12)
    l.add("timeseries", "Negative share per brand",
          "Share of a brand's mentions labelled negative by enrich.",
          [target(f'sum by (brand) (rate(stormwatch_brand_negative_mentions_total{{{J}, {B}}}'
                  f'[$__rate_interval])) / sum by (brand) (rate('
                  f'stormwatch_brand_mentions_total{{{J}, {B}}}[$__rate_interval]))', "{{brand}}")],
          w=12, unit="percentunit",
          needs=["stormwatch_brand_negative_mentions_total", "stormwatch_brand_mentions_total"])
    l.add("timeseries", "Phone wait next to contact-seeking posts",
          "Longest phone-queue wait (left axis) and contact-seeking mentions per 15 minutes "
          "(right axis), per brand: spill-over from the phone to social media.",
          [target(f'max by (brand) (stormwatch_queue_longest_wait_seconds{{{J}, {B}}})',
                  "{{brand}} longest wait", needs=["stormwatch_queue_longest_wait_seconds"]),
           target(f'sum by (brand) (increase(stormwatch_brand_contact_seeking_mentions_total'
                  f'{{{J}, {B}}}[15m]))', "{{brand}} contact-seeking posts",
                  needs=["stormwatch_brand_contact_seeking_mentions_total"])],
          w=12, unit="s", extra={"fieldConfig": {"defaults": {"unit": "s"}, "overrides": [
              {"matcher": {"id": "byFrameRefID", "options": "B"}, "properties": [
                  {"id": "custom.axisPlacement", "value": "right"},
                  {"id": "unit", "value": "short"}]}]}})
    l.add("timeseries", "Unanswered mentions and SLA breaches",
          "Mentions that need an answer and have none yet (backlog), and response-SLA "
          "breaches per hour, per brand.",
          [target(f'sum by (brand) (stormwatch_response_backlog{{{J}, {B}}})',
                  "{{brand}} unanswered", needs=["stormwatch_response_backlog"]),
           target(f'sum by (brand) (increase(stormwatch_response_sla_breaches_total{{{J}, {B}}}[1h]))',
                  "{{brand}} breaches / h", needs=["stormwatch_response_sla_breaches_total"])], w=12)
    l.row("Over time")
    l.add("timeseries", "Alerts fired per kind (per hour)",
          "FIRING alert updates per detector kind over the last hour, sliding.",
          [target(f'sum by (kind) (increase(stormwatch_alerts_emitted_total{{{J}, '
                  f'state="FIRING"}}[1h]))', "{{kind}}")], w=12)
    l.add("timeseries", "Alerts fired vs resolved (per hour)",
          "FIRING against RESOLVED alert updates: a gap that keeps growing means incidents "
          "stay open.",
          [target(f'sum by (state) (increase(stormwatch_alerts_emitted_total{{{J}}}[1h]))',
                  "{{state}}")], w=12)
    l.add("timeseries", "Spill-over and shitstorm alerts by severity",
          "Phone-queue spill-over and shitstorm alert updates per severity.",
          [target(f'sum by (kind, severity) (increase(stormwatch_alerts_emitted_total{{{J}, '
                  f'kind=~"SPILLOVER|SHITSTORM", state="FIRING"}}[1h]))',
                  "{{kind}} {{severity}}")], w=24)
    brand_var = []
    if have("stormwatch_brand_mentions_total"):
        brand_var = [{"name": "brand", "label": "Brand", "type": "query", "datasource": DS,
                      "query": {"query": f"label_values(stormwatch_brand_mentions_total{{{J}}}, "
                                         "brand)", "refId": "brand"},
                      "definition": "label_values(stormwatch_brand_mentions_total, brand)",
                      "refresh": 2, "multi": True, "includeAll": True, "allValue": ".*",
                      "current": {"text": "All", "value": "$__all"}, "sort": 1, "hide": 0}]
    return dashboard(
        "stormwatch-crisis", "stormwatch / Crisis overview",
        "What the crisis team sees: incidents by kind and severity, response-SLA breaches. "
        "Per-brand panels (volume against the expected band, negative share, phone wait "
        "next to contact-seeking posts, unanswered backlog) are added when their metrics "
        "leave the 'planned' section of docs/metrics.md.",
        ["stormwatch", "crisis"], l, time_from="now-24h", extra_variables=brand_var)


def pipeline_health():
    l = Layout()
    l.row("Flow")
    l.add("timeseries", "Throughput per stage",
          "Records per second through each stage: consumed per input topic, alert updates "
          "produced, alerts delivered by the sinks.",
          [target(f'sum by (topic) (rate(stormwatch_events_consumed_total{{{J}}}'
                  f'[$__rate_interval]))', "consumed {{topic}}"),
           target(f'sum(rate(stormwatch_alerts_emitted_total{{{J}}}[$__rate_interval]))',
                  "alerts emitted"),
           target(f'sum(rate(stormwatch_sink_deliveries_total{{{J}, outcome="delivered"}}'
                  f'[$__rate_interval]))', "alerts delivered")], unit="ops")
    l.add("timeseries", "Consumer lag",
          "Records behind the high watermark, summed per input topic (the KEDA scaler "
          "watches the same lag).",
          [target(f'sum by (topic) (stormwatch_consumer_lag_records{{{J}}})', "{{topic}}"),
           target(f'max(stormwatch_consumer_lag_records{{{J}}})', "worst partition")])
    l.add("timeseries", "Event-to-alert latency p50 / p99",
          "Wall time from the triggering record's arrival to the alert's production.",
          [target('histogram_quantile(0.5, sum by (le) (rate('
                  f'stormwatch_event_to_alert_latency_seconds_bucket{{{J}}}[$__rate_interval])))',
                  "p50"),
           target('histogram_quantile(0.99, sum by (le) (rate('
                  f'stormwatch_event_to_alert_latency_seconds_bucket{{{J}}}[$__rate_interval])))',
                  "p99")], unit="s")
    l.add("timeseries", "Watermark lag",
          "Wall clock minus the slowest task's watermark, per instance: event time that "
          "stops advancing means a stuck or restoring task.",
          [target(f'max by (instance) (stormwatch_watermark_lag_seconds{{{J}}})',
                  "{{instance}}")], unit="s")
    l.row("Enrichment")
    l.add("timeseries", "Mentions by language and how it was found",
          "Mentions per second by language; 'default' means the text gave too little "
          "evidence and the configured default language was used.",
          [target(f'sum by (lang, lang_source) (rate(stormwatch_enrich_mentions_total{{{J}}}'
                  f'[$__rate_interval]))', "{{lang}} {{lang_source}}")], w=12, unit="ops",
          needs=["stormwatch_enrich_mentions_total"])
    l.add("timeseries", "Negative share by language",
          "Share of enriched mentions labelled negative, per language.",
          [target(f'sum by (lang) (rate(stormwatch_enrich_sentiment_labels_total{{{J}, '
                  f'label="negative"}}[$__rate_interval])) / sum by (lang) (rate('
                  f'stormwatch_enrich_sentiment_labels_total{{{J}}}[$__rate_interval]))',
                  "{{lang}}")], w=12, unit="percentunit",
          needs=["stormwatch_enrich_sentiment_labels_total"])
    l.row("Tasks")
    l.add("timeseries", "Assigned partitions per instance",
          "Tasks owned by each operate instance; the sum equals the partition count of "
          "each input topic when every partition is owned.",
          [target(f'sum by (instance) (stormwatch_assigned_partitions{{{J}}})',
                  "{{instance}}")], w=12)
    l.add("table", "Running versions",
          "Instances per version and role.",
          [target(f'count by (version, role) (stormwatch_build_info{{{J}}})', "",
                  instant=True)], w=12)
    l.add("timeseries", "Paused and restoring partitions",
          "Input partitions paused because the operators or the producer fall behind, and "
          "partitions whose state is still being restored from the changelog (their input "
          "waits; the instance's other tasks go on).",
          [target(f'sum by (instance) (stormwatch_paused_partitions{{{J}}})',
                  "{{instance}} paused (backpressure)", needs=["stormwatch_paused_partitions"]),
           target(f'sum by (instance) (stormwatch_restoring_partitions{{{J}}})',
                  "{{instance}} restoring", needs=["stormwatch_restoring_partitions"])],
          w=12)
    l.row("State")
    l.add("timeseries", "State size",
          "RocksDB live data, memtables and write-back buffers of all tasks, per instance.",
          [target(f'sum by (instance) (stormwatch_state_bytes{{{J}}})', "{{instance}}")],
          w=8, unit="bytes", needs=["stormwatch_state_bytes"])
    l.add("timeseries", "Restore progress",
          "Share of the changelog read by a running restore (1 = done), and changelog "
          "records read per second.",
          [target(f'min by (instance) (stormwatch_restore_progress_ratio{{{J}}})',
                  "{{instance}} progress", needs=["stormwatch_restore_progress_ratio"]),
           target(f'sum by (instance) (rate(stormwatch_restore_records_total{{{J}}}'
                  f'[$__rate_interval]))', "{{instance}} records/s",
                  needs=["stormwatch_restore_records_total"])], w=8, unit="percentunit",
          extra={"fieldConfig": {"defaults": {"unit": "percentunit"}, "overrides": [
              {"matcher": {"id": "byFrameRefID", "options": "B"}, "properties": [
                  {"id": "custom.axisPlacement", "value": "right"},
                  {"id": "unit", "value": "ops"}]}]}})
    l.add("timeseries", "Checkpoint duration p50 / p99",
          "Wall time of one checkpoint (one task in the rolling schedule): flush, changelog, WriteBatch.",
          [target('histogram_quantile(0.5, sum by (le) (rate('
                  f'stormwatch_checkpoint_duration_seconds_bucket{{{J}}}[$__rate_interval])))',
                  "p50"),
           target('histogram_quantile(0.99, sum by (le) (rate('
                  f'stormwatch_checkpoint_duration_seconds_bucket{{{J}}}[$__rate_interval])))',
                  "p99")], w=8, unit="s", needs=["stormwatch_checkpoint_duration_seconds"])
    l.row("Ingest")
    l.add("timeseries", "Ingest requests by source and code",
          "Requests the ingest workers answered, per source and HTTP status code.",
          [target(f'sum by (source, code) (rate(stormwatch_ingest_requests_total{{{J}}}'
                  f'[$__rate_interval]))', "{{source}} {{code}}")], w=24, unit="reqps",
          needs=["stormwatch_ingest_requests_total"])
    l.row("Sinks and dead letters")
    l.add("timeseries", "Sink deliveries by outcome",
          "Delivery attempts per sink: delivered, retry (will be tried again from the "
          "outbox), rejected (given up).",
          [target(f'sum by (sink, outcome) (rate(stormwatch_sink_deliveries_total{{{J}}}'
                  f'[$__rate_interval]))', "{{sink}} {{outcome}}")], unit="ops", w=8)
    l.add("timeseries", "Sink failure share",
          "Share of delivery attempts per sink that were retried or rejected.",
          [target(f'sum by (sink) (rate(stormwatch_sink_deliveries_total{{{J}, '
                  f'outcome!="delivered"}}[$__rate_interval])) / sum by (sink) (rate('
                  f'stormwatch_sink_deliveries_total{{{J}}}[$__rate_interval]))', "{{sink}}")],
          unit="percentunit", w=8)
    l.add("timeseries", "Outbox backlog, retries and give-ups",
          "Deliveries waiting in the outbox, retries scheduled per second, and deliveries "
          "given up after the sink's max age, per sink.",
          [target(f'sum by (sink) (stormwatch_outbox_pending{{{J}}})', "{{sink}} pending",
                  needs=["stormwatch_outbox_pending"]),
           target(f'sum by (sink) (rate(stormwatch_sink_retries_total{{{J}}}'
                  f'[$__rate_interval]))', "{{sink}} retries/s",
                  needs=["stormwatch_sink_retries_total"]),
           target(f'sum by (sink) (increase(stormwatch_outbox_dead_letters_total{{{J}}}[1h]))',
                  "{{sink}} given up / h", needs=["stormwatch_outbox_dead_letters_total"])],
          w=8)
    l.add("timeseries", "Dead-letter rate",
          "Records written to the dead-letter topic per component, and input records "
          "rejected per reason (malformed, late).",
          [target(f'sum by (component) (rate(stormwatch_dead_letters_total{{{J}}}'
                  f'[$__rate_interval]))', "dead letters {{component}}"),
           target(f'sum by (reason) (rate(stormwatch_events_rejected_total{{{J}}}'
                  f'[$__rate_interval]))', "rejected {{reason}}")], unit="ops", w=8)
    return dashboard(
        "stormwatch-pipeline", "stormwatch / Pipeline health",
        "Throughput per stage, consumer lag, event-to-alert latency, tasks, sinks and dead "
        "letters. State size, restore progress and checkpoint duration are added when their "
        "metrics leave the 'planned' section of docs/metrics.md.",
        ["stormwatch", "pipeline"], l, time_from="now-3h")


DASHBOARDS = {"crisis-overview.json": crisis_overview, "pipeline-health.json": pipeline_health}


def render():
    return {name: json.dumps(build(), indent=2) + "\n" for name, build in DASHBOARDS.items()}


def main(argv):
    out_dir = Path(argv[1]) if len(argv) > 1 else HERE
    for name, text in render().items():
        (out_dir / name).write_text(text)
        print(f"wrote {out_dir / name}")


if __name__ == "__main__":
    main(sys.argv)
