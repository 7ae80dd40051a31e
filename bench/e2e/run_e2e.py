#!/usr/bin/env python3
"""End-to-end throughput: mentions/s through the embedded broker into `stormwatch operate`,
against kcat's raw consume rate on the same topic and broker (bench/README.md,
"End to end (ingest -> Kafka -> operate)").

  python3 bench/e2e/run_e2e.py --bin build/release/pipeline/cli/stormwatch \
      --mentions 400000 --partitions 16 [--operators brand_counter]

Steps: start `stormwatch dev-broker`; generate N mentions (JSONL); `stormwatch publish`;
time `kcat -C -b B -t mentions.v1 -o beginning -e -q` reading all of them; start
`stormwatch operate` and time it until /metrics stormwatch_events_consumed_total = N
(the clock starts at the first consumed record, so the consumer-group join is not
counted; it is reported separately). Prints one JSON line with every figure.
"""
import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import swharness  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.environ.get("STORMWATCH_BIN",
                                                    "build/release/pipeline/cli/stormwatch"))
    ap.add_argument("--mentions", type=int, default=400_000)
    ap.add_argument("--partitions", type=int, default=16)
    ap.add_argument("--operators", default="brand_counter",
                    help="comma-separated operator chain for operate")
    ap.add_argument("--brands", type=int, default=2000)
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    args = ap.parse_args()

    h = swharness.Harness(binary=args.bin)
    try:
        h.start_broker(args.partitions)
        events = swharness.generate_mentions(args.mentions, brands=args.brands)
        data = h.path("mentions.jsonl")
        swharness.write_events(data, events)
        t0 = time.time()
        h.publish(data)
        publish_s = time.time() - t0

        # Raw consume baseline: kcat reads every record of mentions.v1 once.
        t0 = time.time()
        out = subprocess.run(["kcat", "-C", "-b", h.brokers, "-t", "mentions.v1", "-o",
                              "beginning", "-e", "-q", "-f", "%o\n"], capture_output=True,
                             timeout=600)
        kcat_s = time.time() - t0
        kcat_records = out.stdout.count(b"\n")

        config, port = h.write_config("operate", operators=args.operators.split(","),
                                      checkpoint_ms=1000)
        t_start = time.time()
        proc = h.start_operate(config, "operate.log")
        t_first = None
        consumed = 0
        rss_max = 0
        while time.time() - t_start < 600:
            m = h.metrics(port)
            consumed = h.metric_sum(m, "stormwatch_events_consumed_total")
            if consumed > 0 and t_first is None:
                t_first = time.time()
            rss_max = max(rss_max, swharness.rss_mib(proc.pid))
            if consumed >= args.mentions:
                break
            time.sleep(0.05)
        t_done = time.time()
        h.stop(proc)
        operate_s = t_done - (t_first or t_start)
        result = {
            "mentions": args.mentions,
            "partitions": args.partitions,
            "operators": args.operators,
            "publish_per_s": round(args.mentions / publish_s),
            "kcat_records": kcat_records,
            "kcat_s": round(kcat_s, 2),
            "kcat_per_s": round(kcat_records / kcat_s),
            "operate_consumed": int(consumed),
            "operate_join_s": round((t_first or t_done) - t_start, 2),
            "operate_s": round(operate_s, 2),
            "operate_per_s": round(consumed / operate_s) if operate_s > 0 else 0,
            "operate_rss_max_mib": rss_max,
        }
        result["ratio_operate_to_kcat"] = round(result["operate_per_s"] / result["kcat_per_s"], 3)
        print(json.dumps(result))
    finally:
        h.close(keep=args.keep)


if __name__ == "__main__":
    main()
