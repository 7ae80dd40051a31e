"""A small stormwatch stack for the deploy tests: dev broker + `stormwatch run` + the demo
scenario published into it, each process started on free loopback ports in a temp dir and
always stopped (context manager; SIGTERM, then SIGKILL).

Used by metrics_catalogue_test.py and prometheus_scrape_test.py. Standard library only.
"""

import contextlib
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parents[2]


def stormwatch_bin():
    path = os.environ.get("STORMWATCH_BIN")
    if not path or not os.access(path, os.X_OK):
        raise SystemExit(f"STORMWATCH_BIN must name the stormwatch binary (got {path!r})")
    return path


def free_port():
    """A loopback port that was free a moment ago (bind to port 0, read, close)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url, timeout=2.0):
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return resp.read().decode("utf-8")


def wait_until(what, predicate, timeout, interval=0.2):
    """Polls predicate() until it returns a truthy value; raises after timeout seconds."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception as e:  # noqa: BLE001 - report the last one on timeout
            last_error = e
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}"
                         + (f" (last error: {last_error})" if last_error else ""))


class Processes:
    """Starts background processes and stops all of them, newest first, on close()."""

    def __init__(self, workdir):
        self.workdir = Path(workdir)
        self.procs = []

    def start(self, name, argv, env=None):
        log = open(self.workdir / f"{name}.log", "wb")
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, cwd=self.workdir,
                                env=env, start_new_session=True)
        self.procs.append((name, proc, log))
        return proc

    def check_alive(self):
        for name, proc, _ in self.procs:
            if proc.poll() is not None:
                raise AssertionError(f"{name} exited with {proc.returncode}:\n" + self.log(name))

    def log(self, name):
        path = self.workdir / f"{name}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def close(self):
        for name, proc, log in reversed(self.procs):
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
            log.close()
        self.procs = []


@contextlib.contextmanager
def stormwatch_stack(partitions=4):
    """Yields a dict with metrics_url, workdir, procs: a running `stormwatch run` on a dev
    broker after the demo scenario has been published and consumed."""
    binary = stormwatch_bin()
    with tempfile.TemporaryDirectory(prefix="stormwatch-deploy-") as tmp:
        workdir = Path(tmp)
        procs = Processes(workdir)
        try:
            bootstrap_file = workdir / "bootstrap.txt"
            procs.start("dev-broker", [binary, "dev-broker", "--partitions", str(partitions),
                                       "--bootstrap-file", str(bootstrap_file)])
            wait_until("the dev broker's bootstrap file",
                       lambda: procs.check_alive() or bootstrap_file.exists(), 30)
            brokers = bootstrap_file.read_text().strip()

            scenario = workdir / "scenario.jsonl"
            subprocess.run([binary, "demo", "--write-scenario", str(scenario)], check=True,
                           stdout=subprocess.DEVNULL, cwd=workdir, timeout=60)

            port = free_port()
            metrics_url = f"http://127.0.0.1:{port}/metrics"
            config = workdir / "stormwatch.yaml"
            config.write_text(
                "# written by tests/deploy/stack.py\n"
                f"kafka:\n  brokers: \"{brokers}\"\n"
                f"runtime:\n  state_dir: \"{workdir / 'state'}\"\n"
                f"sinks:\n  - {{type: jsonl, path: \"{workdir / 'alerts.jsonl'}\"}}\n"
                f"http:\n  listen: \"127.0.0.1:{port}\"\n")
            procs.start("run", [binary, "run", "--config", str(config)])
            wait_until("stormwatch run's /healthz",
                       lambda: procs.check_alive() or http_get(metrics_url.replace(
                           "/metrics", "/healthz")) is not None, 60)
            wait_until("partitions assigned to stormwatch run",
                       lambda: procs.check_alive() or
                       "stormwatch_assigned_partitions 0" not in http_get(metrics_url) and
                       "stormwatch_assigned_partitions" in http_get(metrics_url), 60)

            subprocess.run([binary, "publish", "--brokers", brokers, "--input", str(scenario)],
                           check=True, stdout=subprocess.DEVNULL, cwd=workdir, timeout=120)
            total = sum(1 for line in scenario.open() if line.strip())

            def consumed_all():
                procs.check_alive()
                consumed = 0.0
                for line in http_get(metrics_url).splitlines():
                    if line.startswith("stormwatch_events_consumed_total{"):
                        consumed += float(line.rsplit(" ", 1)[1])
                return consumed >= total

            wait_until(f"stormwatch run to consume all {total} scenario events", consumed_all, 90)
            yield {"metrics_url": metrics_url, "workdir": workdir, "procs": procs,
                   "brokers": brokers, "binary": binary, "port": port}
        finally:
            procs.close()


def exported_names(exposition):
    """Metric family names in a Prometheus text exposition (from TYPE lines and samples;
    histogram/summary sample suffixes folded into their family)."""
    names = set()
    histograms = set()
    for line in exposition.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(None, 3)
            names.add(name)
            if kind.strip() in ("histogram", "summary"):
                histograms.add(name)
    for line in exposition.splitlines():
        if not line or line.startswith("#"):
            continue
        name = line.split("{", 1)[0].split(" ", 1)[0]
        for suffix in ("_bucket", "_sum", "_count"):
            if name.endswith(suffix) and name[: -len(suffix)] in histograms:
                name = name[: -len(suffix)]
        names.add(name)
    return names
