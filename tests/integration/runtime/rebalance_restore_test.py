"""Three `stormwatch operate` instances (separate state dirs, like separate pods); one is
killed for good. Its partitions move to the others, whose new tasks restore the state
from the changelog (restore metric > 0) before they go on; the final per-brand counts and
alert ids equal a single-instance run (the input's counts and replay's alert ids)."""
import signal

from common import DETERMINISTIC, Harness, check_equal, log, swharness, wait_caught_up, wait_for

PARTITIONS = 8
MENTIONS = 120_000


def main():
    with Harness() as h:
        events = swharness.generate_mentions(MENTIONS, brands=1500, bursts=12, seed=21)
        first, second = events[: MENTIONS // 2], events[MENTIONS // 2:]
        # Split by position in the sorted stream, so both halves keep per-partition order.
        swharness.write_events(h.path("all.jsonl"), events)
        lines = open(h.path("all.jsonl")).readlines()
        with open(h.path("first.jsonl"), "w") as f:
            f.writelines(lines[: len(first)])
        with open(h.path("second.jsonl"), "w") as f:
            f.writelines(lines[len(first):])

        h.start_broker(PARTITIONS)
        h.publish(h.path("first.jsonl"))
        instances = []
        for name in ("a", "b", "c"):
            dump = h.path(name + "-dump.jsonl")
            config, port = h.write_config(name, dump=dump, extra_runtime=DETERMINISTIC)
            proc = h.start_operate(config, name + ".log")
            instances.append({"name": name, "proc": proc, "port": port, "dump": dump})

        def assigned(inst):
            return h.metric_sum(h.metrics(inst["port"]), "stormwatch_assigned_partitions")

        wait_for(lambda: all(assigned(i) > 0 for i in instances) and
                 sum(assigned(i) for i in instances) == PARTITIONS, 120,
                 "the three instances to share the partitions")
        log("assignment:", {i["name"]: assigned(i) for i in instances})
        wait_caught_up(h, [i["port"] for i in instances], PARTITIONS, quiet_s=3)
        victim = instances[2]
        moved = assigned(victim)
        victim["proc"].send_signal(signal.SIGKILL)
        victim["proc"].wait()
        log("killed instance c for good; %d partitions must move" % moved)
        survivors = instances[:2]
        h.publish(h.path("second.jsonl"))
        wait_caught_up(h, [i["port"] for i in survivors], PARTITIONS, timeout=150)
        restored = sum(h.metric_sum(h.metrics(i["port"]), "stormwatch_restore_records_total")
                       for i in survivors)
        log("restored %d changelog records on the survivors" % restored)
        assert restored > 0, "moved tasks did not restore from the changelog"
        for inst in survivors:
            assert h.stop(inst["proc"]) == 0, "operate %s did not stop cleanly" % inst["name"]
        counts = swharness.read_dump([i["dump"] for i in survivors])
        ids = swharness.alert_ids(h.consume_all("alerts.v1"))
        check_equal("per-brand counts vs a single-instance run", counts,
                    swharness.brand_counts(events))
        replay_config, _ = h.write_config("replay")
        check_equal("alert ids vs replay", ids,
                    swharness.replay_alert_ids(h.bin, h.path("all.jsonl"), replay_config, h.dir))
        log("PASS: %d partitions moved, %d brands, %d alert ids" % (moved, len(counts), len(ids)))


if __name__ == "__main__":
    main()
