#!/usr/bin/env python3
"""Stateful-runtime figures with 100,000 brand keys (bench/README.md "Stateful runtime"):

  python3 bench/runtime/run_stateful.py --bin build/release/pipeline/cli/stormwatch

1. `operate` (brand_counter) consumes N mentions over 100,000 brands: rate and max RSS.
2. kill -9, publish more, restart on the same disk: seconds from the restart to the first
   record processed, and the part of it spent in the consumer-group join; changelog
   records restored (expected: 0).
3. A new instance with an empty disk (the task moved): restore rate from the changelog
   (records/s: all tasks' records over the wall time from the first restore's start to
   the last one's end, from the tasks' "restored N changelog records ... in X ms" log
   lines; the restores of several tasks run at the same time).
"""
import argparse
import calendar
import os
import re
import signal
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import swharness  # noqa: E402


def run_until(h, proc, port, target, timeout=300):
    """Polls until the process consumed `target` records; returns (first, done, max rss)."""
    start, first, peak = time.time(), None, 0
    while time.time() - start < timeout:
        consumed = h.metric_sum(h.metrics(port), "stormwatch_events_consumed_total")
        peak = max(peak, swharness.rss_mib(proc.pid))
        if consumed > 0 and first is None:
            first = time.time()
        if consumed >= target:
            return first, time.time(), peak
        time.sleep(0.02)
    raise RuntimeError("operate consumed only %d of %d" % (consumed, target))


def restore_stats(log_path):
    """(records restored, wall milliseconds from the first restore's start to the last
    one's end): restores of several tasks may run at the same time."""
    records = 0
    starts, ends = [], []
    for line in open(log_path):
        m = re.search(r"restored (\d+) changelog records .* in (\d+) ms", line)
        if m:
            records += int(m.group(1))
            ends.append(log_time(line))
            starts.append(ends[-1] - int(m.group(2)) / 1000.0)
    return records, round((max(ends) - min(starts)) * 1000) if ends else 0


def log_time(line):
    """Epoch seconds of a stormwatch log line ("2026-11-26T22:37:55.830Z INFO ...")."""
    stamp = line.split()[0]
    return calendar.timegm(time.strptime(stamp[:19], "%Y-%m-%dT%H:%M:%S")) + float(stamp[19:-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.environ.get("STORMWATCH_BIN",
                                                    "build/release/pipeline/cli/stormwatch"))
    ap.add_argument("--mentions", type=int, default=300_000)
    ap.add_argument("--brands", type=int, default=100_000)
    ap.add_argument("--partitions", type=int, default=8)
    # A member killed with -9 holds its partitions until the group gives up on it. The mock
    # broker waits session.timeout.ms - 1 s for it in each of the two join rounds a restart
    # takes, so the session timeout decides the resume time: 2500 ms -> ~4.7 s, 3000 ms
    # -> ~5.2 s; 2000 ms is too short for the mock to complete a first join.
    ap.add_argument("--session-timeout-ms", type=int, default=2500)
    ap.add_argument("--max-poll-interval-ms", type=int, default=4000)
    args = ap.parse_args()
    h = swharness.Harness(binary=args.bin)
    try:
        h.start_broker(args.partitions)
        events = swharness.generate_mentions(args.mentions, brands=args.brands, bursts=0)
        swharness.write_events(h.path("all.jsonl"), events)
        h.publish(h.path("all.jsonl"))
        extra = {"idle_advance_after_ms": 600000}
        group = {"session.timeout.ms": args.session_timeout_ms,
                 "max.poll.interval.ms": args.max_poll_interval_ms}
        config, port = h.write_config("a", operators=["brand_counter"], checkpoint_ms=1000,
                                      extra_runtime=extra, kafka_properties=group)
        t0 = time.time()
        proc = h.start_operate(config, "a.log")
        first, done, peak = run_until(h, proc, port, args.mentions)
        rate = args.mentions / (done - first)
        time.sleep(2)  # one more checkpoint
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        more = swharness.generate_mentions(20_000, brands=args.brands, bursts=0, seed=99)
        more = [(t + 86_400_000, b) for t, b in more]
        swharness.write_events(h.path("more.jsonl"), more)
        h.publish(h.path("more.jsonl"))
        t_restart = time.time()
        proc = h.start_operate(config, "a2.log")
        first2, done2, peak2 = run_until(h, proc, port, 1)
        resume_s = first2 - t_restart
        assigned = [l for l in open(h.path("a2.log")) if "kafka: assigned" in l]
        join_s = (log_time(assigned[0]) - t_restart) if assigned else None
        restored_same_disk, _ = restore_stats(h.path("a2.log"))
        h.stop(proc)
        config_b, port_b = h.write_config("b", operators=["brand_counter"], extra_runtime=extra)
        proc_b = h.start_operate(config_b, "b.log")
        swharness_wait = time.time()
        def tasks_restored():
            return sum("changelog records" in line for line in open(h.path("b.log")))

        while tasks_restored() < args.partitions and time.time() - swharness_wait < 120:
            time.sleep(0.2)
        h.stop(proc_b)
        restored, restore_ms = restore_stats(h.path("b.log"))
        print({"mentions": args.mentions, "brands": len(swharness.brand_counts(events)),
               "operate_per_s": round(rate), "rss_max_mib": peak,
               "restart_to_first_record_s": round(resume_s, 2),
               "of_which_group_join_s": round(join_s, 2) if join_s is not None else None,
               "session_timeout_ms": args.session_timeout_ms,
               "max_poll_interval_ms": args.max_poll_interval_ms,
               "restored_on_same_disk": restored_same_disk,
               "moved_restore_records": restored, "moved_restore_ms": restore_ms,
               "restore_records_per_s": round(restored / (restore_ms / 1000.0))
               if restore_ms else None})
        del t0, done2, peak2
    finally:
        h.close()


if __name__ == "__main__":
    main()
