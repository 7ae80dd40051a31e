"""Process harness for stormwatch end-to-end runs (python3 stdlib only).

Used by bench/e2e/run_e2e.py (throughput through the embedded broker) and by the
integration tests in tests/integration/runtime/: generates mention files, starts a
`stormwatch dev-broker`, publishes, starts/kills `stormwatch operate` processes, scrapes
their /metrics and reads their state dumps. Every process started here is killed by
Harness.close() (also on exceptions).
"""
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request

BASE_MS = 1_767_225_600_000  # 2026-01-01T00:00:00Z: always in the past, never clamped


def iso(ms):
    secs, rem = divmod(ms, 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(secs)) + ".%03dZ" % rem


def mention(i, brand, t_ms):
    return {"mention": {"id": "m%d" % i, "source": "web", "brand": brand, "channel": "post",
                        "authorId": "a%d" % (i % 5000), "text": "post %d about %s" % (i, brand),
                        "lang": "en", "createdAt": iso(t_ms)}}


def generate_mentions(count, brands=2000, span_ms=86_400_000, bursts=20, burst_size=80,
                      seed=7):
    """Sorted events: background traffic over `brands` (never reaches a volume threshold
    of 50 per 5 minutes) plus `bursts` hot brands with `burst_size` mentions inside one
    5-minute window each, followed by quiet windows, so the same alert ids come out
    whatever the partitioning. Returns a list of (t_ms, brand)."""
    rng = random.Random(seed)
    events = []
    background = count - bursts * burst_size
    for i in range(background):
        t = BASE_MS + (i * span_ms) // background
        events.append((t, "brand-%04d" % rng.randrange(brands)))
    window = 300_000
    for b in range(bursts):
        start = BASE_MS + ((b + 1) * span_ms // (bursts + 2)) // window * window
        for k in range(burst_size):
            events.append((start + 1000 + k * 2000, "hot-%02d" % b))
    events.sort(key=lambda e: e[0])
    return events


def write_events(path, events, shuffle_within_ms=0, seed=11):
    """Writes JSONL; with `shuffle_within_ms`, each event moves by less than that."""
    rng = random.Random(seed)
    order = list(range(len(events)))
    if shuffle_within_ms:
        order.sort(key=lambda i: events[i][0] + rng.randrange(shuffle_within_ms))
    with open(path, "w") as out:
        for i in order:
            t, brand = events[i]
            out.write(json.dumps(mention(i, brand, t), separators=(",", ":")) + "\n")


def brand_counts(events):
    counts = {}
    for _, brand in events:
        counts[brand] = counts.get(brand, 0) + 1
    return counts


def rss_mib(pid, field="VmRSS"):
    """Resident memory of a process in MiB (field "VmHWM": its peak so far); 0 once gone."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Harness:
    def __init__(self, binary=None, workdir=None):
        self.bin = binary or os.environ.get("STORMWATCH_BIN") or "build/release/pipeline/cli/stormwatch"
        self.dir = workdir or tempfile.mkdtemp(prefix="stormwatch-e2e-")
        self.procs = []
        self.brokers = None

    def path(self, name):
        return os.path.join(self.dir, name)

    def start_broker(self, partitions):
        bootstrap = self.path("bootstrap.txt")
        log = open(self.path("broker.log"), "w")
        p = subprocess.Popen([self.bin, "dev-broker", "--partitions", str(partitions),
                              "--bootstrap-file", bootstrap], stdout=log, stderr=log)
        self.procs.append(p)
        deadline = time.time() + 20
        while not os.path.exists(bootstrap):
            if time.time() > deadline or p.poll() is not None:
                raise RuntimeError("dev-broker did not start")
            time.sleep(0.05)
        self.brokers = open(bootstrap).read().strip()
        return self.brokers

    def publish(self, input_path):
        out = subprocess.run([self.bin, "publish", "--brokers", self.brokers, "--input",
                              input_path], capture_output=True, text=True, timeout=300)
        if out.returncode != 0:
            raise RuntimeError("publish failed: " + out.stderr[-2000:])
        return out.stdout

    def write_config(self, name, operators=("brand_counter", "volume_threshold"),
                     lateness_s=60, checkpoint_ms=500, dump=None, extra_runtime=None,
                     kafka_properties=None):
        port = free_port()
        state = self.path(name + "-state")
        lines = ["http:", "  listen: 127.0.0.1:%d" % port, "runtime:",
                 "  state_dir: %s" % state, "  allowed_lateness_seconds: %d" % lateness_s,
                 "  checkpoint_interval_ms: %d" % checkpoint_ms]
        if dump:
            lines.append("  dump_state_path: %s" % dump)
        for k, v in (extra_runtime or {}).items():
            lines.append("  %s: %s" % (k, v))
        # Short group timers: a restarted member gets its partitions within seconds on the
        # mock broker (DESIGN.md "Runtime pieces").
        properties = {"session.timeout.ms": 3000, "heartbeat.interval.ms": 300,
                      "max.poll.interval.ms": 4000}
        properties.update(kafka_properties or {})
        lines += ["kafka:", "  properties:"]
        lines += ['    %s: "%s"' % (k, v) for k, v in properties.items()]
        lines.append("operators:")
        for op in operators:
            lines.append("  - %s" % op)
        path = self.path(name + ".yaml")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        return path, port

    def start_operate(self, config, log_name):
        log = open(self.path(log_name), "a")
        p = subprocess.Popen([self.bin, "operate", "--brokers", self.brokers, "--config", config],
                             stdout=log, stderr=log)
        self.procs.append(p)
        return p

    def metrics(self, port):
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=2) as r:
                text = r.read().decode()
        except Exception:
            return None
        values = {}
        for line in text.splitlines():
            if line.startswith("#") or not line.strip():
                continue
            m = re.match(r"^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)", line)
            if m:
                key = m.group(1) + (m.group(2) or "")
                try:
                    values[key] = float(m.group(3))
                except ValueError:
                    pass
        return values

    @staticmethod
    def metric_sum(values, name):
        if not values:
            return 0.0
        return sum(v for k, v in values.items() if k == name or k.startswith(name + "{"))

    def consume_all(self, topic, fmt="%k\\n", timeout=60):
        """Every record of `topic` via kcat, one line each in kcat format `fmt` (values are
        binary protobuf: leave %s out)."""
        out = subprocess.run(["kcat", "-C", "-b", self.brokers, "-t", topic, "-o", "beginning",
                              "-e", "-q", "-f", fmt], capture_output=True,
                             timeout=timeout)
        return out.stdout.decode(errors="replace").splitlines()

    def stop(self, p, sig=signal.SIGTERM, timeout=60):
        if p.poll() is None:
            p.send_signal(sig)
        try:
            return p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            return p.wait()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        """Kills every process; the work dir is kept (and named) when the block failed."""
        if exc_type is not None:
            print("work dir kept:", self.dir, flush=True)
        self.close(keep=exc_type is not None)
        return False

    def close(self, keep=False):
        for p in self.procs:
            if p.poll() is None:
                p.kill()
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    pass
        if not keep:
            shutil.rmtree(self.dir, ignore_errors=True)


def read_dump(paths, operator="brand_counter", store="counts"):
    """Per-key values of one operator store from `runtime.dump_state_path` files."""
    result = {}
    for path in paths:
        with open(path) as f:
            for line in f:
                row = json.loads(line)
                if row["operator"] == operator and row["store"] == store:
                    result[row["key"]] = int(row["value"])
    return result


def alert_ids(lines):
    """Alert ids from kcat key lines (alerts.v1 is keyed by alert id)."""
    return {line.strip() for line in lines if line.strip()}


def replay_alert_ids(binary, input_path, config, workdir):
    out_path = os.path.join(workdir, "replay-alerts.jsonl")
    res = subprocess.run([binary, "replay", "--input", input_path, "--output", out_path,
                          "--config", config], capture_output=True, text=True, timeout=600)
    if res.returncode != 0:
        raise RuntimeError("replay failed: " + res.stderr[-2000:])
    with open(out_path) as f:
        return {json.loads(line)["id"] for line in f if line.strip()}
