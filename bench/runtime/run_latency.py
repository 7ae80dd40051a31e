#!/usr/bin/env python3
"""Publish-to-alert latency under background load (bench/README.md "Stateful runtime"):

  python3 bench/runtime/run_latency.py --bin build/release/pipeline/cli/stormwatch --rate 20000

One `stormwatch publish --rate R --restamp` process sends --warmup + --seconds seconds of
mentions at a steady R per second, each stamped with the wall time at which it is sent
(its event time, which is also its Kafka record timestamp). The background traffic
spreads over 100,000 brands and never reaches the threshold. After the warm-up (operate's
caches and RocksDB filling with those brands), every second carries --hot-per-second hot
brands whose 50th mention within ~0.1 s makes volume_threshold fire.

Latency of one alert = its alerts.v1 record timestamp (set when operate produces it) -
the record timestamp of the hot brand's 50th mention in mentions.v1 (its send time). The
end of the measured path is alerts.v1 (what the dispatcher reads), not a sink.
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

FIRE_COUNT = 50  # volume_threshold's default fire_count


def write_load(path, rate, warmup, seconds, hot_per_second, rng):
    """Returns the hot brands; the file holds rate * (warmup + seconds) mentions."""
    step = max(1, rate // 500)  # between two mentions of one hot brand: 50 span ~0.1 s
    hot_brands = []
    with open(path, "w") as f:
        next_id = 0
        for s in range(warmup + seconds):
            hot_at = {}  # position within this second -> hot brand
            if s >= warmup:
                for k in range(hot_per_second):
                    hot = "lat-%03d-%d" % (s, k)
                    first = k * (rate // hot_per_second) + rng.randrange(rate // hot_per_second
                                                                        - FIRE_COUNT * step)
                    for j in range(FIRE_COUNT):
                        hot_at[first + j * step] = hot
                    hot_brands.append(hot)
            for i in range(rate):
                brand = hot_at.get(i) or "brand-%06d" % rng.randrange(100_000)
                # createdAt is replaced by the send time (--restamp)
                f.write(json.dumps(swharness.mention(next_id, brand, swharness.BASE_MS),
                                   separators=(",", ":")) + "\n")
                next_id += 1
    return hot_brands


def record_times(h, topic, prefix):
    """key -> sorted record timestamps (ms) of the records of `topic` whose key starts so."""
    out = subprocess.run(["kcat", "-C", "-b", h.brokers, "-t", topic, "-o", "beginning", "-e",
                          "-q", "-f", "%k %T\\n"], capture_output=True, timeout=300)
    times = {}
    for line in out.stdout.decode(errors="replace").splitlines():
        key, _, ts = line.rpartition(" ")
        if key.startswith(prefix):
            times.setdefault(key, []).append(int(ts))
    for values in times.values():
        values.sort()
    return times


def first_alert_times(h, pattern):
    """brand -> earliest alerts.v1 record timestamp (ms), for brands matching `pattern` in
    the (protobuf) payload."""
    out = subprocess.run(["kcat", "-C", "-b", h.brokers, "-t", "alerts.v1", "-o", "beginning",
                          "-e", "-q", "-J"], capture_output=True, timeout=300)
    first = {}
    for line in out.stdout.decode(errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        m = re.search(pattern, record.get("payload") or "")
        if m:
            first[m.group(0)] = min(first.get(m.group(0), record["ts"]), record["ts"])
    return first


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.environ.get("STORMWATCH_BIN",
                                                    "build/release/pipeline/cli/stormwatch"))
    ap.add_argument("--rate", type=int, default=20_000,
                    help="mentions/s; above what operate sustains, an overload run (memory)")
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=10, help="seconds of load before measuring")
    ap.add_argument("--hot-per-second", type=int, default=5)
    ap.add_argument("--partitions", type=int, default=8)
    args = ap.parse_args()
    h = swharness.Harness(binary=args.bin)
    try:
        h.start_broker(args.partitions)
        load = h.path("load.jsonl")
        hot_brands = write_load(load, args.rate, args.warmup, args.seconds,
                                args.hot_per_second, random.Random(3))
        config, port = h.write_config("op", operators=["brand_counter", "volume_threshold"])
        proc = h.start_operate(config, "op.log")
        while h.metric_sum(h.metrics(port), "stormwatch_assigned_partitions") != args.partitions:
            time.sleep(0.1)
        started = time.time()
        subprocess.run([h.bin, "publish", "--brokers", h.brokers, "--input", load,
                        "--rate", str(args.rate), "--restamp"], check=True, capture_output=True)
        publish_s = time.time() - started
        total = args.rate * (args.warmup + args.seconds)
        while (h.metric_sum(h.metrics(port), "stormwatch_events_consumed_total") < total
               and time.time() - started < 600):
            time.sleep(0.05)
        operate_s = time.time() - started
        time.sleep(2)
        values = h.metrics(port)
        checkpoints = h.metric_sum(values, "stormwatch_checkpoint_duration_seconds_count")
        checkpoint_s = h.metric_sum(values, "stormwatch_checkpoint_duration_seconds_sum")
        rss_mib = swharness.rss_mib(proc.pid, "VmHWM")
        mention_times = record_times(h, "mentions.v1", "lat-")
        alert_times = first_alert_times(h, r"lat-\d{3}-\d+")
        h.stop(proc)
        latencies = []
        for hot in hot_brands:
            sent = mention_times.get(hot, [])
            if hot in alert_times and len(sent) >= FIRE_COUNT:
                latencies.append((alert_times[hot] - sent[FIRE_COUNT - 1]) / 1000.0)
        latencies.sort()
        pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
        print(json.dumps({"rate": args.rate, "seconds": args.seconds, "warmup": args.warmup,
                          "achieved_rate": round(total / publish_s),
                          # operate's rate; above 1.0, "overload" is by how much it falls behind
                          "operate_rate": round(total / operate_s),
                          "overload": round(operate_s / publish_s, 2),
                          "alerts": len(latencies), "missing": len(hot_brands) - len(latencies),
                          "p50_s": round(pick(0.5), 3), "p99_s": round(pick(0.99), 3),
                          "max_s": round(latencies[-1], 3),
                          "checkpoint_mean_s": round(checkpoint_s / max(1, checkpoints), 3),
                          "operate_rss_peak_mib": rss_mib}))
    finally:
        h.close()


if __name__ == "__main__":
    main()
