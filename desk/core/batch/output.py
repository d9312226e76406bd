"""Where a batch run writes: one JSON Lines file of results, an errors file, brief files.

An output folder holds, for a task (``translate`` → ``translations``, ``summarize`` →
``summaries``, ``brief`` → ``briefs``):

* ``<stem>.jsonl``: one line per finished article, keyed by its ``id`` (for briefs, the line names
  the brief file). A line is written with one ``write`` and ``fsync``'d before the article counts
  as done, so a killed run leaves at most a partial last line, which the next run cuts off: an
  article is in the file whole or not at all. Lines are appended, never rewritten, so recording an
  article costs the same with ten or a million done;
* ``<stem>-errors.jsonl``: the articles of the latest run that failed (id, title, source, reason);
  it is removed when a run starts, as those articles are tried again;
* for ``brief``, the brief files themselves, each written atomically before its line.

Each line carries the options that shaped it; a rerun with the same options skips the articles
already in the file (a brief also needs its file, and only its format counts: a brief is not
redone for another summary length), so running the same command again resumes.
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from desk.core.durable import atomic_write
from desk.core.errors import DeskError

log = logging.getLogger(__name__)

STEMS = {"translate": "translations", "summarize": "summaries", "brief": "briefs"}
KEPT_FIELDS = ("id", "options", "output")  # what is remembered of each finished line


def results_path(out_dir: Path, task: str) -> Path:
    return Path(out_dir) / f"{STEMS[task]}.jsonl"


def errors_path(out_dir: Path, task: str) -> Path:
    return Path(out_dir) / f"{STEMS[task]}-errors.jsonl"


def encode_line(record: dict) -> bytes:
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


class JsonLinesLog:
    """An append-only JSON Lines file written one whole line at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def read(self) -> dict[str, dict]:
        """``id`` → the kept fields of its last complete line; a partial last line (a write cut
        short by a crash) is cut off the file first."""
        finished: dict[str, dict] = {}
        if not self.path.is_file():
            return finished
        with self.path.open("rb+") as handle:
            good = 0
            for number, line in enumerate(handle, start=1):
                if not line.endswith(b"\n"):
                    log.warning("%s: cutting off a partial last line (an interrupted write)", self.path)
                    break
                good += len(line)
                try:
                    record = json.loads(line)
                    finished[str(record["id"])] = {k: record[k] for k in KEPT_FIELDS if k in record}
                except (ValueError, KeyError, TypeError):
                    log.warning("%s: line %d is not a result line; ignored", self.path, number)
            handle.truncate(good)
        return finished

    def append(self, records: list[dict]) -> None:
        """Write ``records`` (one line each) with one write, then make it durable."""
        if not records:
            return
        data = b"".join(encode_line(r) for r in records)
        try:
            if self._fd is None:
                self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            view = memoryview(data)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            os.fsync(self._fd)
        except OSError as err:  # a full disk says "No space left on device" without saying where
            if err.filename is None:
                raise type(err)(err.errno, err.strerror or str(err), str(self.path)) from err
            raise

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class BatchOutput:
    """The output folder of one task: what is done, and writing results and errors."""

    def __init__(self, out_dir: Path, task: str, options: dict, resume_keys: tuple[str, ...] | None = None) -> None:
        self.out_dir = Path(out_dir)
        self.task = task
        self.options = options
        self.resume_keys = tuple(options) if resume_keys is None else resume_keys
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            for stale in self.out_dir.glob(".*.part"):  # temporary files of a run that was killed
                stale.unlink(missing_ok=True)
            errors_path(self.out_dir, task).unlink(missing_ok=True)
        except OSError as err:
            raise DeskError(f"Cannot use the output folder {self.out_dir}: {err.strerror or err}") from err
        self.results = JsonLinesLog(results_path(self.out_dir, task))
        self.errors = JsonLinesLog(errors_path(self.out_dir, task))
        self.done = self.results.read()
        if task != "brief":
            self._check_options()

    def _same_options(self, entry: dict) -> bool:
        recorded = entry.get("options")
        return isinstance(recorded, dict) and all(recorded.get(k) == self.options.get(k) for k in self.resume_keys)

    def _check_options(self) -> None:
        for entry in self.done.values():
            if not self._same_options(entry):
                options = entry.get("options")
                recorded: dict = options if isinstance(options, dict) else {}
                keys = [k for k in self.resume_keys if recorded.get(k) != self.options.get(k)]
                then = ", ".join(f"{k}={recorded.get(k)!r}" for k in keys)
                now = ", ".join(f"{k}={self.options.get(k)!r}" for k in keys)
                raise DeskError(
                    f"{self.results.path} holds results made with {then}, not {now}; run with the same options "
                    f"to resume, or choose another --out folder."
                )

    def is_done(self, article_id: str) -> bool:
        entry = self.done.get(article_id)
        if entry is None or not self._same_options(entry):
            return False
        return self.task != "brief" or (self.out_dir / str(entry.get("output", ""))).is_file()

    def output_of(self, article_id: str) -> str:
        return str(self.done.get(article_id, {}).get("output", ""))

    def write(self, records: list[tuple[dict, bytes | None]]) -> None:
        """Record finished articles: each brief file first (atomically), then the lines."""
        lines = []
        for record, payload in records:
            record = {**record, "options": self.options}
            if payload is not None:
                atomic_write(self.out_dir / record["output"], payload)
            lines.append(record)
        self.results.append(lines)
        for record in lines:
            self.done[str(record["id"])] = {k: record[k] for k in KEPT_FIELDS if k in record}

    def error(self, article_id: str, title: str, source: str, reason: str) -> None:
        self.errors.append([{"id": article_id, "title": title, "source": source, "reason": reason}])

    def close(self) -> None:
        self.results.close()
        self.errors.close()
