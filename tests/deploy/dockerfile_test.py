#!/usr/bin/env python3
"""deploy/docker/Dockerfile is consistent with the setup script and the deployment, checked
without a Docker engine (none runs on these machines):
  - both stages are Debian bookworm; the build stage installs through scripts/setup.sh with
    scripts/apt-packages.d/ and builds the `stormwatch` target that ctest uses;
  - runtime-packages.sh resolves every shared library of the real binary to a Debian
    package, and `apt-get install -s` of that list (what the runtime stage runs) succeeds;
  - the runtime stage installs the word lists the enrich operator reads at start-up;
  - the image user is the uid the Kubernetes pods run as, the exposed port is the
    http.listen port of the Kubernetes config, and the image's roles are subcommands of the
    binary.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stack  # noqa: E402

ROOT = stack.SOURCE_DIR
DOCKER = ROOT / "deploy" / "docker"


def instructions(text):
    """(instruction, arguments) per Dockerfile line, continuation lines joined."""
    joined = re.sub(r"\\\n", " ", text)
    out = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def main():
    failures = []
    binary = stack.stormwatch_bin()
    text = (DOCKER / "Dockerfile").read_text()
    ins = instructions(text)
    froms = [a for i, a in ins if i == "FROM"]
    if len(froms) < 2:
        failures.append(f"expected a multi-stage build, got FROM {froms}")
    for f in froms:
        if not re.match(r"debian:bookworm(-slim)?(@sha256:[0-9a-f]+)?( AS \w+)?$", f, re.I):
            failures.append(f"FROM {f}: both stages must be Debian bookworm")
    build_runs = []
    stage = 0
    for i, a in ins:
        if i == "FROM":
            stage += 1
        elif i == "RUN" and stage == 1:
            build_runs.append(a)
    if not any("bash scripts/setup.sh" in r for r in build_runs):
        failures.append("the build stage must install its packages with scripts/setup.sh")
    copies = [a for i, a in ins if i == "COPY"]
    if not any(c.startswith("scripts/apt-packages.d/") for c in copies):
        failures.append("the build stage must COPY scripts/apt-packages.d/ before setup.sh")
    if not any("--target stormwatch" in r for r in build_runs):
        failures.append("the build stage must build the cmake target 'stormwatch'")
    rel_bin = "/".join(Path(binary).parts[-3:])
    if f"/build/{rel_bin}" not in text:
        failures.append(f"the build stage does not take the binary from <build>/{rel_bin}")
    ignore = (DOCKER / "Dockerfile.dockerignore").read_text().split()
    for needed in (".git", "**/node_modules", "scripts/apt-packages.d/deploy.txt"):
        if needed not in ignore:
            failures.append(f"Dockerfile.dockerignore must exclude {needed}")

    # Runtime packages, as the build stage computes them, on the real binary.
    proc = subprocess.run(["bash", str(DOCKER / "runtime-packages.sh"), binary],
                          capture_output=True, text=True, timeout=60)
    packages = proc.stdout.split()
    if proc.returncode != 0 or not packages:
        failures.append(f"runtime-packages.sh failed: {proc.stderr.strip()}")
    else:
        print(f"runtime packages: {' '.join(packages)}")
        for lib in ("libc6", "librdkafka1", "libprotobuf32"):
            if not any(p.startswith(lib[:-1]) for p in packages):
                failures.append(f"runtime-packages.sh missed {lib}: {packages}")
        runtime_runs = " ".join(a for i, a in ins[[k for k, (i, _) in enumerate(ins)
                                                    if i == "FROM"][-1]:] if i == "RUN")
        extra = re.search(r"--no-install-recommends\s+([^&]+?)\s*&&", runtime_runs)
        extra = extra.group(1).split() if extra else []
        if not {"ca-certificates", "tzdata"} <= set(extra):
            failures.append(f"the runtime stage should add ca-certificates and tzdata: {extra}")
        enrich_lists = (ROOT / "scripts/apt-packages.d/enrich.txt").read_text()
        for pkg in re.findall(r"^(\w[\w.+-]*)\s*$", enrich_lists, re.M):
            if pkg not in extra:
                failures.append(f"the runtime stage should install {pkg} (the enrich "
                                f"operator reads its word list at start-up): {extra}")
        sim = subprocess.run(["apt-get", "install", "-s", "--no-install-recommends", *packages,
                              *extra], capture_output=True, text=True, timeout=120)
        if sim.returncode != 0:
            failures.append(f"apt-get install -s of the runtime packages failed: {sim.stderr}")

    # Image vs Kubernetes: uid, port, roles.
    user = [a for i, a in ins if i == "USER"]
    k8s = "\n".join(p.read_text() for p in (ROOT / "deploy/k8s/base").glob("*.yaml"))
    uids = set(re.findall(r"runAsUser: (\d+)", k8s))
    if not user or user[-1].split(":")[0] not in uids or len(uids) != 1:
        failures.append(f"USER {user} must be the pods' runAsUser {sorted(uids)}")
    config = (ROOT / "deploy/k8s/base/config/stormwatch.yaml").read_text()
    port = re.search(r'listen: "0\.0\.0\.0:(\d+)"', config)
    exposed = " ".join(a for i, a in ins if i == "EXPOSE").split()
    if not port or port.group(1) not in exposed:
        failures.append(f"EXPOSE {exposed} must include the http.listen port of the k8s config")
    help_text = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    roles = set(re.findall(r'args: \["(\w+)", "--config"', k8s))
    for role in sorted(roles):
        if not re.search(rf"^\s+{role}\s", help_text, re.M):
            failures.append(f"the k8s manifests run `stormwatch {role}`, which the binary does "
                            "not offer")
    if not shutil.which("apt-get"):
        failures.append("apt-get not found")
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("Dockerfile consistent with setup.sh, the binary and the Kubernetes manifests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
