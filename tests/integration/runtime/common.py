"""Shared steps of the runtime integration tests (see CMakeLists.txt)."""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.environ.get("STORMWATCH_SOURCE_DIR", "."), "bench", "e2e"))
import swharness  # noqa: E402,F401
from swharness import Harness  # noqa: E402,F401

# Deterministic runs: no wall-clock watermark advance (see docs/runtime.md "Testing").
DETERMINISTIC = {"idle_advance_after_ms": 600000}


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, flush=True)


def wait_for(predicate, timeout, what, interval=0.2):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("timed out after %ds waiting for %s" % (timeout, what))


def wait_assigned(h, port, partitions, timeout=60):
    """Until the operate process behind `port` owns `partitions` tasks."""
    wait_for(lambda: h.metric_sum(h.metrics(port), "stormwatch_assigned_partitions")
             == partitions, timeout, "%d partitions assigned" % partitions)


def wait_caught_up(h, ports, partitions, quiet_s=6, timeout=120):
    """Until the given operate processes own every partition, report zero lag on all of
    them and consume nothing new for `quiet_s` seconds."""
    last = [None, time.time()]

    def done():
        metrics = [h.metrics(p) for p in ports]
        if any(m is None for m in metrics):
            return False
        assigned = sum(h.metric_sum(m, "stormwatch_assigned_partitions") for m in metrics)
        consumed = sum(h.metric_sum(m, "stormwatch_events_consumed_total") for m in metrics)
        lag = sum(h.metric_sum(m, "stormwatch_consumer_lag_records") for m in metrics)
        if consumed != last[0]:
            last[0], last[1] = consumed, time.time()
            return False
        return assigned == partitions and lag == 0 and time.time() - last[1] >= quiet_s

    wait_for(done, timeout, "operate to catch up", interval=0.5)


def check_equal(name, got, expected):
    if got == expected:
        log("OK:", name)
        return
    if isinstance(got, dict):
        diff = {k: (got.get(k), expected.get(k)) for k in set(got) | set(expected)
                if got.get(k) != expected.get(k)}
        raise AssertionError("%s differ in %d keys, e.g. %s" % (name, len(diff),
                                                               list(diff.items())[:5]))
    if isinstance(got, int):
        raise AssertionError("%s differ: got %d, expected %d" % (name, got, expected))
    raise AssertionError("%s differ: got %d, expected %d; only got: %s; only expected: %s" % (
        name, len(got), len(expected), sorted(got - expected)[:5], sorted(expected - got)[:5]))
