"""A real Ray cluster for tests, alone in a network namespace with only loopback up.

Ray learns a node's address by probing a public one; here there is no route anywhere, so
nothing can leave the machine. ``unshare -n`` makes the namespace (held by a ``sleep``),
``nsenter`` runs every Ray node and every batch driver inside it, each node is
``ray start --block`` in a session of its own (so a node can be killed whole), and
:meth:`LoopbackCluster.stop` kills the groups, then every process left in the namespace, then
the holder: nothing the test started survives it, also when the test fails.

Use it as a context manager::

    with LoopbackCluster(tmp, nodes=2) as cluster:
        proc = cluster.popen([sys.executable, "-m", "desk.cli", ...])   # a driver in the namespace
        cluster.kill_node(1)                                          # a whole worker machine dies
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Self

import pytest

ROOT = Path(__file__).resolve().parents[3]
PORT = 6379
# Node deaths are noticed in about 3 s instead of about 30 s.
HEALTH = {"RAY_health_check_period_ms": "1000", "RAY_health_check_timeout_ms": "1000",
          "RAY_health_check_failure_threshold": "3", "RAY_health_check_initial_delay_ms": "1000"}


def ray_command() -> str:
    """The ``ray`` program of this Python (beside it in a venv, even one not activated), else on PATH."""
    beside = Path(sys.executable).parent / "ray"
    return str(beside) if beside.is_file() else (shutil.which("ray") or "ray")


def cluster_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RAY_USAGE_STATS_ENABLED": "0", **HEALTH, **extra}
    env.pop("RAY_ADDRESS", None)
    return env


def skip_reason() -> str | None:
    """Why a loopback cluster cannot run here (None when it can)."""
    try:
        import ray  # noqa: F401
    except ImportError:
        return "Ray is not installed (pip install -e '.[cluster]')"
    if not Path(ray_command()).is_file():
        return "the ray program is not found beside this Python or on PATH"
    if not (shutil.which("unshare") and shutil.which("nsenter") and shutil.which("ip")):
        return "unshare, nsenter and ip (util-linux, iproute2) are needed for a private network namespace"
    probe = subprocess.run(["unshare", "-n", "ip", "link", "set", "lo", "up"], check=False,
                           capture_output=True, text=True)
    if probe.returncode != 0:
        return f"network namespaces are not permitted here ({probe.stderr.strip() or probe.returncode})"
    return None


class LoopbackCluster:
    def __init__(self, nodes: int = 2, cpus_per_node: int = 1) -> None:
        self.nodes_wanted = nodes
        self.cpus = cpus_per_node
        self.temp = Path(tempfile.mkdtemp(prefix="dray-", dir="/tmp"))  # short: Ray's socket paths are limited
        self.holder: subprocess.Popen | None = None
        self.nodes: list[subprocess.Popen | None] = []
        self.address = f"127.0.0.1:{PORT}"

    # --- processes ------------------------------------------------------------------------------

    def wrap(self, cmd: list[str]) -> list[str]:
        assert self.holder is not None
        return ["nsenter", "-t", str(self.holder.pid), "-n", *cmd]

    def popen(self, cmd: list[str], *, env: dict[str, str] | None = None, stdout: IO | int | None = None,
              stderr: IO | int | None = None, text: bool = False) -> subprocess.Popen:
        """A process inside the namespace, in a process group of its own."""
        return subprocess.Popen(self.wrap(cmd), start_new_session=True, env=env or cluster_env(),
                                stdout=stdout, stderr=stderr, text=text)

    def run(self, cmd: list[str], timeout: float = 240,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        proc = self.popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)

    def add_node(self, timeout: float = 60) -> int:
        """Start a node (the first is the head) and wait until it has joined; its index."""
        index = len(self.nodes)
        log = self.temp / f"node{index}.log"
        cmd = [ray_command(), "start", "--block", "--node-ip-address=127.0.0.1", f"--num-cpus={self.cpus}",
               "--object-store-memory=100000000", "--disable-usage-stats"]
        if index == 0:
            cmd += ["--head", f"--port={PORT}", "--include-dashboard=false", f"--temp-dir={self.temp}/ray"]
        else:
            cmd += [f"--address={self.address}"]
        with log.open("wb") as out:
            self.nodes.append(self.popen(cmd, stdout=out, stderr=subprocess.STDOUT))
        deadline = time.monotonic() + timeout
        while b"Ray runtime started" not in log.read_bytes():
            proc = self.nodes[index]
            if (proc is not None and proc.poll() is not None) or time.monotonic() > deadline:
                raise RuntimeError(f"Ray node {index} did not start:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.2)
        return index

    def kill_node(self, index: int) -> None:
        """The machine dies: every process of the node is killed at once (its session: Ray's
        workers run in process groups of their own inside it)."""
        proc = self.nodes[index]
        if proc is not None:
            for pid in _pids_in(self._netns()):
                try:
                    if os.getsid(pid) == proc.pid:
                        _kill(pid)
                except ProcessLookupError:
                    continue
            _killpg(proc)
            self.nodes[index] = None

    def alive_nodes(self) -> int:
        return sum(1 for p in self.nodes if p is not None and p.poll() is None)

    # --- life -----------------------------------------------------------------------------------

    def start(self) -> Self:
        self.holder = subprocess.Popen(["unshare", "-n", "sleep", "infinity"], start_new_session=True)
        ours = os.readlink("/proc/self/ns/net")
        deadline = time.monotonic() + 10
        while self._netns() in ("", ours):
            if time.monotonic() > deadline:
                raise RuntimeError("unshare did not make a network namespace")
            time.sleep(0.02)
        subprocess.run(self.wrap(["ip", "link", "set", "lo", "up"]), check=True)
        for _ in range(self.nodes_wanted):
            self.add_node()
        return self

    def _netns(self) -> str:
        assert self.holder is not None
        try:
            return os.readlink(f"/proc/{self.holder.pid}/ns/net")
        except OSError:
            return ""

    def stop(self) -> None:
        for proc in self.nodes:
            if proc is not None:
                _killpg(proc)
        netns = self._netns() if self.holder is not None else ""
        if netns:  # whatever is left in the namespace was started by this cluster
            for pid in _pids_in(netns):
                if self.holder is not None and pid != self.holder.pid:
                    _kill(pid)
        if self.holder is not None:
            _killpg(self.holder)
        shutil.rmtree(self.temp, ignore_errors=True)

    def __enter__(self) -> Self:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _pids_in(netns: str) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid():
            try:
                if os.readlink(f"/proc/{entry}/ns/net") == netns:
                    pids.append(int(entry))
            except OSError:
                continue
    return pids


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _killpg(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def require_cluster() -> None:
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
