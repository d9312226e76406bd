"""Running one ``desk`` command the way a user would, with a time and memory limit, and measuring it.

:func:`run_desk` starts ``python -m desk.cli ARGS`` in a fresh process whose limits are set with
``resource.setrlimit`` before it starts (address space, CPU seconds), in an empty working folder,
with its own HOME and TMPDIR, and a wall-clock watchdog. It returns the exit status, the output,
the wall time and the peak resident memory of that very process (``os.wait4``), and a snapshot
check tells whether anything was written outside the places the command may write.
"""
from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
TIME_LIMIT = 10.0  # seconds per command (issue 14: "under 10 s")
MEMORY_LIMIT = 500 * MB  # peak resident memory per command ("under 500 MB")
ADDRESS_SPACE = 3 * 1024 * MB  # hard cap on virtual memory: a runaway dies instead of eating the machine


# ``python -m desk.cli ARGS`` plus one thing: at exit, the peak resident memory of this address space.
LAUNCH = """
import atexit, os, sys
def _peak():
    with open("/proc/self/status") as status, open(os.environ["DESK_HOSTILE_PEAK"], "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
atexit.register(_peak)
sys.argv[0] = "desk"
from desk.cli import main
sys.exit(main(sys.argv[1:]))
"""


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_bytes: int
    killed: bool

    @property
    def error_line(self) -> str:
        """The one stderr line of a failure (asserts there is exactly one)."""
        lines = [line for line in self.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}:\n{self.stderr[:2000]}"
        return lines[0]

    def bounded(self) -> None:
        assert not self.killed, f"killed by the watchdog after {self.seconds:.1f} s"
        assert self.seconds < TIME_LIMIT, f"took {self.seconds:.1f} s"
        assert self.peak_bytes < MEMORY_LIMIT, f"peak memory {self.peak_bytes / MB:.0f} MB"


def _limits() -> None:  # runs in the child between fork and exec
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    cpu = int(TIME_LIMIT * 3)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    os.setsid()


def snapshot(*folders: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folders`` with its size and modification time."""
    seen: dict[str, tuple[int, int]] = {}
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() or path.is_symlink():
                st = path.lstat()
                seen[str(path)] = (st.st_size, st.st_mtime_ns)
    return seen


def run_desk(args: list[str], home: Path, data: Path, *, prefix: list[str] | None = None,
             timeout: float = TIME_LIMIT * 3, stdin: str = "", env: dict[str, str] | None = None) -> Outcome:
    """Run ``desk ARGS`` with ``DESK_DATA_DIR=data``; ``home`` holds its HOME, TMPDIR and working folder.

    ``prefix`` runs the command under a wrapper that ``exec``s it (``unshare … sh -c '… exec "$@"'``),
    so the measured process is still desk itself.
    """
    for name in ("home", "tmp", "cwd", "io"):
        (home / name).mkdir(parents=True, exist_ok=True)
    environ = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "DESK_DATA_DIR": str(data),
        "HOME": str(home / "home"),
        "TMPDIR": str(home / "tmp"),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "DESK_HOSTILE_PEAK": str(home / "io" / "peak"),
    } | (env or {})
    out_path, err_path = home / "io" / "stdout", home / "io" / "stderr"
    peak_file = home / "io" / "peak"
    peak_file.unlink(missing_ok=True)
    command = [*(prefix or []), sys.executable, "-c", LAUNCH, *args]
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.monotonic()
        proc = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.PIPE, cwd=home / "cwd", env=environ,
                                preexec_fn=_limits)
        assert proc.stdin is not None
        proc.stdin.write(stdin.encode())
        proc.stdin.close()
        killed = threading.Event()

        def watchdog() -> None:
            if proc.poll() is None:
                killed.set()
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, watchdog)
        timer.start()
        try:
            _pid, status = os.waitpid(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    peak = int(peak_file.read_text()) * 1024 if peak_file.exists() else ADDRESS_SPACE  # killed: unknown, too much
    return Outcome(proc.returncode, out_path.read_text("utf-8", "replace"), err_path.read_text("utf-8", "replace"),
                   seconds, peak, killed.is_set())


def can_unshare_mounts() -> bool:
    """Whether this machine lets us make a private mount namespace (read-only and full disks)."""
    try:
        probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs none /mnt 2>/dev/null || exit 3"],
                               capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0
