"""The hostile suite's sandbox: inputs, the data folder (the store), an output folder, and a home
(HOME, TMPDIR, working folder) that must stay untouched."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hostile.runner import Outcome, run_desk, snapshot


@dataclass
class Sandbox:
    root: Path
    inputs: Path
    data: Path
    out: Path
    home: Path

    env: dict[str, str] | None = None  # more environment for desk (a catalog, a trusted certificate)

    def run(self, *args: str, prefix: list[str] | None = None, stdin: str = "") -> Outcome:
        """Run desk; assert it wrote nothing outside the data folder and the output folder."""
        watched = [self.inputs, self.home / "home", self.home / "tmp", self.home / "cwd"]
        before = snapshot(*watched)
        outcome = run_desk(list(args), self.home, self.data, prefix=prefix, stdin=stdin, env=self.env)
        after = snapshot(*watched)
        print(f"[hostile] desk {' '.join(a if len(a) < 40 else '…' + a[-30:] for a in args)}: exit {outcome.code}, "
              f"{outcome.seconds:.2f} s, peak {outcome.peak_bytes / 2**20:.0f} MB")  # shown with pytest -s
        changed = set(after) ^ set(before) or "changed files"
        assert after == before, f"written outside the store and the output folder: {changed}"
        return outcome

    def fails(self, *args: str, match: str, prefix: list[str] | None = None, progress: bool = False) -> str:
        """Run desk expecting a one-line error within bounds; returns that line. ``progress``: the
        command may report progress on stderr before it (model installs and downloads do)."""
        outcome = self.run(*args, prefix=prefix)
        outcome.bounded()
        assert outcome.code == 1, f"exit {outcome.code}: {outcome.stderr[:2000]}"
        if progress:
            lines = [line for line in outcome.stderr.splitlines() if line.strip()]
            errors = [line for line in lines if line.startswith("desk: ")]
            assert errors == lines[-1:], f"expected one error line, last:\n{outcome.stderr[:2000]}"
            line = errors[0]
        else:
            line = outcome.error_line
        assert line.startswith("desk: ") and "Traceback" not in outcome.stderr
        assert len(line) < 1000, f"error of {len(line)} characters"
        assert match.lower() in line.lower(), line
        return line

    def succeeds(self, *args: str, prefix: list[str] | None = None) -> Outcome:
        outcome = self.run(*args, prefix=prefix)
        outcome.bounded()
        assert outcome.code == 0, f"exit {outcome.code}: {outcome.stderr[:2000]}"
        assert "Traceback" not in outcome.stderr
        return outcome


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    box = Sandbox(tmp_path, tmp_path / "inputs", tmp_path / "data", tmp_path / "out", tmp_path / "home")
    for folder in (box.inputs, box.data, box.out, box.home):
        folder.mkdir()
    for name in ("home", "tmp", "cwd", "io"):
        (box.home / name).mkdir()
    return box
