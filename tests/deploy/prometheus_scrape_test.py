#!/usr/bin/env python3
"""The local stack of deploy/local/run.sh for real: Prometheus (Debian's `prometheus`)
scrapes `stormwatch run` while the demo scenario flows, loads the alert rules and finds the
Alertmanager; then every dashboard query is sent to it and must succeed, and the
"Throughput per stage" and "Running versions" panels must answer with data.
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import catalogue  # noqa: E402
import stack  # noqa: E402

RUN_SH = catalogue.SOURCE_DIR / "deploy" / "local" / "run.sh"
MUST_HAVE_DATA = ["Throughput per stage", "Running versions", "Assigned partitions per instance"]


def query(prom, promql):
    url = f"{prom}/api/v1/query?" + urllib.parse.urlencode({"query": promql})
    return json.loads(stack.http_get(url, timeout=5))


def main():
    binary = stack.stormwatch_bin()
    failures = []
    with tempfile.TemporaryDirectory(prefix="stormwatch-local-") as tmp:
        ports = {k: stack.free_port() for k in ("STORMWATCH_PORT", "PROMETHEUS_PORT",
                                                 "ALERTMANAGER_PORT")}
        env = dict(os.environ, STORMWATCH_BIN=binary, LOCAL_DIR=tmp, SCRAPE_INTERVAL="1s",
                   **{k: str(v) for k, v in ports.items()})
        log = open(Path(tmp) / "run.sh.log", "wb")
        proc = subprocess.Popen(["bash", str(RUN_SH), "--demo"], env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        prom = f"http://127.0.0.1:{ports['PROMETHEUS_PORT']}"
        try:
            def alive():
                if proc.poll() is not None:
                    raise AssertionError(f"run.sh exited with {proc.returncode}:\n"
                                         + (Path(tmp) / "run.sh.log").read_text()[-3000:])
                return True

            stack.wait_until("run.sh to publish the demo scenario", lambda: alive() and
                             "published" in (Path(tmp) / "run.sh.log").read_text(), 120)

            def target_up():
                alive()
                targets = json.loads(stack.http_get(f"{prom}/api/v1/targets"))
                active = targets["data"]["activeTargets"]
                return active and all(t["health"] == "up" for t in active)

            stack.wait_until("Prometheus to scrape stormwatch (target up)", target_up, 60)

            rules = json.loads(stack.http_get(f"{prom}/api/v1/rules"))["data"]["groups"]
            names = sorted(r["name"] for g in rules for r in g["rules"])
            expected = ["StormwatchConsumerLagHigh", "StormwatchDeadLettersRising",
                        "StormwatchNoData", "StormwatchRestoreSlow", "StormwatchSinkFailing"]
            if names != expected:
                failures.append(f"Prometheus loaded rules {names}, expected {expected}")
            ams = json.loads(stack.http_get(f"{prom}/api/v1/alertmanagers"))
            if len(ams["data"]["activeAlertmanagers"]) != 1:
                failures.append(f"Prometheus does not see the Alertmanager: {ams}")

            # Every dashboard query, as Grafana would send it (variables replaced).
            panels = []
            for path, dashboard in catalogue.load_dashboards():
                for where, text in catalogue.dashboard_queries(dashboard):
                    if not text.startswith("label_values("):
                        panels.append((where, catalogue.to_plain_promql(text)))

            def with_data(promql):
                result = query(prom, promql)
                if result.get("status") != "success":
                    raise AssertionError(f"query failed: {promql}: {result}")
                return [r for r in result["data"]["result"]
                        if r["value"][1] not in ("0", "NaN")]

            for title in MUST_HAVE_DATA:
                chosen = [(w, q) for w, q in panels if f"/ {title} /" in w]
                if not chosen:
                    failures.append(f"no dashboard panel titled '{title}'")
                    continue
                where, promql = chosen[0]
                try:
                    series = stack.wait_until(f"data for '{where}'", lambda: with_data(promql), 60)
                    print(f"{where}: {len(series)} series, e.g. {series[0]}")
                except AssertionError as e:
                    failures.append(str(e))
            for where, promql in panels:
                result = query(prom, promql)
                if result.get("status") != "success":
                    failures.append(f"{where}: Prometheus rejected {promql}: {result}")
            print(f"Prometheus answered all {len(panels)} dashboard queries")
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=90)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
            log.close()
            leftover = []
            for _ in range(25):
                leftover = subprocess.run(["pgrep", "-s", str(proc.pid)], capture_output=True,
                                          text=True).stdout.split()
                if not leftover:
                    break
                time.sleep(0.2)
            if leftover:
                failures.append(f"run.sh left processes running: {leftover}")
                for pid in leftover:
                    try:
                        os.kill(int(pid), signal.SIGKILL)
                    except ProcessLookupError:
                        pass
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("local Prometheus scrapes stormwatch and answers the dashboards")
    return 0


if __name__ == "__main__":
    sys.exit(main())
