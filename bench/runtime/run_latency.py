#!/usr/bin/env python3
"""Publish-to-alert latency under background load (bench/README.md "Stateful runtime"):

  python3 bench/runtime/run_latency.py --bin build/release/pipeline/cli/stormwatch --rate 20000

Every second for --seconds seconds, a `stormwatch publish` process publishes --rate
mentions stamped with the current wall time: background brands plus one hot brand whose
50th mention makes volume_threshold fire. Latency of one alert = its alerts.v1 record
timestamp (set when operate produces it) - the estimated publish time of the triggering
mention (the publish process's start + its share of the publish duration, by position).
The end of the measured path is alerts.v1 (what the dispatcher reads), not a sink.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import swharness  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.environ.get("STORMWATCH_BIN",
                                                    "build/release/pipeline/cli/stormwatch"))
    ap.add_argument("--rate", type=int, default=20_000)
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--partitions", type=int, default=8)
    args = ap.parse_args()
    h = swharness.Harness(binary=args.bin)
    rng = random.Random(3)
    try:
        h.start_broker(args.partitions)
        config, port = h.write_config("op", operators=["brand_counter", "volume_threshold"])
        proc = h.start_operate(config, "op.log")
        while h.metric_sum(h.metrics(port), "stormwatch_assigned_partitions") != args.partitions:
            time.sleep(0.1)
        triggers = {}  # hot brand -> (chunk index, position of the 50th mention)
        chunks = []
        next_id = 0
        for s in range(args.seconds):
            path = h.path("chunk-%03d.jsonl" % s)
            now_ms = int(time.time() * 1000)
            hot = "lat-%03d" % s
            hot_positions = set(range(args.rate // 2, args.rate // 2 + 60 * 50, 50))
            with open(path, "w") as f:
                hot_seen = 0
                for i in range(args.rate):
                    brand = "brand-%06d" % rng.randrange(100_000)  # never 50 per window
                    if i in hot_positions:
                        brand = hot
                        hot_seen += 1
                        if hot_seen == 50:
                            triggers[hot] = (s, i)
                    f.write(json.dumps(swharness.mention(next_id, brand, now_ms),
                                       separators=(",", ":")) + "\n")
                    next_id += 1
            start = time.time()
            subprocess.run([h.bin, "publish", "--brokers", h.brokers, "--input", path],
                           check=True, capture_output=True)
            chunks.append((start, time.time()))
            time.sleep(max(0.0, 1.0 - (time.time() - start)))
        time.sleep(3)
        out = subprocess.run(["kcat", "-C", "-b", h.brokers, "-t", "alerts.v1", "-o",
                              "beginning", "-e", "-q", "-J"], capture_output=True, timeout=60)
        h.stop(proc)
        first_alert = {}  # hot brand -> earliest alerts.v1 timestamp (ms)
        for line in out.stdout.decode(errors="replace").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            m = re.search(r"lat-\d{3}", record.get("payload") or "")
            if m:
                brand = m.group(0)
                first_alert[brand] = min(first_alert.get(brand, record["ts"]), record["ts"])
        latencies = []
        for hot, (s, pos) in triggers.items():
            if hot not in first_alert:
                continue
            start, end = chunks[s]
            published = start + (end - start) * pos / args.rate
            latencies.append(first_alert[hot] / 1000.0 - published)
        latencies.sort()
        pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
        print(json.dumps({"rate": args.rate, "seconds": args.seconds, "alerts": len(latencies),
                          "publish_s_per_chunk": round(sum(e - s for s, e in chunks) / len(chunks), 2),
                          "p50_s": round(pick(0.5), 3), "p99_s": round(pick(0.99), 3),
                          "max_s": round(latencies[-1], 3)}))
    finally:
        h.close()


if __name__ == "__main__":
    main()
