"""Event time: mentions shuffled within the allowed lateness give the same per-brand
counts and alert ids as the sorted stream; mentions later than the lateness are counted
(stormwatch_events_rejected_total{reason="late"}) and found in the dead-letter topic with
their reason; mentions far in the future are clamped and counted
(stormwatch_events_clamped_total)."""
import json
import time

from common import DETERMINISTIC, Harness, check_equal, log, swharness, wait_caught_up

PARTITIONS = 8
MENTIONS = 60_000
LATENESS_S = 60
LATE = 40
FUTURE = 3


def main():
    with Harness() as h:
        events = swharness.generate_mentions(MENTIONS, brands=1000, bursts=10, seed=5)
        sorted_path = h.path("sorted.jsonl")
        swharness.write_events(sorted_path, events)
        shuffled_path = h.path("shuffled.jsonl")
        swharness.write_events(shuffled_path, events, shuffle_within_ms=(LATENESS_S - 10) * 1000)
        lines = open(shuffled_path).readlines()
        # Late mentions: 10 minutes older than the stream around them.
        out = []
        step = len(lines) // (LATE + 2)
        late = 0
        for n, line in enumerate(lines):
            out.append(line)
            if n > 0 and n % step == 0 and late < LATE:
                t = json.loads(line)["mention"]["createdAt"]
                t_ms = int(time.mktime(time.strptime(t[:19], "%Y-%m-%dT%H:%M:%S")) -
                           time.timezone) * 1000 - 600_000
                out.append(json.dumps(swharness.mention(10_000_000 + late, "late-%02d" % late,
                                                        t_ms)) + "\n")
                late += 1
        # Far-future mentions (30 days ahead) at the end: clamped to now + 7 days.
        future_ms = int(time.time() * 1000) + 30 * 86_400_000
        for k in range(FUTURE):
            out.append(json.dumps(swharness.mention(20_000_000 + k, "future", future_ms)) + "\n")
        with open(shuffled_path, "w") as f:
            f.writelines(out)
        assert late == LATE

        h.start_broker(PARTITIONS)
        h.publish(shuffled_path)
        dump = h.path("dump.jsonl")
        config, port = h.write_config("op", lateness_s=LATENESS_S, dump=dump,
                                      extra_runtime=DETERMINISTIC)
        proc = h.start_operate(config, "op.log")
        wait_caught_up(h, [port], PARTITIONS)
        metrics = h.metrics(port)
        rejected_late = h.metric_sum(metrics, 'stormwatch_events_rejected_total{reason="late"}')
        clamped = h.metric_sum(metrics, "stormwatch_events_clamped_total")
        assert h.stop(proc) == 0
        counts = swharness.read_dump([dump])
        ids = swharness.alert_ids(h.consume_all("alerts.v1"))
        dead = [line for line in h.consume_all("dead-letter.v1", fmt="%h\\n")
                if "stormwatch-reason=late" in line]

        check_equal("late mentions counted", int(rejected_late), LATE)
        check_equal("late mentions in the dead-letter topic", len(dead), LATE)
        check_equal("clamped future mentions counted", int(clamped), FUTURE)
        expected = swharness.brand_counts(events)
        expected["future"] = FUTURE
        check_equal("per-brand counts (shuffled) vs sorted", counts, expected)
        replay_config, _ = h.write_config("replay", lateness_s=LATENESS_S)
        check_equal("alert ids (shuffled) vs replay of the sorted file", ids,
                    swharness.replay_alert_ids(h.bin, sorted_path, replay_config, h.dir))
        log("PASS: %d brands, %d alert ids, %d late, %d clamped" % (len(counts), len(ids),
                                                                   LATE, FUTURE))


if __name__ == "__main__":
    main()
