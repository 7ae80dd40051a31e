"""kill -9 of `stormwatch operate` 12 times while it consumes 200,000 mentions; after the
last restart the per-brand counts and the set of alert ids equal those of an
uninterrupted run on another broker and of `stormwatch replay` on the same file.
The soak variant (ctest label `soak`) sets STORMWATCH_KILL_MENTIONS, _CHUNKS (kills) and
_PARTITIONS higher; keep mentions per partition within the embedded broker's retention
(about 100k here)."""
import os
import signal
import subprocess
import time

from common import (check_equal, DETERMINISTIC, Harness, log,
                    swharness, wait_assigned, wait_caught_up)

PARTITIONS = int(os.environ.get("STORMWATCH_KILL_PARTITIONS", 8))
MENTIONS = int(os.environ.get("STORMWATCH_KILL_MENTIONS", 200_000))
CHUNKS = int(os.environ.get("STORMWATCH_KILL_CHUNKS", 12))


def reference_run(events_path, expected_partitions):
    """The same file through one uninterrupted operate on a fresh broker."""
    with Harness() as h:
        h.start_broker(expected_partitions)
        h.publish(events_path)
        dump = h.path("dump.jsonl")
        config, port = h.write_config("ref", dump=dump, extra_runtime=DETERMINISTIC)
        p = h.start_operate(config, "ref.log")
        wait_caught_up(h, [port], expected_partitions)
        assert h.stop(p) == 0
        return swharness.read_dump([dump]), swharness.alert_ids(h.consume_all("alerts.v1"))


def main():
    with Harness() as h:
        events = swharness.generate_mentions(MENTIONS)
        all_path = h.path("all.jsonl")
        swharness.write_events(all_path, events)
        size = (len(events) + CHUNKS - 1) // CHUNKS
        chunk_paths = [h.path("chunk-%02d.jsonl" % i) for i in range(CHUNKS)]
        outs = [open(path, "w") for path in chunk_paths]
        with open(all_path) as src:
            for n, line in enumerate(src):
                outs[n // size].write(line)
        for out in outs:
            out.close()

        h.start_broker(PARTITIONS)
        dump = h.path("dump.jsonl")
        config, port = h.write_config("op", dump=dump, extra_runtime=DETERMINISTIC)
        kills = 0
        for i, chunk in enumerate(chunk_paths):
            proc = h.start_operate(config, "op.log")
            wait_assigned(h, port, PARTITIONS)
            publisher = subprocess.Popen([h.bin, "publish", "--brokers", h.brokers, "--input",
                                          chunk], stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
            start = time.time()
            # Kill while records flow: after the first few thousand of this chunk.
            while time.time() - start < 30:
                consumed = h.metric_sum(h.metrics(port), "stormwatch_events_consumed_total")
                if consumed >= 3000 or (publisher.poll() is not None and consumed > 0):
                    break
                time.sleep(0.01)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            kills += 1
            assert publisher.wait(timeout=120) == 0, "publish failed"
            log("chunk %d published; kill -9 #%d after %d records of this process" %
                (i, kills, consumed))
        log("final restart")
        proc = h.start_operate(config, "op.log")
        wait_caught_up(h, [port], PARTITIONS)
        assert h.stop(proc) == 0, "operate did not stop cleanly"
        counts = swharness.read_dump([dump])
        ids = swharness.alert_ids(h.consume_all("alerts.v1"))
        assert kills >= 10

        expected_counts = swharness.brand_counts(events)
        check_equal("per-brand counts vs the input", counts, expected_counts)
        ref_counts, ref_ids = reference_run(all_path, PARTITIONS)
        check_equal("per-brand counts vs an uninterrupted run", counts, ref_counts)
        check_equal("alert ids vs an uninterrupted run", ids, ref_ids)
        replay_config, _ = h.write_config("replay")
        check_equal("alert ids vs replay", ids,
                    swharness.replay_alert_ids(h.bin, all_path, replay_config, h.dir))
        assert len(ids) >= 10, "expected the hot brands to alert"
        log("PASS: %d kills, %d brands, %d alert ids" % (kills, len(counts), len(ids)))


if __name__ == "__main__":
    main()
